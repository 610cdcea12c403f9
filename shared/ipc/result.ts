/** Every failure that crosses the boundary carries one of these codes. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'AMBIGUOUS'
  | 'OUTSIDE_STORE'
  | 'INVALID_CERT'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'EXISTS'
  | 'IO'
  | 'OPCUA'
  | 'UNAUTHORIZED'
  | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
