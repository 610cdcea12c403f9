import { PushError } from '../push-types';

/** The status code a node-opcua error names, e.g. "… BadUserAccessDenied (0x801f0000)". */
export function statusNameIn(message: string): string | null {
  return /\b(Bad[A-Za-z]+|Uncertain[A-Za-z]+)\b/.exec(message)?.[1] ?? null;
}

/** Rejects after `ms` with a PushError that names the step; the work itself is left to finish or fail. */
export function withTimeout<T>(work: Promise<T>, ms: number, step: string, endpointUrl: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new PushError(step, 'BadTimeout', `${endpointUrl} did not answer within ${Math.round(ms / 1000)} s (${step}) (BadTimeout)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const UNREACHABLE = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket has been disconnected|connection may have been rejected|premature socket termination|BadNotConnected|BadConnectionClosed|BadCommunicationError|BadTcpEndpointUrlInvalid/i;

/** A failure to open the secure channel, in words a user can act on. */
export function connectError(error: unknown, endpointUrl: string): PushError {
  if (error instanceof PushError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = statusNameIn(message);
  if (status === 'BadSecurityChecksFailed' || status === 'BadCertificateUntrusted') {
    return new PushError(
      'connect',
      status,
      `the server at ${endpointUrl} refused this app's certificate: the server must trust this app's certificate first (on the server, move it from its rejected list to trusted) (${status})`,
    );
  }
  if (status === 'BadTimeout') return new PushError('connect', status, `${endpointUrl} did not answer in time (BadTimeout)`);
  if (UNREACHABLE.test(message) || !status) {
    return new PushError('connect', status ?? 'BadCommunicationError', `cannot reach the server at ${endpointUrl}: is it running and is the address right? (${firstLine(message)})`);
  }
  return new PushError('connect', status, `cannot open a secure connection to ${endpointUrl}: ${firstLine(message)}`);
}

/** A refused ActivateSession: the user's credentials or rights. */
export function sessionError(error: unknown, endpointUrl: string, userName: string): PushError {
  if (error instanceof PushError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = statusNameIn(message);
  if (status === 'BadUserAccessDenied' || status === 'BadIdentityTokenRejected' || status === 'BadIdentityTokenInvalid') {
    return new PushError('activate session', status, `the server refused user "${userName}": wrong user name or password (${status})`);
  }
  if (status === 'BadSecurityChecksFailed' || status === 'BadCertificateUntrusted') return connectError(error, endpointUrl);
  if (!status || UNREACHABLE.test(message)) return new PushError('activate session', status ?? 'BadCommunicationError', `the connection to ${endpointUrl} was lost while logging in (${firstLine(message)})`);
  return new PushError('activate session', status, `the server at ${endpointUrl} refused the session: ${firstLine(message)}`);
}

const CALL_WORDS: Record<string, (step: string, userName: string) => string> = {
  BadUserAccessDenied: (step, user) => `user "${user}" may not change the server's configuration (${step}): it needs the SecurityAdmin role on the server (BadUserAccessDenied)`,
  BadSecurityModeInsufficient: (step) => `the server requires an encrypted connection (SignAndEncrypt) for ${step} (BadSecurityModeInsufficient)`,
  BadCertificateInvalid: (step) => `the server refused ${step}: an item is not a valid certificate or CRL; nothing was changed (BadCertificateInvalid)`,
  BadInvalidArgument: (step) => `the server refused ${step}: an argument is not valid (e.g. no such certificate, or a malformed trust list); nothing was changed (BadInvalidArgument)`,
  BadInvalidState: (step) => `the server refused ${step}: its trust list is open by another session; try again later (BadInvalidState)`,
  BadNotSupported: (step) => `the server does not support ${step} (BadNotSupported)`,
  BadNotImplemented: (step) => `the server does not implement ${step} (BadNotImplemented)`,
  BadMethodInvalid: (step) => `the server has no ${step} method: it does not offer Part 12 push management (BadMethodInvalid)`,
  BadNodeIdUnknown: (step) => `the server has no ${step} method: it does not offer Part 12 push management (BadNodeIdUnknown)`,
  // node-opcua answers this for a standard method nobody bound: a server without push management.
  BadInternalError: (step) => `the server failed at ${step} (BadInternalError): it may not implement Part 12 push management, or it hit an error; see its log`,
  BadNotExecutable: (step) => `the server has ${step} but does not implement it (BadNotExecutable)`,
  BadCertificateUriInvalid: (step) => `the server refused ${step}: the certificate's ApplicationUri is not the server's (BadCertificateUriInvalid)`,
  BadSecurityChecksFailed: (step) => `the server refused ${step}: the certificate does not match the server's private key (BadSecurityChecksFailed)`,
};

/** A method call that returned a Bad status. */
export function callError(step: string, status: string, userName: string): PushError {
  const words = CALL_WORDS[status];
  return new PushError(step, status, words ? words(step, userName) : `${step} failed on the server (${status})`);
}

/** A method call that threw (the connection dropped, a timeout). */
export function transportError(step: string, error: unknown, endpointUrl: string): PushError {
  if (error instanceof PushError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = statusNameIn(message) ?? 'BadCommunicationError';
  return new PushError(step, status, `${step} failed: the connection to ${endpointUrl} broke (${firstLine(message)})`);
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
