// The delivery module's public surface: campaigns, the dispatcher that turns due lessons into messages, the
// learner's inbox and unsubscribing, channel settings, and the durable outbox with its worker and channels.
export { type Channel, ChannelError, type Channels } from './channels.ts';
export { registerDeliveryRoutes } from './delivery.routes.ts';
export { registerTriggerRoutes } from './trigger.routes.ts';
export * as TriggerSchemas from './trigger.schemas.ts';
export { createTriggerService, type TriggerService } from './trigger.service.ts';
export * as DeliverySchemas from './delivery.schemas.ts';
export * as CampaignSchemas from './campaign.schemas.ts';
export * as InboxSchemas from './inbox.schemas.ts';
export { createCampaignService, type CampaignService } from './campaign.service.ts';
export { createBoostNudger, type BoostNudger } from './boost-nudges.ts';
export { createPersonNotifier, type PersonNotice, type PersonNotifier } from './person-notices.ts';
export { createDispatcher, type Dispatcher } from './dispatcher.ts';
export { unsubscribeToken } from './channel-queue.ts';
export { startDeliveryJobs, type DeliveryJobs } from './delivery.jobs.ts';
export { createInboxService, type InboxService } from './inbox.service.ts';
export { createEmailChannel, EmailPayload, messageIdFor } from './email.channel.ts';
export { createChatChannel } from './chat.channel.ts';
export { createSmsChannel } from './sms.channel.ts';
export { describeOutboundUrlProblem, readBodyText, sendOutbound } from './url-guard.ts';
export { createOutboxService, type OutboxService } from './outbox.service.ts';
export { createOutboxWorker, type OutboxWorker } from './outbox.worker.ts';
export { findCampaignArms, listHoldOutCampaigns } from './campaign-arms.ts';
export { deliveryPersonData } from './privacy.ts';
