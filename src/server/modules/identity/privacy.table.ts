/** Row type of the privacy requests table (migration 0019). */

export interface PrivacyRequestTable {
  id: string;
  org_id: string;
  kind: 'export' | 'erase';
  /** Whom the request was about (the person row stays, anonymised, after an erasure). */
  person_id: string;
  /** The person who asked, or null for the operator (the `morsel` command). */
  requested_by: string | null;
  /** JSON object: rows per table, removed (erase) or exported (export). */
  report: string;
  created_at: string;
}

export interface PrivacyTables {
  privacy_request: PrivacyRequestTable;
}
