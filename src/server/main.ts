import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createDb } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { offsetClock, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { createLogger } from './platform/logger.ts';
import { warnIfFfmpegMissing } from './modules/media/index.ts';
import { startLearningJobs } from './modules/learning/index.ts';
import { startDeliveryJobs } from './modules/delivery/index.ts';
import { startImportJobs } from './modules/import/index.ts';
import { startSearchJobs } from './modules/search/index.ts';
import { startGamificationJobs } from './modules/gamification/index.ts';
import { startOwnStatementJobs } from './modules/lrs/index.ts';
import { createServices, type Services } from './services.ts';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/**
 * The composition root: config → database → migrations → services → app → listen. The only place that wires
 * things together.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config);
  const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const clock = config.testClockOffsetHours === 0 ? systemClock : offsetClock(config.testClockOffsetHours);
  const services = createServices(config, database, logger, clock);
  // Only the server warns: the CLI and tests have no use for the check.
  void warnIfFfmpegMissing(logger, services.media);
  const app = await buildApp(services);
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info(`Morsel is running at ${config.publicUrl} (listening on ${address}, database: ${database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'})`);
  // Expired sessions are useless rows; sweep them hourly (a job table takes this over with the delivery issue).
  const sweep = setInterval(() => {
    services.auth.deleteExpiredSessions().catch((error: unknown) => logger.warn({ err: error }, 'session sweep failed'));
  }, 3_600_000);
  sweep.unref();
  // Recertification sweep (hourly) and fitting FSRS weights (daily).
  const stopLearningJobs = startLearningJobs(services, logger);
  // Sends what the outbox holds, including what was queued before a crash or restart.
  if (config.outboxWorker) services.outboxWorker.start();
  // Campaign and trigger lessons that come due become inbox items and outbox messages.
  const deliveryJobs = startDeliveryJobs(services, logger, { dispatchMs: config.dispatchIntervalMs });
  services.dispatchSignal.wake = deliveryJobs.wake;
  // Imports: proposals made and accepted drafts created in the background, including jobs a crash interrupted.
  const importJobs = startImportJobs(services.imports, logger);
  services.importSignal.wake = importJobs.wake;
  // The search index catches up at start (a crash between a save and its indexing) and every five minutes.
  const stopSearchJobs = startSearchJobs(services.search, logger);
  // Points: a sweep at start and every minute makes any award a crash kept from being made.
  const stopGamificationJobs = startGamificationJobs(services.gamification, logger);
  // Morsel's own xAPI statements: a sweep at start and every minute writes any a crash kept from being written.
  const stopOwnStatementJobs = startOwnStatementJobs(services.ownStatements, logger);
  let closing: Promise<void> | undefined;
  return {
    app,
    services,
    url: address,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        stopLearningJobs();
        await deliveryJobs.stop();
        await importJobs.stop();
        stopSearchJobs();
        stopGamificationJobs();
        stopOwnStatementJobs();
        await services.search.settle();
        await services.gamification.settle();
        await services.ownStatements.settle();
        await app.close();
        await services.outboxWorker.stop();
        services.mailer.close();
        await database.destroy();
      })()),
  };
}
