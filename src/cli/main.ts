import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { backupSqlite, postgresBackupGuidance, restoreSqlite } from '../server/db/backup.ts';
import { createDb } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { seedDemo } from '../server/demo/demo-seed.ts';
import { startServer } from '../server/main.ts';
import { startDeliveryJobs } from '../server/modules/delivery/index.ts';
import { IdentitySchemas, systemActor } from '../server/modules/identity/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { ConfigError, type Config, loadConfig } from '../server/platform/config.ts';
import { AppError } from '../server/platform/errors.ts';
import { createLogger } from '../server/platform/logger.ts';
import { createServices, type Services } from '../server/services.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerPersonCommands } from './person-commands.ts';
import { SearchSchemas } from '../server/modules/search/index.ts';
import { LrsSchemas } from '../server/modules/lrs/index.ts';

/**
 * The `morsel` command. It reads the same configuration as the server (DATA_DIR, DATABASE_URL, …) and calls
 * the same services, so its permission checks and validation are the server's.
 */
export function buildCli(output: { out: (text: string) => void; err: (text: string) => void } = defaultOutput): Command {
  const program = new Command('morsel')
    .description('Morsel: micro-learning for organisations. Configuration comes from the environment (see README).')
    .showHelpAfterError()
    .configureOutput({ writeOut: output.out, writeErr: output.err });

  const print = (json: boolean, data: unknown, text: string) => output.out(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
  const jsonOption = () => new Option('--json', 'print machine-readable JSON');
  const orgOption = () => new Option('--org <slug-or-id>', 'the organisation (default: the only one)');

  program
    .command('serve')
    .description('start the web server (migrates the database first)')
    .action(async () => {
      await serve(loadConfig());
    });

  program
    .command('worker')
    .description('send the outbox’s messages without serving HTTP (more senders for one PostgreSQL database; migrates first)')
    .action(async () => {
      await runWorker(loadConfig());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
      try {
        const applied = await migrateToLatest(database.db);
        print(!!options.json, { applied }, applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.destroy();
      }
    });

  program
    .command('demo')
    .description('seed the demo organisation (about 50 people, 4 teams, many time zones) and print the admin sign-in')
    .option('--serve', 'start the server afterwards')
    .addOption(jsonOption())
    .action(async (options: { serve?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const result = await withServices(config, (services) => seedDemo(services));
      print(
        !!options.json,
        result,
        [
          result.created ? `Seeded the demo organisation "${result.organisation.name}".` : `The demo organisation "${result.organisation.name}" was already there.`,
          `${result.people} people in ${result.teams} teams.`,
          `Sign in at ${config.publicUrl}/sign-in as ${result.admin.email} with password ${result.admin.password}`,
        ].join('\n'),
      );
      if (options.serve) await serve(config);
    });

  const org = program.command('org').description('organisations');
  org
    .command('create')
    .description('create an organisation, optionally with its first admin')
    .argument('<name>', 'the organisation’s name')
    .option('--slug <slug>', 'short name used in URLs and to pick the organisation')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Paris', 'UTC')
    .option('--admin-email <email>', 'email of the first admin')
    .option('--admin-name <name>', 'display name of the first admin')
    .option('--admin-password <password>', 'password of the first admin (else they sign in by emailed link)')
    .addOption(jsonOption())
    .action(async (name: string, options: { slug?: string; timeZone: string; adminEmail?: string; adminName?: string; adminPassword?: string; json?: boolean }) => {
      const input = parseOrFail(
        IdentitySchemas.SetupBody.shape.organisation.extend({ slug: IdentitySchemas.OrganisationSlug.optional() }),
        { name, slug: options.slug, timeZone: options.timeZone },
      );
      const admin = options.adminEmail
        ? parseOrFail(IdentitySchemas.SetupBody.shape.admin.extend({ password: IdentitySchemas.Password.optional() }), {
            email: options.adminEmail,
            displayName: options.adminName ?? options.adminEmail.split('@')[0],
            password: options.adminPassword,
            timeZone: options.timeZone,
          })
        : undefined;
      const result = await withServices(loadConfig(), (services) => services.identity.createOrganisation(input, admin));
      print(!!options.json, result, `Created organisation "${result.organisation.name}" (${result.organisation.slug}, id ${result.organisation.id}).`);
    });
  org
    .command('list')
    .description('list organisations')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }) => {
      const orgs = await withServices(loadConfig(), (services) => services.identity.listOrganisations());
      print(!!options.json, { items: orgs }, orgs.length === 0 ? 'No organisations yet.' : orgs.map((o) => `${o.slug}\t${o.name}\t${o.id}`).join('\n'));
    });

  const user = program.command('user').description('people');
  user
    .command('add')
    .description('add a person to an organisation')
    .requiredOption('--email <email>', 'their email')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--role <role...>', `roles: ${IdentitySchemas.ROLES.join(', ')}`, ['learner'])
    .option('--time-zone <zone>', 'IANA time zone')
    .option('--password <password>', 'a password (else they sign in by emailed link)')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (options: { email: string; name?: string; role: string[]; timeZone?: string; password?: string; org?: string; json?: boolean }) => {
      const input = parseOrFail(IdentitySchemas.PersonCreate, {
        email: options.email,
        displayName: options.name ?? options.email.split('@')[0],
        roles: options.role,
        timeZone: options.timeZone,
        password: options.password,
      });
      const person = await withServices(loadConfig(), async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        return services.identity.createPerson(systemActor(organisation.id), input);
      });
      print(!!options.json, person, `Added ${person.displayName} <${person.email}> (${person.roles.join(', ')}), id ${person.id}.`);
    });

  const token = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .description('create an API token; the secret is printed once')
    .requiredOption('--name <name>', 'what the token is for, e.g. "CRM events"')
    .option('--scope <scope...>', `scopes: ${IdentitySchemas.Scope.options.join(', ')}`, ['events:write'])
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (options: { name: string; scope: string[]; org?: string; json?: boolean }) => {
      const input = parseOrFail(IdentitySchemas.ApiTokenCreate, { name: options.name, scopes: options.scope });
      const created = await withServices(loadConfig(), async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        return services.auth.issueApiToken(organisation.id, input);
      });
      print(!!options.json, created, `Created token "${created.name}" with scopes ${created.scopes.join(', ')}.\nStore it now; it is not shown again:\n${created.token}`);
    });

  const lrs = program.command('lrs').description('the Learning Record Store (xAPI) at <PUBLIC_URL>/xapi/');
  lrs
    .command('credentials')
    .description('LRS credentials (HTTP Basic key and secret) for an organisation')
    .command('create')
    .description('create an LRS credential; the secret is printed once')
    .option('--name <name>', 'what the credential is for, e.g. "Authoring tool"', 'LRS client')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (options: { name: string; org?: string; json?: boolean }) => {
      const name = parseOrFail(LrsSchemas.CredentialBody, { name: options.name }).name;
      const created = await withServices(loadConfig(), async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        return services.lrsCredentials.createFor(organisation.id, name);
      });
      const { endpoint, key, secret } = created;
      print(!!options.json, { endpoint, key, secret }, `Created LRS credential "${created.name}".\nEndpoint: ${endpoint}\nKey:      ${key}\nSecret:   ${secret}\nStore the secret now; it is not shown again.`);
    });

  program
    .command('backup')
    .description('back up the embedded installation (SQLite database as of one instant, secret key, media) into a new folder, while the server runs')
    .argument('<folder>', 'a new or empty folder')
    .addOption(jsonOption())
    .action(async (folder: string, options: { json?: boolean }) => {
      const config = loadConfig();
      if (config.databaseUrl) throw postgresBackupGuidance();
      const manifest = await backupSqlite(config, resolve(folder));
      const missing = manifest.media.missing.length > 0 ? `\n${manifest.media.missing.length} media file(s) deleted while the backup ran are not in it: ${manifest.media.missing.join(', ')}` : '';
      print(!!options.json, { folder: resolve(folder), ...manifest }, `Backed up to ${resolve(folder)}: database (${manifest.database.bytes} bytes, integrity ok, schema ${manifest.schema ?? 'empty'}), ${manifest.secretKey ? 'secret key, ' : ''}${manifest.media.files} media file(s).${missing}`);
    });

  program
    .command('restore')
    .description('restore a backup made by `morsel backup` (stop the server first), then bring its schema up to date')
    .argument('<folder>', 'the backup folder')
    .option('--replace', 'replace the database that is there now')
    .addOption(jsonOption())
    .action(async (folder: string, options: { replace?: boolean; json?: boolean }) => {
      const config = loadConfig();
      if (config.databaseUrl) throw postgresBackupGuidance();
      const manifest = await restoreSqlite(config, resolve(folder), { replace: !!options.replace });
      const database = createDb({ sqliteFile: config.sqliteFile });
      try {
        const applied = await migrateToLatest(database.db);
        print(!!options.json, { restored: manifest.createdAt, schema: manifest.schema, applied }, `Restored the backup of ${manifest.createdAt} into ${config.dataDir}${applied.length > 0 ? `, then applied ${applied.length} migration(s)` : ''}.`);
      } finally {
        await database.destroy();
      }
    });

  const fsrs = program.command('fsrs').description('spaced-repetition scheduling');
  fsrs
    .command('fit')
    .description('fit FSRS weights from the review log (one organisation, or every one); below the minimum of reviews the defaults stay')
    .addOption(new Option('--org <slug-or-id>', 'one organisation (default: every organisation)'))
    .addOption(jsonOption())
    .action(async (options: { org?: string; json?: boolean }) => {
      const results = await withServices(loadConfig(), async (services) => {
        if (options.org) {
          const organisation = await services.identity.resolveOrganisation(options.org);
          return [await services.fsrs.fitOrganisation(systemActor(organisation.id))];
        }
        const failures: string[] = [];
        const fitted = await services.fsrs.fitAll((error, orgId) => failures.push(`${orgId}: ${error instanceof Error ? error.message : String(error)}`));
        if (failures.length > 0) throw new AppError('internal_error', `Fitting failed for ${failures.join('; ')}`);
        return fitted;
      });
      const text = results
        .map((r) => (r.status === 'fitted' ? `${r.orgId}: fitted from ${r.reviewCount} reviews of ${r.itemCount} items` : `${r.orgId}: ${r.reviewCount} of the ${r.minimumReviews} reviews needed; the defaults stay`))
        .join('\n');
      print(!!options.json, { results }, text || 'No organisations yet.');
    });

  program
    .command('lint')
    .description('check lessons against the rules of micro-learning; exits 1 when any has an error')
    .addOption(new Option('--lesson <id>', 'one lesson').conflicts('course'))
    .option('--course <id>', 'every lesson of one course')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (options: { lesson?: string; course?: string; org?: string; json?: boolean }) => {
      const reports = await withServices(loadConfig(), async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        const actor = systemActor(organisation.id);
        const ids = options.lesson
          ? [options.lesson]
          : options.course
            ? (await services.content.getCourse(actor, options.course)).modules.flatMap((m) => m.lessonIds)
            : (await services.content.listLessons(actor, {})).map((l) => l.id);
        return Promise.all(ids.map((id) => services.content.lintLessonById(actor, id)));
      });
      const errors = reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
      const warnings = reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
      const text = [
        ...reports.map((r) =>
          [
            `${r.publishable ? 'ok  ' : 'FAIL'} ${r.title} (${r.lessonId}) ~${Math.round(r.estimatedSeconds)} s`,
            ...r.findings.map((f) => `     ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.rule}${f.blockId ? ` [block ${f.blockId}]` : ''}: ${f.message}`),
          ].join('\n'),
        ),
        `${reports.length} lesson(s), ${errors} error(s), ${warnings} warning(s)`,
      ].join('\n');
      print(!!options.json, { lessons: reports, errors, warnings }, text);
      if (errors > 0) process.exitCode = 1;
    });

  program
    .command('search')
    .description('find the lessons that answer a question (published lessons; with --drafts the working copies, as an author sees them)')
    .argument('<question>', 'the question, in your own words')
    .option('--drafts', 'search draft lessons too (their working copies)')
    .option('--limit <n>', 'at most this many results', '10')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (question: string, options: { drafts?: boolean; limit: string; org?: string; json?: boolean }) => {
      const query = parseOrFail(SearchSchemas.SearchQuery, { q: question, limit: options.limit, ...(options.drafts && { drafts: 'true' }) });
      const found = await withServices(loadConfig(), async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        // The CLI may run while no server keeps the index up to date.
        await services.search.reindexStale(organisation.id);
        return services.search.search(systemActor(organisation.id), query);
      });
      const results = found.results.map((r) => ({ lessonId: r.lessonId, title: r.title, coreQuestion: r.coreQuestion, score: r.score, snippet: r.snippet, estimatedSeconds: r.estimatedSeconds, ...(r.source && { source: r.source }) }));
      const text = [
        ...(found.correctedQuery ? [`Showing results for: ${found.correctedQuery}`] : []),
        ...results.map((r, k) => `${String(k + 1).padStart(2)}. ${r.title} (~${r.estimatedSeconds} s, score ${r.score})\n    ${r.coreQuestion}\n    ${r.snippet}`),
        results.length === 0 ? 'No lesson answers that yet.' : '',
      ].filter(Boolean);
      print(!!options.json, { results, correctedQuery: found.correctedQuery }, text.join('\n'));
    });

  registerImportCommands(program, { print, jsonOption, orgOption, withServices: (work) => withServices(loadConfig(), work) });
  registerPersonCommands(program, { print, out: output.out, jsonOption, orgOption, withServices: (work) => withServices(loadConfig(), work) });

  return program;
}

const defaultOutput = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };

/** Runs `work` with the services over a migrated database, then closes it. */
async function withServices<T>(config: Config, work: (services: Services) => Promise<T>): Promise<T> {
  const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const services = createServices(config, database, createLogger({ env: config.env, logLevel: 'warn' }, { toStderr: true }), systemClock);
    try {
      return await work(services);
    } finally {
      await services.search.settle();
      await services.gamification.settle();
      await services.ownStatements.settle();
      services.mailer.close();
    }
  } finally {
    await database.destroy();
  }
}

async function serve(config: Config): Promise<void> {
  const server = await startServer(config);
  const stop = async (signal: string) => {
    server.services.logger.info(`${signal} received: closing`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** A process that only dispatches due lessons and sends the outbox's messages, until SIGINT or SIGTERM (it finishes the pass in progress). */
async function runWorker(config: Config): Promise<void> {
  const logger = createLogger(config);
  const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  await migrateToLatest(database.db);
  const services = createServices(config, database, logger, systemClock);
  services.outboxWorker.start();
  const deliveryJobs = startDeliveryJobs(services, logger, { dispatchMs: config.dispatchIntervalMs });
  services.dispatchSignal.wake = deliveryJobs.wake;
  logger.info(`Outbox worker ${services.outboxWorker.workerId} started (database: ${database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'})`);
  const stop = async (signal: string) => {
    logger.info(`${signal} received: finishing the messages in hand`);
    await deliveryJobs.stop();
    await services.outboxWorker.stop();
    services.mailer.close();
    await database.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

interface Parseable<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

function parseOrFail<T>(schema: Parseable<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('validation_failed', result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
}

/** Runs the command line; expected failures print a one-line reason (or JSON with --json) and exit 1. */
export async function runCli(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof AppError || error instanceof ConfigError) {
      const code = error instanceof AppError ? error.code : 'invalid_config';
      process.stderr.write(json ? `${JSON.stringify({ error: { code, message: error.message } })}\n` : `morsel: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(process.argv);
}
