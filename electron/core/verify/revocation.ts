import type { CheckInput } from './checks';
import type { ChainCertificate, StoreMaterial, StoredCrl } from './material';
import { NODE_OPCUA_NOTES } from './stack-notes';
import { nameOf, type Link, type Trace } from './trace';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Why a CRL of the right issuer does not count, or null when it does. */
function unusable(crl: StoredCrl, ca: ChainCertificate, material: StoreMaterial, now: Date): string | null {
  if (!material.crlSignedBy(crl, ca)) return `${crl.file} is not signed by the key of this CA`;
  if (crl.parsed.thisUpdate.getTime() > now.getTime()) return `${crl.file} is not valid before ${crl.parsed.thisUpdate.toISOString()}`;
  if (crl.parsed.nextUpdate && crl.parsed.nextUpdate.getTime() < now.getTime()) return `${crl.file} expired on ${day(crl.parsed.nextUpdate)} (its nextUpdate)`;
  return null;
}

/**
 * Finds the CRL of each CA of the chain (the newest that is current and signed by the CA; an expired
 * or not yet valid one does not count), then checks each certificate against its CA's CRL.
 */
export function checkRevocation(trace: Trace, input: CheckInput, material: StoreMaterial): void {
  const { chain, links, now, judge, suppress } = input;
  if (links.length === 1 && chain.complete) {
    trace.skipped('find-crl', links[0], 'self-signed: no CA, so no revocation list to look for');
    trace.skipped('revocation', links[0], 'self-signed: it cannot be revoked, only removed from trusted/');
    return;
  }
  const found = new Map<number, StoredCrl>();
  const all = new Map<number, StoredCrl[]>();
  for (const ca of links.slice(1)) {
    const subject = links[ca.index - 1];
    const current = material.crlsOf(ca.certificate.parsed.subjectKey);
    all.set(ca.index, current);
    const reasons: string[] = [];
    const usable = current.filter((crl) => {
      const reason = unusable(crl, ca.certificate, material, now);
      if (reason) reasons.push(reason);
      return reason === null;
    });
    const newest = usable.sort((a, b) => b.parsed.thisUpdate.getTime() - a.parsed.thisUpdate.getTime())[0];
    if (newest) {
      found.set(ca.index, newest);
      const others = current.length > 1 ? ` (newest of ${current.length})` : '';
      trace.passed('find-crl', ca, `${newest.file}${others}, issued ${day(newest.parsed.thisUpdate)}, next update ${newest.parsed.nextUpdate ? day(newest.parsed.nextUpdate) : 'not set'}`);
      continue;
    }
    const forLeaf = subject.index === 0;
    if (current.length > 0) trace.note(NODE_OPCUA_NOTES.crlChecks);
    const detail = current.length === 0
      ? `no CRL of ${nameOf(ca.certificate)} in trusted/ or issuers/, so the revocation of ${nameOf(subject.certificate)} is unknown`
      : `no current CRL of ${nameOf(ca.certificate)}: ${reasons.join('; ')}`;
    const fix = current.length === 0
      ? `Import the CRL of ${nameOf(ca.certificate)} into ${judge}'s issuers/crl (or trusted/crl) folder; a CA that revokes nothing still needs an empty, current CRL.`
      : `Publish a new CRL from ${nameOf(ca.certificate)} and import it into ${judge}'s issuers/crl (or trusted/crl) folder.`;
    if (forLeaf) trace.failed('find-crl', ca, 'BadCertificateRevocationUnknown', detail, fix, 'revocationUnknown');
    else trace.failed('find-crl', ca, 'BadCertificateIssuerRevocationUnknown', detail, fix, 'issuerRevocationUnknown');
    const other = forLeaf ? 'issuerRevocationUnknown' : 'revocationUnknown';
    if (trace.rows[trace.rows.length - 1].status === 'failed' && suppress.includes(other)) trace.note(NODE_OPCUA_NOTES.oneRevocationSwitch);
  }
  if (!chain.complete) trace.skipped('find-crl', links[links.length - 1], "its issuer is missing, so its issuer's CRL cannot be looked for");

  for (const link of links) {
    const caLink: Link | undefined = links[link.index + 1];
    if (!caLink) {
      if (links.length > 1 && chain.complete) trace.skipped('revocation', link, 'the root: a self-signed CA is not revoked by a CRL, only removed from trusted/');
      else if (!chain.complete) trace.skipped('revocation', link, 'its issuer is missing');
      continue;
    }
    const crl = found.get(caLink.index);
    if (!crl) {
      trace.skipped('revocation', link, `not checked: no current CRL of ${nameOf(caLink.certificate)}`);
      continue;
    }
    const serial = link.certificate.parsed.serialNumber;
    if (!crl.parsed.revokedSerials.includes(serial)) {
      if ((all.get(caLink.index) ?? []).some((other) => other.parsed.revokedSerials.includes(serial))) trace.note(NODE_OPCUA_NOTES.staleCrl);
      trace.passed('revocation', link, `serial ${serial} is not in the CRL of ${nameOf(caLink.certificate)}`);
    } else if (link.index === 0) {
      trace.failed('revocation', link, 'BadCertificateRevoked', `serial ${serial} is listed in ${crl.file}: its CA revoked it`, 'A revoked certificate cannot be used again: issue a new one.');
    } else {
      trace.failed('revocation', link, 'BadCertificateIssuerRevoked', `the CA's serial ${serial} is listed in ${crl.file}: everything it signed is refused`, `Have ${nameOf(link.certificate)} replaced by a CA that is not revoked, and the certificates it signed reissued.`);
    }
  }
}
