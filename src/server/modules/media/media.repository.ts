import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { MediaCaptions, MediaItem, MediaKind, MediaStream } from './media.schemas.ts';
import type { MediaCaptionTable, MediaTable } from './media.table.ts';

// Repositories only query. Every query filters by org_id.

export type MediaRow = Selectable<MediaTable>;
export type CaptionRow = Selectable<MediaCaptionTable>;

/** Maps a stored item and its caption tracks to the API shape. */
export function toMediaItem(row: MediaRow, captions: CaptionRow[]): MediaItem {
  return {
    id: row.id,
    kind: row.kind,
    mimeType: row.mime_type,
    filename: row.filename,
    title: row.title,
    sizeBytes: Number(row.size_bytes),
    durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
    width: row.width,
    height: row.height,
    hasPoster: row.poster_key !== null,
    streams: JSON.parse(row.streams) as MediaStream[],
    captions: captions.map(toCaptions),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Maps a stored caption track to the API shape. */
export function toCaptions(row: CaptionRow): MediaCaptions {
  return { language: row.language, label: row.label, cueCount: row.cue_count };
}

export async function insertMedia(db: Db, row: Insertable<MediaTable>): Promise<void> {
  await db.insertInto('media').values(row).execute();
}

export async function findMediaRow(db: Db, orgId: string, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** @throws NotFoundError when the item is not in the organisation. */
export async function getMediaRow(db: Db, orgId: string, id: string): Promise<MediaRow> {
  const row = await findMediaRow(db, orgId, id);
  if (!row) throw new NotFoundError('media item', id);
  return row;
}

/** Newest first, paged by id (UUIDv7 ids sort by creation), `limit` rows after the cursor. */
export async function listMediaRows(db: Db, orgId: string, filter: { kind?: MediaKind | undefined; q?: string | undefined; before?: string | undefined; limit: number }): Promise<MediaRow[]> {
  let query = db.selectFrom('media').selectAll().where('org_id', '=', orgId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.before) query = query.where('id', '<', filter.before);
  if (filter.q) {
    // Wildcards are dropped rather than escaped: LIKE's escape syntax differs between the two databases.
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['filename']), 'like', pattern), eb(eb.fn('lower', ['title']), 'like', pattern)]));
  }
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function listMediaRowsByIds(db: Db, orgId: string, ids: string[]): Promise<Pick<MediaRow, 'id' | 'duration_seconds'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('media').select(['id', 'duration_seconds']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
}

export async function updateMediaTitle(db: Db, orgId: string, id: string, title: string | null, updatedAt: string): Promise<void> {
  await db.updateTable('media').set({ title, updated_at: updatedAt }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Deletes the item; its caption rows go with it (on delete cascade). */
export async function deleteMediaRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('media_caption').where('org_id', '=', orgId).where('media_id', '=', id).execute();
  await db.deleteFrom('media').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Caption tracks of the given items, by language. */
export async function listCaptionRows(db: Db, orgId: string, mediaIds: string[]): Promise<CaptionRow[]> {
  if (mediaIds.length === 0) return [];
  return db.selectFrom('media_caption').selectAll().where('org_id', '=', orgId).where('media_id', 'in', mediaIds).orderBy('media_id').orderBy('language').execute();
}

export async function findCaptionRow(db: Db, orgId: string, mediaId: string, language: string): Promise<CaptionRow | undefined> {
  return db.selectFrom('media_caption').selectAll().where('org_id', '=', orgId).where('media_id', '=', mediaId).where('language', '=', language).executeTakeFirst();
}

/** Adds the track, or replaces the one in the same language (keeping when it was first added). */
export async function upsertCaptionRow(db: Db, row: Insertable<MediaCaptionTable>): Promise<void> {
  await db
    .insertInto('media_caption')
    .values(row)
    .onConflict((oc) => oc.columns(['media_id', 'language']).doUpdateSet({ label: row.label, storage_key: row.storage_key, cue_count: row.cue_count, updated_at: row.updated_at }))
    .execute();
}

export async function deleteCaptionRow(db: Db, orgId: string, mediaId: string, language: string): Promise<void> {
  await db.deleteFrom('media_caption').where('org_id', '=', orgId).where('media_id', '=', mediaId).where('language', '=', language).execute();
}
