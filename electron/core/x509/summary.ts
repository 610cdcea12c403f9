import type { PeerCertificate } from '../../../shared/types/connect';
import { parseCertificate } from './parse';
import { certificateProblems } from './problems';

/** A certificate seen on the wire, described with the same fields and problems as a stored one. */
export function describePeerCertificate(der: Buffer, now = Date.now()): PeerCertificate {
  const parsed = parseCertificate(der);
  const { subjectKey: _s, issuerKey: _i, notBefore, notAfter, ...fields } = parsed;
  return { kind: 'certificate', id: parsed.sha256, ...fields, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString(), problems: certificateProblems(parsed, now) };
}
