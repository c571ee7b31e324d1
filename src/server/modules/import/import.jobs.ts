import type { Logger } from 'pino';
import type { ImportService } from './import.service.ts';

/**
 * Runs import jobs in this process, one at a time: at once when one is queued here (`wake`), and every
 * `intervalMs` for jobs queued by another server or left by a crashed one (their lease expired). Returns `wake` and
 * `stop`, which waits for the job in hand.
 */
export function startImportJobs(imports: Pick<ImportService, 'runNext'>, logger: Pick<Logger, 'warn'>, options: { intervalMs?: number } = {}) {
  let stopped = false;
  let active: Promise<void> | undefined;
  let again = false;
  const drain = async () => {
    do {
      again = false;
      try {
        while (!stopped && (await imports.runNext()));
      } catch (error) {
        logger.warn({ err: error }, 'the import runner could not look for work');
      }
    } while (again && !stopped);
  };
  const wake = () => {
    if (stopped) return;
    if (active) {
      again = true;
      return;
    }
    active = drain().finally(() => {
      active = undefined;
    });
  };
  const timer = setInterval(wake, options.intervalMs ?? 15_000);
  timer.unref();
  const first = setTimeout(wake, 1_000);
  first.unref();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await active;
    },
  };
}
