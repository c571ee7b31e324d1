import type { Kysely } from 'kysely';

/** The media library: uploaded images, video and audio, and their WebVTT captions. Frozen once released. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    // Files may exceed 2 GiB (MEDIA_MAX_BYTES allows up to 50 GB) and `integer` is 32-bit on PostgreSQL, while
    // `bigint` comes back as a string from pg: a double holds every whole number of bytes up to 2^53 exactly.
    .addColumn('size_bytes', 'double precision', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('poster_key', 'text')
    .addColumn('duration_seconds', 'double precision')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('streams', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Lists page by id (UUIDv7, time-ordered) within an organisation, optionally by kind.
  await db.schema.createIndex('media_org_kind_idx').on('media').columns(['org_id', 'kind', 'id']).execute();
  await db.schema.createIndex('media_org_idx').on('media').columns(['org_id', 'id']).execute();

  await db.schema
    .createTable('media_caption')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('cue_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_caption_pk', ['media_id', 'language'])
    .execute();
  await db.schema.createIndex('media_caption_org_idx').on('media_caption').columns(['org_id', 'media_id']).execute();
}
