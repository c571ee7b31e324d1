/**
 * The Learning Record Store's statements (xAPI 1.0.3, Part Three): storing one or a batch (all or nothing, in one
 * transaction), reading one, voiding, and querying with every filter of the specification, paged by `more`.
 *
 * What the LRS adds to a statement it stores: `id` (when absent), `stored`, `timestamp` (= stored when absent),
 * `authority` (always the credential's: the sender cannot claim another) and `version` (1.0.0 when absent). A
 * statement received again with the same id is taken without change when it is the same statement, and refused
 * with 409 when it is not. A statement is voided exactly when a voiding statement refers to it and it is not a
 * voiding statement itself, whichever of the two arrives first.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, attachmentHashes, attachmentsNeedingData, formatStatement, isSameStatement, matchesSha2, parseStatement, SIGNATURE_USAGE_TYPE, signatureProblem, type Statement, type StatementFormat, termsOf, withActivityLists } from '../../../core/xapi/index.ts';
import type { Db } from '../../db/database.ts';
import { isDeadlock } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordActivityDefinitions } from './documents.service.ts';
import type { Forwarding } from './forwarding.ts';
import * as repo from './lrs.repository.ts';

export interface LrsDeps {
  db: Db;
  clock: Clock;
  /** Sends stored statements on to the organisation's external LRS, if it has one. */
  forwarding?: Pick<Forwarding, 'queue' | 'wake'>;
}

/** Who is writing: the organisation and the authority its credential stands for. */
export interface LrsWriter {
  orgId: string;
  authority: Actor;
}

/** The most statements one GET returns (a `limit` of 0 or above this asks for this many). */
export const MAX_PAGE = 500;
/** The most statements one POST may carry. */
export const MAX_BATCH = 1000;

/** Attachment data sent with statements (a part of a multipart/mixed request). */
export interface AttachmentData {
  /** The part's X-Experience-API-Hash. */
  sha2: string;
  contentType: string;
  content: Buffer;
}

/** A statements query as the routes parse it. */
export interface StatementsQuery {
  agentIfi?: string | undefined;
  verb?: string | undefined;
  activity?: string | undefined;
  registration?: string | undefined;
  relatedActivities: boolean;
  relatedAgents: boolean;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  format: StatementFormat;
  ascending: boolean;
}

/** Where the next page starts: the query, and the last statement returned. Opaque to clients (base64url JSON). */
interface MoreToken {
  query: StatementsQuery;
  after: { stored: string; seq: number };
}

export function encodeMore(token: MoreToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** @throws ValidationError when the token is not one this LRS made. */
export function decodeMore(text: string): MoreToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as MoreToken;
    if (typeof token.after?.stored === 'string' && Number.isInteger(token.after.seq) && typeof token.query === 'object') return token;
  } catch {
    // Falls through to the error below.
  }
  throw new ValidationError('This "more" link is not one this LRS gave out.', { issues: [{ field: 'query.more', message: 'Follow the "more" link of a statements result as it was given.' }] });
}

/** Runs `work` again (up to three times in all) when PostgreSQL aborted it to break a deadlock. */
async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 3) throw error;
    }
  }
}

export function createLrsService({ db, clock, forwarding }: LrsDeps) {
  /** The statements of a request, parsed; every problem of every statement reported at once, by index. */
  function parseAll(inputs: readonly unknown[]): Statement[] {
    const statements: Statement[] = [];
    const issues: { field: string; message: string }[] = [];
    inputs.forEach((input, index) => {
      const parsed = parseStatement(input);
      if (parsed.ok) statements.push(parsed.statement);
      else for (const issue of parsed.issues) issues.push({ field: inputs.length === 1 ? `body.${issue.field}` : `body.${index}.${issue.field}`, message: issue.message });
    });
    if (issues.length > 0) throw new ValidationError(issues.length === 1 ? `This statement is not valid xAPI: ${issues[0]!.field}: ${issues[0]!.message}` : `These statements are not valid xAPI (${issues.length} problems; the first: ${issues[0]!.field}: ${issues[0]!.message}).`, { issues });
    return statements;
  }

  /**
   * Checks the attachment data sent against the statements: each attachment without a fileUrl has its data, each
   * part is an attachment of a statement, each hash matches its data, each signature signs its statement. The data of
   * an attachment that has a fileUrl may come too, and is kept (the conformance suite sends such a part and expects
   * it back with attachments=true, XAPI-00161).
   * @throws ValidationError naming the first problem of each kind.
   */
  function checkAttachments(statements: readonly Statement[], data: readonly AttachmentData[]): void {
    const sent = new Map(data.map((part) => [part.sha2.toLowerCase(), part]));
    const problems: { field: string; message: string }[] = [];
    const named = new Set(statements.flatMap(attachmentHashes));
    statements.forEach((statement, index) => {
      for (const attachment of attachmentsNeedingData(statement)) {
        const hash = attachment.sha2.toLowerCase();
        const part = sent.get(hash);
        if (!part) {
          problems.push({ field: `body.${index}.attachments`, message: `The data of the attachment with hash ${hash} was not sent: send it as a part of a multipart/mixed request, or give its fileUrl.` });
          continue;
        }
        if (attachment.usageType === SIGNATURE_USAGE_TYPE) {
          const problem = signatureProblem(statement, part.content, attachment.contentType);
          if (problem) problems.push({ field: `body.${index}.attachments`, message: problem });
        }
      }
    });
    for (const part of data) {
      if (!named.has(part.sha2.toLowerCase())) problems.push({ field: 'body', message: `A part with hash ${part.sha2} is no attachment of these statements.` });
      else if (!matchesSha2(part.sha2, part.content)) problems.push({ field: 'body', message: `The part with hash ${part.sha2} does not have that SHA-2 hash: it was changed or cut on the way.` });
    }
    if (problems.length > 0) throw new ValidationError(`The attachments are not right: ${problems[0]!.message}`, { issues: problems });
  }

  return {
    /**
     * Stores statements, all or none, with the attachment data sent beside them. `putId` is the statementId of a
     * PUT: the statement's own id must agree.
     * @returns the ids of the statements, in order (new ones and ones already stored alike).
     * @throws ValidationError (400) for an invalid statement, a batch with one id twice, a voiding statement that
     * refers to a voiding statement; AppError statement_conflict (409) for an id stored with other content.
     */
    async store(writer: LrsWriter, inputs: readonly unknown[], options: { putId?: string | undefined; attachments?: readonly AttachmentData[] } = {}): Promise<string[]> {
      const { putId, attachments = [] } = options;
      if (inputs.length === 0) throw new ValidationError('Send at least one statement.');
      if (inputs.length > MAX_BATCH) throw new ValidationError(`Send at most ${MAX_BATCH} statements at once (this batch has ${inputs.length}).`);
      const received = parseAll(inputs);
      checkAttachments(received, attachments);
      if (putId !== undefined && received[0]!.id !== undefined && received[0]!.id.toLowerCase() !== putId) {
        throw new ValidationError('The statement’s id differs from the statementId parameter.', { issues: [{ field: 'body.id', message: 'Leave the id out, or make it the statementId parameter.' }] });
      }
      const ids = received.map((statement, index) => (index === 0 && putId !== undefined ? putId : (statement.id?.toLowerCase() ?? randomUUID())));
      const twice = ids.find((id, index) => ids.indexOf(id) !== index);
      if (twice) throw new ValidationError(`The statement id ${twice} is in this batch twice.`, { issues: [{ field: 'body', message: 'Give each statement of a batch its own id.' }] });

      const stored = clock.now().toISOString();
      // Two writers storing overlapping statements at once (a sweep and a person's write) can deadlock on PostgreSQL:
      // the aborted one runs again and then finds the other's statements stored.
      const forwarded = await retryOnDeadlock(() => db.transaction().execute(async (trx) => {
        const existing = new Map((await repo.findStatements(trx, writer.orgId, ids)).map((row) => [row.id, row]));
        const rows: repo.NewStatementRow[] = [];
        /** The new statements as stored, beside their rows: the activity definitions and forwarding read these. */
        const completes: Statement[] = [];
        const voidingIds = new Set<string>();
        for (const [index, statement] of received.entries()) {
          const id = ids[index]!;
          const found = existing.get(id);
          if (found) {
            if (!isSameStatement(JSON.parse(found.statement) as Statement, { ...statement, id })) throw new AppError('statement_conflict', `A different statement with the id ${id} is stored already.`, { id });
            continue;
          }
          const complete = withActivityLists({ ...statement, id, stored, timestamp: statement.timestamp ?? stored, authority: writer.authority, version: statement.version ?? '1.0.0' });
          const terms = termsOf(complete);
          if (terms.isVoiding) voidingIds.add(id);
          completes.push(complete);
          rows.push({ org_id: writer.orgId, id, stored, verb_id: terms.verbId, registration: terms.registration, target_id: terms.targetId, is_voiding: terms.isVoiding ? 1 : 0, voided: 0, statement: JSON.stringify(complete), agents: terms.agents, activities: terms.activities });
        }
        // A voiding statement cannot void a voiding statement (stored, or in this batch).
        const targets = rows.filter((row) => row.is_voiding === 1).map((row) => row.target_id!);
        const storedTargets = new Map((await repo.findStatements(trx, writer.orgId, targets)).map((row) => [row.id, row]));
        for (const target of targets) {
          if (voidingIds.has(target) || storedTargets.get(target)?.is_voiding === 1) throw new ValidationError(`The statement ${target} is a voiding statement: it cannot be voided.`, { issues: [{ field: 'body.object.id', message: 'Void the original statement instead.' }] });
        }
        // A statement arriving after the statement voiding it is voided at once.
        const alreadyVoided = new Set(await repo.listVoidedTargets(trx, writer.orgId, rows.map((row) => row.id)));
        for (const row of rows) if (row.is_voiding === 0 && (alreadyVoided.has(row.id) || targets.includes(row.id))) row.voided = 1;
        await repo.insertStatements(trx, rows);
        await recordActivityDefinitions(trx, writer.orgId, completes);
        await repo.insertAttachments(trx, attachments.map((part) => ({ org_id: writer.orgId, sha2: part.sha2.toLowerCase(), content_type: part.contentType, content: part.content, created_at: stored })));
        await repo.markVoided(trx, writer.orgId, targets);
        return (await forwarding?.queue(trx, writer.orgId, completes)) ?? false;
      }));
      if (forwarded) forwarding?.wake();
      return ids;
    },

    /**
     * One statement by id: a voided one only by `voided` (voidedStatementId), any other only without it.
     * @throws NotFoundError
     */
    async get(orgId: string, id: string, options: { voided: boolean; format: StatementFormat; languages: readonly string[] }): Promise<{ statement: Statement; stored: string }> {
      const row = await repo.findStatementById(db, orgId, id.toLowerCase());
      if (!row || (row.voided === 1) !== options.voided) throw new NotFoundError(options.voided ? 'voided statement' : 'statement', id);
      return { statement: formatStatement(JSON.parse(row.statement) as Statement, options.format, options.languages), stored: row.stored };
    },

    /**
     * A page of statements matching a query, newest stored first (or oldest with `ascending`), and the `more` link
     * of the next page ('' when this is the last).
     */
    async query(orgId: string, query: StatementsQuery, options: { after?: { stored: string; seq: number } | undefined; languages: readonly string[] }) {
      const limit = query.limit === 0 || query.limit > MAX_PAGE ? MAX_PAGE : query.limit;
      const rows = await repo.queryStatements(db, orgId, {
        agentIfi: query.agentIfi,
        relatedAgents: query.relatedAgents,
        verbId: query.verb,
        activityId: query.activity,
        relatedActivities: query.relatedActivities,
        registration: query.registration,
        since: query.since,
        until: query.until,
        ascending: query.ascending,
        after: options.after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        statements: page.map((row) => formatStatement(JSON.parse(row.statement) as Statement, query.format, options.languages)),
        more: rows.length > limit && last ? `/xapi/statements?more=${encodeMore({ query, after: { stored: last.stored, seq: last.seq } })}` : '',
      };
    },

    /** The data of the attachments the statements name that this LRS holds (each hash once). */
    async attachmentsOf(orgId: string, statements: readonly Statement[]): Promise<AttachmentData[]> {
      const hashes = [...new Set(statements.flatMap(attachmentHashes))];
      return (await repo.findAttachments(db, orgId, hashes)).map((row) => ({ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(row.content) }));
    },

    /** The instant up to which every statement stored is in every query's results: now (a statement is visible as it commits). */
    consistentThrough(): string {
      return clock.now().toISOString();
    },
  };
}

export type LrsService = ReturnType<typeof createLrsService>;
