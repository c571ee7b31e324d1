/** The search API's request and response schemas. Isomorphic: the web client imports them too (types only). */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'Type a question or a few words.').max(500),
  /** Authors: search draft working copies too, as the studio sees them. */
  drafts: z.stringbool().optional(),
  /** Results as the learner types: the last word counts as the start of a word. */
  typing: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResult = z.object({
  lessonId: z.string(),
  title: z.string(),
  coreQuestion: z.string(),
  /** Higher is better; comparable within one answer only. */
  score: z.number(),
  /** The passage that matched best, as plain text. */
  snippet: z.string(),
  /** Where the question's words are in `snippet`: [start, end) offsets to highlight. */
  highlights: z.array(z.tuple([z.number(), z.number()])),
  estimatedSeconds: z.number(),
  /** For learners: the course (one they are enrolled in) to open the lesson in. */
  courseId: z.string().nullable(),
  /** For lessons made by an import: the document and the headings it came from. */
  source: z.object({ document: z.string(), headingPath: z.array(z.string()) }).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResults = z.object({
  /** Identifies this search for "this did not answer my question" (null when nothing was logged). */
  queryId: z.string().nullable(),
  query: z.string(),
  /** The question as searched after typo correction, when a word was corrected ("Showing results for …"). */
  correctedQuery: z.string().nullable(),
  results: z.array(SearchResult),
});
export type SearchResults = z.infer<typeof SearchResults>;

export const SearchFeedback = z.object({ queryId: Id, lessonId: Id }).strict();
export type SearchFeedback = z.infer<typeof SearchFeedback>;

export const ContentGap = z.object({
  /** The question's words, as grouped. */
  question: z.string(),
  /** One way it was actually asked (the latest). */
  example: z.string(),
  asked: z.number(),
  withoutAnswer: z.number(),
  unhelpful: z.number(),
  lastAskedAt: z.string(),
  teams: z.array(z.object({ teamId: z.string().nullable(), name: z.string(), count: z.number() })),
});
export const ContentGaps = z.object({ days: z.number(), gaps: z.array(ContentGap) });
export type ContentGaps = z.infer<typeof ContentGaps>;
export const ContentGapsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const SynonymGroups = z.object({
  groups: z
    .array(z.array(z.string().trim().min(1).max(60)).min(2, 'A group needs at least two words that mean the same.').max(20))
    .max(500),
});
export type SynonymGroups = z.infer<typeof SynonymGroups>;
