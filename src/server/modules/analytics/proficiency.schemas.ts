/** The proficiency heat map's request and response schemas. Isomorphic: the web app imports the types. */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** Which course's evidence, which team, and at what moment (now by default). */
export const ProficiencyQuery = z.strictObject({
  courseId: Id.optional().describe('Only this course’s answers and review items (all courses when absent)'),
  teamId: Id.optional().describe('Only this team (one of the caller’s)'),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('The moment recall is estimated at (ISO 8601; now when absent): later to see what forgetting would do, earlier to see what was known then'),
});
export type ProficiencyQuery = z.infer<typeof ProficiencyQuery>;

export const ProficiencyCell = z.object({
  objectiveId: z.string(),
  teamId: z.string(),
  now: z.number().nullable().describe('Mean recall probability (or, without review items, recent answers’ score), 0–100 %'),
  baseline: z.number().nullable().describe('Mean baseline-check score (or first answers’ score), 0–100 %'),
  change: z.number().nullable().describe('Mean of now − baseline over the people with both, in points'),
  people: z.number().describe('People of the team with evidence for the objective'),
  counts: z.object({ now: z.number(), baseline: z.number(), change: z.number() }).describe('People each value rests on'),
  suppressed: z.boolean().describe('A value is withheld: fewer than `minimumPeople` people have it'),
  reason: z.enum(['no_data', 'too_few_people']).nullable(),
});
export type ProficiencyCell = z.infer<typeof ProficiencyCell>;

export const Proficiency = z.object({
  at: z.string().describe('The moment of "now"'),
  courseId: z.string().nullable(),
  minimumPeople: z.number().describe('Fewest people a shown value rests on'),
  objectives: z.array(z.object({ id: z.string(), title: z.string() })).describe('The rows, by title'),
  teams: z.array(z.object({ id: z.string(), name: z.string(), members: z.number() })).describe('The columns: the caller’s teams (admins and authors: every team), by name'),
  cells: z.array(ProficiencyCell).describe('One per objective and team, objectives first'),
  courses: z.array(z.object({ id: z.string(), title: z.string() })).describe('Published courses, to choose from'),
});
export type Proficiency = z.infer<typeof Proficiency>;
