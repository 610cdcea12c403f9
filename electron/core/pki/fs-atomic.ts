import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { noteChanged } from './change-hints';

export const JOURNAL_NAME = '.uatrust-journal.json';
export const TRASH_DIR = '.uatrust-trash';
export const LOCK_NAME = '.uatrust.lock';
const TEMP_PREFIX = '.uatrust-';
const TEMP_SUFFIX = '.tmp';

/** Files this tool writes beside the certificates: never listed as store content. */
export function isOwnFile(name: string): boolean {
  return name === JOURNAL_NAME || name === TRASH_DIR || name === LOCK_NAME || (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX));
}

export function isTempFile(name: string): boolean {
  return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
}

/** A temp file name in the same folder as `target`, so the final rename stays on one file system. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

function fsyncDir(dir: string): void {
  // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's content: bytes, text, or text made piece by piece (written in chunks, never held whole). */
export type FileContent = Buffer | string | Iterable<string>;
const CHUNK = 256 * 1024;

function* chunksOf(data: FileContent): Generator<Buffer> {
  if (typeof data === 'string') return yield Buffer.from(data);
  if (Buffer.isBuffer(data)) return yield data;
  let parts: string[] = [];
  let length = 0;
  for (const part of data) {
    parts.push(part);
    length += part.length;
    if (length < CHUNK) continue;
    yield Buffer.from(parts.join(''));
    parts = [];
    length = 0;
  }
  if (parts.length > 0) yield Buffer.from(parts.join(''));
}

/** Writes a file and fsyncs it before returning. */
export function writeDurable(file: string, data: FileContent, mode = 0o644): void {
  const fd = openSync(file, 'wx', mode);
  try {
    for (const buffer of chunksOf(data)) {
      let offset = 0;
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a whole file so that readers see the old content or the new, never a part (through `temp`, by default a fresh name). */
export function writeFileAtomic(target: string, data: FileContent, mode = 0o644, temp = tempPathFor(target)): void {
  try {
    writeDurable(temp, data, mode);
    renameSync(temp, target);
  } catch (error) {
    // A partial temp file (full disk, content that failed while being made) is not left behind.
    rmSync(temp, { force: true });
    throw error;
  }
  // Same name, new content: a watched store's next scan must not wait for the watcher to re-read it.
  noteChanged(target);
  fsyncDir(path.dirname(target));
}

/**
 * Puts the bytes of `from` at `to` without ever overwriting a file there, and leaves `from`: a hard
 * link (fails if the target exists), or where hard links are not possible a durable copy through a
 * temp file. The folder of `to` is not fsynced: callers do it (once per folder for a batch).
 */
export function placeNoClobber(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT' || code === 'EACCES' || code === 'EROFS') throw error;
    // No hard links here (FAT, some network shares): copy durably, then rename.
    const temp = tempPathFor(to);
    copyFileSync(from, temp);
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(to)) {
      unlinkSync(temp);
      throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    }
    renameSync(temp, to);
  }
}

/** Makes the entries of these folders durable: one fsync per folder, however many files changed in it. */
export function syncFolders(dirs: Iterable<string>): void {
  for (const dir of new Set(dirs)) fsyncDir(dir);
}

/**
 * Moves a file without ever overwriting one at the target: placeNoClobber, fsync of the target
 * folder, then unlink of the source. A crash in between leaves the same bytes in both places,
 * which the journal resolves.
 */
export function moveNoClobber(from: string, to: string): void {
  placeNoClobber(from, to);
  fsyncDir(path.dirname(to));
  try {
    unlinkSync(from);
  } catch (error) {
    // The source stays (read-only folder): remove the new copy so the file is in one place only.
    unlinkSync(to);
    throw error;
  }
  fsyncDir(path.dirname(from));
}
