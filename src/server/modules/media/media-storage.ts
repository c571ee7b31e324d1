/**
 * Where media files live. A small interface so an S3-compatible store can be added beside the local disk:
 * uploads are always spooled to a local temporary file first (ffprobe and ffmpeg need a file), and only a
 * checked file is put into the store under its final key.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

/** An inclusive byte range, as HTTP Range requests name them. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The store of media files, addressed by keys such as `<orgId>/<mediaId>/original.mp4`. */
export interface MediaStorage {
  /** Moves a local file into the store under `key` (the local file is gone afterwards). */
  putFile(key: string, localPath: string): Promise<void>;
  /** Stores small content (captions) under `key`, replacing what was there. */
  putBytes(key: string, content: Buffer | string): Promise<void>;
  /** The size of the object, or undefined when there is none. */
  sizeOf(key: string): Promise<number | undefined>;
  /** Streams the object, or one inclusive byte range of it. */
  read(key: string, range?: ByteRange): Readable;
  /** Removes one object; no error when it is already gone. */
  remove(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a "folder" ending in `/`). */
  removePrefix(prefix: string): Promise<void>;
  /** The object's path on this machine, when the store is a local disk: ffmpeg then reads it in place. */
  localPath?(key: string): string;
}

/** Keys are made by the service from ids and fixed names; anything else (`..`, absolute paths) is a bug. */
const SAFE_KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\/?$/;

function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) throw new Error(`Unsafe media storage key: ${key}`);
}

/**
 * Files on the local disk under `root` (`DATA_DIR/media`). Moves are renames, so the spool folder must be on the
 * same file system: it is `root/tmp`.
 */
export function createLocalDiskStorage(root: string): MediaStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertSafeKey(key);
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new Error(`Media storage key escapes the root: ${key}`);
    return path;
  };
  return {
    localPath: pathOf,
    async putFile(key, localPath) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      try {
        await rename(localPath, target);
      } catch (error) {
        // A spool folder on another file system (a mounted tmp): copy, then remove the original.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(localPath, target);
        await unlink(localPath);
      }
    },
    async putBytes(key, content) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      // Write beside, then rename: a reader never sees half a file.
      const partial = `${target}.${newId()}.partial`;
      await writeFile(partial, content);
      await rename(partial, target);
    },
    async sizeOf(key) {
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? info.size : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    read(key, range) {
      return createReadStream(pathOf(key), range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async removePrefix(prefix) {
      if (!prefix.endsWith('/')) throw new Error(`A media storage prefix must end with /: ${prefix}`);
      const folder = pathOf(prefix);
      await rm(folder, { recursive: true, force: true });
      // Leave no empty organisation folder behind. rmdir, not rm: it refuses a folder that a concurrent upload
      // has just written into.
      const parent = dirname(folder);
      if (parent !== base) await rmdir(parent).catch(() => undefined);
    },
  };
}

/** A file spooled to local disk while an upload streams in. */
export interface SpooledFile {
  path: string;
  sizeBytes: number;
}

/** Counts bytes as they pass and fails the stream as soon as there are more than `maxBytes`. */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) callback(tooLarge(this.maxBytes));
    else callback(null, chunk);
  }
}

/** The error for a file over the limit, with the limit in words people read. */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('media_too_large', `The file is larger than this server accepts (${formatBytes(maxBytes)}). Ask an administrator to raise MEDIA_MAX_BYTES, or upload a smaller file.`, {
    maxBytes,
  });
}

/** 524288000 → "500 MB" (binary multiples, as MEDIA_MAX_BYTES is usually set). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * Streams `source` into a new file in `tmpDir`, failing as soon as it exceeds `maxBytes`. On any failure the
 * partial file is removed before the error is passed on.
 * @throws AppError media_too_large past the limit; the stream's own error otherwise.
 */
export async function spoolToTempFile(source: Readable, tmpDir: string, maxBytes: number): Promise<SpooledFile> {
  await mkdir(tmpDir, { recursive: true });
  const path = join(tmpDir, `${newId()}.upload`);
  const limit = new ByteLimit(maxBytes);
  const sink = createWriteStream(path, { flags: 'wx' });
  try {
    await pipeline(source, limit, sink);
  } catch (error) {
    // pipeline destroys the file stream, but its open() may still be under way: removing the file before the
    // stream closes would let it be created right after (seen under load on PostgreSQL runs).
    if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
    await rm(path, { force: true });
    // @fastify/multipart's own file-size limit (set just above ours) surfaces as this code.
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw error;
  }
  // A multipart file stream cut at the parser's limit ends quietly with `truncated` set.
  if ((source as Readable & { truncated?: boolean }).truncated) {
    await rm(path, { force: true });
    throw tooLarge(maxBytes);
  }
  return { path, sizeBytes: limit.bytes };
}
