import { isUsableWeights, type ReviewHistories } from '../../../core/reinforcement/review-histories.ts';
import { AppError } from '../../platform/errors.ts';

/** What fits the weights, as stored beside them. */
export const OPTIMIZER = '@open-spaced-repetition/binding@0.5 (fsrs-rs), short-term off';

/**
 * Fits FSRS-6 weights to review histories with @open-spaced-repetition/binding (fsrs-rs), short-term steps off as
 * Morsel schedules. The one place the native optimiser is called: the daily fitting job and the retention
 * benchmark both use it, so the benchmark measures the weights the product would use.
 * @throws AppError service_unavailable when the binding cannot be loaded on this platform.
 * @throws AppError internal_error when the optimiser returns something other than 21 finite weights.
 */
export async function fitFsrsWeights(histories: ReviewHistories['histories']): Promise<number[]> {
  let binding: typeof import('@open-spaced-repetition/binding');
  try {
    binding = await import('@open-spaced-repetition/binding');
  } catch (error) {
    throw new AppError('service_unavailable', 'The FSRS optimiser (@open-spaced-repetition/binding) could not be loaded on this platform.', { cause: String(error) });
  }
  // One training item per review after the first, holding the history up to it (the binding's FSRSItem).
  const items = histories.flatMap((history) => history.slice(1).map((_, index) => new binding.FSRSBindingItem(history.slice(0, index + 2).map((r) => new binding.FSRSBindingReview(r.rating, r.deltaT)))));
  const weights: number[] = await binding.computeParameters(items, { enableShortTerm: false });
  if (!isUsableWeights(weights)) throw new AppError('internal_error', `The optimiser returned ${(weights as number[]).length} weights; FSRS-6 needs 21.`);
  return weights;
}
