/**
 * The personal settings shared by the admin's person form and a person's own profile: conversion between
 * form values (strings, empty meaning "not set") and the API's nullable fields. Pure, so it is unit tested.
 */
import type { Channel, Person, ProfilePatch } from './api-types.ts';

/** ISO weekdays, Monday = 1. */
export const WEEKDAYS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 1, label: 'Mon' },
  { value: 2, label: 'Tue' },
  { value: 3, label: 'Wed' },
  { value: 4, label: 'Thu' },
  { value: 5, label: 'Fri' },
  { value: 6, label: 'Sat' },
  { value: 7, label: 'Sun' },
];

/** Every channel, in the order the UI lists them. */
export const CHANNELS: readonly Channel[] = ['app', 'email', 'chat', 'sms'];

/** Human names of the channels. */
export const CHANNEL_LABELS: Record<Channel, string> = { app: 'Web app', email: 'Email', chat: 'Chat', sms: 'SMS' };

/** The settings a person may change about themselves, as a form holds them. */
export interface ProfileFormValues {
  displayName: string;
  phone: string;
  chatHandle: string;
  timeZone: string;
  workingDays: number[];
  workStart: string;
  workEnd: string;
  locale: string;
  preferredChannels: Channel[];
}

/** The form values showing a person's current settings. */
export function toProfileFormValues(person: Person): ProfileFormValues {
  return {
    displayName: person.displayName,
    phone: person.phone ?? '',
    chatHandle: person.chatHandle ?? '',
    timeZone: person.timeZone ?? '',
    workingDays: person.workingDays ?? [],
    workStart: person.workStart ?? '',
    workEnd: person.workEnd ?? '',
    locale: person.locale ?? '',
    preferredChannels: person.preferredChannels,
  };
}

/** `''` → null, otherwise the trimmed text. */
export function emptyToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The API patch for these form values. Empty fields become null ("use the team's or organisation's"),
 * and so does an empty set of working days.
 */
export function toProfilePatch(values: ProfileFormValues): ProfilePatch {
  return {
    displayName: values.displayName.trim(),
    phone: emptyToNull(values.phone),
    chatHandle: emptyToNull(values.chatHandle),
    timeZone: emptyToNull(values.timeZone),
    workingDays: values.workingDays.length > 0 ? [...values.workingDays].sort((a, b) => a - b) : null,
    workStart: emptyToNull(values.workStart),
    workEnd: emptyToNull(values.workEnd),
    locale: emptyToNull(values.locale),
    preferredChannels: values.preferredChannels,
  };
}

/** The time zone of this browser, e.g. `Europe/Paris`; `UTC` when the browser does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
