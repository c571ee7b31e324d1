import fastifyMultipart, { type Multipart } from '@fastify/multipart';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { errorBody } from '../../http/error-handler.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { decideRange } from './byte-range.ts';
import type { ByteRange } from './media-storage.ts';
import * as S from './media.schemas.ts';
import { bytesUploadSource, type MediaPart, type MediaService, type UploadSource } from './media.service.ts';

export interface MediaRouteDeps {
  media: MediaService;
  /** MEDIA_MAX_BYTES: the multipart parser stops just past it. */
  maxBytes: number;
}

/** Fields of an upload form: a title, a language, a label. Anything bigger is not a field we read. */
const FORM_LIMITS = { files: 1, fields: 10, fieldSize: 10_000, parts: 20 };

/**
 * Multipart bodies are read as a stream by the handler, after the permission check; the body schema of those
 * routes only documents the form in OpenAPI. Params and query are validated as everywhere else.
 */
function streamedBodyCompiler<T>(route: Parameters<FastifySchemaCompiler<T>>[0]): ReturnType<FastifySchemaCompiler<T>> {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/**
 * The media library's routes, in their own plugin scope so the multipart parser and the captions content types
 * apply to them alone. Routes parse, call one service method and present.
 */
export async function registerMediaRoutes(parent: FastifyInstance, deps: MediaRouteDeps): Promise<void> {
  await parent.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { ...FORM_LIMITS, fileSize: deps.maxBytes + 1 }, throwFileSizeLimit: true });
    // Captions may also be sent bare, as the body; `text/plain` is already read as a string app-wide.
    scope.addContentTypeParser(['text/vtt', 'application/x-subrip', 'text/srt'], { parseAs: 'buffer', bodyLimit: 3 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    mediaRoutes(scope, deps);
  });
}

function mediaRoutes(parent: FastifyInstance, { media, maxBytes }: MediaRouteDeps): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['media'];
  const noContent = { 204: z.null() };

  app.post(
    '/api/media',
    {
      validatorCompiler: streamedBodyCompiler,
      schema: {
        tags,
        summary: 'Upload an image, video or audio file (authors)',
        description:
          'multipart/form-data with one `file` field (and an optional `title` before it). The type is detected from the content; video and audio are probed with ffprobe (duration, streams) and videos get a poster frame. ' +
          'Errors: 413 media_too_large (MEDIA_MAX_BYTES), 415 media_unsupported, 422 media_corrupt, 503 ffmpeg_missing (video and audio need ffmpeg on the server). Nothing is kept of a refused upload.',
        consumes: ['multipart/form-data'],
        body: S.MediaUploadForm,
        response: { 201: S.MediaItem },
      },
    },
    async (request, reply) => {
      const item = await whileStreaming(request, reply, () => media.upload(actorOf(request), multipartSource(request, maxBytes)));
      return reply.status(201).send(item);
    },
  );

  app.get('/api/media', { schema: { tags, summary: 'The media library, newest first (authors)', querystring: S.MediaQuery, response: { 200: S.MediaList } } }, async (request) =>
    media.list(actorOf(request), request.query),
  );

  app.get(
    '/api/media/:id',
    { schema: { tags, summary: 'One media item (anyone in the organisation: lessons show it)', params: S.MediaIdParams, response: { 200: S.MediaItem } } },
    async (request) => media.get(actorOf(request), request.params.id),
  );

  app.patch('/api/media/:id', { schema: { tags, summary: 'Change a media item’s title (authors)', params: S.MediaIdParams, body: S.MediaPatch, response: { 200: S.MediaItem } } }, async (request) =>
    media.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/media/:id',
    { schema: { tags, summary: 'Delete a media item with its files and captions (authors); lessons using it then fail lint with missing_media', params: S.MediaIdParams, response: noContent } },
    async (request, reply) => {
      await media.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  const fileResponses = (what: string) => ({
    200: { description: what, content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } },
    206: { description: `${what}: the byte range asked for (Content-Range says which)`, content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } },
  });
  const rangeHelp = 'Supports HTTP Range requests (`Range: bytes=0-99`, `bytes=100-`, `bytes=-100`) so players can seek: 206 with Content-Range, or 416 when the range starts past the end.';

  app.get(
    '/api/media/:id/content',
    { schema: { tags, summary: 'The media file itself (anyone in the organisation)', description: rangeHelp, params: S.MediaIdParams, response: fileResponses('The file, with its detected Content-Type') } },
    async (request, reply) => serveFile(request, reply, media, request.params.id, { kind: 'original' }),
  );

  app.get(
    '/api/media/:id/poster',
    { schema: { tags, summary: 'A video’s poster frame, JPEG (anyone in the organisation)', description: rangeHelp, params: S.MediaIdParams, response: fileResponses('The poster frame (image/jpeg)') } },
    async (request, reply) => serveFile(request, reply, media, request.params.id, { kind: 'poster' }),
  );

  app.post(
    '/api/media/:id/captions',
    {
      validatorCompiler: streamedBodyCompiler,
      schema: {
        tags,
        summary: 'Add or replace the captions of a video or audio item in one language (authors)',
        description:
          'multipart/form-data with `language`, optional `label`, then `file`; or the bare captions as the body (`text/vtt`, `text/plain` or `application/x-subrip`) with `?language=`. ' +
          'WebVTT is validated; SRT is converted to WebVTT (both detected from the content). 400 captions_invalid lists each faulty line in `details.problems`.',
        consumes: ['multipart/form-data', 'text/vtt', 'text/plain', 'application/x-subrip'],
        params: S.MediaIdParams,
        querystring: S.CaptionsQuery,
        body: S.CaptionsUploadForm,
        response: { 201: S.MediaItem },
      },
    },
    async (request, reply) => {
      const item = await whileStreaming(request, reply, () => media.addCaptions(actorOf(request), request.params.id, captionsSource(request, maxBytes), request.query));
      return reply.status(201).send(item);
    },
  );

  app.get(
    '/api/media/:id/captions/:language',
    { schema: { tags, summary: 'One captions track, WebVTT (anyone in the organisation)', params: S.CaptionsParams, response: fileResponses('The captions (text/vtt)') } },
    async (request, reply) => serveFile(request, reply, media, request.params.id, { kind: 'captions', language: request.params.language }),
  );

  app.delete('/api/media/:id/captions/:language', { schema: { tags, summary: 'Remove the captions in one language (authors)', params: S.CaptionsParams, response: noContent } }, async (request, reply) => {
    await media.removeCaptions(actorOf(request), request.params.id, request.params.language);
    return reply.status(204).send(null);
  });
}

/**
 * Runs an upload. When it fails before the request body has been read to its end (refused, too large, bad
 * file), the connection is closed after the answer: the rest of a large body is not worth reading, and a
 * half-read multipart stream cannot be reused.
 */
async function whileStreaming<T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!request.raw.complete) discardRestOfBody(request.raw, reply.raw);
    throw translateMultipartError(error);
  }
}

/** How much of a refused upload's body is read and thrown away so the sender sees the answer. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_LIMIT_MS = 30_000;

/**
 * Reads the rest of a refused request's body and throws it away, like a web server's lingering close. Most
 * HTTP clients (browsers, fetch) read the answer only once they have sent the whole body: closing the connection
 * under them turns a clear 403 or 413 into a network error. Past 64 MB or 30 s the connection is closed anyway,
 * once the answer has gone out: nobody is made to receive an unbounded body.
 */
function discardRestOfBody(raw: IncomingMessage, response: ServerResponse): void {
  // Stop the multipart parser, if it was reading: from here on nothing of the body is parsed.
  raw.unpipe();
  let discarded = 0;
  // `destroy?.()`: under `inject` (tests) the socket is light-my-request's stand-in, which has no destroy.
  const close = () => {
    if (response.writableFinished) raw.socket.destroy?.();
    else response.once('finish', () => raw.socket.destroy?.());
  };
  const timer = setTimeout(close, DRAIN_LIMIT_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_LIMIT_BYTES) {
      clearTimeout(timer);
      close();
    }
  });
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}

/** @fastify/multipart's errors, in the API's vocabulary. */
function translateMultipartError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return new ValidationError('Send one file per upload.', { field: 'file' });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new ValidationError('The form has unexpected fields. Send a file field and, optionally, title (or language and label for captions).');
    case 'FST_MP_PREMATURE_CLOSE':
      return new ValidationError('The upload ended before the whole file arrived.');
    default:
      if (error instanceof Error && /Unexpected end of (multipart|form)|Malformed part header|Multipart: Boundary not found/i.test(error.message)) {
        return new ValidationError('The multipart form is malformed.');
      }
      return error;
  }
}

/** A multipart form as an upload source: the file part streamed, text fields gathered before and after it. */
function multipartSource(request: FastifyRequest, maxBytes: number): UploadSource {
  const fields: Record<string, string> = {};
  let parts: AsyncIterableIterator<Multipart> | undefined;
  const declared = Number(request.headers['content-length']);
  const collect = (part: Multipart & { type: 'field' }) => {
    if (typeof part.value === 'string') fields[part.fieldname] = part.value;
  };
  return {
    declaredBytes: Number.isFinite(declared) ? declared : undefined,
    async openFile() {
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data, in a field named file.');
      // Busboy stops one byte past the limit, so the service's own count sees the excess and says so.
      parts = request.parts({ limits: { ...FORM_LIMITS, fileSize: maxBytes + 1 } });
      for (;;) {
        const next = await parts.next();
        if (next.done) throw new ValidationError('The form has no file. Send it in a field named file.', { field: 'file' });
        const part = next.value;
        // Browsers send `"` and line breaks in a file name percent-encoded (HTML's multipart/form-data rules).
        if (part.type === 'file') return { filename: part.filename.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n'), stream: part.file };
        collect(part);
      }
    },
    async fields() {
      if (!parts) return fields;
      for (;;) {
        const next = await parts.next();
        if (next.done) return fields;
        const part = next.value;
        if (part.type === 'file') {
          part.file.resume();
          throw new ValidationError('Send one file per upload.', { field: 'file' });
        }
        collect(part);
      }
    },
  };
}

/** Captions arrive as a multipart form, or bare as the body (already read by a content-type parser). */
function captionsSource(request: FastifyRequest, maxBytes: number): UploadSource {
  if (request.isMultipart()) return multipartSource(request, maxBytes);
  const body: unknown = request.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return bytesUploadSource(body, { filename: 'captions' });
  return {
    openFile: async () => {
      throw new AppError('unsupported_media_type', 'Send the captions as multipart/form-data (language, label, file), or as a text/vtt body with ?language=.');
    },
    fields: async () => ({}),
  };
}

/** Streams a stored file, whole or by range, with the headers players and browsers need. */
async function serveFile(request: FastifyRequest, reply: FastifyReply, media: MediaService, id: string, part: MediaPart) {
  const file = await media.openFile(actorOf(request), id, part);
  const decision = decideRange(request.headers.range, file.sizeBytes);
  // Fastify's HEAD route reads a stream body to its end to discard it: do not open the file for nothing.
  const body = (range?: ByteRange) => (request.method === 'HEAD' ? Readable.from([]) : file.read(range));
  reply
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    // Never served as a page of this site, whatever a file manages to look like.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', file.isImmutable ? 'private, max-age=86400' : 'private, no-cache')
    .header('content-disposition', contentDisposition(file.filename));
  if (decision.kind === 'unsatisfiable') {
    return reply
      .status(416)
      .header('content-range', `bytes */${file.sizeBytes}`)
      .send(errorBody('range_not_satisfiable', `The range ${request.headers.range} starts past the end of the file (${file.sizeBytes} bytes).`, { sizeBytes: file.sizeBytes }));
  }
  if (decision.kind === 'partial') {
    const { start, end } = decision.range;
    return reply
      .status(206)
      .type(file.mimeType)
      .header('content-range', `bytes ${start}-${end}/${file.sizeBytes}`)
      .header('content-length', end - start + 1)
      .send(body(decision.range));
  }
  return reply.status(200).type(file.mimeType).header('content-length', file.sizeBytes).send(body());
}

/** `inline` with the name in both forms: ASCII for old clients, RFC 5987 UTF-8 for the rest. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
