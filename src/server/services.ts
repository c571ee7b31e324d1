import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/database.ts';
import { createCertificationService, createChecksService, createForecastService, createFsrsFitService, createLearningService } from './modules/learning/index.ts';
import { createContentService, type MediaFactsLookup } from './modules/content/index.ts';
import { createAuthService, createIdentityService, createPasswordHasher, type PasswordHasher } from './modules/identity/index.ts';
import { createPrivacyService, identityPersonData } from './modules/identity/index.ts';
import { createAuditService } from './modules/identity/index.ts';
import { contentPersonData } from './modules/content/index.ts';
import { learningPersonData } from './modules/learning/index.ts';
import { deliveryPersonData } from './modules/delivery/index.ts';
import { searchPersonData } from './modules/search/index.ts';
import { gamificationPersonData } from './modules/gamification/index.ts';
import { analyticsPersonData } from './modules/analytics/index.ts';
import { createLrsPersonData } from './modules/lrs/index.ts';
import { createBoostNudger, createCampaignService, createPersonNotifier, createChatChannel, createDispatcher, createEmailChannel, createInboxService, createOutboxService, createOutboxWorker, createSmsChannel, createTriggerService, describeOutboundUrlProblem, type Dispatcher } from './modules/delivery/index.ts';
import { createMailer, type Mailer } from './modules/mail/mailer.ts';
import { createBadgesService, createGamificationService, createRewardsService } from './modules/gamification/index.ts';
import { createCredentialsService, createLrsService, createXapiDocumentsService } from './modules/lrs/index.ts';
import { createOwnStatements } from './modules/lrs/index.ts';
import { createForwarding } from './modules/lrs/forwarding.ts';
import { createAnalyticsService, createProficiencyService } from './modules/analytics/index.ts';
import { createProgressService } from './modules/analytics/index.ts';
import { createLessonImprovementService } from './modules/analytics/index.ts';
import { createImportService } from './modules/import/index.ts';
import { createSearchService, type SearchService } from './modules/search/index.ts';
import { createLocalDiskStorage, createMediaProbe, createMediaService } from './modules/media/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { createEventBus, type EventBus } from './platform/events.ts';

export interface ServiceOverrides {
  clock?: Clock;
  mailer?: Mailer;
  passwords?: PasswordHasher;
}

/**
 * Builds every service once, with explicit dependencies, so the HTTP server, the CLI and background jobs
 * all use the same use cases and permission checks.
 */
export function createServices(config: Config, database: DatabaseHandle, logger: Logger, clock: Clock, overrides: ServiceOverrides = {}) {
  const events: EventBus = createEventBus((error, event) => logger.error({ err: error, event: event.type }, 'event handler failed'));
  const mailer = overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const passwords = overrides.passwords ?? createPasswordHasher();
  const { db } = database;
  // The outbox: messages are queued in the transaction of their cause and sent by the worker (main.ts starts it).
  const outbox = createOutboxService({ db, clock, maxAttempts: config.outboxMaxAttempts, onQueued: () => outboxWorker.wake() });
  const allowPrivateTargets = config.allowPrivateWebhookTargets;
  const checkUrl = (url: string) => describeOutboundUrlProblem(url, { allowPrivate: allowPrivateTargets });
  // Statements stored by the LRS go on to the organisation's external LRS, if it has one, through the outbox.
  const lrsForwarding = createForwarding({ db, clock, outbox, checkUrl });
  // The dispatcher is built below (it needs the learning service); a dead message asks it for the next channel.
  const dispatcherRef: { current?: Dispatcher } = {};
  const outboxWorker = createOutboxWorker({
    db,
    dialect: database.dialect,
    clock,
    logger,
    channels: {
      email: createEmailChannel({ mailer, messageIdDomain: new URL(config.publicUrl).hostname }),
      chat: createChatChannel({ allowPrivateTargets }),
      sms: createSmsChannel({ allowPrivateTargets, settingsOf: (orgId) => inbox.smsProviderOf(orgId) }),
      xapi: lrsForwarding.channel({ allowPrivateTargets }),
    },
    leaseMs: config.outboxLeaseMs,
    onDead: async (message) => (dispatcherRef.current ? dispatcherRef.current.fallbackFor(message) : null),
  });
  const identity = createIdentityService({ db, clock, events, passwords, checkWebhookUrl: checkUrl });
  const auth = createAuthService({
    db,
    clock,
    passwords,
    emails: outbox,
    secretKey: config.secretKey,
    publicUrl: config.publicUrl,
    sessionIdleHours: config.sessionIdleHours,
    onBackgroundError: (error, context) => logger.error({ err: error }, `${context} failed`),
  });
  const media = createMediaService({
    db,
    clock,
    storage: createLocalDiskStorage(config.mediaDir),
    probe: createMediaProbe(),
    tmpDir: join(config.mediaDir, 'tmp'),
    maxBytes: config.mediaMaxBytes,
    logger,
  });
  const mediaFacts: MediaFactsLookup = (orgId, ids) => media.getMediaFacts(orgId, ids);
  // Search is built below (it reads the content); a saved lesson asks it to reindex after the commit.
  const searchRef: { current?: SearchService } = {};
  const content = createContentService({ db, clock, identity, mediaFacts, onLessonChanged: (orgId, lessonId) => searchRef.current?.lessonChanged(orgId, lessonId) });
  const fsrs = createFsrsFitService({ db, clock, identity });
  // Certifications read post-check scores (and are evaluated when a post check finishes: learning.check_finished).
  const checksRef: { current?: ReturnType<typeof createChecksService> } = {};
  const certifications = createCertificationService({ db, clock, events, content, identity, checks: () => checksRef.current as NonNullable<typeof checksRef.current>, onError: (error, context) => logger.error({ err: error }, `${context} failed`) });
  const checks = createChecksService({ db, clock, content, identity, events });
  checksRef.current = checks;
  const forecast = createForecastService({ db, clock, identity, weightsOf: fsrs.weightsOf });
  const learning = createLearningService({ db, clock, events, identity, content, weightsOf: fsrs.weightsOf, checksOf: checks.stateOf });
  const inbox = createInboxService({ db, clock, content, learning, secretKey: config.secretKey, checkUrl });
  const dispatcher = createDispatcher({ db, clock, logger, outbox, identity, auth, content, learning, publicUrl: config.publicUrl, secretKey: config.secretKey });
  dispatcherRef.current = dispatcher;
  // Set by whoever runs the delivery jobs (main.ts, `morsel worker`), so newly planned lessons go at once.
  const dispatchSignal = { wake: () => {} };
  const campaigns = createCampaignService({ db, clock, identity, content, learning, onPlanned: () => dispatchSignal.wake() });
  const boostNudger = createBoostNudger({ db, clock, logger, outbox, identity, auth, learning, publicUrl: config.publicUrl, secretKey: config.secretKey });
  const triggers = createTriggerService({ db, clock, identity, content, learning, onPlanned: () => dispatchSignal.wake() });
  // Set by whoever runs the import jobs (main.ts), so a queued import starts at once.
  const importSignal = { wake: () => {} };
  const imports = createImportService({ db, clock, identity, content, media, tmpDir: join(config.mediaDir, 'tmp'), logger, onQueued: () => importSignal.wake() });
  const search = createSearchService({ db, dialect: database.dialect, clock, content, captionsText: (orgId, mediaId) => media.captionsText(orgId, mediaId), sourcesOf: (orgId, ids) => imports.sourcesOf(orgId, ids), logger });
  searchRef.current = search;
  // Points follow what the learning module recorded: after each answer, review or completion, in the background.
  const badges = createBadgesService({ db, clock, identity, learning, publicUrl: config.publicUrl, issuerEmail: config.mailFrom.match(/<([^>]+)>/)?.[1] ?? config.mailFrom, certificationTitles: (orgId) => certifications.titlesOf(orgId) });
  const gamification = createGamificationService({ db, clock, identity, learning, logger, badges });
  const notices = createPersonNotifier({ clock, outbox, auth, publicUrl: config.publicUrl, secretKey: config.secretKey });
  const rewards = createRewardsService({ db, clock, identity, notices });
  const lrs = createLrsService({ db, clock, forwarding: lrsForwarding });
  const analytics = createAnalyticsService({ db, clock, identity });
  const proficiency = createProficiencyService({ db, clock, identity, weightsOf: fsrs.weightsOf });
  const progress = createProgressService({ db, clock, identity, content, learning, campaigns });
  const lessonImprovement = createLessonImprovementService({ db, clock, content, search });
  const lrsCredentials = createCredentialsService({ db, clock, publicUrl: config.publicUrl });
  // Morsel's own learning records as xAPI statements in its LRS: written after each answer, completion or review.
  const ownStatements = createOwnStatements({ db, clock, lrs, learning, logger, publicUrl: config.publicUrl });
  const xapiDocuments = createXapiDocumentsService({ db, clock });
  // Issue 9: administrative writes recorded by the HTTP layer as each response goes out.
  const audit = createAuditService({ db, clock });
  // Issue 9: one person's data exported or erased, each module's part by the module that owns the tables.
  const privacy = createPrivacyService({
    db,
    clock,
    events,
    parts: [identityPersonData, contentPersonData, learningPersonData, deliveryPersonData, searchPersonData, gamificationPersonData, analyticsPersonData, createLrsPersonData({ publicUrl: config.publicUrl })],
    settleBackground: async () => {
      await gamification.settle();
      await ownStatements.settle();
    },
  });
  for (const type of ['learning.answer_recorded', 'learning.lesson_completed', 'learning.review_answered', 'learning.certification_earned'] as const) {
    events.subscribe(type, (event) => gamification.schedule(event.orgId, event.personId));
  }
  // …and its statements: each learning event's at once (the sweep catches up on any a crash lost).
  for (const type of ['learning.answer_recorded', 'learning.lesson_completed', 'learning.review_answered', 'learning.check_finished', 'learning.certification_earned', 'learning.lesson_rated', 'learning.lesson_experienced'] as const) {
    events.subscribe(type, (event) => ownStatements.schedule(event.orgId, event.personId));
  }
  // Leaderboards leave out deactivated people.
  events.subscribe('identity.person_status_changed', (event) => gamification.refreshShown(event.orgId, event.personId));
  events.subscribe('identity.people_imported', (event) => gamification.refreshShown(event.orgId));
  return { config, database, clock, events, mailer, outbox, outboxWorker, identity, auth, content, media, imports, importSignal, search, gamification, badges, rewards, lrs, lrsCredentials, lrsForwarding, ownStatements, analytics, progress, proficiency, lessonImprovement, xapiDocuments, privacy, audit, learning, checks, certifications, forecast, fsrs, inbox, dispatcher, dispatchSignal, campaigns, triggers, boostNudger, logger };
}

export type Services = ReturnType<typeof createServices>;
