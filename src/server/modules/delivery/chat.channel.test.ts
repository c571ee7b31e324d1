import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeChat, startFakeChat } from '../../testing/fake-chat.ts';
import { ChannelError } from './channels.ts';
import { failureOf } from '../../testing/loopback-server.ts';
import { createChatChannel } from './chat.channel.ts';

const messageWith = (payload: unknown, idempotencyKey = 'lesson-7:ana') => ({ id: 'message-1', orgId: 'org-1', idempotencyKey, payload });

describe('the chat channel', () => {
  let fake: FakeChat;
  beforeEach(async () => {
    fake = await startFakeChat();
  });
  afterEach(async () => {
    await fake.close();
  });
  const channel = (options: { timeoutMs?: number } = {}) => createChatChannel({ allowPrivateTargets: true, ...options });
  const slack = (extra: Record<string, unknown> = {}) => ({ flavour: 'slack', url: fake.slackUrl, text: 'Your lesson is ready.', ...extra });
  const teams = (extra: Record<string, unknown> = {}) => ({ flavour: 'teams', url: fake.teamsUrl, text: 'Your lesson is ready.', ...extra });

  describe('to Slack', () => {
    it('posts Block Kit: a header, the text in mrkdwn, a button to the link, and the idempotency key', async () => {
      const link = { url: 'https://morsel.example.com/lessons/7', label: 'Open the lesson' };
      const result = await channel().send(messageWith(slack({ title: 'Handling objections', link })));
      expect(fake.requests).toHaveLength(1);
      const [request] = fake.requests;
      expect(request).toMatchObject({ flavour: 'slack', method: 'POST', status: 200 });
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.headers['idempotency-key']).toBe('lesson-7:ana');
      expect(request!.body).toEqual({
        text: 'Handling objections\nYour lesson is ready.',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Handling objections', emoji: true } },
          { type: 'section', text: { type: 'mrkdwn', text: 'Your lesson is ready.' } },
          { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the lesson', emoji: true }, url: 'https://morsel.example.com/lessons/7' }] },
        ],
      });
      expect(result.providerId).toMatch(/^fake-/);
    });

    it('sends just the section without a title or link', async () => {
      await channel().send(messageWith(slack()));
      expect(fake.requests[0]!.body).toEqual({ text: 'Your lesson is ready.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your lesson is ready.' } }] });
    });

    it('escapes &, < and > so text shows as written and cannot ping a channel or forge a link', async () => {
      await channel().send(messageWith(slack({ text: 'Q&A: <!channel> see <https://evil.example|here> & 1 > 0' })));
      const body = fake.requests[0]!.body as { text: string; blocks: Array<{ text: { text: string } }> };
      const escaped = 'Q&amp;A: &lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp; 1 &gt; 0';
      expect(body.text).toBe(escaped);
      expect(body.blocks[0]!.text.text).toBe(escaped);
    });

    it('keeps each section within Slack’s 3000 characters when escaping lengthens the text', async () => {
      await channel().send(messageWith(slack({ text: '&'.repeat(3000) })));
      const sections = (fake.requests[0]!.body as { blocks: Array<{ text: { text: string } }> }).blocks.map((block) => block.text.text);
      expect(fake.requests[0]!.status).toBe(200);
      expect(sections.every((section) => section.length <= 3000 && !/&(?!amp;)/.test(section))).toBe(true);
      expect(sections.join('')).toBe('&amp;'.repeat(3000));
    });
  });

  describe('to Teams', () => {
    it('posts a message with one Adaptive Card: bold title, text, and an Open URL action', async () => {
      const link = { url: 'https://morsel.example.com/lessons/7', label: 'Open the lesson' };
      const result = await channel().send(messageWith(teams({ title: 'Handling objections', link })));
      const [request] = fake.requests;
      expect(request).toMatchObject({ flavour: 'teams', status: 202 });
      expect(request!.headers['idempotency-key']).toBe('lesson-7:ana');
      expect(request!.body).toEqual({
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: 'Handling objections', weight: 'Bolder', size: 'Medium', wrap: true },
                { type: 'TextBlock', text: 'Your lesson is ready.', wrap: true },
              ],
              actions: [{ type: 'Action.OpenUrl', title: 'Open the lesson', url: 'https://morsel.example.com/lessons/7' }],
            },
          },
        ],
      });
      expect(result.providerId).toMatch(/^fake-/);
    });

    it('counts an older connector’s 200 “1” as sent', async () => {
      expect(await channel().send(messageWith(teams({ url: fake.teamsConnectorUrl })))).toEqual({ providerId: null });
      expect(fake.requests[0]).toMatchObject({ status: 200 });
    });

    it('retries when an older connector answers 200 with a failure in the body', async () => {
      fake.failNext(1, 200, 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0');
      const error = await failureOf(channel().send(messageWith(teams({ url: fake.teamsConnectorUrl }))));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toMatch(/^Teams webhook refused the message: 429 Webhook message delivery failed/);
    });

    it('gives up when an older connector answers 200 with a permanent failure in the body', async () => {
      fake.failNext(1, 200, 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0');
      expect(await failureOf(channel().send(messageWith(teams({ url: fake.teamsConnectorUrl }))))).toMatchObject({ isPermanent: true });
    });
  });

  describe('classifies failures', () => {
    it.each([
      [400, 'invalid_payload'],
      [403, 'action_prohibited'],
      [404, 'no_service'],
      [410, 'channel_is_archived'],
    ])('gives up at once on %i %s, saying what Slack answered', async (status, answer) => {
      fake.failNext(1, status);
      const error = await failureOf(channel().send(messageWith(slack())));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toBe(`Slack webhook refused the message: ${status} ${answer}`);
    });

    it('quotes at most 200 characters of the answer', async () => {
      fake.failNext(1, 400, 'x'.repeat(5000));
      const error = await failureOf(channel().send(messageWith(slack())));
      expect(error.message).toBe(`Slack webhook refused the message: 400 ${'x'.repeat(200)}`);
    });

    it.each([429, 500, 502, 503])('tries again later on %i', async (status) => {
      fake.failNext(1, status);
      const error = await failureOf(channel().send(messageWith(slack())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toContain(String(status));
    });

    it('tries again later when the webhook does not answer in time', async () => {
      fake.hangNext(1);
      const started = Date.now();
      const error = await failureOf(channel({ timeoutMs: 200 }).send(messageWith(slack())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toMatch(/did not answer within 0\.2 s/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(fake.requests).toHaveLength(1);
    });

    it('tries again later when the connection is refused', async () => {
      await fake.down();
      const error = await failureOf(channel().send(messageWith(slack())));
      expect(error.isPermanent).toBe(false);
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('recovers once the webhook is back', async () => {
      fake.setStatus(503);
      expect((await failureOf(channel().send(messageWith(slack())))).isPermanent).toBe(false);
      fake.setStatus(null);
      await channel().send(messageWith(slack()));
      expect(fake.requests.map((request) => request.status)).toEqual([503, 200]);
    });

    it('refuses a malformed payload for good without sending anything', async () => {
      for (const payload of [slack({ flavour: 'discord' }), slack({ text: '' }), slack({ text: 'x'.repeat(3001) }), slack({ link: { url: 'javascript:alert(1)', label: 'Go' } }), { text: 'no url' }]) {
        expect((await failureOf(channel().send(messageWith(payload)))).isPermanent).toBe(true);
      }
      expect(fake.requests).toEqual([]);
    });

    it('never puts the webhook URL (its secret) in an error', async () => {
      fake.failNext(1, 404);
      const refused = await failureOf(channel().send(messageWith(slack())));
      const blocked = await failureOf(createChatChannel({ allowPrivateTargets: false }).send(messageWith(slack())));
      for (const error of [refused, blocked]) expect(error.message).not.toContain('XXXXXXXXXXXXXXXX');
    });
  });

  describe('guards against server-side request forgery', () => {
    it('refuses a loopback webhook for good, before anything is sent, unless private targets are allowed', async () => {
      const error = await failureOf(createChatChannel({ allowPrivateTargets: false }).send(messageWith(slack())));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toBe('The Slack webhook URL points to a loopback address (127.0.0.1), which is this server itself. Morsel refuses such targets unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true.');
      expect(fake.requests).toEqual([]);
    });

    it('refuses a host name that resolves to a private address without connecting', async () => {
      let fetched = 0;
      const countingFetch: typeof fetch = (...args) => {
        fetched += 1;
        return fetch(...args);
      };
      const guarded = createChatChannel({ allowPrivateTargets: false, fetch: countingFetch, lookup: async () => [{ address: '10.1.2.3', family: 4 }] });
      const error = await failureOf(guarded.send(messageWith(teams({ url: 'https://chat.corp.example/hook' }))));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toContain('private network address (10.1.2.3)');
      expect(fetched).toBe(0);
    });

    it('does not follow a redirect (it could lead anywhere after the check) and gives up for good', async () => {
      fake.failNext(1, 302, '', { location: 'http://169.254.169.254/latest/meta-data/' });
      const error = await failureOf(channel().send(messageWith(slack())));
      expect(error.isPermanent).toBe(true);
      expect(error.message).toContain('redirect (302 to 169.254.169.254)');
      expect(fake.requests).toHaveLength(1);
    });

    it('does not follow a redirect back to the same server either', async () => {
      fake.failNext(1, 307, '', { location: fake.slackUrl });
      expect((await failureOf(channel().send(messageWith(slack())))).isPermanent).toBe(true);
      expect(fake.requests).toHaveLength(1);
    });
  });
});
