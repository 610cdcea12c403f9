import type { CertProblem } from '../../../shared/types/cert';
import type { ParsedCertificate, ParsedCrl } from './parse';

const DAY = 86_400_000;
export const EXPIRING_SOON_DAYS = 30;

/** "3 days", "1 day", "5 hours": how far a date is from now, in words. */
export function distanceInWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    const days = Math.round(abs / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.round(abs / 3_600_000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** OPC UA Part 6: the key usages an application instance certificate (or a CA) must carry. */
export function requiredKeyUsage(cert: Pick<ParsedCertificate, 'isCA' | 'keyType'>): string[] {
  if (cert.isCA) return ['keyCertSign', 'cRLSign'];
  if (cert.keyType === 'RSA') return ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment'];
  return ['digitalSignature', 'nonRepudiation'];
}

/** Problems a certificate has on its own, whatever store it is in. */
export function certificateProblems(cert: ParsedCertificate, now = Date.now()): CertProblem[] {
  const problems: CertProblem[] = [];
  const untilExpiry = cert.notAfter.getTime() - now;
  if (untilExpiry < 0) {
    problems.push({ code: 'expired', severity: 'error', message: `expired ${distanceInWords(untilExpiry)} ago (${cert.notAfter.toISOString().slice(0, 10)})` });
  } else if (untilExpiry < EXPIRING_SOON_DAYS * DAY) {
    problems.push({ code: 'expiring-soon', severity: 'warning', message: `expires in ${distanceInWords(untilExpiry)} (${cert.notAfter.toISOString().slice(0, 10)})` });
  }
  if (cert.notBefore.getTime() > now) {
    problems.push({ code: 'not-yet-valid', severity: 'error', message: `not valid before ${cert.notBefore.toISOString()} (in ${distanceInWords(cert.notBefore.getTime() - now)}); check the clocks` });
  }
  if (!cert.isCA && !cert.applicationUri) {
    problems.push({ code: 'no-application-uri', severity: 'error', message: 'no ApplicationUri (URI in subjectAltName): OPC UA applications will refuse it' });
  }
  if (/sha1/i.test(cert.signatureAlgorithm)) {
    problems.push({ code: 'sha1-signature', severity: 'error', message: `signed with ${cert.signatureAlgorithm}: SHA-1 is refused by current security policies` });
  }
  if (cert.keyType === 'RSA' && cert.keySize < 2048) {
    problems.push({ code: 'weak-rsa-key', severity: 'error', message: `RSA key of ${cert.keySize} bits: the security policies in use need at least 2048` });
  }
  const missing = requiredKeyUsage(cert).filter((usage) => !cert.keyUsage.includes(usage));
  if (missing.length > 0) {
    problems.push({ code: 'missing-key-usage', severity: 'warning', message: `keyUsage lacks ${missing.join(', ')}` });
  }
  return problems;
}

export function crlProblems(crl: ParsedCrl, now = Date.now()): CertProblem[] {
  if (crl.nextUpdate && crl.nextUpdate.getTime() < now) {
    return [{ code: 'crl-expired', severity: 'warning', message: `CRL is out of date since ${crl.nextUpdate.toISOString().slice(0, 10)}: revocation status becomes unknown` }];
  }
  return [];
}
