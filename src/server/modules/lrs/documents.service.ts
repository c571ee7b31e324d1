/**
 * The LRS's document resources (xAPI 1.0.3, Part Three, "Document Resources", "State Resource", "Agent Profile
 * Resource", "Activity Profile Resource", "Concurrency") and the two read-only resources beside them ("Activities
 * Resource", "Agents Resource").
 *
 * A document is any bytes with a Content-Type, stored and returned as sent. Its ETag is the SHA-1 of its bytes. PUT
 * replaces; POST stores a new document as PUT would, and merges into an existing one only when both are JSON objects
 * sent as application/json (top-level properties of the posted object replace the stored ones), else 400. If-Match and
 * If-None-Match are honoured on PUT, POST and DELETE (412 when they fail); a PUT to an Activity or Agent Profile must
 * carry one of them (409 over an existing document, 400 otherwise, as the conformance suite asks). Every write is a
 * compare-and-set on the ETag read, retried when another writer got there first, so a precondition is never passed
 * against a state that no longer holds.
 */
import { createHash } from 'node:crypto';
import { type Activity, type Actor, type Agent, canonicalJson, ifiOf, type Statement } from '../../../core/xapi/index.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import * as repo from './documents.repository.ts';
import type { XapiDocumentKind } from './documents.table.ts';

/** An Activity Definition (Part Two, "Activity Definition"). */
export type ActivityDefinition = NonNullable<Activity['definition']>;

/** The largest document stored (the LRS may choose its limit: Part Three, "Error Codes"); larger ones get 413. */
export const DOCUMENT_MAX_BYTES = 1024 * 1024;
/** How many of an agent's latest statements the Agents resource reads for the names it has gone by. */
const PERSON_STATEMENTS = 100;
/** Attempts at a compare-and-set write before giving up on a document other writers keep changing (each lost race means another writer won). */
const WRITE_ATTEMPTS = 20;

export interface XapiDocumentsDeps {
  db: Db;
  clock: Clock;
  maxBytes?: number;
}

/** What a list or a delete-all of documents is about; `registration` (State only) narrows it when given. */
export interface DocumentContext {
  kind: XapiDocumentKind;
  activityId?: string | undefined;
  /** The agent's identifier, as `ifiOf` writes it. */
  agentIfi?: string | undefined;
  /** A lower-case UUID. */
  registration?: string | undefined;
}

/** One document: its context and its stateId or profileId. */
export interface DocumentKey extends DocumentContext {
  documentId: string;
}

/** The entity tags of an If-Match or If-None-Match header (without quotes), or `*`. */
export type EntityTags = '*' | readonly string[];

/** The conditional headers of a write. */
export interface Preconditions {
  ifMatch?: EntityTags | undefined;
  ifNoneMatch?: EntityTags | undefined;
}

/** A document as sent. */
export interface IncomingDocument {
  content: Buffer;
  contentType: string;
}

/** A document as stored. */
export interface StoredDocument {
  content: Buffer;
  contentType: string;
  /** SHA-1 of the content, lower-case hex, without quotes. */
  etag: string;
  /** UTC ISO 8601. */
  updated: string;
}

/** The Person object of the Agents resource: every property an array (Part Three, "Person Properties"). */
export interface Person {
  objectType: 'Person';
  name?: string[];
  mbox?: string[];
  mbox_sha1sum?: string[];
  openid?: string[];
  account?: { homePage: string; name: string }[];
}

/** SHA-1 of a document's bytes, lower-case hex: its ETag (Part Three, "Concurrency"). */
export function etagOf(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

/** Whether a Content-Type is application/json (parameters such as charset aside). */
export function isJsonContentType(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function matches(tags: EntityTags, etag: string): boolean {
  return tags === '*' || tags.includes(etag);
}

/**
 * Checks If-Match and If-None-Match against the document as it is (undefined: there is none), as RFC 2616 describes:
 * If-Match passes when the document exists and (for tags) has one of them; If-None-Match passes when it does not
 * exist or (for tags) has none of them.
 * @throws AppError precondition_failed (412) when either fails.
 */
export function checkPreconditions(current: { etag: string } | undefined, preconditions: Preconditions): void {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined && (!current || !matches(ifMatch, current.etag))) {
    throw new AppError('precondition_failed', current ? 'The document has changed since the ETag in If-Match: fetch it again, then retry with its current ETag.' : 'There is no such document, but If-Match asked for one.', current ? { etag: `"${current.etag}"` } : undefined);
  }
  if (ifNoneMatch !== undefined && current && matches(ifNoneMatch, current.etag)) {
    throw new AppError('precondition_failed', ifNoneMatch === '*' ? 'A document is stored here already, and If-None-Match: * asked for none.' : 'The document still has an ETag If-None-Match names.', { etag: `"${current.etag}"` });
  }
}

/** A JSON object parsed from bytes, or undefined when they are not one. */
function parseJsonObject(content: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(content.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The JSON merge of a POST (Part Three, "JSON Procedure with Requirements"): each top-level property of the posted
 * object replaces the stored one whole; the others stay.
 * @throws ValidationError (400) unless both are JSON objects sent as application/json.
 */
export function mergeJsonDocuments(stored: IncomingDocument, posted: IncomingDocument): Buffer {
  const which = !isJsonContentType(posted.contentType) ? 'The document posted is not application/json' : !isJsonContentType(stored.contentType) ? 'The document stored is not application/json' : undefined;
  if (which) throw new ValidationError(`${which}: only JSON objects are merged. Replace the document with PUT instead.`, { issues: [{ field: 'body', message: 'POST to an existing document merges two JSON objects.' }] });
  const into = parseJsonObject(stored.content);
  const from = parseJsonObject(posted.content);
  if (!into || !from) {
    throw new ValidationError(`${!from ? 'The document posted' : 'The document stored'} is not a JSON object: only JSON objects are merged. Replace the document with PUT instead.`, { issues: [{ field: 'body', message: 'POST to an existing document merges two JSON objects.' }] });
  }
  // Spreading defines own properties, so a "__proto__" key stays a key and changes no prototype.
  try {
    return Buffer.from(JSON.stringify({ ...into, ...from }), 'utf8');
  } catch (error) {
    // JSON.parse reads nesting thousands of levels deep that JSON.stringify cannot write back (stack overflow).
    if (!(error instanceof RangeError)) throw error;
    throw new ValidationError('The documents are nested too deeply to merge. Replace the document with PUT instead.', { issues: [{ field: 'body', message: 'Nested too deeply to merge.' }] });
  }
}

const LANGUAGE_MAPS = ['name', 'description'] as const;
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;
const INTERACTION_KEYS = ['interactionType', 'correctResponsesPattern', ...COMPONENT_LISTS] as const;
type Component = NonNullable<ActivityDefinition['choices']>[number];

/**
 * An activity's canonical definition after receiving another: language maps (name, description, and each
 * interaction component's description, matched by component id) merged language by language, extensions key by key,
 * anything else taken from the newer definition where it has it. A definition that changes the interactionType
 * brings its own interaction properties, so no component list of the old type is left behind.
 */
export function mergeActivityDefinition(stored: ActivityDefinition | undefined, received: ActivityDefinition): ActivityDefinition {
  if (!stored) return received;
  const merged: Record<string, unknown> = { ...stored };
  if (received.interactionType !== undefined && received.interactionType !== stored.interactionType) for (const key of INTERACTION_KEYS) delete merged[key];
  for (const [key, value] of Object.entries(received)) {
    if (value === undefined) continue;
    if ((LANGUAGE_MAPS as readonly string[]).includes(key) || key === 'extensions') {
      merged[key] = { ...(merged[key] as Record<string, unknown> | undefined), ...(value as Record<string, unknown>) };
    } else if ((COMPONENT_LISTS as readonly string[]).includes(key)) {
      const before = (merged[key] as Component[] | undefined) ?? [];
      merged[key] = (value as Component[]).map((component) => {
        const old = before.find((candidate) => candidate.id === component.id);
        return old?.description ? { ...component, description: { ...old.description, ...component.description } } : component;
      });
    } else {
      merged[key] = value;
    }
  }
  return merged as ActivityDefinition;
}

/** The activities of a statement that carry a definition, in the order they appear. */
function definedActivities(statement: Statement): { id: string; definition: ActivityDefinition }[] {
  const found: { id: string; definition: ActivityDefinition }[] = [];
  const visit = (value: unknown) => {
    const activity = value as { objectType?: string; id?: unknown; definition?: ActivityDefinition } | undefined;
    if (activity && (activity.objectType === undefined || activity.objectType === 'Activity') && typeof activity.id === 'string' && activity.definition) found.push({ id: activity.id, definition: activity.definition });
  };
  const visitContext = (context: Statement['context']) => {
    const lists = context?.contextActivities;
    if (lists) for (const list of [lists.parent, lists.grouping, lists.category, lists.other]) for (const activity of list === undefined ? [] : Array.isArray(list) ? list : [list]) visit(activity);
  };
  visit(statement.object);
  if (statement.object.objectType === 'SubStatement') {
    visit(statement.object.object);
    visitContext(statement.object.context);
  }
  visitContext(statement.context);
  return found;
}

/**
 * Keeps the canonical Activity Definitions the Activities resource returns: for every activity with a definition in
 * the statements just stored, the stored definition merged with theirs, in their order (Part Two, "Activity
 * Definition": the LRS SHOULD update its definition; this LRS trusts every credential of the organisation to). Run in
 * the transaction that stores the statements, so a rolled-back batch leaves no definition behind; it writes only
 * definitions that changed.
 * @param statements the statements as stored.
 */
export async function recordActivityDefinitions(trx: Db, orgId: string, statements: readonly Statement[]): Promise<void> {
  const received: { id: string; definition: ActivityDefinition; stored: string }[] = [];
  for (const statement of statements) {
    for (const activity of definedActivities(statement)) received.push({ ...activity, stored: statement.stored ?? '' });
  }
  if (received.length === 0) return;
  const ids = [...new Set(received.map((activity) => activity.id))].sort();
  const before = new Map((await repo.findActivityDefinitions(trx, orgId, ids)).map((row) => [row.activity_id, JSON.parse(row.definition) as ActivityDefinition]));
  const after = new Map(before);
  const updated = new Map<string, string>();
  for (const activity of received) {
    after.set(activity.id, mergeActivityDefinition(after.get(activity.id), activity.definition));
    updated.set(activity.id, activity.stored);
  }
  const changed = ids.filter((id) => !before.has(id) || canonicalJson(before.get(id)) !== canonicalJson(after.get(id)));
  await repo.upsertActivityDefinitions(
    trx,
    changed.map((id) => ({ org_id: orgId, activity_id: id, definition: JSON.stringify(after.get(id)), updated: updated.get(id)! })),
  );
}

/** Every agent a statement names (actor, object, instructor, team, authority, group members, in a sub-statement too). */
function agentsIn(statement: Statement): Actor[] {
  const agents: Actor[] = [];
  const add = (actor: Actor | undefined) => {
    if (!actor) return;
    agents.push(actor);
    if ('member' in actor && actor.member) agents.push(...actor.member);
  };
  const addContext = (context: Statement['context']) => {
    add(context?.instructor);
    add(context?.team);
  };
  add(statement.actor);
  addContext(statement.context);
  add(statement.authority);
  const object = statement.object;
  if (object.objectType === 'Agent' || object.objectType === 'Group') add(object);
  if (object.objectType === 'SubStatement') {
    add(object.actor);
    addContext(object.context);
    if (object.object.objectType === 'Agent' || object.object.objectType === 'Group') add(object.object);
  }
  return agents;
}

function sha256(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The hashes a document is stored and listed by (see XapiDocumentTable). */
function hashesOf(key: DocumentContext & { documentId?: string }): { contextHash: string; keyHash: string } {
  const context = [key.kind, key.activityId ?? '', key.agentIfi ?? ''];
  return { contextHash: sha256(context), keyHash: sha256([...context, key.registration ?? '', key.documentId ?? '']) };
}

export function createXapiDocumentsService({ db, clock, maxBytes = DOCUMENT_MAX_BYTES }: XapiDocumentsDeps) {
  function checkSize(content: Buffer): void {
    if (content.length > maxBytes) throw new AppError('payload_too_large', `Documents may be at most ${maxBytes} bytes (this one is ${content.length}).`, { maxBytes });
  }

  /** A document whose Content-Type says JSON must be JSON (Part Three, "Error Codes": content matching its type). */
  function checkDeclaredJson(document: IncomingDocument): void {
    if (!isJsonContentType(document.contentType)) return;
    try {
      JSON.parse(document.content.toString('utf8'));
    } catch {
      throw new AppError('invalid_json', 'The document is sent as application/json but is not valid JSON.');
    }
  }

  /**
   * Applies one write as a compare-and-set against the document as read: `write` answers false when another writer
   * changed the document first, and the whole decision (preconditions included) is taken again on what is there now.
   */
  async function writeDocument(orgId: string, keyHash: string, write: (current: repo.StoredRow | undefined) => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      if (await write(await repo.findDocument(db, orgId, keyHash))) return;
    }
    throw new AppError('conflict', 'The document kept changing while this request was being applied: try again.');
  }

  function rowOf(orgId: string, key: DocumentKey, document: IncomingDocument, updated: string) {
    const { contextHash, keyHash } = hashesOf(key);
    return {
      org_id: orgId,
      key_hash: keyHash,
      context_hash: contextHash,
      kind: key.kind,
      activity_id: key.activityId ?? null,
      agent_ifi: key.agentIfi ?? null,
      registration: key.registration ?? null,
      document_id: key.documentId,
      content_type: document.contentType,
      content: document.content,
      etag: etagOf(document.content),
      updated,
    };
  }

  return {
    /** The largest document taken, in bytes (the routes cap request bodies at it). */
    maxBytes,

    /**
     * Stores a document, replacing one stored under the same key.
     * @throws AppError precondition_failed (412) when If-Match or If-None-Match fails; document_conflict (409) for a
     * PUT to an existing Activity or Agent Profile without either, precondition_required (400) for one to a new
     * profile without either; invalid_json (400) for application/json that is not JSON; payload_too_large (413).
     */
    async put(orgId: string, key: DocumentKey, document: IncomingDocument, preconditions: Preconditions): Promise<void> {
      checkSize(document.content);
      checkDeclaredJson(document);
      const row = rowOf(orgId, key, document, clock.now().toISOString());
      await writeDocument(orgId, row.key_hash, async (current) => {
        checkPreconditions(current, preconditions);
        if (key.kind !== 'state' && preconditions.ifMatch === undefined && preconditions.ifNoneMatch === undefined) {
          if (current) {
            throw new AppError(
              'document_conflict',
              `A document is stored under this profileId already. Check its current state (GET it), then send the PUT again with If-Match set to its current ETag, "${current.etag}".`,
              { etag: `"${current.etag}"` },
            );
          }
          // xAPI 1.0.3 asks the client for the header and the LRS for 409 only over an existing document; the ADL
          // conformance suite (XAPI-00273, XAPI-00287) refuses a new one without either header too, with 400.
          throw new AppError('precondition_required', 'A profile PUT must say what it expects: send If-None-Match: * to create the document, or If-Match with the ETag of the one you read.');
        }
        if (!current) return repo.insertDocument(db, row);
        return repo.replaceDocument(db, orgId, row.key_hash, { etag: current.etag, contentType: current.content_type }, { content_type: row.content_type, content: row.content, etag: row.etag, updated: row.updated });
      });
    },

    /**
     * Stores a new document as PUT does, or merges a JSON object into the JSON object stored.
     * @throws ValidationError (400) when a document is stored and either it or the one posted is not a JSON object
     * sent as application/json (nothing is changed); AppError precondition_failed (412); invalid_json (400);
     * payload_too_large (413).
     */
    async post(orgId: string, key: DocumentKey, document: IncomingDocument, preconditions: Preconditions): Promise<void> {
      checkSize(document.content);
      checkDeclaredJson(document);
      const now = clock.now().toISOString();
      const row = rowOf(orgId, key, document, now);
      await writeDocument(orgId, row.key_hash, async (current) => {
        checkPreconditions(current, preconditions);
        if (!current) return repo.insertDocument(db, row);
        const merged = mergeJsonDocuments({ content: current.content, contentType: current.content_type }, document);
        checkSize(merged);
        return repo.replaceDocument(db, orgId, row.key_hash, { etag: current.etag, contentType: current.content_type }, { content_type: current.content_type, content: merged, etag: etagOf(merged), updated: now });
      });
    },

    /** @throws NotFoundError when no document is stored under the key. */
    async get(orgId: string, key: DocumentKey): Promise<StoredDocument> {
      const row = await repo.findDocument(db, orgId, hashesOf(key).keyHash);
      if (!row) throw new NotFoundError(key.kind === 'state' ? 'state document' : 'profile document', key.documentId);
      return { content: row.content, contentType: row.content_type, etag: row.etag, updated: row.updated };
    },

    /**
     * The stateIds or profileIds of a context (State: every registration unless one is given), changed after `since`
     * (exclusive) when given, oldest change first, and when the latest of them changed (undefined for none).
     */
    async list(orgId: string, context: DocumentContext, since?: string): Promise<{ ids: string[]; lastModified: string | undefined }> {
      const rows = await repo.listDocuments(db, orgId, hashesOf(context).contextHash, { registration: context.registration, since });
      return { ids: [...new Set(rows.map((row) => row.document_id))], lastModified: rows.at(-1)?.updated };
    },

    /**
     * Deletes a document (nothing to delete is no error, unless If-Match asked for one).
     * @throws AppError precondition_failed (412).
     */
    async remove(orgId: string, key: DocumentKey, preconditions: Preconditions): Promise<void> {
      const { keyHash } = hashesOf(key);
      await writeDocument(orgId, keyHash, async (current) => {
        checkPreconditions(current, preconditions);
        return !current || repo.deleteDocument(db, orgId, keyHash, current.etag);
      });
    },

    /** Deletes every State document of an activity and agent (of one registration when given). */
    async removeAll(orgId: string, context: DocumentContext): Promise<void> {
      await repo.deleteDocuments(db, orgId, hashesOf(context).contextHash, context.registration);
    },

    /**
     * The Activity object with the canonical definition this LRS holds, or with none when it holds none (Part Three,
     * "Activities Resource": the LRS SHOULD* still return an Activity object).
     */
    async getActivity(orgId: string, activityId: string): Promise<{ objectType: 'Activity'; id: string; definition?: ActivityDefinition }> {
      const [row] = await repo.findActivityDefinitions(db, orgId, [activityId]);
      return row ? { objectType: 'Activity', id: activityId, definition: JSON.parse(row.definition) as ActivityDefinition } : { objectType: 'Activity', id: activityId };
    },

    /**
     * The Person object of an agent: its identifier, and the names it has gone by in the organisation's latest
     * statements (then the one given, if new). Only the identifier asked about is returned, never others the same
     * person might have, so no credential learns an identifier it did not know.
     */
    async getPerson(orgId: string, agent: Agent): Promise<Person> {
      const ifi = ifiOf(agent)!;
      const names: string[] = [];
      for (const text of await repo.listStatementsOfAgent(db, orgId, ifi, PERSON_STATEMENTS)) {
        for (const seen of agentsIn(JSON.parse(text) as Statement)) if (seen.name !== undefined && ifiOf(seen) === ifi && !names.includes(seen.name)) names.push(seen.name);
      }
      if (agent.name !== undefined && !names.includes(agent.name)) names.push(agent.name);
      const person: Person = { objectType: 'Person', ...(names.length > 0 ? { name: names } : {}) };
      if (agent.mbox !== undefined) person.mbox = [agent.mbox];
      else if (agent.mbox_sha1sum !== undefined) person.mbox_sha1sum = [agent.mbox_sha1sum];
      else if (agent.openid !== undefined) person.openid = [agent.openid];
      else if (agent.account !== undefined) person.account = [agent.account];
      return person;
    },
  };
}

export type XapiDocumentsService = ReturnType<typeof createXapiDocumentsService>;
