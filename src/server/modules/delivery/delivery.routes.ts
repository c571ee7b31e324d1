import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as C from './campaign.schemas.ts';
import type { CampaignService } from './campaign.service.ts';
import * as S from './delivery.schemas.ts';
import * as I from './inbox.schemas.ts';
import type { InboxService } from './inbox.service.ts';
import type { OutboxService } from './outbox.service.ts';

export interface DeliveryRouteServices {
  outbox: OutboxService;
  campaigns: CampaignService;
  inbox: InboxService;
}

/** The outbox, campaigns, the inbox, unsubscribing and channel settings. Routes parse, call one service method and present. */
export function registerDeliveryRoutes(parent: FastifyInstance, services: DeliveryRouteServices): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { outbox, campaigns, inbox } = services;

  // ---------------------------------------------------------------- the outbox
  app.get('/api/outbox', { schema: { tags: ['delivery'], summary: 'Messages queued, sent, failed and dead, with counts (admins)', querystring: S.OutboxQuery, response: { 200: S.OutboxPage } } }, async (request) =>
    outbox.list(actorOf(request), request.query),
  );
  app.post('/api/outbox/:id/retry', { schema: { tags: ['delivery'], summary: 'Send a dead message again, with a fresh set of attempts (admins)', params: S.OutboxIdParams, response: { 200: S.OutboxItem } } }, async (request) =>
    outbox.retry(actorOf(request), request.params.id),
  );

  // ---------------------------------------------------------------- campaigns
  app.get('/api/campaigns', { schema: { tags: ['campaigns'], summary: 'Campaigns, newest first (admins, authors)', response: { 200: C.CampaignList } } }, async (request) => ({
    items: await campaigns.list(actorOf(request)),
  }));
  app.post('/api/campaigns', { schema: { tags: ['campaigns'], summary: 'Create a draft campaign', body: C.CampaignCreate, response: { 201: C.Campaign } } }, async (request, reply) =>
    reply.status(201).send(await campaigns.create(actorOf(request), request.body)),
  );
  app.get('/api/campaigns/:id', { schema: { tags: ['campaigns'], summary: 'One campaign, with each member’s progress and standing (who cannot finish in time)', params: C.CampaignParams, response: { 200: C.CampaignView } } }, async (request) =>
    campaigns.view(actorOf(request), request.params.id),
  );
  app.patch('/api/campaigns/:id', { schema: { tags: ['campaigns'], summary: 'Change a draft campaign', params: C.CampaignParams, body: C.CampaignPatch, response: { 200: C.Campaign } } }, async (request) =>
    campaigns.update(actorOf(request), request.params.id, request.body),
  );
  const transitions = {
    launch: 'Launch a draft: fix course versions, draw the hold-out, plan every learner’s lessons in their own window',
    pause: 'Pause: nothing is sent until resumed',
    resume: 'Resume: lessons not yet sent are planned again from now, compressed to the deadline if need be',
    cancel: 'Cancel for good: planned deliveries are cancelled',
  } as const;
  for (const [action, summary] of Object.entries(transitions) as Array<[keyof typeof transitions, string]>) {
    app.post(`/api/campaigns/:id/${action}`, { schema: { tags: ['campaigns'], summary, params: C.CampaignParams, response: { 200: C.Campaign } } }, async (request) =>
      campaigns[action](actorOf(request), request.params.id),
    );
  }
  app.post('/api/campaigns/:id/members', { schema: { tags: ['campaigns'], summary: 'Add people to a campaign (after launch each gets a plan from now)', params: C.CampaignParams, body: C.AddMembersBody, response: { 200: C.AddMembersResult } } }, async (request) =>
    campaigns.addMembers(actorOf(request), request.params.id, request.body.personIds),
  );

  // ---------------------------------------------------------------- the learner's inbox
  app.get('/api/learn/inbox', { schema: { tags: ['learning'], summary: 'Lessons delivered to me (campaigns, reminders, just-in-time), newest first', response: { 200: I.Inbox } } }, async (request) =>
    inbox.inbox(actorOf(request)),
  );
  app.post('/api/learn/inbox/:id/read', { schema: { tags: ['learning'], summary: 'Mark an inbox item as opened', params: I.InboxParams, response: { 204: z.null() } } }, async (request, reply) => {
    await inbox.markRead(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/profile/lesson-emails', { schema: { tags: ['learning'], summary: 'Receive lesson emails again after unsubscribing', response: { 204: z.null() } } }, async (request, reply) => {
    await inbox.resubscribe(actorOf(request));
    return reply.status(204).send(null);
  });

  // ---------------------------------------------------------------- unsubscribing (public: the token is the credential)
  app.register(async (scope) => {
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    // RFC 8058 one-click: mail providers POST `List-Unsubscribe=One-Click` form-encoded to the header's URL.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, null));
    typed.post(
      '/api/unsubscribe',
      { config: { access: 'public' }, schema: { tags: ['delivery'], summary: 'Stop lesson emails (one-click List-Unsubscribe, or the page the email links to)', querystring: I.UnsubscribeQuery.partial(), body: I.UnsubscribeBody.nullish(), response: { 200: I.Unsubscribed } } },
      async (request) => inbox.unsubscribe(request.body?.token ?? request.query.token ?? ''),
    );
    // A mail client without one-click support opens the header's URL in a browser: show the page with the button.
    typed.get(
      '/api/unsubscribe',
      { config: { access: 'public' }, schema: { tags: ['delivery'], summary: 'Opened in a browser: redirects (303) to the page that asks before stopping lesson emails', querystring: I.UnsubscribeQuery.partial(), response: { 303: z.null() } } },
      async (request, reply) => reply.redirect(`/unsubscribe?token=${encodeURIComponent(request.query.token ?? '')}`, 303),
    );
  });

  // ---------------------------------------------------------------- channel settings
  app.get('/api/channel-settings', { schema: { tags: ['delivery'], summary: 'The chat webhook and SMS provider (admins; the SMS secret is never shown)', response: { 200: I.ChannelSettings } } }, async (request) =>
    inbox.getChannelSettings(actorOf(request)),
  );
  app.patch('/api/channel-settings', { schema: { tags: ['delivery'], summary: 'Change the chat webhook and SMS provider (admins)', body: I.ChannelSettingsPatch, response: { 200: I.ChannelSettings } } }, async (request) =>
    inbox.updateChannelSettings(actorOf(request), request.body),
  );
}
