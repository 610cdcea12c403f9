import { fail, ok, type ErrorCode, type Result } from '../../shared/ipc/result';

/** An expected failure with a code the user-facing hosts translate (CLI exit 1, IPC `{ ok: false }`). */
export class TrustError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TrustError';
  }
}

/** Turns a Node I/O error into a sentence with the file it concerns. */
export function ioError(error: unknown, what: string): TrustError {
  const err = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'does not exist',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'is a folder',
    ENOTDIR: 'a part of the path is not a folder',
  };
  const reason = (err?.code && reasons[err.code]) || err?.message || String(error);
  return new TrustError(err?.code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${what}: ${reason}`);
}

/** Runs core work at a boundary: expected failures become `{ ok: false }`, bugs become INTERNAL. */
export async function attempt<T>(work: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof TrustError) return fail(error.code, error.message, error.details);
    return fail('INTERNAL', error instanceof Error ? error.message : String(error));
  }
}
