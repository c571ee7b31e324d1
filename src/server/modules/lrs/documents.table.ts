/** Row types of the LRS's document resources and activity definitions (migration 0015). */

/** Which document resource a document belongs to. */
export type XapiDocumentKind = 'state' | 'activity_profile' | 'agent_profile';

/**
 * One State, Activity Profile or Agent Profile document. A document is found by `key_hash` and listed by
 * `context_hash` (both SHA-256 hex), so arbitrarily long activity IRIs, agent identifiers and document ids never make
 * an index entry too long; the plain columns beside them say what the hashes stand for.
 */
export interface XapiDocumentTable {
  org_id: string;
  /** SHA-256 of [kind, activity id, agent IFI, registration, document id] ('' for each part a kind does not have). */
  key_hash: string;
  /** SHA-256 of [kind, activity id, agent IFI]: what a list or a delete-all of one context reads. */
  context_hash: string;
  kind: XapiDocumentKind;
  /** State and Activity Profile documents. */
  activity_id: string | null;
  /** State and Agent Profile documents: the agent's inverse functional identifier as `ifiOf` writes it. */
  agent_ifi: string | null;
  /** State documents stored under a registration: a lower-case UUID. */
  registration: string | null;
  /** The stateId or profileId. */
  document_id: string;
  /** The Content-Type the document was sent with, returned as it was. */
  content_type: string;
  /** The document's bytes, as sent (or as merged by POST). */
  content: Buffer;
  /** SHA-1 of `content`, lower-case hex (xAPI 1.0.3, Part Three, "Concurrency"). */
  etag: string;
  /** When the document was stored or last changed: UTC ISO 8601 with milliseconds. */
  updated: string;
}

/** The canonical definition the LRS holds for an activity: the latest seen in statements, merged by language. */
export interface XapiActivityTable {
  org_id: string;
  activity_id: string;
  /** The Activity Definition, JSON. */
  definition: string;
  updated: string;
}

export interface XapiDocumentTables {
  xapi_document: XapiDocumentTable;
  xapi_activity: XapiActivityTable;
}
