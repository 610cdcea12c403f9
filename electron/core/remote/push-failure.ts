/**
 * What a failed push call means for the user and for the server's row in the fleet view:
 * unreachable, refused (password, our certificate) or a server-side error.
 */
import type { RemoteReachability } from '../../../shared/types/remote';
import type { ErrorCode } from '../../../shared/ipc/result';
import { TrustError } from '../errors';
import { PushError } from './push-types';

export interface PushFailure {
  code: ErrorCode;
  message: string;
  status: string | null;
  reachability: RemoteReachability;
  /** The server's certificate (DER) when our client does not trust it yet. */
  serverCertificate: Buffer | null;
}

const ACCESS_DENIED = new Set(['BadUserAccessDenied', 'BadIdentityTokenRejected', 'BadIdentityTokenInvalid', 'BadUserSignatureInvalid', 'BadNotWritable', 'BadNotExecutable']);
const REFUSED = new Set(['BadSecurityChecksFailed', 'BadCertificateUntrusted', 'BadCertificateInvalid', 'BadCertificateTimeInvalid', 'BadCertificateRevoked', 'BadCertificateUriInvalid', 'BadCertificateHostNameInvalid', 'BadCertificateUseNotAllowed', 'BadSecurityPolicyRejected', 'BadNoValidCertificates']);
const OFFLINE = new Set(['BadTimeout', 'BadConnectionClosed', 'BadCommunicationError', 'BadNotConnected', 'BadServerNotConnected', 'BadSecureChannelClosed', 'BadConnectionRejected']);
const UNREACHABLE = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ETIMEDOUT|ECONNRESET|timed? ?out|socket has been disconnected|connection (?:was )?(?:closed|refused)|cannot connect|premature/i;

/** Turns whatever a push call threw into words, a code and the server's reachability. */
export function describePushFailure(error: unknown): PushFailure {
  const serverCertificate = (error as { serverCertificate?: unknown })?.serverCertificate;
  const der = Buffer.isBuffer(serverCertificate) ? serverCertificate : null;
  if (error instanceof PushError) {
    const status = error.status;
    if (status && ACCESS_DENIED.has(status)) return { code: 'UNAUTHORIZED', message: error.message, status, reachability: 'refused', serverCertificate: der };
    if (status && REFUSED.has(status)) return { code: 'OPCUA', message: error.message, status, reachability: der && status === 'BadCertificateUntrusted' ? 'online' : 'refused', serverCertificate: der };
    const offline = (status !== null && OFFLINE.has(status)) || (error.step === 'connect' && !status);
    return { code: 'OPCUA', message: error.message, status, reachability: offline || UNREACHABLE.test(error.message) ? 'offline' : 'online', serverCertificate: der };
  }
  if (error instanceof TrustError) return { code: error.code, message: error.message, status: null, reachability: 'online', serverCertificate: null };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'OPCUA', message, status: null, reachability: UNREACHABLE.test(message) ? 'offline' : 'unknown', serverCertificate: der };
}

/** Rejects after `ms` with a PushError naming the step: no network call waits forever. */
export function withDeadline<T>(work: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PushError(step, 'BadTimeout', `${step}: no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
