/**
 * The admin's person form: values as the form holds them and the API bodies made from them. Pure, so it is
 * unit tested.
 */
import type { Person, PersonCreate, PersonPatch, Role } from '../lib/api-types.ts';
import { emptyToNull, toProfileFormValues, toProfilePatch, type ProfileFormValues } from '../lib/profile-fields.ts';

/** Everything an admin edits about a person. */
export interface PersonFormValues extends ProfileFormValues {
  email: string;
  roles: Role[];
  status: Person['status'];
  /** Teams to join; used when adding a person (memberships of existing people are edited on the team). */
  teamIds: string[];
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
};

/** The form showing an existing person. */
export function toPersonFormValues(person: Person): PersonFormValues {
  return {
    ...toProfileFormValues(person),
    email: person.email,
    roles: person.roles,
    status: person.status,
    teamIds: person.teams.map((team) => team.id),
  };
}

/** The PATCH body saving the form over an existing person. */
export function toPersonPatch(values: PersonFormValues): PersonPatch {
  return { ...toProfilePatch(values), email: values.email.trim(), roles: values.roles, status: values.status };
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
  return body;
}
