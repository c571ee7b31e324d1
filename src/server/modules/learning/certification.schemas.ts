/** Certifications and the compliance view. Isomorphic: the web app imports the types. */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
export const CertificationStatus = z.enum(['earned', 'due_soon', 'lapsed', 'not_earned']);

const CertificationFields = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  scope: z.enum(['course', 'objectives']).describe('course: complete the course; objectives: the lessons serving a set of objectives'),
  courseId: Id.nullable(),
  objectiveIds: z.array(Id).max(50),
  passMark: z.number().min(0).max(100).describe('The score to reach, 0–100 %'),
  validity: z.strictObject({ amount: z.number().int().min(1).max(3650), unit: z.enum(['days', 'months']) }),
  dueSoonDays: z.number().int().min(0).max(365).describe('An award expiring within this many days is due soon'),
  autoRecertify: z.boolean().describe('On a lapse, restart the person’s enrolment (source recertification) with a due date'),
  recertifyWithinDays: z.number().int().min(1).max(365).describe('The recertification enrolment’s due date, in days after the lapse'),
});

export const CertificationCreate = CertificationFields.partial({ description: true, courseId: true, objectiveIds: true, dueSoonDays: true, autoRecertify: true, recertifyWithinDays: true }).strict();
export type CertificationCreate = z.infer<typeof CertificationCreate>;
export const CertificationPatch = CertificationFields.extend({ status: z.enum(['active', 'archived']) }).partial().strict();
export type CertificationPatch = z.infer<typeof CertificationPatch>;

export const Certification = CertificationFields.extend({
  id: z.string(),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Certification = z.infer<typeof Certification>;
export const CertificationList = z.object({ items: z.array(Certification) });
export const CertificationParams = z.object({ id: Id });

export const ComplianceQuery = z.object({
  certificationId: Id.optional(),
  teamId: Id.optional(),
  status: CertificationStatus.optional(),
  q: z.string().trim().max(200).optional().describe('Part of a name or email'),
});
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;

export const ComplianceRow = z.object({
  certificationId: z.string(),
  certificationTitle: z.string(),
  personId: z.string(),
  displayName: z.string(),
  email: z.string(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  status: CertificationStatus,
  score: z.number().nullable(),
  earnedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  daysLeft: z.number().nullable(),
  recertificationDueAt: z.string().nullable().describe('The due date of the recertification started for the latest lapse'),
});
export type ComplianceRow = z.infer<typeof ComplianceRow>;
export const Compliance = z.object({
  items: z.array(ComplianceRow),
  counts: z.object({ earned: z.number(), due_soon: z.number(), lapsed: z.number(), not_earned: z.number() }),
  teams: z.array(z.object({ id: z.string(), name: z.string() })).describe('The teams the caller may filter by'),
});
export type Compliance = z.infer<typeof Compliance>;

export const SweepResult = z.object({ lapsedFound: z.number(), recertificationsStarted: z.number() });
