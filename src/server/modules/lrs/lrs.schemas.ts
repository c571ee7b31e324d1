/** The LRS's request schemas: the statements query (xAPI 1.0.3, "GET Statements") and the credentials API. */
import { z } from 'zod';
import { Actor, ifiOf, isIri, isTimestamp, isUuid } from '../../../core/xapi/index.ts';

const uuid = z.string().refine(isUuid, 'Use a UUID.');
const iri = z.string().refine(isIri, 'Use an absolute IRI.');
const timestamp = z.string().refine(isTimestamp, 'Use an ISO 8601 timestamp.');
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An agent or identified group as JSON text, read as its identifier. */
const agentParam = z.string().transform((text, context) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: 'The agent must be JSON: an Agent or an identified Group.' });
    return z.NEVER;
  }
  const parsed = Actor.safeParse(value);
  const ifi = parsed.success ? ifiOf(parsed.data) : undefined;
  if (!ifi) {
    context.addIssue({ code: 'custom', message: parsed.success ? 'An anonymous group cannot be looked up: give an Agent or an identified Group.' : `The agent is not valid: ${parsed.error.issues[0]?.message ?? ''}` });
    return z.NEVER;
  }
  return ifi;
});

/** Every parameter of GET /xapi/statements; any other is refused. */
export const StatementsQueryParams = z.strictObject({
  statementId: uuid.optional(),
  voidedStatementId: uuid.optional(),
  agent: agentParam.optional(),
  verb: iri.optional(),
  activity: iri.optional(),
  registration: uuid.optional(),
  related_activities: flag.optional(),
  related_agents: flag.optional(),
  since: timestamp.optional(),
  until: timestamp.optional(),
  limit: z.string().regex(/^\d{1,9}$/, 'Use a whole number, 0 or more.').transform(Number).optional(),
  format: z.enum(['ids', 'exact', 'canonical']).optional(),
  attachments: flag.optional(),
  ascending: flag.optional(),
  more: z.string().max(4000).optional(),
});
export type StatementsQueryParams = z.infer<typeof StatementsQueryParams>;

export const PutStatementParams = z.strictObject({ statementId: uuid });

export const CredentialBody = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const CredentialView = z.object({ id: z.string(), name: z.string(), key: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
export const CredentialList = z.object({ endpoint: z.string(), items: z.array(CredentialView) });
export const CreatedCredential = CredentialView.extend({ endpoint: z.string(), secret: z.string() });
