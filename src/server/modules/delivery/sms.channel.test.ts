import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSms, startFakeSms } from '../../testing/fake-sms.ts';
import { ChannelError } from './channels.ts';
import { failureOf } from '../../testing/loopback-server.ts';
import { createSmsChannel, type SmsProviderSettings } from './sms.channel.ts';

const messageWith = (payload: unknown, idempotencyKey = 'reminder-3:ana', orgId = 'org-1') => ({ id: 'message-1', orgId, idempotencyKey, payload });
const sms = (extra: Record<string, unknown> = {}) => ({ to: '+447700900123', body: 'Your two-minute lesson is ready: https://morsel.example.com/l/7', ...extra });

describe('the SMS channel', () => {
  let fake: FakeSms;
  let asked: string[];
  beforeEach(async () => {
    fake = await startFakeSms();
    asked = [];
  });
  afterEach(async () => {
    await fake.close();
  });
  const channel = (options: { settings?: Partial<SmsProviderSettings> | null; allowPrivateTargets?: boolean; timeoutMs?: number } = {}) =>
    createSmsChannel({
      allowPrivateTargets: options.allowPrivateTargets ?? true,
      timeoutMs: options.timeoutMs,
      settingsOf: async (orgId) => {
        asked.push(orgId);
        return options.settings === null ? null : { ...fake.settings, ...options.settings };
      },
    });

  it('posts a form to the Messages resource with basic auth and the idempotency key, and keeps the sid', async () => {
    const result = await channel().send(messageWith(sms(), 'reminder-3:ana', 'org-42'));
    expect(asked).toEqual(['org-42']);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`, status: 201 });
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`);
    expect(request!.headers['idempotency-key']).toBe('reminder-3:ana');
    expect(request!.body).toEqual({ To: '+447700900123', From: '+15005550006', Body: 'Your two-minute lesson is ready: https://morsel.example.com/l/7' });
    expect(result.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.providerId).toBe(request!.sid);
  });

  it('accepts a base URL with a trailing slash', async () => {
    await channel({ settings: { baseUrl: `${fake.url}/` } }).send(messageWith(sms()));
    expect(fake.requests[0]!.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
  });

  describe('the payload', () => {
    it('sends exactly 160 characters, counting characters rather than UTF-16 units', async () => {
      await channel().send(messageWith(sms({ body: 'x'.repeat(160) })));
      await channel().send(messageWith(sms({ body: '🙂'.repeat(160) })));
      expect(fake.requests.map((request) => request.status)).toEqual([201, 201]);
    });

    it('refuses 161 characters for good without sending anything', async () => {
      const error = await failureOf(channel().send(messageWith(sms({ body: 'x'.repeat(161) }))));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toContain('at most 160 characters');
      expect(fake.requests).toEqual([]);
    });

    it.each(['07700900123', '+0447700900123', '+44 7700 900123', '+12345', '+1234567890123456', 'ana@example.com', ''])('refuses %j as a number for good', async (to) => {
      const error = await failureOf(channel().send(messageWith(sms({ to }))));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toContain('to:');
      expect(fake.requests).toEqual([]);
    });

    it('carries no provider settings: a payload with credentials in it is refused, and the queued ones are used', async () => {
      const withCredentials = sms({ accountSid: 'ACstolen', authToken: 'leaked-token', from: '+15550000000' });
      expect((await failureOf(channel().send(messageWith(withCredentials)))).isPermanent).toBe(true);
      expect(fake.requests).toEqual([]);
      await channel().send(messageWith(sms()));
      expect(fake.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`);
      expect(Object.keys(fake.requests[0]!.body).sort()).toEqual(['Body', 'From', 'To']);
    });
  });

  describe('classifies failures', () => {
    it('gives up for good when the organisation has no SMS settings', async () => {
      const error = await failureOf(channel({ settings: null }).send(messageWith(sms())));
      expect(error).toMatchObject({ isPermanent: true, message: 'SMS is not configured for this organisation.' });
      expect(fake.requests).toEqual([]);
    });

    it('gives up for good on wrong credentials, saying so, without quoting the token', async () => {
      const error = await failureOf(channel({ settings: { authToken: 'wrong-token' } }).send(messageWith(sms())));
      expect(fake.requests[0]!.status).toBe(401);
      expect(error.isPermanent).toBe(true);
      expect(error.message).toBe(
        "The SMS provider refused Morsel's credentials (401, code 20003: Authenticate); check the account SID and auth token in the organisation's SMS settings.",
      );
      expect(error.message).not.toContain('wrong-token');
    });

    it.each([
      [21211, "Invalid 'To' Phone Number: +15005550001"],
      [21610, 'Attempt to send to unsubscribed recipient'],
      [21612, "The 'To' phone number is not currently reachable via SMS"],
    ])('gives up for good on 400 code %i, quoting the provider', async (code, providerMessage) => {
      fake.failNext(1, 400, code, providerMessage);
      const error = await failureOf(channel().send(messageWith(sms())));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toBe(`The SMS provider refused the message: 400 code ${code}: ${providerMessage}`);
    });

    it('gives up for good on 403', async () => {
      fake.failNext(1, 403, 20003, 'Permission denied');
      expect(await failureOf(channel().send(messageWith(sms())))).toMatchObject({ isPermanent: true });
    });

    it.each([
      [429, 20429],
      [500, 20500],
      [503, 20503],
    ])('tries again later on %i (code %i)', async (status, code) => {
      fake.failNext(1, status, code);
      const error = await failureOf(channel().send(messageWith(sms())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toBe(`The SMS provider refused the message: ${status} code ${code}: Injected failure`);
    });

    it('tries again later when the provider does not answer in time', async () => {
      fake.hangNext(1);
      const error = await failureOf(channel({ timeoutMs: 200 }).send(messageWith(sms())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toMatch(/did not answer within 0\.2 s/);
    });

    it('tries again later when the connection is refused', async () => {
      await fake.down();
      const error = await failureOf(channel().send(messageWith(sms())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('lets a failing settings lookup through as a temporary failure', async () => {
      const broken = createSmsChannel({ allowPrivateTargets: true, settingsOf: () => Promise.reject(new Error('database is down')) });
      const error = await broken.send(messageWith(sms())).catch((caught: unknown) => caught);
      expect(error).not.toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ message: 'database is down' });
    });

    it('asks fetch not to follow redirects, and gives up for good on one', async () => {
      const modes: Array<RequestRedirect | undefined> = [];
      const redirecting = createSmsChannel({
        allowPrivateTargets: true,
        settingsOf: async () => fake.settings,
        fetch: async (_url, init) => {
          modes.push(init?.redirect);
          return new Response(null, { status: 301, headers: { location: 'http://10.0.0.1/' } });
        },
      });
      const error = await failureOf(redirecting.send(messageWith(sms())));
      expect(modes).toEqual(['manual']);
      expect(error.isPermanent).toBe(true);
      expect(error.message).toContain('redirect (301 to 10.0.0.1)');
    });
  });

  it('refuses a provider on loopback for good, before anything is sent, unless private targets are allowed', async () => {
    const error = await failureOf(channel({ allowPrivateTargets: false }).send(messageWith(sms())));
    expect(error.isPermanent).toBe(true);
    expect(error.message).toBe('The SMS provider URL points to a loopback address (127.0.0.1), which is this server itself. Morsel refuses such targets unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true.');
    expect(fake.requests).toEqual([]);
  });
});
