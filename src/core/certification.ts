/**
 * Certifications: when an award expires, and where a person stands (earned, due soon, lapsed, not earned).
 * Pure: time is an argument. Validity is added in UTC with Luxon's calendar arithmetic, which clamps to the end
 * of a shorter month (31 January + 1 month = 28 or 29 February).
 */
import { DateTime } from 'luxon';

export type ValidityUnit = 'days' | 'months';
export type CertificationStatus = 'earned' | 'due_soon' | 'lapsed' | 'not_earned';
export const CERTIFICATION_STATUSES: readonly CertificationStatus[] = ['earned', 'due_soon', 'lapsed', 'not_earned'];

export interface Validity {
  amount: number;
  unit: ValidityUnit;
}

/** An award as the status reads it. */
export interface AwardDates {
  earnedAt: string;
  expiresAt: string;
}

/**
 * When an award earned at `earnedAt` expires: `earnedAt` plus the validity, in UTC.
 * @throws RangeError for a non-positive amount or an invalid timestamp.
 */
export function expiryOf(earnedAt: string, validity: Validity): string {
  if (!Number.isInteger(validity.amount) || validity.amount < 1) throw new RangeError('The validity must be a whole number of days or months, at least 1.');
  const start = DateTime.fromISO(earnedAt, { zone: 'utc' });
  if (!start.isValid) throw new RangeError(`Not a timestamp: ${earnedAt}`);
  return start.plus(validity.unit === 'days' ? { days: validity.amount } : { months: validity.amount }).toUTC().toISO() as string;
}

/** The award that decides the status: the one expiring last (an earlier renewal never shortens a later one). */
export function currentAward<T extends AwardDates>(awards: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const award of awards) if (!best || Date.parse(award.expiresAt) > Date.parse(best.expiresAt)) best = award;
  return best;
}

export interface StatusResult {
  status: CertificationStatus;
  /** When the current award expires (or expired); null when never earned. */
  expiresAt: string | null;
  /** Whole days until expiry (negative once lapsed), rounded down; null when never earned. */
  daysLeft: number | null;
}

/**
 * Where a person stands with a certification at `now`:
 * - `not_earned`: no award;
 * - `lapsed`: the latest award expired at or before `now`;
 * - `due_soon`: it expires within `dueSoonDays` days of `now`;
 * - `earned`: otherwise.
 */
export function certificationStatus(awards: readonly AwardDates[], now: Date, dueSoonDays = 30): StatusResult {
  const award = currentAward(awards);
  if (!award) return { status: 'not_earned', expiresAt: null, daysLeft: null };
  const expires = Date.parse(award.expiresAt);
  const msLeft = expires - now.getTime();
  const daysLeft = Math.floor(msLeft / 86_400_000);
  if (msLeft <= 0) return { status: 'lapsed', expiresAt: award.expiresAt, daysLeft };
  if (msLeft <= dueSoonDays * 86_400_000) return { status: 'due_soon', expiresAt: award.expiresAt, daysLeft };
  return { status: 'earned', expiresAt: award.expiresAt, daysLeft };
}

/** True when `score` (0–100) reaches the pass mark (0–100). A pass mark of 0 passes any completed attempt. */
export function meetsPassMark(score: number, passMark: number): boolean {
  return score + 1e-9 >= passMark;
}
