import type { Logger } from 'pino';
import type { BoostNudger } from './boost-nudges.ts';
import type { CampaignService } from './campaign.service.ts';
import type { Dispatcher } from './dispatcher.ts';

/** How often active campaigns pick up people who newly match their audience (and end when done), and boost nudges go. */
const AUDIENCE_SYNC_MS = 5 * 60_000;

export interface DeliveryJobs {
  /** Looks for due deliveries now instead of at the next interval (after some were planned). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The delivery module's background work, in-process: the dispatcher every `dispatchMs` (and at once when woken),
 * the audience sync and the daily boost nudges every five minutes. All are safe with several servers running them at once: a delivery
 * is settled by exactly one dispatcher (see dispatcher.ts), joining a campaign is keyed by person, and a nudge by
 * person and local date.
 */
export function startDeliveryJobs(services: { dispatcher: Dispatcher; campaigns: CampaignService; boostNudger: BoostNudger }, logger: Pick<Logger, 'info' | 'warn'>, intervals: { dispatchMs: number; audienceMs?: number }): DeliveryJobs {
  let running: Promise<void> = Promise.resolve();
  let isStopped = false;
  let again = false;
  let isBusy = false;
  const dispatch = () => {
    if (isStopped) return;
    if (isBusy) {
      again = true;
      return;
    }
    isBusy = true;
    running = (async () => {
      do {
        again = false;
        try {
          // A full pass means there may be more: go again at once.
          for (let pass = await services.dispatcher.dispatchDue(); pass.sent + pass.skipped + pass.deferred >= 200; pass = await services.dispatcher.dispatchDue()) {
            if (isStopped) break;
          }
        } catch (error) {
          logger.warn({ err: error }, 'dispatching due deliveries failed');
        }
      } while (again && !isStopped);
      isBusy = false;
    })();
  };
  const dispatchTimer = setInterval(dispatch, intervals.dispatchMs);
  const syncTimer = setInterval(() => {
    services.campaigns
      .syncAudiences()
      .then((result) => {
        if (result.joined + result.ended > 0) logger.info(result, 'campaign audiences synchronised');
        if (result.joined > 0) dispatch();
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'synchronising campaign audiences failed'))
      .then(() => services.boostNudger.nudgeDue())
      .then((result) => {
        if (result.queued > 0) logger.info(result, 'boost nudges queued');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'queuing boost nudges failed'));
  }, intervals.audienceMs ?? AUDIENCE_SYNC_MS);
  dispatchTimer.unref();
  syncTimer.unref();
  dispatch();
  return {
    wake: dispatch,
    async stop() {
      isStopped = true;
      clearInterval(dispatchTimer);
      clearInterval(syncTimer);
      await running;
    },
  };
}
