/**
 * Backing up and restoring an embedded installation (issue 9): its SQLite database, the secret key and the media
 * library, all under DATA_DIR. PostgreSQL installations back up with PostgreSQL's own tools (`pg_dump`), which
 * `morsel backup` explains instead.
 *
 * The database is copied with `VACUUM INTO` on a connection of its own: one read transaction, so the copy is the
 * database as it stood at one instant, while the server goes on reading and writing (WAL mode). The online backup
 * API (better-sqlite3's `backup()`) was the other candidate; it copies page by page and starts again whenever another
 * connection writes, so under steady learner traffic it might never finish. The copy is checked
 * (`integrity_check`, `foreign_key_check`) before the backup is declared good.
 *
 * Media files are written before the row that names them commits and are never changed, so files copied after the
 * database snapshot cover every file the snapshot names, unless one was deleted in between: the backup lists those.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError } from '../platform/errors.ts';

export const BACKUP_DATABASE = 'morsel.db';
export const BACKUP_MANIFEST = 'manifest.json';
const SECRET_FILE = 'secret.key';
const MEDIA_FOLDER = 'media';
/** Uploads in progress: not part of the library. */
const MEDIA_TMP = 'tmp';

/** What a backup folder holds, written last as its manifest (a folder without one is not a finished backup). */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** The last migration the database had: a restore onto a newer release migrates it forward. */
  schema: string | null;
  database: { file: string; bytes: number; integrity: 'ok' };
  secretKey: boolean;
  media: { files: number; bytes: number; missing: string[] };
}

/** Where an installation keeps its data (from the configuration). */
export interface DataPaths {
  sqliteFile: string;
  dataDir: string;
  mediaDir: string;
}

/** Refuses a PostgreSQL installation with the way to back it up. */
export function postgresBackupGuidance(): AppError {
  return new AppError(
    'conflict',
    'This installation keeps its data in PostgreSQL: back the database up with PostgreSQL’s tools, e.g. `pg_dump --format=custom --file=morsel.dump "$DATABASE_URL"` (restore with `pg_restore --clean --if-exists --dbname="$DATABASE_URL" morsel.dump`), and copy the media folder (MEDIA_DIR, by default DATA_DIR/media) and DATA_DIR/secret.key beside it.',
  );
}

/** Problems `integrity_check` and `foreign_key_check` find in a SQLite file (empty: none). */
function problemsOf(file: string): string[] {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check).filter((line) => line !== 'ok');
    const foreignKeys = (sqlite.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>).map((row) => `${row.table} row ${row.rowid} names a missing ${row.parent}`);
    return [...integrity, ...foreignKeys];
  } finally {
    sqlite.close();
  }
}

function schemaOf(file: string): string | null {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string } | undefined;
    return row?.name ?? null;
  } catch {
    return null;
  } finally {
    sqlite.close();
  }
}

/** Every file under a folder, as paths relative to it (uploads in progress left out at the top). */
async function filesUnder(folder: string, prefix = ''): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (!prefix && entry.name === MEDIA_TMP) continue;
    if (entry.isDirectory()) files.push(...(await filesUnder(join(folder, entry.name), relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/** Copies the files; returns their total size. */
async function copyFiles(from: string, to: string, files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    const target = join(to, file);
    await mkdir(join(target, '..'), { recursive: true });
    await copyFile(join(from, file), target);
    bytes += (await stat(target)).size;
  }
  return bytes;
}

/** The media files (originals, posters, captions) the database names that are not among the copied files. */
function missingMedia(databaseFile: string, copied: ReadonlySet<string>): string[] {
  const sqlite = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const keys = sqlite.prepare('select storage_key as key from media union all select poster_key from media where poster_key is not null union all select storage_key from media_caption').all() as Array<{ key: string }>;
    return keys.map((row) => row.key).filter((key) => !copied.has(key));
  } finally {
    sqlite.close();
  }
}

/**
 * Backs an embedded installation up into `target` (a new or empty folder): the database as of one instant, checked,
 * the secret key and the media library, then the manifest.
 * @throws AppError conflict when `target` holds files already, or validation_failed when the copy fails its checks.
 */
export async function backupSqlite(paths: DataPaths, target: string, now: Date = new Date()): Promise<BackupManifest> {
  if (existsSync(target) && (await readdir(target)).length > 0) throw new AppError('conflict', `${target} is not empty: back up into a new folder, so no earlier backup is overwritten.`);
  if (!existsSync(paths.sqliteFile)) throw new AppError('not_found', `There is no database at ${paths.sqliteFile} to back up.`);
  await mkdir(target, { recursive: true });
  const databaseFile = join(target, BACKUP_DATABASE);
  const source = new SQLite(paths.sqliteFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    source.prepare('vacuum into ?').run(databaseFile);
  } finally {
    source.close();
  }
  const problems = problemsOf(databaseFile);
  if (problems.length > 0) throw new AppError('validation_failed', `The copy of the database failed its checks: ${problems.slice(0, 5).join('; ')}. Nothing was declared backed up.`);

  const secretKey = existsSync(join(paths.dataDir, SECRET_FILE));
  if (secretKey) await copyFile(join(paths.dataDir, SECRET_FILE), join(target, SECRET_FILE));
  const files = await filesUnder(paths.mediaDir);
  const mediaBytes = await copyFiles(paths.mediaDir, join(target, MEDIA_FOLDER), files);
  const manifest: BackupManifest = {
    format: 1,
    createdAt: now.toISOString(),
    schema: schemaOf(databaseFile),
    database: { file: BACKUP_DATABASE, bytes: (await stat(databaseFile)).size, integrity: 'ok' },
    secretKey,
    media: { files: files.length, bytes: mediaBytes, missing: missingMedia(databaseFile, new Set(files)) },
  };
  await writeFile(join(target, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks a backup folder's manifest and database. @throws AppError when it is not a good backup. */
export async function readBackup(source: string): Promise<BackupManifest> {
  const manifestFile = join(source, BACKUP_MANIFEST);
  if (!existsSync(manifestFile)) throw new AppError('not_found', `${source} has no ${BACKUP_MANIFEST}: it is not a finished Morsel backup.`);
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== 1) throw new AppError('validation_failed', `${source} is a backup of a format this release does not know (${String(manifest.format)}).`);
  const problems = problemsOf(join(source, manifest.database.file));
  if (problems.length > 0) throw new AppError('validation_failed', `The backup's database fails its checks: ${problems.slice(0, 5).join('; ')}.`);
  return manifest;
}

/**
 * Restores a backup over an embedded installation whose server is stopped: the database replaces the current one
 * in one rename (its write-ahead log removed first, so no page of the old database is replayed over it), then the
 * secret key and the media library. Refuses to replace a database unless `replace` is set.
 * @throws AppError conflict when a database exists and `replace` is not set; as readBackup for a bad backup.
 */
export async function restoreSqlite(paths: DataPaths, source: string, options: { replace: boolean }): Promise<BackupManifest> {
  const manifest = await readBackup(source);
  if (existsSync(paths.sqliteFile) && !options.replace) throw new AppError('conflict', `${paths.sqliteFile} exists: stop the server, then restore with --replace to overwrite it.`);
  await mkdir(paths.dataDir, { recursive: true });
  const incoming = `${paths.sqliteFile}.restoring`;
  await copyFile(join(source, manifest.database.file), incoming);
  for (const suffix of ['-wal', '-shm']) await rm(`${paths.sqliteFile}${suffix}`, { force: true });
  await rename(incoming, paths.sqliteFile);
  if (manifest.secretKey) await copyFile(join(source, SECRET_FILE), join(paths.dataDir, SECRET_FILE));
  const mediaSource = join(source, MEDIA_FOLDER);
  await copyFiles(mediaSource, paths.mediaDir, await filesUnder(mediaSource));
  return manifest;
}
