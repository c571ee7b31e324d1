/** The pick list of the organisation's certifications for a badge rule. Pure, so it is unit tested. */
import type { Certification } from '../../manage/assessment.ts';

/** What the badge pages need of a certification. */
export type CertificationChoice = Pick<Certification, 'id' | 'title' | 'status'>;

/** The pick list's first option: a badge for any certification. */
export const ANY_CERTIFICATION = { value: '', label: 'Any certification' } as const;

/**
 * The options of the certification pick list: "Any certification", then the active certifications by title.
 * Archived ones are left out (no one earns them any more), except the one already chosen, so a choice never
 * silently changes.
 */
export function certificationOptions(certifications: readonly CertificationChoice[], chosenId: string): Array<{ value: string; label: string }> {
  const offered = certifications
    .filter((certification) => certification.status === 'active' || certification.id === chosenId)
    .map((certification) => ({ value: certification.id, label: certification.status === 'active' ? certification.title : `${certification.title} (archived)` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
  return [ANY_CERTIFICATION, ...offered];
}
