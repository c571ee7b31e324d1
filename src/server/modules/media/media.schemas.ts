/**
 * The media API's request and response schemas. Isomorphic: the web client imports them too (types only), so
 * both sides of the wire share one definition.
 */
import { z } from 'zod';

export const MediaKind = z.enum(['image', 'video', 'audio']);
export type MediaKind = z.infer<typeof MediaKind>;

/**
 * A BCP 47 language tag, canonicalised (`en-gb` → `en-GB`) so one language has one spelling in keys and URLs.
 * `Intl.getCanonicalLocales` is the platform's own BCP 47 parser, in browsers and Node alike.
 */
export const LanguageTag = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .transform((tag, context) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && /^[A-Za-z0-9-]+$/.test(canonical)) return canonical;
    } catch {
      // Falls through to the issue below.
    }
    context.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as en, fr-CA or pt-BR' });
    return z.NEVER;
  })
  .describe('BCP 47 language tag, e.g. en, fr-CA');

export const MediaCaptions = z.object({
  language: z.string().describe('Canonical BCP 47 tag'),
  label: z.string().describe('Shown in the player’s captions menu'),
  cueCount: z.number(),
});
export type MediaCaptions = z.infer<typeof MediaCaptions>;

export const MediaStream = z.object({
  type: z.enum(['video', 'audio']),
  codec: z.string().nullable(),
  width: z.number().optional(),
  height: z.number().optional(),
  channels: z.number().optional(),
});
export type MediaStream = z.infer<typeof MediaStream>;

export const MediaItem = z.object({
  id: z.string(),
  kind: MediaKind,
  mimeType: z.string().describe('Detected from the content, not from the file name'),
  filename: z.string().describe('The uploaded name, sanitised'),
  title: z.string().nullable(),
  sizeBytes: z.number(),
  durationSeconds: z.number().nullable().describe('Video and audio only'),
  width: z.number().nullable(),
  height: z.number().nullable(),
  hasPoster: z.boolean().describe('Video only: a JPEG frame at GET /api/media/:id/poster'),
  streams: z.array(MediaStream),
  captions: z.array(MediaCaptions),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type MediaItem = z.infer<typeof MediaItem>;

export const MediaQuery = z.object({
  kind: MediaKind.optional(),
  q: z.string().trim().max(200).optional().describe('Searches file names and titles'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional().describe('The `nextCursor` of the previous page'),
});
export type MediaQuery = z.infer<typeof MediaQuery>;

export const MediaList = z.object({
  items: z.array(MediaItem),
  nextCursor: z.string().nullable(),
});
export type MediaList = z.infer<typeof MediaList>;

export const MediaTitle = z.string().trim().min(1).max(200);

export const MediaPatch = z.strictObject({ title: MediaTitle.nullable() });
export type MediaPatch = z.infer<typeof MediaPatch>;

/** Documents the upload form in OpenAPI; the handler reads the form as a stream, so this never validates it. */
export const MediaUploadForm = z.object({
  title: MediaTitle.optional().describe('Send before the file'),
  file: z.string().meta({ format: 'binary' }).describe('The image, video or audio file. Its type is detected from the content.'),
});

/** Documents the captions form in OpenAPI (read as a stream by the handler). */
export const CaptionsUploadForm = z.object({
  language: z.string().describe('BCP 47 tag (or the `language` query parameter); send before the file'),
  label: z.string().optional().describe('Shown in the player’s menu; defaults to the language’s name'),
  file: z.string().meta({ format: 'binary' }).describe('WebVTT or SRT, detected from the content; SRT is converted to WebVTT'),
});

export const CaptionsQuery = z.object({
  language: z.string().max(35).optional().describe('BCP 47 tag, when the body is the bare captions text'),
  label: z.string().max(100).optional(),
});

export const MediaIdParams = z.object({ id: z.string().min(1).max(64) });
export const CaptionsParams = MediaIdParams.extend({ language: z.string().min(1).max(35) });
