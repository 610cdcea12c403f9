import type { RequestInput } from '../../../shared/ipc/contract';
import type { CertSummary } from '../../../shared/types/cert';
import type { SecurityPolicyName } from '../../../shared/types/connect';
import type { StoreView } from '../../../shared/types/store';
import { VERIFY_SUPPRESSIONS, type VerifyRole, type VerifySuppression } from '../../../shared/types/verify';

/** The certificate a "Would this connect?" check judges: where it is now. */
export interface VerifyTarget {
  storeId: string;
  file: string;
  id: string;
}

/** What the "Would this connect?" form holds. */
export interface VerifyForm {
  /** The store of the application that decides (the server's PKI for a client certificate). */
  judgeStoreId: string;
  role: VerifyRole;
  securityPolicy: SecurityPolicyName;
  /** Host of the endpoint URL the client connects to; only used for a server's certificate. */
  endpointHost: string;
  /** The ApplicationUri the application announces; empty = not compared. */
  applicationUri: string;
  suppress: VerifySuppression[];
}

export type VerifyInput = RequestInput<'certs:verify'>;

export const ROLE_LABEL: Record<VerifyRole, string> = {
  client: 'a client’s certificate, checked by this server',
  server: 'a server’s certificate, checked by this client',
};

/** Who decides, in a sentence: "the server" for a client certificate, "the client" for a server certificate. */
export const JUDGE_NOUN: Record<VerifyRole, 'server' | 'client'> = { client: 'server', server: 'client' };

/** Basic256Sha256 first: what most installed servers still offer. */
export const VERIFY_POLICY_CHOICES: SecurityPolicyName[] = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'None'];

export const VERIFY_POLICY_LABEL: Record<SecurityPolicyName, string> = {
  Basic256Sha256: 'Basic256Sha256',
  Aes128_Sha256_RsaOaep: 'Aes128_Sha256_RsaOaep',
  Aes256_Sha256_RsaPss: 'Aes256_Sha256_RsaPss',
  None: 'None (no security)',
};

/** The switches as a server's (or client's) settings page would word them. */
export const SUPPRESSION_LABEL: Record<VerifySuppression, string> = {
  revocationUnknown: 'Accept revocation unknown (no CRL of the certificate’s CA)',
  issuerRevocationUnknown: 'Accept issuer revocation unknown (no CRL of a higher CA)',
  timeInvalid: 'Accept an expired or not yet valid certificate',
  issuerTimeInvalid: 'Accept an expired or not yet valid CA',
  hostNameInvalid: 'Do not check the host name',
  uriInvalid: 'Do not check the ApplicationUri',
  useNotAllowed: 'Do not check key usage and the CA flag',
};

/** Short names for the "suppressed by …" chip. */
export const SUPPRESSION_SHORT: Record<VerifySuppression, string> = {
  revocationUnknown: 'revocation unknown',
  issuerRevocationUnknown: 'issuer revocation unknown',
  timeInvalid: 'time invalid',
  issuerTimeInvalid: 'issuer time invalid',
  hostNameInvalid: 'host name',
  uriInvalid: 'ApplicationUri',
  useNotAllowed: 'usage',
};

/** A server's store judges clients' certificates; a client's (or this app's) judges servers'. */
export function roleJudgedBy(store: Pick<StoreView, 'role'>): VerifyRole {
  return store.role === 'client' || store.role === 'app-own' ? 'server' : 'client';
}

interface DefaultContext {
  stores: readonly StoreView[];
  /** The app's own client store. */
  appStoreId: string | null;
  /** The demo server's store. */
  demoStoreId: string | null;
}

/**
 * Who judges a certificate by default. One in a store's trusted, issuers or rejected folder was
 * presented to that store's application: it judges. An application's own certificate is presented
 * to the other side: a client store (the app's first) for a server's, a server store (the demo
 * server's first) for a client's.
 */
function defaultJudge(storeId: string, folder: CertSummary['folder'], context: DefaultContext): { judgeStoreId: string; role: VerifyRole } {
  const own = context.stores.find((s) => s.id === storeId);
  if (!own || folder !== 'own') return { judgeStoreId: storeId, role: own ? roleJudgedBy(own) : 'client' };
  const presentedAs: VerifyRole = roleJudgedBy(own) === 'client' ? 'server' : 'client';
  const preferred = presentedAs === 'server' ? context.appStoreId : context.demoStoreId;
  const candidates = context.stores.filter((s) => s.id !== storeId && !s.error && roleJudgedBy(s) === presentedAs);
  const judge = candidates.find((s) => s.id === preferred) ?? candidates[0];
  return { judgeStoreId: judge?.id ?? storeId, role: presentedAs };
}

/** The form for a certificate just selected: the default judge, Basic256Sha256, its own ApplicationUri, every check on. */
export function defaultVerifyForm(storeId: string, cert: Pick<CertSummary, 'folder' | 'applicationUri'>, context: DefaultContext): VerifyForm {
  return {
    ...defaultJudge(storeId, cert.folder, context),
    securityPolicy: 'Basic256Sha256',
    endpointHost: '',
    applicationUri: cert.applicationUri ?? '',
    suppress: [],
  };
}

/** The `certs:verify` input: the host only for a server's certificate, empty fields left out, switches in a stable order. */
export function toVerifyInput(target: VerifyTarget, form: VerifyForm): VerifyInput {
  const endpointHost = form.endpointHost.trim();
  const applicationUri = form.applicationUri.trim();
  const suppress = suppressionsFor(form.role).filter((s) => form.suppress.includes(s));
  return {
    certificate: { storeId: target.storeId, file: target.file, id: target.id },
    judgeStoreId: form.judgeStoreId,
    role: form.role,
    securityPolicy: form.securityPolicy,
    ...(form.role === 'server' && endpointHost ? { endpointHost } : {}),
    ...(applicationUri ? { applicationUri } : {}),
    ...(suppress.length ? { suppress } : {}),
  };
}

/** The switches that make sense for a role: a server does not check a client's host name. */
export function suppressionsFor(role: VerifyRole): VerifySuppression[] {
  return VERIFY_SUPPRESSIONS.filter((s) => role === 'server' || s !== 'hostNameInvalid');
}

export function toggleSuppression(suppress: readonly VerifySuppression[], which: VerifySuppression, on: boolean): VerifySuppression[] {
  const without = suppress.filter((s) => s !== which);
  return on ? VERIFY_SUPPRESSIONS.filter((s) => s === which || without.includes(s)) : without;
}

/** Where the certificate is now: the same file, else the same certificate moved inside its store (Trust, Reject, Sync). */
export function currentTarget(stores: readonly StoreView[], target: VerifyTarget): VerifyTarget | null {
  const store = stores.find((s) => s.id === target.storeId);
  if (!store) return null;
  const same = store.entries.find((e) => e.kind === 'certificate' && e.id === target.id && e.file === target.file);
  const moved = same ?? store.entries.find((e) => e.kind === 'certificate' && e.id === target.id);
  return moved ? { storeId: store.id, file: moved.file, id: moved.id } : null;
}

export function sameCertificate(a: Pick<VerifyTarget, 'storeId' | 'id'> | null, b: Pick<VerifyTarget, 'storeId' | 'id'> | null): boolean {
  return a !== null && b !== null && a.storeId === b.storeId && a.id === b.id;
}
