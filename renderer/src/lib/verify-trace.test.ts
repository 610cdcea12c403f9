import { describe, expect, it } from 'vitest';
import { chainLink, failedRow, goodResult, traceRow, untrustedClientResult } from '../testing/verify';
import { certificateText, chainPlace, groupTrace, traceRowName, verdictText } from './verify-trace';

const CA = { cn: 'Plant CA', sha1: 'f2ffa2f78e6852657f2bcbe810893c1b95878112', index: 1 };

describe('the trace as a checklist', () => {
  it('groups the rows by step in Part 4 order, whatever order they came in', () => {
    const groups = groupTrace([traceRow('revocation'), traceRow('structure'), traceRow('validity'), traceRow('validity', { certificate: CA })]);
    expect(groups.map((g) => [g.step.id, g.rows.length])).toEqual([
      ['structure', 1],
      ['validity', 2],
      ['revocation', 1],
    ]);
  });

  it('gives a step the worst status of its rows: failed, then suppressed, then passed', () => {
    const [validity, host, findCrl] = groupTrace([
      traceRow('validity'),
      failedRow('validity', 'BadCertificateIssuerTimeInvalid', { certificate: CA }),
      traceRow('find-crl', { status: 'suppressed', statusCode: 'BadCertificateRevocationUnknown', suppressedBy: 'revocationUnknown' }),
      traceRow('find-crl', { status: 'skipped' }),
      traceRow('host-name', { status: 'skipped' }),
    ]);
    expect([validity!.status, findCrl!.status, host!.status]).toEqual(['failed', 'suppressed', 'skipped']);
  });

  it('names an issuer by CN and short SHA-1, and not the certificate checked itself', () => {
    expect(certificateText(CA)).toBe('Plant CA · F2FFA2F7');
    expect(certificateText({ ...CA, index: 0 })).toBeNull();
    expect(certificateText({ ...CA, cn: null })).toBe('no CN · F2FFA2F7');
  });

  it('reads a row out in full: step, certificate, outcome, code, switch and what was found', () => {
    const row = traceRow('find-crl', { status: 'suppressed', statusCode: 'BadCertificateRevocationUnknown', statusHex: '0x801B0000', suppressedBy: 'revocationUnknown', certificate: CA, detail: 'no CRL of "Plant CA"' });
    expect(traceRowName(row)).toBe('Find the revocation list (Plant CA · F2FFA2F7): suppressed, BadCertificateRevocationUnknown 0x801B0000, suppressed by “revocation unknown”, no CRL of "Plant CA"');
    expect(traceRowName(traceRow('structure', { detail: 'X.509 v3' }))).toBe('Certificate structure: passed, X.509 v3');
  });

  it('says where each link of the chain is in the judging store', () => {
    expect(chainPlace(chainLink('A', { folders: ['trusted'] }))).toBe('in Trusted');
    expect(chainPlace(chainLink('A', { folders: ['trusted', 'issuers'] }))).toBe('in Trusted and Issuers');
    expect(chainPlace(chainLink('A', { folders: [] }))).toBe('not in this PKI folder');
  });
});

describe('the verdict in words', () => {
  it('a refused client certificate: the status, the step, and what the client reads instead', () => {
    expect(verdictText(untrustedClientResult())).toEqual({
      good: false,
      title: 'BadCertificateUntrusted',
      hex: '0x801A0000',
      where: 'at Trust list check',
      sentence: 'The server would refuse this client certificate (Basic256Sha256).',
      wire: 'The client will only read BadSecurityChecksFailed 0x80130000',
    });
  });

  it('a status the server may pass on is what the client reads', () => {
    const result = goodResult({ verdict: 'BadCertificateRevocationUnknown', verdictHex: '0x801B0000', failedStep: 'find-crl', wireStatus: 'BadCertificateRevocationUnknown', wireStatusHex: '0x801B0000' });
    expect(verdictText(result).wire).toBe('The client reads BadCertificateRevocationUnknown 0x801B0000');
  });

  it('Good for a server certificate says the client accepts it, with no wire status', () => {
    const result = goodResult({ context: { ...goodResult().context, role: 'server' }, wireStatus: null, wireStatusHex: null });
    expect(verdictText(result)).toMatchObject({ good: true, title: 'Good', where: null, wire: null, sentence: 'The client would accept this server certificate (Basic256Sha256).' });
  });
});
