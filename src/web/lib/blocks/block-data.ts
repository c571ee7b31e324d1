/**
 * Reading the learner view of a lesson's blocks, which the API sends loosely typed (`Record<string, unknown>`):
 * small readers that never throw, and the media a lesson's blocks use.
 */

/** One block as `GET /api/lessons/:id/preview` and the lesson player receive it. */
export type RenderedBlock = Record<string, unknown>;

/** The value when it is a string, else ''. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** The value when it is an array, else []. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** The value when it is an object, else {}. */
export const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The ids of every media file the blocks show (image, video, audio and skill-demonstration steps), once each. */
export function mediaIdsOfBlocks(blocks: readonly RenderedBlock[]): string[] {
  const ids = blocks.flatMap((block) => [text(block.mediaId), ...list(block.steps).map((step) => text(record(step).mediaId))]);
  return [...new Set(ids.filter(Boolean))];
}
