/** The certification form without React: the draft, from and to the API's shape, and what is missing. */
import type { Certification } from '../../manage/assessment.ts';

export interface CertificationDraft {
  title: string;
  description: string;
  scope: 'course' | 'objectives';
  courseId: string;
  objectiveIds: string[];
  passMark: string;
  validityAmount: string;
  validityUnit: 'days' | 'months';
  dueSoonDays: string;
  autoRecertify: boolean;
  recertifyWithinDays: string;
}

export const EMPTY_DRAFT: CertificationDraft = { title: '', description: '', scope: 'course', courseId: '', objectiveIds: [], passMark: '80', validityAmount: '12', validityUnit: 'months', dueSoonDays: '30', autoRecertify: true, recertifyWithinDays: '30' };

/** The form's draft of an existing certification. */
export function draftOf(certification: Certification): CertificationDraft {
  return {
    title: certification.title,
    description: certification.description,
    scope: certification.scope,
    courseId: certification.courseId ?? '',
    objectiveIds: certification.objectiveIds,
    passMark: String(certification.passMark),
    validityAmount: String(certification.validity.amount),
    validityUnit: certification.validity.unit,
    dueSoonDays: String(certification.dueSoonDays),
    autoRecertify: certification.autoRecertify,
    recertifyWithinDays: String(certification.recertifyWithinDays),
  };
}

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The API body for the draft, or the problems to fix first (one line each). */
export function toBody(draft: CertificationDraft): { body: Record<string, unknown> } | { problems: string[] } {
  const problems: string[] = [];
  const passMark = Number(draft.passMark);
  const amount = whole(draft.validityAmount);
  const dueSoon = whole(draft.dueSoonDays);
  const within = whole(draft.recertifyWithinDays);
  if (!draft.title.trim()) problems.push('Give the certification a title.');
  if (draft.scope === 'course' && !draft.courseId) problems.push('Choose the course.');
  if (draft.scope === 'objectives' && draft.objectiveIds.length === 0) problems.push('Choose at least one objective.');
  if (draft.passMark.trim() === '' || !Number.isFinite(passMark) || passMark < 0 || passMark > 100) problems.push('The pass mark is a percentage from 0 to 100.');
  if (!(amount >= 1)) problems.push('The validity is a whole number, at least 1.');
  if (!(dueSoon >= 0)) problems.push('“Due soon” is a whole number of days.');
  if (draft.autoRecertify && !(within >= 1)) problems.push('Recertification needs a due date of at least 1 day.');
  if (problems.length > 0) return { problems };
  return {
    body: {
      title: draft.title.trim(),
      description: draft.description.trim(),
      scope: draft.scope,
      courseId: draft.scope === 'course' ? draft.courseId : null,
      objectiveIds: draft.scope === 'objectives' ? draft.objectiveIds : [],
      passMark,
      validity: { amount, unit: draft.validityUnit },
      dueSoonDays: dueSoon,
      autoRecertify: draft.autoRecertify,
      recertifyWithinDays: draft.autoRecertify ? within : 30,
    },
  };
}
