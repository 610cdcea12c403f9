import { statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import type { VerifyRole, VerifyStep } from '../../../shared/types/verify';

/**
 * Where node-opcua (2.186 with node-opcua-pki 7) decides differently from Part 4. Measured by
 * tests/unit/core/verify/node-opcua-agreement.test.ts; our verdict stays the Part 4 one and carries
 * the note that applies.
 */
export const NODE_OPCUA_NOTES = {
  policy: 'node-opcua checks neither key type, key size nor signature algorithm against the security policy: it accepts this certificate.',
  hostName: "a node-opcua client does not check the host names of the server's certificate: it connects anyway.",
  uri: "node-opcua's certificate manager does not check the ApplicationUri; a node-opcua server refuses the session later (CreateSession, BadCertificateUriInvalid) when the client announces another URI.",
  usage: "node-opcua's certificate manager checks neither key usage nor the CA flag; a node-opcua server then refuses a client certificate without digitalSignature or dataEncipherment (BadCertificateUseNotAllowed), a node-opcua client accepts such a server certificate.",
  issuerUsage: 'node-opcua does not check the key usage or CA flag of issuers: it accepts the chain.',
  issuerRevoked: 'node-opcua answers BadSecurityChecksFailed for a revoked issuer instead of BadCertificateIssuerRevoked.',
  crlChecks: "node-opcua checks neither the dates nor the signature of CRLs: any CRL with the CA's name counts for it, so it does not answer a revocation unknown here.",
  staleCrl: 'node-opcua merges every CRL of a CA, expired and superseded ones included: a serial listed in any of them counts as revoked for it.',
  directIssuer: "node-opcua trusts a CA-signed certificate only when the certificate itself or its own issuer is in trusted/ (with 'accept certificates of a trusted CA' on): a trusted root with the issuing CA in issuers/ or sent along is not enough, it answers BadCertificateUntrusted.",
  crossSigned: 'a CA of this chain is cross-signed: node-opcua takes the first CA with the matching key identifier (issuers/ before trusted/) and does not try the others, so its verdict may differ.',
  loop: 'node-opcua follows at most 5 issuers and then answers BadSecurityChecksFailed.',
  issuerTimeSuppressed: "node-opcua's acceptOutDatedIssuerCertificate does not work: with an expired issuer it answers BadSecurityChecksFailed instead of accepting.",
  oneRevocationSwitch: 'node-opcua has one switch for a missing CRL (ignoreMissingRevocationList), for the certificate\'s CA and for the CAs above alike: with it on, it accepts this certificate.',
} as const;

/** The note for a failure (or suppressed failure) of a given status, where node-opcua does not decide the same. */
const BY_STATUS: Partial<Record<CertificateStatusName, string>> = {
  BadCertificatePolicyCheckFailed: NODE_OPCUA_NOTES.policy,
  BadCertificateHostNameInvalid: NODE_OPCUA_NOTES.hostName,
  BadCertificateUriInvalid: NODE_OPCUA_NOTES.uri,
  BadCertificateUseNotAllowed: NODE_OPCUA_NOTES.usage,
  BadCertificateIssuerUseNotAllowed: NODE_OPCUA_NOTES.issuerUsage,
  BadCertificateIssuerRevoked: NODE_OPCUA_NOTES.issuerRevoked,
};

/** The codes Part 4 Table 104 lets a server tell a refused client; node-opcua passes exactly these through. */
const TOLD_TO_CLIENTS: ReadonlySet<CertificateStatusName> = new Set(['BadCertificateTimeInvalid', 'BadCertificateUseNotAllowed', 'BadCertificateRevocationUnknown', 'BadCertificateUriInvalid']);

export interface WireStatus {
  wireStatus: CertificateStatusName | null;
  wireStatusHex: string | null;
  wireNote: string | null;
}

/** What a client reads when a server refuses its certificate; nothing for a server's certificate (the client judges itself). */
export function wireStatusOf(role: VerifyRole, verdict: CertificateStatusName): WireStatus {
  if (role !== 'client') return { wireStatus: null, wireStatusHex: null, wireNote: null };
  if (verdict === 'Good') return { wireStatus: 'Good', wireStatusHex: statusHex('Good'), wireNote: null };
  const wire: CertificateStatusName = TOLD_TO_CLIENTS.has(verdict) ? verdict : 'BadSecurityChecksFailed';
  const note = wire === verdict
    ? `A server may tell the client ${verdict} (node-opcua does, ${verdict === 'BadCertificateUriInvalid' ? 'when it refuses the session' : 'when it refuses the secure channel'}); some stacks answer BadSecurityChecksFailed to every refusal.`
    : `Servers hide the real reason from the client so that it cannot probe their trust list: the client only reads BadSecurityChecksFailed. The real reason (${verdict}) is in the server's log${verdict === 'BadCertificateUntrusted' ? ' and its rejected/ folder' : ''}.`;
  return { wireStatus: wire, wireStatusHex: statusHex(wire), wireNote: note };
}

/** The notes of the failures and suppressed failures of the trace, then those the checks added; once each. */
export function stackNotesFor(rows: VerifyStep[], notes: Iterable<string>, role: VerifyRole): string[] {
  const found = new Set<string>();
  for (const row of rows) {
    if ((row.status !== 'failed' && row.status !== 'suppressed') || !row.statusCode) continue;
    if (row.statusCode === 'BadCertificateHostNameInvalid' && role !== 'server') continue;
    const note = BY_STATUS[row.statusCode];
    if (note) found.add(note);
  }
  for (const note of notes) found.add(note);
  return [...found];
}
