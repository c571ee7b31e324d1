/**
 * What the LRS holds about a person (issue 9): statements naming them anywhere (actor, object, context, authority,
 * group member) and State and Agent Profile documents of their agent. Morsel's own statements name a learner by
 * their account (`{ homePage: PUBLIC_URL, name: person id }`); other tools may name them by email (`mbox`) or its
 * SHA-1 (`mbox_sha1sum`). The statements' lookup rows (xapi_statement_agent) find them without reading every
 * statement. An erasure deletes the statements and their lookup rows, and the documents.
 */
import { createHash } from 'node:crypto';
import { ifiOf } from '../../../core/xapi/index.ts';
import type { Db } from '../../db/database.ts';
import { chunks } from '../../db/chunks.ts';
import { type PersonDataPart, type PrivacySubject } from '../identity/index.ts';

/** The inverse functional identifiers a person is known by in this LRS: their Morsel account, their email and its SHA-1. */
export function personIfis(publicUrl: string, subject: Pick<PrivacySubject, 'personId' | 'email'>): string[] {
  const mbox = `mailto:${subject.email.toLowerCase()}`;
  const agents = [{ account: { homePage: publicUrl, name: subject.personId } }, { mbox }, { mbox_sha1sum: createHash('sha1').update(mbox).digest('hex') }];
  return agents.map((agent) => ifiOf(agent)!);
}

async function statementSeqs(db: Db, orgId: string, ifis: readonly string[]): Promise<number[]> {
  const rows = await db.selectFrom('xapi_statement_agent').select('statement_seq').distinct().where('org_id', '=', orgId).where('ifi', 'in', ifis).execute();
  return rows.map((row) => Number(row.statement_seq)).sort((a, b) => a - b);
}

function documentsOf(db: Db, orgId: string, ifis: readonly string[]) {
  return db.selectFrom('xapi_document').where('org_id', '=', orgId).where('agent_ifi', 'in', ifis);
}

/** The LRS's part of a person's data; `publicUrl` is the home page of Morsel's learner accounts. */
export function createLrsPersonData({ publicUrl }: { publicUrl: string }): PersonDataPart {
  return {
    module: 'lrs',
    tables: [],
    async exportMore(db: Db, subject: PrivacySubject) {
      const ifis = personIfis(publicUrl, subject);
      const statements: unknown[] = [];
      for (const seqs of chunks(await statementSeqs(db, subject.orgId, ifis), 500)) {
        const rows = await db.selectFrom('xapi_statement').select(['seq', 'statement']).where('org_id', '=', subject.orgId).where('seq', 'in', seqs).orderBy('seq').execute();
        for (const row of rows) statements.push(JSON.parse(row.statement) as unknown);
      }
      const documents = (await documentsOf(db, subject.orgId, ifis).select(['kind', 'activity_id', 'agent_ifi', 'registration', 'document_id', 'content_type', 'content', 'updated']).orderBy('updated').execute()).map(({ content, ...row }) => {
        const bytes = Buffer.from(content);
        const textual = /json|^text\//i.test(row.content_type);
        return { ...row, ...(textual ? { content: bytes.toString('utf8') } : { contentBase64: bytes.toString('base64') }) };
      });
      return { xapi_statement: statements, xapi_document: documents };
    },
    async erase(trx: Db, subject: PrivacySubject) {
      const ifis = personIfis(publicUrl, subject);
      let statements = 0;
      for (const seqs of chunks(await statementSeqs(trx, subject.orgId, ifis), 500)) {
        await trx.deleteFrom('xapi_statement_agent').where('statement_seq', 'in', seqs).execute();
        await trx.deleteFrom('xapi_statement_activity').where('statement_seq', 'in', seqs).execute();
        const result = await trx.deleteFrom('xapi_statement').where('org_id', '=', subject.orgId).where('seq', 'in', seqs).executeTakeFirst();
        statements += Number(result.numDeletedRows);
      }
      const documents = await trx.deleteFrom('xapi_document').where('org_id', '=', subject.orgId).where('agent_ifi', 'in', ifis).executeTakeFirst();
      return { xapi_statement: statements, xapi_document: Number(documents.numDeletedRows) };
    },
  };
}
