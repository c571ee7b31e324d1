/**
 * The admin's person form: values as the form holds them and the API bodies made from them. Pure, so it is
 * unit tested.
 */
import { attributeKeyProblem, MAX_ATTRIBUTES, normaliseAttributeKey } from '../../core/person-attributes.ts';
import type { Person, PersonCreate, PersonPatch, Role } from '../lib/api-types.ts';
import { emptyToNull, toProfileFormValues, toProfilePatch, type ProfileFormValues } from '../lib/profile-fields.ts';

/** One attribute as the form holds it: the name as typed and its value. */
export interface AttributeRow {
  key: string;
  value: string;
}

/** Everything an admin edits about a person. */
export interface PersonFormValues extends ProfileFormValues {
  email: string;
  roles: Role[];
  status: Person['status'];
  /** Teams to join; used when adding a person (memberships of existing people are edited on the team). */
  teamIds: string[];
  /** HR attributes, one row each, in the order shown. */
  attributes: AttributeRow[];
}

/** An empty form for a new person: a learner, reached through the app and email. */
export const NEW_PERSON: PersonFormValues = {
  displayName: '',
  email: '',
  phone: '',
  chatHandle: '',
  timeZone: '',
  workingDays: [],
  workStart: '',
  workEnd: '',
  locale: '',
  preferredChannels: ['app', 'email'],
  roles: ['learner'],
  status: 'active',
  teamIds: [],
  attributes: [],
};

/** The form showing an existing person. */
export function toPersonFormValues(person: Person): PersonFormValues {
  return {
    ...toProfileFormValues(person),
    email: person.email,
    roles: person.roles,
    status: person.status,
    teamIds: person.teams.map((team) => team.id),
    attributes: Object.entries(person.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value })),
  };
}

/**
 * The attributes to send: names typed as people write them (`Job title`) become canonical keys (`job_title`),
 * values are trimmed, and rows left entirely empty are dropped.
 */
export function toAttributes(rows: readonly AttributeRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key.trim() !== '' || row.value.trim() !== '').map((row) => [normaliseAttributeKey(row.key), row.value.trim()]));
}

/**
 * What is wrong with the attribute rows before anything is sent (the server checks again): a name that cannot
 * be a key, a name given twice, a value without a name, too many. One sentence per problem; empty when fine.
 */
export function findAttributeProblems(rows: readonly AttributeRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const filled = rows.filter((row) => row.key.trim() !== '' || row.value.trim() !== '');
  for (const row of filled) {
    const key = normaliseAttributeKey(row.key);
    if (row.key.trim() === '') {
      problems.push(`The value “${row.value.trim()}” needs an attribute name.`);
      continue;
    }
    const problem = attributeKeyProblem(key);
    if (problem) problems.push(`The attribute name “${row.key.trim()}” ${problem}.`);
    else if (seen.has(key)) problems.push(`The attribute ${key} is given twice.`);
    else if (row.value.trim() === '') problems.push(`The attribute ${key} needs a value (or remove it).`);
    seen.add(key);
  }
  if (filled.length > MAX_ATTRIBUTES) problems.push(`A person has at most ${MAX_ATTRIBUTES} attributes.`);
  return problems;
}

/** The PATCH body saving the form over an existing person. */
export function toPersonPatch(values: PersonFormValues): PersonPatch {
  return { ...toProfilePatch(values), email: values.email.trim(), roles: values.roles, status: values.status, attributes: toAttributes(values.attributes) };
}

/** The POST body adding a new person; fields left empty are not sent, so defaults apply. */
export function toPersonCreate(values: PersonFormValues): PersonCreate {
  const patch = toProfilePatch(values);
  const body: PersonCreate = { email: values.email.trim(), displayName: patch.displayName ?? '', roles: values.roles, preferredChannels: values.preferredChannels };
  if (patch.phone) body.phone = patch.phone;
  if (patch.chatHandle) body.chatHandle = patch.chatHandle;
  if (patch.timeZone) body.timeZone = patch.timeZone;
  if (patch.workingDays) body.workingDays = patch.workingDays;
  if (patch.workStart) body.workStart = patch.workStart;
  if (patch.workEnd) body.workEnd = patch.workEnd;
  const locale = emptyToNull(values.locale);
  if (locale) body.locale = locale;
  if (values.teamIds.length > 0) body.teamIds = values.teamIds;
  const attributes = toAttributes(values.attributes);
  if (Object.keys(attributes).length > 0) body.attributes = attributes;
  return body;
}
