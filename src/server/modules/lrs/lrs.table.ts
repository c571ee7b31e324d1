/** Row types of the Learning Record Store's tables (migration 0014). */
import type { Generated } from 'kysely';

export interface LrsCredentialTable {
  id: string;
  org_id: string;
  /** The HTTP Basic user name: public, unique across organisations. */
  key: string;
  /** SHA-256 of the secret (a random 32-byte secret needs no slow hash). */
  secret_hash: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export interface XapiStatementTable {
  seq: Generated<number>;
  org_id: string;
  /** Lower-case UUID. */
  id: string;
  /** When the LRS stored it: UTC ISO 8601 with milliseconds. */
  stored: string;
  verb_id: string;
  registration: string | null;
  target_id: string | null;
  is_voiding: number;
  /** 1 when a voiding statement refers to it (and it is not a voiding statement itself). */
  voided: number;
  /** The statement as stored, JSON. */
  statement: string;
}

export interface XapiStatementAgentTable {
  statement_seq: number;
  org_id: string;
  ifi: string;
  related: number;
}

export interface XapiStatementActivityTable {
  statement_seq: number;
  org_id: string;
  activity_id: string;
  related: number;
}

export interface XapiAttachmentTable {
  org_id: string;
  /** The SHA-2 hash of the content, in hex (lower case): how statements refer to it. */
  sha2: string;
  content_type: string;
  content: Buffer;
  created_at: string;
}

/** An organisation's external LRS: statements stored here are forwarded there (outbox channel `xapi`). */
export interface LrsForwardTable {
  org_id: string;
  /** The external LRS's endpoint, ending with `/` (statements go to `<endpoint>statements`). */
  endpoint: string;
  /** Its HTTP Basic user name and password; the password is never shown again. */
  key: string;
  secret: string;
  updated_at: string;
}

export interface LrsTables {
  lrs_forward: LrsForwardTable;
  xapi_attachment: XapiAttachmentTable;
  lrs_credential: LrsCredentialTable;
  xapi_statement: XapiStatementTable;
  xapi_statement_agent: XapiStatementAgentTable;
  xapi_statement_activity: XapiStatementActivityTable;
}
