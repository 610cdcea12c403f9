import type { AppError } from '../../../shared/ipc/result';

export type RemoteProblemKind = 'password-needed' | 'wrong-password' | 'app-not-trusted' | 'unreachable' | 'no-push' | 'declined' | 'other';

/** A failure talking to a remote server, in the words the Add and Set password dialogs show. */
export interface RemoteProblem {
  kind: RemoteProblemKind;
  title: string;
  /** What the server or the core said, as is. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** The OPC UA status code name, when there is one. */
  status: string | null;
}

const STATUS_KIND: Record<string, RemoteProblemKind> = {
  BadUserAccessDenied: 'wrong-password',
  BadIdentityTokenRejected: 'wrong-password',
  BadIdentityTokenInvalid: 'wrong-password',
  BadUserSignatureInvalid: 'wrong-password',
  BadSecurityChecksFailed: 'app-not-trusted',
  BadCertificateUntrusted: 'app-not-trusted',
  BadCommunicationError: 'unreachable',
  BadConnectionRejected: 'unreachable',
  BadConnectionClosed: 'unreachable',
  BadNotConnected: 'unreachable',
  BadServerNotConnected: 'unreachable',
  BadTimeout: 'unreachable',
  BadRequestTimeout: 'unreachable',
  BadTcpEndpointUrlInvalid: 'unreachable',
  BadNodeIdUnknown: 'no-push',
  BadMethodInvalid: 'no-push',
};

/** Words that give the reason away when no status code came with the error (socket errors, the core's own sentences). */
const TEXT_KIND: [RegExp, RemoteProblemKind][] = [
  [/password is needed/i, 'password-needed'],
  [/password|access denied|identity token/i, 'wrong-password'],
  [/does not trust|not trust(ed)? (this|the) app|untrusted/i, 'app-not-trusted'],
  [/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|unreachable|cannot be reached|timed? ?out|connection refused/i, 'unreachable'],
  [/push management|ServerConfiguration|TrustList object/i, 'no-push'],
];

const TEXT: Record<RemoteProblemKind, { title: string; hint: string }> = {
  'password-needed': {
    title: 'The admin password is needed',
    hint: 'It was kept only for the last session: give it again with Set password….',
  },
  'wrong-password': {
    title: 'Wrong user name or password',
    hint: 'Check the admin user’s name and password. The user must have the SecurityAdmin role on that server.',
  },
  'app-not-trusted': {
    title: 'The server does not trust this app yet',
    hint: 'Trust this app’s certificate on that server (it is in the server’s rejected list or folder after this attempt), then try again.',
  },
  unreachable: {
    title: 'The server cannot be reached',
    hint: 'Check the endpoint URL, that the server runs, and that no firewall blocks its port.',
  },
  'no-push': {
    title: 'The server does not offer push management',
    hint: 'Remote trust management needs a server with the OPC UA Part 12 ServerConfiguration and TrustList objects.',
  },
  declined: {
    title: 'The server’s certificate was not trusted',
    hint: 'Nothing was added. To manage this server, add it again and answer Trust permanently or Accept once.',
  },
  other: { title: 'The server could not be managed', hint: 'Check the message; try again.' },
};

const STATUS_NAME = /\b(Bad[A-Z]\w+)\b/;

function statusOf(error: AppError): string | null {
  const details = error.details as { status?: unknown } | null | undefined;
  if (details && typeof details === 'object' && typeof details.status === 'string') return details.status;
  return STATUS_NAME.exec(error.message)?.[1] ?? null;
}

/** The answer Cancel to the server's certificate, said in the Add dialog. */
export function declinedProblem(): RemoteProblem {
  return { kind: 'declined', ...TEXT.declined, message: 'You answered Cancel to the server’s certificate.', status: null };
}

/** Sorts a failed remote call into wrong password / app not trusted / unreachable / no push management / other. */
export function remoteProblemOf(error: AppError): RemoteProblem {
  const status = statusOf(error);
  const byText = TEXT_KIND.find(([pattern]) => pattern.test(error.message))?.[1];
  const byCode: RemoteProblemKind | undefined = error.code === 'UNAUTHORIZED' ? 'wrong-password' : undefined;
  const kind = (status ? STATUS_KIND[status] : undefined) ?? (byText === 'password-needed' ? byText : (byCode ?? byText)) ?? 'other';
  return { kind, ...TEXT[kind], message: error.message, status };
}
