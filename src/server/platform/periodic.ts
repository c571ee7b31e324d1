/**
 * A background task run shortly after start and then every so often in this process, never twice at once (a run
 * still going when the next is due makes that one skip), its failures logged and retried at the next run.
 */
import type { Logger } from 'pino';

/** Starts `task` after `firstDelayMs`, then every `intervalMs`. Returns a function that stops it. */
export function startPeriodic(task: () => Promise<unknown>, options: { intervalMs: number; firstDelayMs: number; logger: Pick<Logger, 'warn'>; failure: string }): () => void {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= task()
      .then(() => undefined)
      .catch((error: unknown) => options.logger.warn({ err: error }, options.failure))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(run, options.firstDelayMs);
  const timer = setInterval(run, options.intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
