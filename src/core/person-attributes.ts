/**
 * People's attributes: string facts from HR (job title, location, shift, region, …) that campaign audience
 * rules and trigger conditions match on. Pure and isomorphic: the API's schemas, the CSV import, audience
 * resolution and the web form share these rules.
 *
 * Keys are stored as given but must be canonical (lower-case snake case), so `Job Title` and `job_title` can
 * never be two attributes; the CSV import and the web form turn what people type into that form with
 * {@link normaliseAttributeKey}. Values keep their spelling; matching compares them trimmed and without case.
 */

/** At most this many attributes per person. */
export const MAX_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_KEY_LENGTH = 40;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 200;

/** A canonical key: a lower-case letter, then lower-case letters, digits and underscores. */
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Keys that would duplicate a person's real fields (or the CSV headers that fill them): an attribute of that
 * name would disagree with the field sooner or later. `department` is here because the import reads it as the team.
 */
export const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  'id',
  'email',
  'name',
  'display_name',
  'full_name',
  'team',
  'teams',
  'team_id',
  'department',
  'role',
  'roles',
  'manager',
  'manager_id',
  'manager_email',
  'time_zone',
  'timezone',
  'tz',
  'phone',
  'mobile',
  'chat_handle',
  'external_id',
  'employee_id',
  'locale',
  'working_days',
  'work_start',
  'work_end',
  'preferred_channels',
  'status',
  'password',
  'attributes',
  'email_opt_out_at',
  'created_at',
  'updated_at',
]);

/**
 * What people type (`Job Title`, `Store-Number`, `Région`) as a canonical key (`job_title`, `store_number`,
 * `region`): accents dropped, lower case, runs of anything else as one underscore. May return a key that
 * {@link attributeKeyProblem} still refuses (empty, starting with a digit, too long, reserved).
 */
export function normaliseAttributeKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Why `key` cannot be an attribute's key, as a sentence fragment (“must …”); null when it can. */
export function attributeKeyProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_ATTRIBUTE_KEY_LENGTH) return `must be at most ${MAX_ATTRIBUTE_KEY_LENGTH} characters`;
  if (!ATTRIBUTE_KEY_PATTERN.test(key)) {
    const suggestion = normaliseAttributeKey(key);
    const example = ATTRIBUTE_KEY_PATTERN.test(suggestion) && suggestion.length <= MAX_ATTRIBUTE_KEY_LENGTH ? suggestion : 'job_title';
    return `must be lower-case letters, digits and underscores, starting with a letter (e.g. ${example})`;
  }
  if (RESERVED_ATTRIBUTE_KEYS.has(key)) return `must not be "${key}": that is one of the person’s own fields`;
  return null;
}

/** A value as matching sees it: trimmed, Unicode-normalised and without case. */
export function comparableAttributeValue(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

/**
 * True when the attributes satisfy every criterion: for each key, the person's value is one of the listed
 * values (trimmed, case-insensitive). A key with no listed values is no criterion; no criteria match everyone.
 */
export function matchesAttributes(attributes: Readonly<Record<string, string>>, criteria: Readonly<Record<string, readonly string[]>>): boolean {
  for (const [rawKey, wanted] of Object.entries(criteria)) {
    if (wanted.length === 0) continue;
    const key = normaliseAttributeKey(rawKey);
    // Own keys only: `constructor` must not find Object.prototype's.
    const value = Object.hasOwn(attributes, key) ? attributes[key] : undefined;
    if (typeof value !== 'string') return false;
    const comparable = comparableAttributeValue(value);
    if (!wanted.some((candidate) => comparableAttributeValue(candidate) === comparable)) return false;
  }
  return true;
}
