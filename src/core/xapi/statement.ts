/**
 * xAPI 1.0.3 statements (Part Two: statement structure), as an LRS must check them (Part Three: data processing and
 * validation). Zod, a maintained validator, carries the structure and its formats; the rules that span properties
 * (exactly one identifier per agent, a score between its bounds, revision and platform only about an activity…)
 * are refinements beside it. Pure: no storage, no clock.
 *
 * Every object is strict, so a property the specification does not define is refused, as the LRS must.
 */
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, a colon, then no white space (RFC 3987 allows any other character of the UCS). */
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i;
const MAILTO = /^mailto:[^@\s]+@[^@\s]+$/i;
const SHA1_HEX = /^[0-9a-f]{40}$/i;
/** SHA-224 to SHA-512, in hex. */
const SHA2_HEX = /^(?:[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;.*)?$/;
/** ISO 8601 date and time; seconds, fraction and zone optional. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** ISO 8601 duration, including weeks; at least one part after P (and after T). */
const DURATION = /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;
const VERSION = /^1\.0(?:\.\d+)?$/;

/** Whether a text is a UUID (any version; xAPI asks for RFC 4122 form). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Whether a text is an absolute IRI. */
export function isIri(text: string): boolean {
  return ABSOLUTE_IRI.test(text);
}

/** Whether a text is an ISO 8601 timestamp the LRS takes: a real instant, and not the "unknown local offset" -00:00. */
export function isTimestamp(text: string): boolean {
  return TIMESTAMP.test(text) && !/-00(?::?00)?$/.test(text) && !Number.isNaN(Date.parse(hasZone(text) ? text : `${text}Z`));
}

/** A timestamp the LRS took, as UTC ISO 8601 with milliseconds (one without a zone is read as UTC). */
export function toUtcIso(text: string): string {
  return new Date(hasZone(text) ? text : `${text}Z`).toISOString();
}

function hasZone(text: string): boolean {
  return /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text.slice(10));
}

/** Whether a text is an RFC 5646 language tag (checked by the platform's Intl, which knows the grammar). */
export function isLanguageTag(text: string): boolean {
  try {
    return Intl.getCanonicalLocales(text).length === 1;
  } catch {
    return false;
  }
}

/**
 * The longest IRI, identifier or account name taken. The specification sets none; the LRS indexes these, and an index
 * entry has a size limit (PostgreSQL's B-tree about 2.7 kB), so a longer one is refused with a clear 400 instead.
 */
export const MAX_IDENTIFIER_LENGTH = 2048;

const Iri = z.string().max(MAX_IDENTIFIER_LENGTH).refine(isIri, 'Use an absolute IRI (for example https://example.com/verbs/answered).');
const Uuid = z.string().refine(isUuid, 'Use a UUID (for example 6fbd600f-d17c-4c74-801a-2ec2e53231c7).');
const Timestamp = z.string().refine(isTimestamp, 'Use an ISO 8601 timestamp (for example 2026-03-02T09:00:00.000Z).');

/**
 * A language map: RFC 5646 tags to text, at least one. xAPI 1.0.3 does not say a map may not be empty; the ADL
 * conformance suite does (languages.js: "a Language Map ... has at least 1 entry", an empty display, name or
 * description refused with 400), and an empty map says nothing a missing one would not.
 */
export const LanguageMap = z
  .record(z.string().refine(isLanguageTag, 'Use an RFC 5646 language tag (for example en-GB).'), z.string())
  .refine((map) => Object.keys(map).length > 0, 'Give at least one language, or leave the language map out.');
/** Extensions: IRIs to any JSON value. */
/**
 * The deepest an extension's value may nest. The specification sets no limit; a value thousands of levels deep parses
 * but cannot be written back as JSON (the serialiser's stack overflows), so every later read of the statement would
 * fail. No real extension comes near this.
 */
export const MAX_EXTENSION_DEPTH = 64;

/** How deeply a JSON value nests (a scalar is 0), counted without recursion, stopping once past `limit`. */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const Extensions = z.record(Iri, z.unknown()).refine((extensions) => nestingDepth(extensions, MAX_EXTENSION_DEPTH + 1) <= MAX_EXTENSION_DEPTH + 1, `Extension values nest at most ${MAX_EXTENSION_DEPTH} levels deep.`);

const Account = z.strictObject({ homePage: Iri, name: z.string().max(MAX_IDENTIFIER_LENGTH) });

/** The inverse functional identifiers an agent or identified group may carry; exactly one of them is required. */
const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const identifiers = {
  mbox: z.string().max(MAX_IDENTIFIER_LENGTH).regex(MAILTO, 'Use a mailto: address (for example mailto:kit@example.com).').optional(),
  mbox_sha1sum: z.string().regex(SHA1_HEX, 'Use the SHA-1 of the mailto: address, in hex.').optional(),
  openid: Iri.optional(),
  account: Account.optional(),
};

function exactlyOneIfi(value: Record<string, unknown>, context: z.RefinementCtx, what: string): void {
  const present = IFI_KEYS.filter((key) => value[key] !== undefined);
  if (present.length > 1) context.addIssue({ code: 'custom', message: `${what} has ${present.join(' and ')}: give exactly one identifier.`, path: [present[1]!] });
  if (present.length === 0) context.addIssue({ code: 'custom', message: `${what} needs exactly one identifier: mbox, mbox_sha1sum, openid or account.` });
}

export const Agent = z
  .strictObject({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...identifiers })
  .superRefine((agent, context) => exactlyOneIfi(agent, context, 'The agent'));
export type Agent = z.infer<typeof Agent>;

export const Group = z
  .strictObject({ objectType: z.literal('Group'), name: z.string().optional(), member: z.array(Agent).optional(), ...identifiers })
  .superRefine((group, context) => {
    const present = IFI_KEYS.filter((key) => group[key] !== undefined);
    if (present.length > 1) context.addIssue({ code: 'custom', message: `The group has ${present.join(' and ')}: give at most one identifier.`, path: [present[1]!] });
    if (present.length === 0 && (group.member === undefined || group.member.length === 0)) {
      context.addIssue({ code: 'custom', message: 'An anonymous group (no identifier) must list its members.', path: ['member'] });
    }
  });
export type Group = z.infer<typeof Group>;

/**
 * One of several object schemas, chosen by the value's `objectType` (absent picks `whenAbsent`), so an invalid
 * object is told what is wrong with it as the kind it says it is, not that it matches none of the kinds.
 */
function byObjectType<const S extends Record<string, z.ZodType>>(schemas: S, whenAbsent: keyof S & string, what: string) {
  return z.unknown().transform((value, context): z.output<S[keyof S]> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      context.addIssue({ code: 'custom', message: `${what} must be an object.` });
      return z.NEVER;
    }
    const objectType = (value as { objectType?: unknown }).objectType ?? whenAbsent;
    const schema = typeof objectType === 'string' && Object.hasOwn(schemas, objectType) ? schemas[objectType] : undefined;
    if (!schema) {
      context.addIssue({ code: 'custom', message: `${what}'s objectType must be ${Object.keys(schemas).join(', ')}.`, path: ['objectType'] });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return parsed.data as z.output<S[keyof S]>;
  });
}

/** An agent or a group, told apart by `objectType`. */
export const Actor = byObjectType({ Agent, Group }, 'Agent', 'An actor');
export type Actor = Agent | Group;

const InteractionComponent = z.strictObject({ id: z.string().min(1), description: LanguageMap.optional() });
const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
/** The component lists each interaction type may carry (xAPI 1.0.3, Part Two, "Interaction Components"). */
const COMPONENTS_OF: Record<(typeof INTERACTION_TYPES)[number], readonly string[]> = {
  'true-false': [],
  choice: ['choices'],
  'fill-in': [],
  'long-fill-in': [],
  matching: ['source', 'target'],
  performance: ['steps'],
  sequencing: ['choices'],
  likert: ['scale'],
  numeric: [],
  other: [],
};
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

export const ActivityDefinition = z
  .strictObject({
    name: LanguageMap.optional(),
    description: LanguageMap.optional(),
    type: Iri.optional(),
    moreInfo: Iri.optional(),
    extensions: Extensions.optional(),
    interactionType: z.enum(INTERACTION_TYPES).optional(),
    correctResponsesPattern: z.array(z.string()).optional(),
    choices: z.array(InteractionComponent).optional(),
    scale: z.array(InteractionComponent).optional(),
    source: z.array(InteractionComponent).optional(),
    target: z.array(InteractionComponent).optional(),
    steps: z.array(InteractionComponent).optional(),
  })
  .superRefine((definition, context) => {
    const allowed = definition.interactionType ? COMPONENTS_OF[definition.interactionType] : [];
    for (const list of COMPONENT_LISTS) {
      if (definition[list] === undefined) continue;
      if (!allowed.includes(list)) context.addIssue({ code: 'custom', message: `${list} is not a component list of ${definition.interactionType ? `a ${definition.interactionType} interaction` : 'an activity without interactionType'}.`, path: [list] });
      const ids = definition[list]!.map((component) => component.id);
      if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', message: `The ids of ${list} must be different.`, path: [list] });
    }
    if (definition.correctResponsesPattern !== undefined && definition.interactionType === undefined) {
      context.addIssue({ code: 'custom', message: 'correctResponsesPattern needs an interactionType.', path: ['correctResponsesPattern'] });
    }
  });

export const Activity = z.strictObject({ objectType: z.literal('Activity').optional(), id: Iri, definition: ActivityDefinition.optional() });
export type Activity = z.infer<typeof Activity>;

export const StatementRef = z.strictObject({ objectType: z.literal('StatementRef'), id: Uuid });
export type StatementRef = z.infer<typeof StatementRef>;

const Verb = z.strictObject({ id: Iri, display: LanguageMap.optional() });

const Score = z
  .strictObject({ scaled: z.number().min(-1).max(1).optional(), raw: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
  .superRefine((score, context) => {
    if (score.min !== undefined && score.max !== undefined && score.min >= score.max) context.addIssue({ code: 'custom', message: 'min must be below max.', path: ['min'] });
    if (score.raw !== undefined && score.min !== undefined && score.raw < score.min) context.addIssue({ code: 'custom', message: 'raw must not be below min.', path: ['raw'] });
    if (score.raw !== undefined && score.max !== undefined && score.raw > score.max) context.addIssue({ code: 'custom', message: 'raw must not be above max.', path: ['raw'] });
  });

const Result = z.strictObject({
  score: Score.optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: z.string().regex(DURATION, 'Use an ISO 8601 duration (for example PT1M30S).').optional(),
  extensions: Extensions.optional(),
});

const ActivityList = z.union([Activity, z.array(Activity)]);
const ContextActivities = z.strictObject({ parent: ActivityList.optional(), grouping: ActivityList.optional(), category: ActivityList.optional(), other: ActivityList.optional() });

const Context = z.strictObject({
  registration: Uuid.optional(),
  instructor: Actor.optional(),
  team: Group.optional(),
  contextActivities: ContextActivities.optional(),
  revision: z.string().optional(),
  platform: z.string().optional(),
  language: z.string().refine(isLanguageTag, 'Use an RFC 5646 language tag.').optional(),
  statement: StatementRef.optional(),
  extensions: Extensions.optional(),
});

const Attachment = z.strictObject({
  usageType: Iri,
  display: LanguageMap,
  description: LanguageMap.optional(),
  contentType: z.string().regex(MEDIA_TYPE, 'Use an Internet media type (for example image/png).'),
  length: z.number().int().min(0),
  sha2: z.string().regex(SHA2_HEX, 'Use the SHA-2 hash of the attachment, in hex.'),
  fileUrl: Iri.optional(),
});

/** Agent, group, activity or statement reference: the object of a sub-statement (never another sub-statement). */
const SubStatementObject = byObjectType({ Activity, Agent, Group, StatementRef }, 'Activity', 'A sub-statement’s object');

/** Revision and platform say something about an activity: the LRS refuses them on a statement about anything else. */
function contextFitsObject(statement: { object: { objectType?: string }; context?: { revision?: string; platform?: string } | undefined }, context: z.RefinementCtx): void {
  const aboutActivity = statement.object.objectType === undefined || statement.object.objectType === 'Activity';
  if (aboutActivity) return;
  for (const key of ['revision', 'platform'] as const) {
    if (statement.context?.[key] !== undefined) context.addIssue({ code: 'custom', message: `context.${key} is only for a statement about an activity.`, path: ['context', key] });
  }
}

export const SubStatement = z
  .strictObject({
    objectType: z.literal('SubStatement'),
    actor: Actor,
    verb: Verb,
    object: SubStatementObject,
    result: Result.optional(),
    context: Context.optional(),
    timestamp: Timestamp.optional(),
    attachments: z.array(Attachment).optional(),
  })
  .superRefine(contextFitsObject);

export type SubStatement = z.infer<typeof SubStatement>;

const StatementObject = byObjectType({ Activity, Agent, Group, StatementRef, SubStatement }, 'Activity', 'The object');

/**
 * A group as authority stands only for an OAuth consumer and the user who authorised it (Part Two, "Authority"): an
 * anonymous group of exactly two agents. Any other group is refused (the suite's XAPI-00098 and XAPI-00100).
 */
function authorityGroupProblems(group: Group, context: z.RefinementCtx): void {
  const identified = IFI_KEYS.filter((key) => group[key] !== undefined);
  if (identified.length > 0) context.addIssue({ code: 'custom', message: `A group as authority is an OAuth consumer and user: it must be anonymous (no ${identified.join(', ')}).`, path: ['authority', identified[0]!] });
  if (group.member?.length !== 2) context.addIssue({ code: 'custom', message: 'A group as authority must have exactly two members: the OAuth consumer and the user.', path: ['authority', 'member'] });
}

export const Statement = z
  .strictObject({
    id: Uuid.optional(),
    actor: Actor,
    verb: Verb,
    object: StatementObject,
    result: Result.optional(),
    context: Context.optional(),
    timestamp: Timestamp.optional(),
    stored: Timestamp.optional(),
    authority: Actor.optional(),
    version: z.string().regex(VERSION, 'This LRS takes xAPI 1.0.x statements.').optional(),
    attachments: z.array(Attachment).optional(),
  })
  .superRefine((statement, context) => {
    contextFitsObject(statement, context);
    if (statement.authority?.objectType === 'Group') authorityGroupProblems(statement.authority, context);
    if (statement.verb.id === VOIDED_VERB && statement.object.objectType !== 'StatementRef') {
      context.addIssue({ code: 'custom', message: 'A voiding statement’s object must be the StatementRef of the statement it voids.', path: ['object'] });
    }
  });
export type Statement = z.infer<typeof Statement>;

/** The verb that voids the statement its object refers to. */
export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

/** A problem with a statement: where (a path like `object.definition.name`) and what, in words. */
export interface StatementIssue {
  field: string;
  message: string;
}

/**
 * Parses one statement as the LRS receives it.
 * @returns the statement, or the issues that make it invalid (each with the property's path).
 */
export function parseStatement(input: unknown): { ok: true; statement: Statement } | { ok: false; issues: StatementIssue[] } {
  const parsed = Statement.safeParse(input);
  if (parsed.success) return { ok: true, statement: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(statement)', message: issue.message })) };
}
