// The delivery module's public surface: the durable outbox, its worker and channels (campaigns and triggers
// join them with the rest of the delivery issue).
export { type Channel, ChannelError, type Channels } from './channels.ts';
export { registerDeliveryRoutes } from './delivery.routes.ts';
export * as DeliverySchemas from './delivery.schemas.ts';
export { createEmailChannel, EmailPayload, messageIdFor } from './email.channel.ts';
export { createOutboxService, type OutboxService } from './outbox.service.ts';
export { createOutboxWorker, type OutboxWorker } from './outbox.worker.ts';
