import type { Kysely } from 'kysely';
import { buildReviewHistories, isUsableWeights, MINIMUM_REVIEWS_TO_FIT } from '../../../core/reinforcement/review-histories.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Actor, type IdentityService, requireRole } from '../identity/index.ts';
import { fitFsrsWeights, OPTIMIZER } from './fsrs-optimiser.ts';

export interface FsrsFitDeps {
  db: Kysely<Database>;
  clock: Clock;
  identity: IdentityService;
}

/** What an organisation's scheduler uses, and why. */
export interface FsrsParametersStatus {
  source: 'fitted' | 'defaults';
  weights: number[] | null;
  reviewCount: number;
  itemCount: number;
  fittedAt: string | null;
  minimumReviews: number;
  /** Reviews in the log now that fitting would learn from. */
  reviewsAvailable: number;
}

export interface FitResult {
  orgId: string;
  status: 'fitted' | 'not_enough_reviews';
  reviewCount: number;
  itemCount: number;
  minimumReviews: number;
  weights: number[] | null;
  fittedAt: string | null;
}

const CACHE_MS = 5 * 60_000;

/**
 * Fits each organisation's FSRS weights from its review log with @open-spaced-repetition/binding (fsrs-rs), once
 * it has at least MINIMUM_REVIEWS_TO_FIT reviews after items' first answers; until then (and if fitting fails) the
 * scheduler uses the FSRS-6 defaults. The weights are stored per organisation with when and from how many
 * reviews; `weightsOf` gives them to the scheduler (cached for five minutes per process).
 */
export function createFsrsFitService({ db, clock, identity }: FsrsFitDeps) {
  const cache = new Map<string, { weights: number[] | undefined; at: number }>();

  async function loadHistories(orgId: string) {
    const rows = await db
      .selectFrom('review_log')
      .select(['review_item_id', 'reviewed_at', 'rating', 'state_before', 'delta_t_days'])
      .where('org_id', '=', orgId)
      .orderBy('review_item_id')
      .orderBy('reviewed_at')
      .execute();
    return buildReviewHistories(rows.map((r) => ({ reviewItemId: r.review_item_id, reviewedAt: r.reviewed_at, rating: Number(r.rating), stateBefore: Number(r.state_before), deltaTDays: r.delta_t_days === null ? null : Number(r.delta_t_days) })));
  }

  async function findStored(orgId: string) {
    return db.selectFrom('fsrs_parameters').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  }

  async function fit(orgId: string): Promise<FitResult> {
    const { histories, reviewCount, itemCount } = await loadHistories(orgId);
    if (reviewCount < MINIMUM_REVIEWS_TO_FIT) {
      const stored = await findStored(orgId);
      return { orgId, status: 'not_enough_reviews', reviewCount, itemCount, minimumReviews: MINIMUM_REVIEWS_TO_FIT, weights: stored ? (JSON.parse(stored.weights) as number[]) : null, fittedAt: stored?.fitted_at ?? null };
    }
    const weights = await fitFsrsWeights(histories);
    const fittedAt = clock.now().toISOString();
    const row = { org_id: orgId, weights: JSON.stringify(weights), review_count: reviewCount, item_count: itemCount, optimizer: OPTIMIZER, fitted_at: fittedAt };
    await db
      .insertInto('fsrs_parameters')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ weights: row.weights, review_count: row.review_count, item_count: row.item_count, optimizer: row.optimizer, fitted_at: row.fitted_at }))
      .execute();
    cache.set(orgId, { weights, at: Date.now() });
    return { orgId, status: 'fitted', reviewCount, itemCount, minimumReviews: MINIMUM_REVIEWS_TO_FIT, weights, fittedAt };
  }

  return {
    /** The organisation's fitted weights for the scheduler, or undefined for the defaults. */
    async weightsOf(orgId: string): Promise<readonly number[] | undefined> {
      const hit = cache.get(orgId);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.weights;
      const stored = await findStored(orgId);
      const parsed = stored ? (JSON.parse(stored.weights) as unknown[]) : undefined;
      const weights = parsed && isUsableWeights(parsed) ? parsed : undefined;
      cache.set(orgId, { weights, at: Date.now() });
      return weights;
    },

    /** Admins: the weights in use and the data behind them. */
    async status(actor: Actor): Promise<FsrsParametersStatus> {
      requireRole(actor, ['admin']);
      const stored = await findStored(actor.orgId);
      const { reviewCount } = await loadHistories(actor.orgId);
      return {
        source: stored ? 'fitted' : 'defaults',
        weights: stored ? (JSON.parse(stored.weights) as number[]) : null,
        reviewCount: stored ? stored.review_count : 0,
        itemCount: stored ? stored.item_count : 0,
        fittedAt: stored?.fitted_at ?? null,
        minimumReviews: MINIMUM_REVIEWS_TO_FIT,
        reviewsAvailable: reviewCount,
      };
    },

    /**
     * Fits the actor's organisation now (admins; the CLI acts as the system).
     * @throws AppError service_unavailable when the optimiser cannot be loaded.
     */
    async fitOrganisation(actor: Actor): Promise<FitResult> {
      requireRole(actor, ['admin']);
      return fit(actor.orgId);
    },

    /** The background job: fits every organisation with enough reviews; failures are reported per organisation. */
    async fitAll(onError?: (error: unknown, orgId: string) => void): Promise<FitResult[]> {
      const results: FitResult[] = [];
      for (const org of await identity.listOrganisations()) {
        try {
          results.push(await fit(org.id));
        } catch (error) {
          onError?.(error, org.id);
        }
      }
      return results;
    },
  };
}

export type FsrsFitService = ReturnType<typeof createFsrsFitService>;
