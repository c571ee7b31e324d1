import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { extractLink, type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { createIdentityService, createPasswordHasher } from './index.ts';

const PASSWORD = 'correct horse battery';

describe.each(testDialects)('identity HTTP API on %s', (dialect) => {
  let smtp: MailCatcher;
  let ctx: TestContext;

  beforeAll(async () => {
    smtp = await startMailCatcher();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.messages.length = 0;
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url, env: { SIGN_IN_RATE_LIMIT: '5' } });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('offers first-run set-up on an empty database, and only once', async () => {
    expect((await ctx.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
    const admin = await setUpOrganisation(ctx.app);
    expect((await ctx.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
    const me = await ctx.app.inject({ url: '/api/me', headers: asSession(admin) });
    expect(me.statusCode).toBe(200);
    expect(me.json().person).toMatchObject({ email: 'admin@acme.test', roles: ['admin', 'learner'], effectiveTimeZone: 'Europe/London' });
    expect(me.json().organisation).toMatchObject({ name: 'Acme', slug: 'acme', workingDays: [1, 2, 3, 4, 5] });

    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organisation: { name: 'Evil' }, admin: { displayName: 'Eve', email: 'eve@evil.test', password: PASSWORD } },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_already_done');
  });

  it('sets an HttpOnly SameSite session cookie and ends the session on sign-out', async () => {
    await setUpOrganisation(ctx.app);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ADMIN@acme.test', password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'morsel_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const session = { cookie: `morsel_session=${cookie!.value}`, csrfToken: response.json().csrfToken as string };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: asSession(session as never) })).statusCode).toBe(204);
    const after = await ctx.app.inject({ url: '/api/me', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    await setUpOrganisation(ctx.app);
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@acme.test', password: 'not the password' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'nobody@acme.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('rate-limits sign-in attempts per address and email with 429 rate_limited', async () => {
    await setUpOrganisation(ctx.app);
    const attempt = () => ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@acme.test', password: 'guess guess guess' } });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toMatchObject({ code: 'rate_limited' });
    // Another email from the same address is counted apart.
    const other = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'other@acme.test', password: 'guess guess guess' } });
    expect(other.statusCode).toBe(401);
  });

  it('refuses cookie-authenticated writes without the CSRF token, and cross-site origins', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: { cookie: admin.cookie }, payload: { name: 'Sales' } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: { cookie: admin.cookie, 'x-csrf-token': 'nope' }, payload: { name: 'Sales' } });
    expect(wrong.json().error.code).toBe('csrf_failed');
    const crossSite = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: { ...asSession(admin), origin: 'https://evil.example' }, payload: { name: 'Sales' } });
    expect(crossSite.json().error.code).toBe('csrf_failed');
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Sales' } });
    expect(ok.statusCode).toBe(201);
    expect((await ctx.app.inject({ url: '/api/teams', headers: asSession(admin) })).json().items.map((t: { name: string }) => t.name)).toEqual(['Sales']);
  });

  it('signs a learner in with an emailed magic link that works once', async () => {
    const admin = await setUpOrganisation(ctx.app);
    await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'lea@acme.test', displayName: 'Léa Learner' } });
    const request = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: 'lea@acme.test', redirectTo: '/learn' } });
    expect(request.statusCode).toBe(202);
    const mail = await smtp.waitForMail((m) => m.to.includes('lea@acme.test'));
    expect(mail.subject).toBe('Your sign-in link for Acme');
    const link = new URL(extractLink(mail.text));
    expect(link.origin + link.pathname).toBe('http://morsel.test/auth/link');
    const token = link.searchParams.get('token')!;

    const redeemed = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json()).toMatchObject({ redirectTo: '/learn', person: { email: 'lea@acme.test', roles: ['learner'], hasPassword: false } });
    const reused = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('link_invalid');
  });

  it('answers a magic-link request for an unknown email exactly like a known one, and sends nothing', async () => {
    await setUpOrganisation(ctx.app);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: 'ghost@acme.test' } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'accepted', message: 'If an account matches, an email is on its way.' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(0);
  });

  it('resets a forgotten password by emailed single-use token and ends the old sessions', async () => {
    const oldSession = await setUpOrganisation(ctx.app);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'admin@acme.test' } })).statusCode).toBe(202);
    const mail = await smtp.waitForMail((m) => m.subject.startsWith('Reset your Acme password'));
    const token = new URL(extractLink(mail.text)).searchParams.get('token')!;
    const confirmed = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password: 'a brand new passphrase' } });
    expect(confirmed.statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/me', headers: asSession(oldSession) })).statusCode).toBe(401);
    await expect(signIn(ctx.app, 'admin@acme.test', PASSWORD)).rejects.toThrow();
    expect((await signIn(ctx.app, 'admin@acme.test', 'a brand new passphrase')).personId).toBe(oldSession.personId);
    const reused = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password: 'yet another passphrase' } });
    expect(reused.json().error.code).toBe('link_invalid');
  });

  it('validates input with a clear, stable error shape', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: asSession(admin),
      payload: { email: 'not-an-email', displayName: '', timeZone: 'Mars/Olympus', workingDays: [8] },
    });
    expect(bad.statusCode).toBe(400);
    const { error } = bad.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['body.email', 'body.timeZone', 'body.displayName']));
    expect(error.message).toMatch(/email/);

    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: { ...asSession(admin), 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');

    const extra = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'a@acme.test', displayName: 'A', isSuperUser: true } });
    expect(extra.statusCode).toBe(400);

    const hours = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'a@acme.test', displayName: 'A', workStart: '17:00', workEnd: '09:00' } });
    expect(hours.json().error.code).toBe('validation_failed');

    const huge = await ctx.app.inject({ method: 'POST', url: '/api/people/import', headers: { ...asSession(admin), 'content-type': 'text/csv' }, payload: `name,email\n${'x'.repeat(6 * 1024 * 1024)}` });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');

    const xml = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: { ...asSession(admin), 'content-type': 'application/xml' }, payload: '<team/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');

    const unknownRoute = await ctx.app.inject({ url: '/api/nothing-here', headers: asSession(admin) });
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json().error.code).toBe('route_not_found');
  });

  it('refuses a duplicate email with email_taken and keeps the organisation with an admin', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const dup = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'Admin@Acme.test', displayName: 'Again' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('email_taken');
    const demote = await ctx.app.inject({ method: 'PATCH', url: `/api/people/${admin.personId}`, headers: asSession(admin), payload: { roles: ['learner'] } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_admin');
    const deactivate = await ctx.app.inject({ method: 'DELETE', url: `/api/people/${admin.personId}`, headers: asSession(admin) });
    expect(deactivate.json().error.code).toBe('last_admin');
  });

  it('imports an HR export of people all-or-nothing, with a per-row report', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const good = [
      'Name,Email,Team,Manager Email,Time Zone,Role',
      'Angie Moreno,angie@acme.test,Customer Service,,America/Chicago,manager',
      'Rep One,rep1@acme.test,Customer Service,angie@acme.test,America/New_York,learner',
      'Rep Two,rep2@acme.test,Customer Service,angie@acme.test,Asia/Manila,',
      'Writer,writer@acme.test,,,Europe/Paris,learner;author',
    ].join('\n');
    const csv = (body: string, dryRun = false) =>
      ctx.app.inject({ method: 'POST', url: `/api/people/import?dryRun=${dryRun}`, headers: { ...asSession(admin), 'content-type': 'text/csv' }, payload: body });

    const bad = await csv(`${good}\nBroken,not-an-email,X,,Nowhere/Land,wizard\nRep One Again,rep1@acme.test,,,,`);
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ applied: false, rows: 6, created: 0 });
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ row: 6, column: 'email', code: 'invalid_email' }),
      expect.objectContaining({ row: 6, column: 'time zone', code: 'invalid_time_zone' }),
      expect.objectContaining({ row: 6, column: 'role', code: 'invalid_role' }),
      expect.objectContaining({ row: 7, column: 'email', code: 'duplicate_email' }),
    ]);
    expect((await ctx.app.inject({ url: '/api/people', headers: asSession(admin) })).json().total).toBe(1);

    const dry = await csv(good, true);
    expect(dry.json()).toMatchObject({ applied: false, dryRun: true, created: 4, updated: 0, teamsCreated: ['Customer Service'], errors: [] });
    expect((await ctx.app.inject({ url: '/api/people', headers: asSession(admin) })).json().total).toBe(1);

    const applied = await csv(good);
    expect(applied.json()).toMatchObject({ applied: true, created: 4, updated: 0, teamsCreated: ['Customer Service'] });
    const people = (await ctx.app.inject({ url: '/api/people?limit=200', headers: asSession(admin) })).json().items as { email: string; roles: string[]; managerId: string | null; teams: { name: string; role: string }[]; effectiveTimeZone: string }[];
    const angie = people.find((p) => p.email === 'angie@acme.test')!;
    const rep2 = people.find((p) => p.email === 'rep2@acme.test')!;
    expect(angie.roles).toEqual(['manager']);
    expect(angie.teams).toEqual([expect.objectContaining({ name: 'Customer Service', role: 'manager' })]);
    expect(rep2).toMatchObject({ roles: ['learner'], effectiveTimeZone: 'Asia/Manila', teams: [expect.objectContaining({ role: 'member' })] });
    expect(rep2.managerId).toBeTruthy();
    expect(people.find((p) => p.email === 'writer@acme.test')!.roles).toEqual(['author', 'learner']);

    // Importing the same file again updates, and creates nothing.
    expect((await csv(good)).json()).toMatchObject({ applied: true, created: 0, updated: 4, teamsCreated: [] });

    const missingManager = await csv('name,email,manager email\nX,x@acme.test,boss@elsewhere.test');
    expect(missingManager.json().errors).toEqual([expect.objectContaining({ row: 2, code: 'manager_not_found' })]);
  });

  it('keeps people’s HR attributes, replacing the whole set on a change', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'pia@acme.test', displayName: 'Pia', attributes: { location: 'Leeds', job_title: ' Picker ' } } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ attributes: { location: 'Leeds', job_title: 'Picker' }, emailOptOutAt: null });
    const id = created.json().id as string;
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/people/${id}`, headers: asSession(admin), payload: { displayName: 'Pia P' } });
    expect(renamed.json().attributes).toEqual({ job_title: 'Picker', location: 'Leeds' });
    const replaced = await ctx.app.inject({ method: 'PATCH', url: `/api/people/${id}`, headers: asSession(admin), payload: { attributes: { shift: 'Night' } } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().attributes).toEqual({ shift: 'Night' });
    expect((await ctx.app.inject({ url: `/api/people/${id}`, headers: asSession(admin) })).json().attributes).toEqual({ shift: 'Night' });

    // Unsubscribing is recorded by the delivery module; the person's page shows it.
    await ctx.services.database.db.updateTable('person').set({ email_opt_out_at: '2026-03-01T10:00:00.000Z' }).where('id', '=', id).execute();
    expect((await ctx.app.inject({ url: `/api/people/${id}`, headers: asSession(admin) })).json().emailOptOutAt).toBe('2026-03-01T10:00:00.000Z');

    // People cannot change their own attributes: audiences are chosen by them.
    expect((await ctx.app.inject({ method: 'PATCH', url: '/api/me', headers: asSession(admin), payload: { attributes: { location: 'Paris' } } })).statusCode).toBe(400);
  });

  it('refuses attributes with bad names or values, naming each field', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: asSession(admin),
      payload: { email: 'a@acme.test', displayName: 'A', attributes: { 'Job Title': 'Picker', email: 'x@y.test', location: 'x'.repeat(201), region: '  ', shift: 3 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const issues = bad.json().error.details.issues as { field: string; message: string }[];
    expect(issues.map((i) => i.field).sort()).toEqual(['body.attributes.Job Title', 'body.attributes.email', 'body.attributes.location', 'body.attributes.region', 'body.attributes.shift']);
    expect(issues.find((i) => i.field === 'body.attributes.Job Title')!.message).toMatch(/lower-case letters.*job_title/);
    expect(issues.find((i) => i.field === 'body.attributes.email')!.message).toMatch(/own fields/);

    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await ctx.app.inject({ method: 'PATCH', url: `/api/people/${admin.personId}`, headers: asSession(admin), payload: { attributes: many } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details.issues).toEqual([expect.objectContaining({ field: 'body.attributes', message: expect.stringMatching(/at most 30/) })]);
  });

  it('imports attributes from an HR export, merging them with the ones people have', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const csv = (body: string) => ctx.app.inject({ method: 'POST', url: '/api/people/import', headers: { ...asSession(admin), 'content-type': 'text/csv' }, payload: body });
    expect((await csv('name,email,location,job title,attr:Cost Centre\nPia,pia@acme.test,Leeds,Picker,CC-1\nRay,ray@acme.test,York,,')).json()).toMatchObject({ applied: true, created: 2 });
    expect((await csv('name,email,shift,location\nPia,pia@acme.test,Night,\nRay,ray@acme.test,Day,Hull')).json()).toMatchObject({ applied: true, updated: 2 });
    const people = (await ctx.app.inject({ url: '/api/people?q=acme.test', headers: asSession(admin) })).json().items as { email: string; attributes: Record<string, string> }[];
    expect(Object.fromEntries(people.map((p) => [p.email, p.attributes]))).toEqual({
      'admin@acme.test': {},
      'pia@acme.test': { location: 'Leeds', job_title: 'Picker', cost_centre: 'CC-1', shift: 'Night' },
      'ray@acme.test': { location: 'Hull', shift: 'Day' },
    });
    const bad = await csv(`name,email,attr:team,store\nPia,pia@acme.test,Sales,${'x'.repeat(201)}`);
    expect(bad.json()).toMatchObject({ applied: false });
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ row: 1, column: 'attr:team', code: 'invalid_attribute' }),
      expect.objectContaining({ row: 2, column: 'store', code: 'too_long' }),
    ]);
  });

  /**
   * The app with an identity service whose webhook check is `check`: the real one (services.ts) resolves host
   * names, which tests must not depend on.
   */
  async function appCheckingWebhooksWith(check: (url: string) => Promise<string | null>) {
    const identity = createIdentityService({ db: ctx.services.database.db, clock: ctx.clock, events: ctx.services.events, passwords: createPasswordHasher(), checkWebhookUrl: check });
    return buildApp({ ...ctx.services, identity });
  }

  it('saves a team’s chat webhook URL and shows it whole only to those who may change teams', async () => {
    const app = await appCheckingWebhooksWith(async () => null);
    try {
      const admin = await setUpOrganisation(app);
      const hook = 'https://hooks.slack.com/services/T000/B000/secret';
      const created = await app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Night shift', chatWebhookUrl: hook } });
      expect(created.statusCode).toBe(201);
      expect(created.json().chatWebhookUrl).toBe(hook);
      const team = created.json().id as string;
      const teamsHook = 'https://acme.webhook.office.com/webhookb2/abc';
      const patched = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { chatWebhookUrl: teamsHook } });
      expect(patched.json()).toMatchObject({ name: 'Night shift', chatWebhookUrl: teamsHook });
      const renamed = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { name: 'Nights' } });
      expect(renamed.json().chatWebhookUrl).toBe(teamsHook);
      expect((await app.inject({ url: '/api/teams', headers: asSession(admin) })).json().items[0].chatWebhookUrl).toBe(teamsHook);

      const reader = (await app.inject({ method: 'POST', url: '/api/tokens', headers: asSession(admin), payload: { name: 'HR sync', scopes: ['people:read'] } })).json().token as string;
      expect((await app.inject({ url: `/api/teams/${team}`, headers: { authorization: `Bearer ${reader}` } })).json().chatWebhookUrl).toBe('https://acme.webhook.office.com/…');

      for (const wrong of ['ftp://files.acme.test/hook', 'not a url', `https://hooks.slack.com/${'x'.repeat(2000)}`]) {
        const refused = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { chatWebhookUrl: wrong } });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ field: 'body.chatWebhookUrl' })] } });
      }
      const cleared = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { chatWebhookUrl: null } });
      expect(cleared.json().chatWebhookUrl).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('refuses a chat webhook URL that the webhook check refuses, as a 400 on chatWebhookUrl', async () => {
    const checked: string[] = [];
    const app = await appCheckingWebhooksWith(async (url) => {
      checked.push(url);
      return new URL(url).hostname === 'metadata.internal' ? 'The webhook URL’s host resolves to a link-local address.' : null;
    });
    // One database under both apps: the session works in each.
    const admin = await setUpOrganisation(app);
    try {
      const refused = await app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Ops', chatWebhookUrl: 'http://metadata.internal/latest' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toEqual({ code: 'validation_failed', message: 'The webhook URL’s host resolves to a link-local address.', details: { field: 'chatWebhookUrl' } });
      expect((await app.inject({ url: '/api/teams', headers: asSession(admin) })).json().items).toEqual([]);

      const team = (await app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Ops' } })).json().id as string;
      const patched = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { chatWebhookUrl: 'http://metadata.internal/hook' } });
      expect(patched.statusCode).toBe(400);
      expect(patched.json().error.details).toEqual({ field: 'chatWebhookUrl' });
      expect((await app.inject({ url: `/api/teams/${team}`, headers: asSession(admin) })).json().chatWebhookUrl).toBeNull();
      const allowed = await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { chatWebhookUrl: 'https://hooks.slack.com/services/T/B/x' } });
      expect(allowed.json().chatWebhookUrl).toBe('https://hooks.slack.com/services/T/B/x');
      // Clearing the URL or changing something else checks nothing.
      await app.inject({ method: 'PATCH', url: `/api/teams/${team}`, headers: asSession(admin), payload: { name: 'Operations', chatWebhookUrl: null } });
      expect(checked).toEqual(['http://metadata.internal/latest', 'http://metadata.internal/hook', 'https://hooks.slack.com/services/T/B/x']);
    } finally {
      await app.close();
    }

    // As wired in services.ts: an address literal needs no name server to be refused.
    const metadata = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Ops', chatWebhookUrl: 'http://169.254.169.254/latest/meta-data' } });
    expect(metadata.statusCode).toBe(400);
    expect(metadata.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'chatWebhookUrl' } });
  });

  it('lets a manager see only the people of the teams they manage', async () => {
    const admin = await setUpOrganisation(ctx.app);
    await ctx.app.inject({
      method: 'POST',
      url: '/api/people/import',
      headers: { ...asSession(admin), 'content-type': 'text/csv' },
      payload: 'name,email,team,manager email\nMara Manager,mara@acme.test,Sales,\nSal,sal@acme.test,Sales,mara@acme.test\nWil,wil@acme.test,Warehouse,',
    });
    const people = (await ctx.app.inject({ url: '/api/people', headers: asSession(admin) })).json().items as { id: string; email: string }[];
    await ctx.services.auth.setPassword(admin.orgId, people.find((p) => p.email === 'mara@acme.test')!.id, PASSWORD);
    const mara = await signIn(ctx.app, 'mara@acme.test', PASSWORD);
    const visible = (await ctx.app.inject({ url: '/api/people', headers: asSession(mara) })).json().items.map((p: { email: string }) => p.email);
    expect(visible).toEqual(['mara@acme.test', 'sal@acme.test']);
    const wil = people.find((p) => p.email === 'wil@acme.test')!;
    expect((await ctx.app.inject({ url: `/api/people/${wil.id}`, headers: asSession(mara) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/teams', headers: asSession(mara) })).json().items.map((t: { name: string }) => t.name)).toEqual(['Sales']);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(mara), payload: { name: 'Mine' } })).statusCode).toBe(403);
  });

  it('pages through people with a cursor and searches by name or email', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const rows = Array.from({ length: 25 }, (_, i) => `Person ${String(i).padStart(2, '0')},p${i}@acme.test`);
    await ctx.app.inject({ method: 'POST', url: '/api/people/import', headers: { ...asSession(admin), 'content-type': 'text/csv' }, payload: `name,email\n${rows.join('\n')}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await ctx.app.inject({ url: `/api/people?limit=10${cursor ? `&cursor=${cursor}` : ''}`, headers: asSession(admin) })).json() as { items: { displayName: string }[]; nextCursor: string | null; total: number };
      expect(page.total).toBe(26);
      seen.push(...page.items.map((p) => p.displayName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect((await ctx.app.inject({ url: '/api/people?q=PERSON 1', headers: asSession(admin) })).json().total).toBe(10);
    expect((await ctx.app.inject({ url: '/api/people?q=p7@', headers: asSession(admin) })).json().items.map((p: { email: string }) => p.email)).toEqual(['p7@acme.test']);
    expect((await ctx.app.inject({ url: '/api/people?cursor=garbage', headers: asSession(admin) })).json().error.code).toBe('validation_failed');
  });

  it('manages teams and their managers', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const team = (await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Night shift', timeZone: 'Asia/Kolkata' } })).json();
    const person = (await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'n@acme.test', displayName: 'Nia' } })).json();
    const added = await ctx.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members/${person.id}`, headers: asSession(admin), payload: { role: 'manager' } });
    expect(added.json()).toMatchObject({ memberCount: 1, managers: [{ id: person.id, displayName: 'Nia' }] });
    const nia = (await ctx.app.inject({ url: `/api/people/${person.id}`, headers: asSession(admin) })).json();
    expect(nia).toMatchObject({ roles: ['manager', 'learner'], effectiveTimeZone: 'Asia/Kolkata' });
    const dupName = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(admin), payload: { name: 'Night shift' } });
    expect(dupName.json().error.code).toBe('conflict');
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/teams/${team.id}/members/${person.id}`, headers: asSession(admin) })).json().memberCount).toBe(0);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/teams/${team.id}`, headers: asSession(admin) })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: `/api/teams/${team.id}`, headers: asSession(admin) })).statusCode).toBe(404);
  });

  it('authenticates integrations with scoped, revocable API tokens stored hashed', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: asSession(admin), payload: { name: 'HR sync', scopes: ['people:read'] } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^mrsl_/);
    const stored = await ctx.services.database.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ url: '/api/people', headers: bearer })).statusCode).toBe(200);
    const write = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: bearer, payload: { email: 'x@acme.test', displayName: 'X' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toMatch(/people:write/);
    expect((await ctx.app.inject({ url: '/api/tokens', headers: asSession(admin) })).json().items[0]).toMatchObject({ name: 'HR sync', lastUsedAt: expect.any(String) });

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: asSession(admin) })).statusCode).toBe(204);
    const revoked = await ctx.app.inject({ url: '/api/people', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('unauthenticated');
  });

  it('lets people edit their own profile but not their roles', async () => {
    const admin = await setUpOrganisation(ctx.app);
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: asSession(admin),
      payload: { timeZone: 'Asia/Kolkata', workingDays: [1, 2, 3, 4, 6], workStart: '10:00', workEnd: '18:30', preferredChannels: ['sms', 'app'], phone: '+91 98765 43210' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().person).toMatchObject({ timeZone: 'Asia/Kolkata', effectiveTimeZone: 'Asia/Kolkata', workingDays: [1, 2, 3, 4, 6], workStart: '10:00', preferredChannels: ['sms', 'app'] });
    expect((await ctx.app.inject({ method: 'PATCH', url: '/api/me', headers: asSession(admin), payload: { roles: ['admin'] } })).statusCode).toBe(400);
    const change = await ctx.app.inject({ method: 'POST', url: '/api/me/password', headers: asSession(admin), payload: { currentPassword: 'wrong', newPassword: 'another long passphrase' } });
    expect(change.json().error.code).toBe('invalid_credentials');
    expect((await ctx.app.inject({ method: 'POST', url: '/api/me/password', headers: asSession(admin), payload: { currentPassword: PASSWORD, newPassword: 'another long passphrase' } })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/me', headers: asSession(admin) })).statusCode).toBe(200);
  });

  it('reports health and serves the OpenAPI description of every route', async () => {
    expect((await ctx.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const spec = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/people', '/api/people/import', '/api/teams/{id}/members/{personId}', '/api/auth/sign-in']));
    expect(spec.paths['/api/people'].post.requestBody.content['application/json'].schema.properties.email).toBeDefined();
    expect((await ctx.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const response = await ctx.app.inject({ url: '/healthz' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

describe('health when the database is down', () => {
  it('answers 503', async () => {
    const ctx = await createTestContext('sqlite');
    await ctx.services.database.destroy();
    const response = await ctx.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable' });
    await ctx.app.close();
  });
});
