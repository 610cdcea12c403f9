import { realpathSync } from 'node:fs';
import path from 'node:path';
import { TrustError } from '../errors';

const MAX_PATH_LENGTH = 1024;

/** True when `candidate` is `root` or below it; a name that merely starts with `..` (`..shared`) is inside. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Realpath of the deepest part of `target` that exists, with the missing tail appended. */
function realpathOfExisting(target: string): string {
  let current = target;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(current), ...tail.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new TrustError('OUTSIDE_STORE', `cannot resolve ${target}: ${code ?? error}`);
      const parent = path.dirname(current);
      if (parent === current) return target;
      tail.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Resolves a path given by a user, the UI or IPC to an absolute path that stays inside the store
 * root, also after following symbolic links. Anything else is refused with OUTSIDE_STORE and
 * nothing is touched.
 */
export function resolveInsideStore(realRoot: string, input: string): string {
  if (typeof input !== 'string' || input.length === 0) throw new TrustError('INVALID_INPUT', 'a path inside the store is needed');
  if (input.length > MAX_PATH_LENGTH) throw new TrustError('INVALID_INPUT', `path is longer than ${MAX_PATH_LENGTH} characters`);
  if (input.includes('\0')) throw new TrustError('OUTSIDE_STORE', 'path contains a NUL byte');
  const foreignSyntax = process.platform === 'win32' ? /^\\\\/ : /^\\\\|^[A-Za-z]:[\\/]|\\/;
  if (foreignSyntax.test(input)) throw new TrustError('OUTSIDE_STORE', `"${input}" is not a path inside the store (UNC, drive letter or backslash)`);
  const resolved = path.resolve(realRoot, input);
  if (!isInside(realRoot, resolved)) throw new TrustError('OUTSIDE_STORE', `"${input}" is outside the store ${realRoot}`);
  const real = realpathOfExisting(resolved);
  if (!isInside(realRoot, real)) throw new TrustError('OUTSIDE_STORE', `"${input}" leads outside the store through a symbolic link`);
  return resolved;
}

/**
 * A folder the user names for Add PKI folder (or its detection): it may be anywhere, but it must be
 * a plain absolute path. A relative one would be resolved against the app's working folder, which
 * the user never chose; a NUL byte, or a Windows path on another system, names no folder here.
 */
export function userFolderPath(input: string, platform = process.platform): string {
  if (typeof input !== 'string' || input.length === 0) throw new TrustError('INVALID_INPUT', 'a folder path is needed');
  if (input.length > MAX_PATH_LENGTH) throw new TrustError('INVALID_INPUT', `path is longer than ${MAX_PATH_LENGTH} characters`);
  if (input.includes('\0')) throw new TrustError('INVALID_INPUT', 'path contains a NUL byte');
  if (platform !== 'win32' && /^\\\\|^[A-Za-z]:/.test(input)) throw new TrustError('INVALID_INPUT', `"${input}" is a Windows path (UNC or drive letter); this system has none`);
  const isAbsolute = platform === 'win32' ? path.win32.isAbsolute : path.posix.isAbsolute;
  if (!isAbsolute(input)) throw new TrustError('INVALID_INPUT', `"${input}" is not a full path: give the whole path of the folder`);
  return path.resolve(input);
}

/** The store-relative form of an absolute path, always with `/` separators. */
export function toStoreRelative(realRoot: string, absolute: string): string {
  return path.relative(realRoot, absolute).split(path.sep).join('/');
}
