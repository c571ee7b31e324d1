import type { Logger } from 'pino';
import type { CertificationService } from './certification.service.ts';
import type { FsrsFitService } from './fsrs-fit.service.ts';

const HOUR = 3_600_000;

/**
 * The learning module's background work, in-process on an interval (a job table takes this over with the delivery
 * issue): the certification sweep (lost awards caught up, recertifications started) at start and hourly, fitting FSRS weights daily. Both are idempotent, so several servers
 * running them at once do no harm. Returns a function that stops them.
 */
export function startLearningJobs(services: { certifications: CertificationService; fsrs: FsrsFitService }, logger: Logger, intervals: { sweepMs: number; fitMs: number; firstSweepMs?: number } = { sweepMs: HOUR, fitMs: 24 * HOUR }): () => void {
  const runSweep = () =>
    services.certifications
      .sweep()
      .then((result) => {
        if (result.recertificationsStarted > 0 || result.awardsCaughtUp > 0) logger.info(result, 'certification sweep');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'recertification sweep failed'));
  // Once soon after start (awards a crash lost are found again), then hourly.
  const firstSweep = setTimeout(runSweep, intervals.firstSweepMs ?? 10_000);
  const sweep = setInterval(runSweep, intervals.sweepMs);
  const fit = setInterval(() => {
    services.fsrs
      .fitAll((error, orgId) => logger.warn({ err: error, orgId }, 'fitting FSRS weights failed'))
      .then((results) => {
        const fitted = results.filter((r) => r.status === 'fitted');
        if (fitted.length > 0) logger.info({ organisations: fitted.map((r) => ({ orgId: r.orgId, reviews: r.reviewCount })) }, 'FSRS weights fitted');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'fitting FSRS weights failed'));
  }, intervals.fitMs);
  firstSweep.unref();
  sweep.unref();
  fit.unref();
  return () => {
    clearTimeout(firstSweep);
    clearInterval(sweep);
    clearInterval(fit);
  };
}
