import { isStatusName, statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import type { ConnectStepId, DiagnosisFix, DiagnosisItem, EndpointChoice, PeerCertificate, SecurityPolicyName } from '../../../shared/types/connect';
import type { VerifyResult } from '../../../shared/types/verify';

/** Where our certificate is in the server's store, when the server's PKI is one of ours. */
export interface ServerStoreFindings {
  storeId: string;
  storeName: string;
  ourCertificate: { folder: 'trusted' | 'rejected' | 'issuers' | 'own'; file: string; id: string } | null;
  /** For a CA-signed certificate of ours: does the server have its issuer, the issuer's CRL, does the CRL revoke us. */
  issuer: { present: boolean; crlPresent: boolean; revoked: boolean } | null;
}

export interface DiagnosisInput {
  failedAt: ConnectStepId | null;
  status: CertificateStatusName | null;
  rawError: string | null;
  endpointUrl: string;
  endpoint: EndpointChoice | null;
  offered: EndpointChoice[];
  ourCertificate: PeerCertificate | null;
  /** The ApplicationUri our client announces in CreateSession. */
  ourApplicationUri?: string | null;
  serverCertificate: PeerCertificate | null;
  serverStore: ServerStoreFindings | null;
  /** Server time minus ours, when the server told us its time. */
  clockSkewMs: number | null;
  now: number;
}

const MIN_RSA_BITS: Record<SecurityPolicyName, number> = { Basic256Sha256: 2048, Aes128_Sha256_RsaOaep: 2048, Aes256_Sha256_RsaPss: 2048, None: 0 };
const MAX_RSA_BITS: Record<SecurityPolicyName, number> = { Basic256Sha256: 4096, Aes128_Sha256_RsaOaep: 4096, Aes256_Sha256_RsaPss: 4096, None: Infinity };
const SKEW_LIMIT_MS = 5 * 60_000;

function item(status: CertificateStatusName | null, title: string, explanation: string, fix?: DiagnosisFix): DiagnosisItem {
  return { status, statusHex: status ? statusHex(status) : null, title, explanation, ...(fix ? { fix } : {}) };
}

function days(ms: number): string {
  const d = Math.round(Math.abs(ms) / 86_400_000);
  return d === 0 ? 'today' : `${d} day${d === 1 ? '' : 's'}`;
}

/** Problems of a certificate that any compliant peer would refuse it for, whoever checks it. */
function certificateFindings(who: 'our' | "the server's", cert: PeerCertificate, policy: SecurityPolicyName | null, now: number): DiagnosisItem[] {
  const found: DiagnosisItem[] = [];
  const notAfter = Date.parse(cert.notAfter);
  const notBefore = Date.parse(cert.notBefore);
  if (notAfter < now) found.push(item('BadCertificateTimeInvalid', `${who === 'our' ? 'Our' : "The server's"} certificate expired ${days(now - notAfter)} ago`, `It was valid until ${cert.notAfter.slice(0, 10)}. ${who === 'our' ? 'Regenerate the app certificate' : 'The server needs a new certificate'}, then trust the new one on the other side.`));
  if (notBefore > now) found.push(item('BadCertificateTimeInvalid', `${who === 'our' ? 'Our' : "The server's"} certificate is not valid yet`, `It becomes valid on ${cert.notBefore}. Check the clocks of both machines.`));
  if (policy && policy !== 'None' && cert.keyType === 'RSA' && (cert.keySize < MIN_RSA_BITS[policy] || cert.keySize > MAX_RSA_BITS[policy])) {
    found.push(item('BadCertificatePolicyCheckFailed', `${who === 'our' ? 'Our' : "The server's"} key is too ${cert.keySize < MIN_RSA_BITS[policy] ? 'small' : 'large'} for ${policy}`, `${policy} needs an RSA key of ${MIN_RSA_BITS[policy]} to ${MAX_RSA_BITS[policy]} bits; this one has ${cert.keySize}.`));
  }
  if (policy && policy !== 'None' && /sha1/i.test(cert.signatureAlgorithm)) {
    found.push(item('BadCertificatePolicyCheckFailed', `${who === 'our' ? 'Our' : "The server's"} certificate is signed with SHA-1`, `${policy} refuses SHA-1 signatures; issue a certificate signed with SHA-256.`));
  }
  return found;
}

/** Plain words for a reason a server names when it refuses our certificate (node-opcua names TimeInvalid, UseNotAllowed, RevocationUnknown). */
const SERVER_REASONS: Partial<Record<CertificateStatusName, [title: string, explanation: string]>> = {
  BadCertificateTimeInvalid: ['The server finds our certificate outside its validity period', 'By our clock it is valid: check the clocks of both machines.'],
  BadCertificateRevocationUnknown: ["The server has no revocation list for our certificate's issuer", "Without the CA's CRL, revocation is unknown and the server refuses. Import the CA's CRL into the server's issuers or trusted folder."],
  BadCertificateIssuerRevocationUnknown: ["The server has no revocation list for an issuer in our certificate's chain", "Import the CRLs of every CA in our chain into the server's issuers or trusted folder."],
  BadCertificateRevoked: ['Our certificate is revoked', "The CA's revocation list on the server lists our certificate. Have a new one issued."],
  BadCertificateChainIncomplete: ["The server does not have our certificate's issuer", "Import the CA certificate into the server's trusted or issuers folder."],
  BadCertificateUseNotAllowed: ['The server refuses the key usage of our certificate', 'An application certificate needs digitalSignature, nonRepudiation, keyEncipherment and dataEncipherment. Regenerate it.'],
  BadCertificatePolicyCheckFailed: ['Our certificate does not meet the security policy', 'Check its key size and signature algorithm against the policy, or choose another policy.'],
  BadCertificateUriInvalid: ['The server refuses the ApplicationUri of our certificate', 'The URI in its subjectAltName must be the ApplicationUri the app announces. Regenerate it.'],
  BadCertificateInvalid: ['The server cannot read our certificate', 'Regenerate the app certificate.'],
};

/** Host name of an opc.tcp URL. */
export function endpointHost(url: string): string {
  try {
    return new URL(url.replace(/^opc\.tcp:/i, 'http:')).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/** Checks a client makes of the server's certificate beyond trust: host name and ApplicationUri. */
export function serverIdentityFindings(cert: PeerCertificate, endpointUrl: string, endpoint: EndpointChoice | null): DiagnosisItem[] {
  const found: DiagnosisItem[] = [];
  const host = endpointHost(endpointUrl).toLowerCase();
  if (host && ![...cert.dns.map((d) => d.toLowerCase()), ...cert.ip].includes(host)) {
    found.push(item('BadCertificateHostNameInvalid', `The host name "${host}" is not in the server's certificate`, `The certificate names ${[...cert.dns, ...cert.ip].join(', ') || 'no host at all'}. Connect with one of those names, or have the server's certificate reissued with "${host}".`));
  }
  if (endpoint?.serverApplicationUri && cert.applicationUri && endpoint.serverApplicationUri !== cert.applicationUri) {
    found.push(item('BadCertificateUriInvalid', "The server's certificate names another application", `The certificate lists ${cert.applicationUri} but the endpoint reports ${endpoint.serverApplicationUri}. The server must use a certificate made for its ApplicationUri.`));
  }
  return found;
}

/** Says why a connection failed, in plain words, from the status code and from what the app can see. */
export function diagnose(input: DiagnosisInput): DiagnosisItem[] {
  const found: DiagnosisItem[] = [];
  const policy = input.endpoint?.securityPolicy ?? null;
  const raw = input.rawError ?? '';

  if (input.failedAt === 'get-endpoints') {
    if (/ECONNREFUSED/i.test(raw)) found.push(item('BadCommunicationError', `Nothing answers at ${input.endpointUrl}`, 'The server is not running, or listens on another port or address. Check the endpoint URL and that the server is started.'));
    else if (/ENOTFOUND|EAI_AGAIN/i.test(raw)) found.push(item('BadCommunicationError', `The host name in ${input.endpointUrl} cannot be resolved`, 'Check the host name, or use the IP address.'));
    else if (/timeout|ETIMEDOUT/i.test(raw)) found.push(item('BadTimeout', 'The server did not answer in time', 'A firewall may drop the connection, or the server is overloaded.'));
    else if (/Invalid endpoint|BadTcpEndpointUrlInvalid/i.test(raw) || !/^opc\.tcp:\/\//i.test(input.endpointUrl)) found.push(item('BadTcpEndpointUrlInvalid', 'The endpoint URL is not valid', 'An OPC UA endpoint URL looks like opc.tcp://host:4840.'));
    else found.push(item(input.status, 'The server could not be asked for its endpoints', raw || 'No answer to GetEndpoints.'));
    return found;
  }

  if (input.failedAt === 'server-certificate' || input.status === 'BadSecurityPolicyRejected') {
    if (!input.endpoint && input.offered.length > 0) {
      found.push(item('BadSecurityPolicyRejected', 'The server does not offer the chosen security', `It offers: ${input.offered.map((e) => `${e.securityPolicy} ${e.securityMode}`).join(', ')}.`));
      return found;
    }
  }

  if (input.serverCertificate && (input.failedAt === 'server-certificate' || input.status === 'BadCertificateUntrusted')) {
    found.push(...certificateFindings("the server's", input.serverCertificate, policy, input.now));
    found.push(...serverIdentityFindings(input.serverCertificate, input.endpointUrl, input.endpoint));
    if (input.status === 'BadCertificateUntrusted' || input.status === 'BadCertificateChainIncomplete') {
      found.push(
        item(
          input.status,
          input.status === 'BadCertificateUntrusted' ? "We do not trust the server's certificate yet" : "The server's certificate chain is incomplete in our store",
          input.status === 'BadCertificateUntrusted'
            ? 'Check its thumbprint with the server\'s administrator, then trust it permanently or accept it once.'
            : "Its issuer (CA) certificate is missing from our trusted or issuers folder. Import the CA certificate and its CRL.",
          input.status === 'BadCertificateUntrusted' ? { kind: 'trust-server-certificate', thumbprint: input.serverCertificate.sha256, label: 'Trust server certificate' } : undefined,
        ),
      );
    } else if (input.status && input.status !== 'Good' && input.status !== 'BadSecurityChecksFailed' && !found.some((f) => f.status === input.status)) {
      found.push(item(input.status, "Our client refused the server's certificate", raw || 'See the status code.'));
    }
    if (found.length) return found;
  }

  // The server refused us: for an untrusted client it only says BadSecurityChecksFailed, so look at what it can see of us.
  const refusedByServer = input.failedAt === 'secure-channel' && (input.status === 'BadSecurityChecksFailed' || input.status === 'BadCertificateUntrusted' || /rejected by server/i.test(raw));
  if (refusedByServer) {
    const ours = input.ourCertificate ? certificateFindings('our', input.ourCertificate, policy, input.now) : [];
    if (input.ourCertificate && !input.ourCertificate.applicationUri) ours.push(item('BadCertificateUriInvalid', 'Our certificate has no ApplicationUri', 'OPC UA servers refuse application certificates without a URI in subjectAltName. Regenerate it.'));
    const store = input.serverStore;
    const issuer = store?.issuer;
    if (issuer && !issuer.present) ours.push(item('BadCertificateChainIncomplete', "The server does not have our certificate's issuer", `Our certificate is signed by a CA that is not in ${store.storeName}'s trusted or issuers folder. Import the CA certificate there.`));
    else if (issuer?.revoked) ours.push(item('BadCertificateRevoked', 'Our certificate is revoked', `The CA's revocation list in ${store!.storeName} lists our certificate. Have a new one issued.`));
    else if (issuer && !issuer.crlPresent) ours.push(item('BadCertificateRevocationUnknown', "The server has no revocation list for our certificate's issuer", `Without the CA's CRL in ${store!.storeName}, revocation is unknown and the server refuses. Import the CA's CRL into its issuers or trusted folder.`));
    const named = input.status ? SERVER_REASONS[input.status] : undefined;
    if (named && !ours.some((o) => o.status === input.status || o.title === named[0])) ours.push(item(input.status, named[0], named[1]));
    if (store?.ourCertificate?.folder === 'rejected') {
      ours.push(
        item(
          'BadCertificateUntrusted',
          'The server refused our certificate: it is in its rejected folder',
          `The server answered BadSecurityChecksFailed ${statusHex('BadSecurityChecksFailed')} because it does not trust us. Our certificate is now in ${store.storeName}'s rejected folder (${store.ourCertificate.file}). Trust it there and Sync; no server restart is needed.`,
          { kind: 'trust-in-server-store', storeId: store.storeId, file: store.ourCertificate.file, id: store.ourCertificate.id, label: 'Trust it' },
        ),
      );
    } else if (ours.length > 0) {
      // the reason is found above; "not reloaded yet" or "not in its folders" would only mislead
    } else if (store?.ourCertificate?.folder === 'trusted') {
      ours.push(item('BadSecurityChecksFailed', 'The server still refuses although our certificate is in its trusted folder', 'It may not have reloaded its trust list yet, or it refuses for a reason it does not tell. Try again in a moment; check the server\'s log if it persists.'));
    } else if (store) {
      ours.push(item('BadSecurityChecksFailed', 'The server refused our certificate', `It is not in ${store.storeName}'s trusted or rejected folder: the server may use another PKI folder, or refused it for a reason it does not record.`));
    } else {
      ours.push(item('BadSecurityChecksFailed', 'The server refused our certificate', "Most servers put a refused client certificate in their rejected folder: trust it there (add the server's PKI folder to this app to do it with a right-click), then try again."));
    }
    if (input.clockSkewMs !== null && Math.abs(input.clockSkewMs) > SKEW_LIMIT_MS) {
      ours.push(item('BadCertificateTimeInvalid', 'The clocks differ', `The server's clock is ${Math.round(input.clockSkewMs / 60_000)} minutes ${input.clockSkewMs > 0 ? 'ahead of' : 'behind'} ours; certificates may look expired or not yet valid to one side.`));
    }
    return ours;
  }

  // node-opcua servers check at CreateSession that our certificate names the ApplicationUri we announce
  if (input.failedAt === 'session' && input.status === 'BadCertificateUriInvalid') {
    const listed = input.ourCertificate?.applicationUri;
    return [
      item(
        'BadCertificateUriInvalid',
        listed ? 'Our certificate names another ApplicationUri than the one we announce' : 'Our certificate has no ApplicationUri',
        `${listed ? `It lists ${listed}` : 'Its subjectAltName has no URI'} but the app announces ${input.ourApplicationUri ?? 'another one'}; the server refuses a session when they differ. Regenerate the app certificate.`,
      ),
    ];
  }

  if (input.status === 'BadUserAccessDenied' || input.status === 'BadIdentityTokenInvalid' || input.status === 'BadIdentityTokenRejected') {
    return [item(input.status, 'The server refused the user', 'Check the user name and password, or that anonymous access is allowed.')];
  }
  if (input.status && isStatusName(input.status) && input.status !== 'Good') {
    return [item(input.status, `The connection failed with ${input.status}`, raw || 'See the status code.')];
  }
  return raw ? [item(null, 'The connection failed', raw)] : [];
}

/**
 * The verdict of the Part 4 engine as a diagnosis item, when it names a reason the other findings
 * do not already give (e.g. an issuer missing or revoked deep in the chain).
 */
export function verificationFinding(result: VerifyResult | null, whose: 'our' | "the server's", known: DiagnosisItem[]): DiagnosisItem | null {
  if (!result || result.verdict === 'Good' || known.some((k) => k.status === result.verdict)) return null;
  const failed = result.trace.find((row) => row.status === 'failed');
  if (!failed) return null;
  const who = whose === 'our' ? 'Our certificate' : "The server's certificate";
  const judge = whose === 'our' ? 'the server' : 'our client';
  const about = failed.certificate && failed.certificate.index > 0 ? ` (at ${failed.certificate.cn ?? failed.certificate.sha1}, ${failed.certificate.index === 1 ? 'its issuer' : 'higher in its chain'})` : '';
  return item(result.verdict, `${who} fails "${failed.label}" for ${judge}${about}`, [failed.detail, failed.fix].filter(Boolean).join(' '));
}
