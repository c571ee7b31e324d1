import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './import.schemas.ts';
import type { ImportService } from './import.service.ts';

/** A document or a day of captions, sent as JSON: larger than the app-wide body limit. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

/** Imports: documents and transcripts into proposed lessons, reviewed, then accepted as drafts. Routes parse, call one service method and present. */
export function registerImportRoutes(parent: FastifyInstance, imports: ImportService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['import'];

  app.post(
    '/api/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Start an import: a document, a transcript (with its recording or not), or a recording alone (authors)',
        description:
          'Answers 202 with the import queued; the proposals are made in the background (poll GET /api/imports/:id until `status` is `ready`). ' +
          'A recording (`mediaId`) is uploaded to the media library first. Errors: 400 transcript_invalid (captions or chapters neither WebVTT nor SRT), 400 validation_failed (missing media item, an image).',
        body: S.ImportCreate,
        response: { 202: S.ImportDetail },
      },
    },
    async (request, reply) => reply.status(202).send(await imports.create(actorOf(request), request.body)),
  );

  app.get('/api/imports', { schema: { tags, summary: 'The organisation’s imports, newest first (authors)', response: { 200: S.ImportList } } }, async (request) => imports.list(actorOf(request)));

  app.get('/api/imports/:id', { schema: { tags, summary: 'An import with its progress, source and proposals (authors)', params: S.ImportIdParams, response: { 200: S.ImportDetail } } }, async (request) =>
    imports.get(actorOf(request), request.params.id),
  );

  app.post(
    '/api/imports/:id/review',
    {
      schema: {
        tags,
        summary: 'Change the proposals: merge with the next, split, edit, drop, or rename the course (authors)',
        description: 'Errors: 409 import_wrong_status (not awaiting review), 409 import_conflict (`baseRevision` is stale), 400 validation_failed (no such proposal or split point).',
        params: S.ImportIdParams,
        body: S.ImportReview,
        response: { 200: S.ImportDetail },
      },
    },
    async (request) => imports.review(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/imports/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept the proposals: cut the clips and create draft lessons, their media and a draft course (authors)',
        description: 'Answers 202; poll until `status` is `accepted` (then `courseId` names the draft course). Errors: 409 import_wrong_status, 409 import_conflict, 422 import_empty, 400 validation_failed (objective, clips over two minutes).',
        params: S.ImportIdParams,
        body: S.ImportAccept,
        response: { 202: S.ImportDetail },
      },
    },
    async (request, reply) => reply.status(202).send(await imports.accept(actorOf(request), request.params.id, request.body)),
  );

  app.post('/api/imports/:id/cancel', { schema: { tags, summary: 'Stop an import in progress or under review (authors)', params: S.ImportIdParams, response: { 200: S.ImportDetail } } }, async (request) =>
    imports.cancel(actorOf(request), request.params.id),
  );

  app.delete('/api/imports/:id', { schema: { tags, summary: 'Delete an import’s record; the drafts it created stay (authors)', params: S.ImportIdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await imports.remove(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
