import { statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import type { VerifyRole, VerifyStep } from '../../../shared/types/verify';

/**
 * Where node-opcua (2.186, node-opcua-pki 7) decides differently from Part 4, by the Part 4 status
 * our engine gives. Measured by tests/unit/core/verify/node-opcua-agreement.test.ts.
 */
export const NODE_OPCUA_DIFFERENCES: Partial<Record<CertificateStatusName, string>> = {
  BadCertificatePolicyCheckFailed: 'node-opcua checks neither key size nor signature algorithm against the security policy: it accepts this certificate.',
  BadCertificateHostNameInvalid: 'a node-opcua client does not refuse a server certificate for its host names (it only logs a warning).',
  BadCertificateUriInvalid: "node-opcua's certificate manager does not check the ApplicationUri; a node-opcua server refuses it later, at CreateSession, when the client announces another URI.",
  BadCertificateUseNotAllowed: "node-opcua's certificate manager does not check key usage; a node-opcua server refuses a client certificate without digitalSignature or dataEncipherment (BadCertificateUseNotAllowed), but accepts a CA flag or a missing keyEncipherment.",
  BadCertificateIssuerUseNotAllowed: 'node-opcua does not check the key usage of issuers: it accepts the chain.',
  BadCertificateIssuerRevoked: 'node-opcua answers BadSecurityChecksFailed for a revoked issuer.',
  BadCertificateRevocationUnknown: 'node-opcua ignores the dates of CRLs: an expired or not yet valid CRL still counts for it.',
  BadCertificateIssuerRevocationUnknown: 'node-opcua ignores the dates of CRLs: an expired or not yet valid CRL still counts for it.',
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
    ? `Servers may tell a client ${verdict} (node-opcua does; ${verdict === 'BadCertificateUriInvalid' ? 'it refuses the session at CreateSession' : 'it refuses the secure channel'}); some stacks answer BadSecurityChecksFailed for every refusal.`
    : `Servers hide the real reason from the client so that it cannot probe their trust list: it only reads BadSecurityChecksFailed. The real reason (${verdict}) is in the server's log${verdict === 'BadCertificateUntrusted' ? ' and its rejected/ folder' : ''}.`;
  return { wireStatus: wire, wireStatusHex: statusHex(wire), wireNote: note };
}

/** Notes on node-opcua for each failure or suppressed failure of the trace, once each. */
export function stackNotesFor(trace: VerifyStep[], role: VerifyRole): string[] {
  const notes = new Set<string>();
  for (const row of trace) {
    if ((row.status !== 'failed' && row.status !== 'suppressed') || !row.statusCode) continue;
    if (row.statusCode === 'BadCertificateHostNameInvalid' && role !== 'server') continue;
    const note = NODE_OPCUA_DIFFERENCES[row.statusCode];
    if (note && (row.statusCode !== 'BadCertificateRevocationUnknown' && row.statusCode !== 'BadCertificateIssuerRevocationUnknown' || /expired|not valid before/.test(row.detail))) notes.add(note);
  }
  return [...notes];
}
