/** Row type of the audit log (migration 0021). */

export interface AuditEventTable {
  id: string;
  org_id: string;
  actor_kind: 'person' | 'token' | 'system';
  /** The person who acted (the row stays, anonymised, after an erasure), or null. */
  actor_person_id: string | null;
  /** The API token that acted, or null. */
  actor_token_id: string | null;
  /** The person's display name or the token's name at the time ("Erased person" after an erasure). */
  actor_label: string;
  method: string;
  /** The route pattern, e.g. `/api/people/:id`. */
  route: string;
  /** The route's `:id` (or last) parameter, or null. */
  target_id: string | null;
  /** The HTTP status answered. */
  status: number;
  /** JSON array of the top-level body field names sent; never their values. */
  fields: string;
  ip: string | null;
  created_at: string;
}

export interface AuditTables {
  audit_event: AuditEventTable;
}
