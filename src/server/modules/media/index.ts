// The media module's public surface: other modules import only from here.
export { registerMediaRoutes } from './media.routes.ts';
export { createMediaProbe, type MediaProbe, type ToolAvailability } from './media-probe.ts';
export { createLocalDiskStorage, type MediaStorage } from './media-storage.ts';
export {
  bytesUploadSource,
  createMediaService,
  fileUploadSource,
  type MediaService,
  type UploadSource,
  warnIfFfmpegMissing,
} from './media.service.ts';
export * as MediaSchemas from './media.schemas.ts';
