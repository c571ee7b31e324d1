/**
 * The manage area's compliance, forecast and before/after views, without React: types from the server's schemas,
 * labels, and the CSV link.
 */
import type { z } from 'zod';
import type { Certification as CertificationSchema, Compliance as ComplianceSchema, ComplianceQuery } from '../../server/modules/learning/certification.schemas.ts';
import type { CheckResults as CheckResultsSchema } from '../../server/modules/learning/checks.schemas.ts';
import type { TeamForecast as TeamForecastSchema } from '../../server/modules/learning/reinforcement.schemas.ts';
import { buildUrl } from '../lib/api-client.ts';

export type Certification = z.infer<typeof CertificationSchema>;
export type Compliance = z.infer<typeof ComplianceSchema>;
export type ComplianceRow = Compliance['items'][number];
export type ComplianceFilters = Partial<Record<keyof ComplianceQuery, string>>;
export type CheckResults = z.infer<typeof CheckResultsSchema>;
export type TeamForecast = z.infer<typeof TeamForecastSchema>;
export type CertificationStatus = ComplianceRow['status'];

export const STATUS_LABELS: Record<CertificationStatus, string> = { earned: 'Certified', due_soon: 'Due soon', lapsed: 'Lapsed', not_earned: 'Not certified' };
export const STATUS_OPTIONS: ReadonlyArray<{ value: CertificationStatus; label: string }> = (Object.keys(STATUS_LABELS) as CertificationStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] }));

/** The query of the compliance view and its CSV export, empty filters left out. */
export function complianceUrl(filters: ComplianceFilters, csv = false): string {
  return buildUrl(csv ? '/api/compliance.csv' : '/api/compliance', filters);
}

/** "Expires in 12 days", "Lapsed 3 days ago", "Never certified". */
export function describeExpiry(row: Pick<ComplianceRow, 'status' | 'daysLeft'>): string {
  if (row.daysLeft === null) return 'Never certified';
  if (row.status === 'lapsed') {
    // daysLeft is rounded down: −1 means within the last day.
    const daysAgo = -row.daysLeft - 1;
    return daysAgo <= 0 ? 'Lapsed within the last day' : `Lapsed ${daysAgo} ${daysAgo === 1 ? 'day' : 'days'} ago`;
  }
  return row.daysLeft === 0 ? 'Expires today' : `Expires in ${row.daysLeft} ${row.daysLeft === 1 ? 'day' : 'days'}`;
}

/** "12 months", "30 days". */
export function describeValidity(validity: Certification['validity']): string {
  const unit = validity.unit === 'months' ? 'month' : 'day';
  return `${validity.amount} ${unit}${validity.amount === 1 ? '' : 's'}`;
}

/** A change in points with its sign: "+25", "−10", "–" for none. */
export function formatChange(change: number | null): string {
  if (change === null) return '–';
  const rounded = Math.round(change);
  return rounded > 0 ? `+${rounded}` : rounded < 0 ? `−${Math.abs(rounded)}` : '0';
}
