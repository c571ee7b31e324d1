/**
 * What an LRS looks statements up by (xAPI 1.0.3, Part Three, "GET Statements"): the agents and activities each
 * statement is about, directly or only "related", its verb, registration and the statement it targets; and the
 * forms it returns statements in (`exact`, `ids`, `canonical`). Pure.
 */
import type { Activity, Actor, Agent, Statement, SubStatement } from './statement.ts';
import { VOIDED_VERB } from './statement.ts';

/**
 * An agent's or identified group's inverse functional identifier as one comparable text (`mbox:mailto:kit@…`,
 * `account:<homePage> <name>`); undefined for an anonymous group. Two agents are the same when these are equal.
 */
export function ifiOf(agent: Pick<Agent, 'mbox' | 'mbox_sha1sum' | 'openid' | 'account'>): string | undefined {
  if (agent.mbox !== undefined) return `mbox:${agent.mbox.toLowerCase()}`;
  if (agent.mbox_sha1sum !== undefined) return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid !== undefined) return `openid:${agent.openid}`;
  if (agent.account !== undefined) return `account:${agent.account.homePage} ${agent.account.name}`;
  return undefined;
}

/** The identifiers an actor matches by: its own and, for a group, its members'. */
function actorIfis(actor: Actor): string[] {
  const own = ifiOf(actor);
  const members = 'member' in actor && actor.member ? actor.member.map((member) => ifiOf(member)) : [];
  return [own, ...members].filter((ifi): ifi is string => ifi !== undefined);
}

function activitiesOf(list: Activity | Activity[] | undefined): Activity[] {
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

/** What a statement is looked up by. `related` entries match only with related_agents / related_activities. */
export interface StatementTerms {
  verbId: string;
  registration: string | null;
  /** The statement its object refers to (a StatementRef), if any. */
  targetId: string | null;
  isVoiding: boolean;
  agents: { ifi: string; related: boolean }[];
  activities: { id: string; related: boolean }[];
}

function contextTerms(context: Statement['context'], agents: StatementTerms['agents'], activities: StatementTerms['activities']): void {
  if (!context) return;
  for (const who of [context.instructor, context.team]) if (who) for (const ifi of actorIfis(who)) agents.push({ ifi, related: true });
  const lists = context.contextActivities;
  if (lists) for (const list of [lists.parent, lists.grouping, lists.category, lists.other]) for (const activity of activitiesOf(list)) activities.push({ id: activity.id, related: true });
}

function objectTerms(object: Statement['object'] | SubStatement['object'], related: boolean, agents: StatementTerms['agents'], activities: StatementTerms['activities']): void {
  if (object.objectType === undefined || object.objectType === 'Activity') activities.push({ id: (object as Activity).id, related });
  else if (object.objectType === 'Agent' || object.objectType === 'Group') for (const ifi of actorIfis(object as Actor)) agents.push({ ifi, related });
  else if (object.objectType === 'SubStatement') {
    const sub = object as SubStatement;
    for (const ifi of actorIfis(sub.actor)) agents.push({ ifi, related: true });
    objectTerms(sub.object, true, agents, activities);
    contextTerms(sub.context, agents, activities);
  }
}

/** The terms of a statement as stored (its authority included), without duplicates. */
export function termsOf(statement: Statement): StatementTerms {
  const agents: StatementTerms['agents'] = actorIfis(statement.actor).map((ifi) => ({ ifi, related: false }));
  const activities: StatementTerms['activities'] = [];
  objectTerms(statement.object, false, agents, activities);
  contextTerms(statement.context, agents, activities);
  if (statement.authority) for (const ifi of actorIfis(statement.authority)) agents.push({ ifi, related: true });
  return {
    verbId: statement.verb.id,
    registration: statement.context?.registration?.toLowerCase() ?? null,
    targetId: statement.object.objectType === 'StatementRef' ? statement.object.id.toLowerCase() : null,
    isVoiding: statement.verb.id === VOIDED_VERB,
    agents: dedupe(agents, (a) => a.ifi),
    activities: dedupe(activities, (a) => a.id),
  };
}

/** One entry per key; a direct (not related) entry wins over a related one. */
function dedupe<T extends { related: boolean }>(entries: T[], keyOf: (entry: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    const seen = byKey.get(keyOf(entry));
    if (!seen || (seen.related && !entry.related)) byKey.set(keyOf(entry), entry);
  }
  return [...byKey.values()];
}

/** The forms GET returns statements in. */
export type StatementFormat = 'exact' | 'ids' | 'canonical';

function idsOfActor(actor: Actor): Actor {
  const objectType = actor.objectType;
  const ifi = (['mbox', 'mbox_sha1sum', 'openid', 'account'] as const).find((key) => actor[key] !== undefined);
  const identified = ifi ? { [ifi]: actor[ifi] } : {};
  if (objectType === 'Group') {
    // An anonymous group is identified by its members.
    const members = ifi ? {} : { member: ('member' in actor && actor.member ? actor.member : []).map((member) => idsOfActor(member) as Agent) };
    return { objectType, ...identified, ...members } as Actor;
  }
  return { ...(objectType ? { objectType } : {}), ...identified } as Actor;
}

/** A language map cut to the one language the reader prefers (the first of `languages` it has, else its first). */
function canonicalMap(map: Record<string, string>, languages: readonly string[]): Record<string, string> {
  const keys = Object.keys(map);
  const lower = keys.map((key) => key.toLowerCase());
  for (const wanted of languages) {
    const exact = lower.indexOf(wanted.toLowerCase());
    if (exact >= 0) return { [keys[exact]!]: map[keys[exact]!]! };
    const prefix = lower.findIndex((key) => key.split('-')[0] === wanted.toLowerCase().split('-')[0]);
    if (prefix >= 0) return { [keys[prefix]!]: map[keys[prefix]!]! };
  }
  return keys.length > 0 ? { [keys[0]!]: map[keys[0]!]! } : {};
}

const LANGUAGE_MAP_KEYS = new Set(['display', 'name', 'description']);

/** Every language map in a value cut to one language (a person's `name` is a string, so it is left alone). */
function canonicalValue(value: unknown, languages: readonly string[], key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalValue(item, languages));
  if (typeof value !== 'object' || value === null) return value;
  if (key !== undefined && LANGUAGE_MAP_KEYS.has(key) && Object.values(value).every((v) => typeof v === 'string')) return canonicalMap(value as Record<string, string>, languages);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'extensions' ? v : canonicalValue(v, languages, k)]));
}

function idsOfObject(object: Statement['object'] | SubStatement['object']): unknown {
  // An activity is its id alone: objectType "Activity" is optional and the default, and the ADL conformance suite
  // counts exactly one key in an activity returned as ids (XAPI-00171).
  if (object.objectType === undefined || object.objectType === 'Activity') return { id: (object as Activity).id };
  if (object.objectType === 'Agent' || object.objectType === 'Group') return idsOfActor(object as Actor);
  if (object.objectType === 'SubStatement') {
    const sub = object as SubStatement;
    return { ...sub, actor: idsOfActor(sub.actor), verb: { id: sub.verb.id }, object: idsOfObject(sub.object), ...(sub.context ? { context: idsOfContext(sub.context) } : {}) };
  }
  return object;
}

function idsOfContext(context: NonNullable<Statement['context']>): unknown {
  const lists = context.contextActivities;
  return {
    ...context,
    ...(context.instructor ? { instructor: idsOfActor(context.instructor) } : {}),
    ...(context.team ? { team: idsOfActor(context.team) } : {}),
    ...(lists ? { contextActivities: Object.fromEntries(Object.entries(lists).map(([k, list]) => [k, activitiesOf(list).map((activity) => idsOfObject(activity))])) } : {}),
  };
}

/**
 * A stored statement in the form asked for: `exact` as stored; `ids` with agents, groups, activities and verbs cut to
 * what identifies them; `canonical` with each language map cut to the reader's language (`languages`, from
 * Accept-Language, most wanted first).
 */
export function formatStatement(statement: Statement, format: StatementFormat, languages: readonly string[] = []): Statement {
  if (format === 'exact') return statement;
  if (format === 'canonical') return canonicalValue(statement, languages) as Statement;
  return {
    ...statement,
    actor: idsOfActor(statement.actor),
    verb: { id: statement.verb.id },
    object: idsOfObject(statement.object),
    ...(statement.context ? { context: idsOfContext(statement.context) } : {}),
    ...(statement.authority ? { authority: idsOfActor(statement.authority) } : {}),
  } as Statement;
}

/** Context activities as the LRS stores and returns them: each list an array, even of one. */
export function withActivityLists<T extends Statement | SubStatement>(statement: T): T {
  const lists = statement.context?.contextActivities;
  const object = statement.object.objectType === 'SubStatement' ? withActivityLists(statement.object as SubStatement) : statement.object;
  if (!lists) return object === statement.object ? statement : { ...statement, object };
  const normalised = Object.fromEntries(Object.entries(lists).map(([key, list]) => [key, activitiesOf(list)]));
  return { ...statement, object, context: { ...statement.context, contextActivities: normalised } };
}

/** Properties the LRS sets or may set; two statements that differ only in them are the same statement. */
const LRS_PROPERTIES = ['stored', 'authority', 'version'] as const;

/**
 * Whether a statement received again (the same id) is the one stored: equal apart from what the LRS sets, and apart
 * from a timestamp the sender left out (the LRS filled it in the first time).
 */
export function isSameStatement(stored: Statement, received: Statement): boolean {
  const strip = (statement: Statement, dropTimestamp: boolean) => {
    const copy: Record<string, unknown> = { ...withActivityLists(statement) };
    for (const key of LRS_PROPERTIES) delete copy[key];
    if (dropTimestamp) delete copy.timestamp;
    return canonicalJson(copy);
  };
  const dropTimestamp = received.timestamp === undefined;
  return strip(stored, dropTimestamp) === strip(received, dropTimestamp);
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}
