/** Plain-data builders for "Would this connect?" tests: what `certs:verify` answers. */
import { statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import { VERIFY_STEPS, type VerifyChainLink, type VerifyResult, type VerifyStep, type VerifyStepId } from '../../../shared/types/verify';

const LABEL = Object.fromEntries(VERIFY_STEPS.map((s) => [s.id, s.label])) as Record<VerifyStepId, string>;

export function traceRow(id: VerifyStepId, overrides: Partial<VerifyStep> = {}): VerifyStep {
  const code = overrides.statusCode ?? null;
  return {
    id,
    label: LABEL[id],
    status: 'passed',
    certificate: { cn: 'SCADA Client', sha1: '3b626c171922a52d7f294c0994a1344f8f56bb33', index: 0 },
    statusCode: null,
    statusHex: code ? statusHex(code) : null,
    detail: `${LABEL[id]}: fine`,
    fix: null,
    suppressedBy: null,
    ...overrides,
  };
}

/** A failed row with its status code and a fix. */
export function failedRow(id: VerifyStepId, code: CertificateStatusName, overrides: Partial<VerifyStep> = {}): VerifyStep {
  return traceRow(id, { status: 'failed', statusCode: code, statusHex: statusHex(code), detail: `${LABEL[id]} failed`, fix: 'Do the right thing.', ...overrides });
}

export function chainLink(cn: string, overrides: Partial<VerifyChainLink> = {}): VerifyChainLink {
  return {
    cn,
    subject: `CN=${cn}`,
    issuer: `CN=${cn}`,
    sha1: '3b626c171922a52d7f294c0994a1344f8f56bb33',
    sha256: '9a79cdefd6e3412726755dd2abb275111e622130c228557d2b69fb31a57285fb',
    folders: ['rejected'],
    file: `rejected/${cn}.pem`,
    isCA: false,
    selfSigned: true,
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Every step passed: what a trusted, self-signed client certificate gets. */
export function goodResult(overrides: Partial<VerifyResult> = {}): VerifyResult {
  return {
    verdict: 'Good',
    verdictHex: statusHex('Good'),
    failedStep: null,
    chain: [chainLink('SCADA Client', { folders: ['trusted'] })],
    chainComplete: true,
    trace: VERIFY_STEPS.map((s) => traceRow(s.id)),
    context: { role: 'client', securityPolicy: 'Basic256Sha256', endpointHost: null, applicationUri: null, suppress: [], at: '2026-11-26T12:00:00.000Z' },
    wireStatus: 'Good',
    wireStatusHex: statusHex('Good'),
    wireNote: null,
    stackNotes: [],
    ...overrides,
  };
}

/** A client certificate the server has in rejected/: untrusted, and the client only reads BadSecurityChecksFailed. */
export function untrustedClientResult(): VerifyResult {
  return goodResult({
    verdict: 'BadCertificateUntrusted',
    verdictHex: statusHex('BadCertificateUntrusted'),
    failedStep: 'trust-list',
    chain: [chainLink('SCADA Client')],
    trace: VERIFY_STEPS.map((s) => (s.id === 'trust-list' ? failedRow('trust-list', 'BadCertificateUntrusted', { detail: 'neither it nor a CA of its chain is in trusted/; it is in rejected/', fix: "Trust it: move it from rejected/ to the server's trusted/ folder." }) : traceRow(s.id))),
    wireStatus: 'BadSecurityChecksFailed',
    wireStatusHex: statusHex('BadSecurityChecksFailed'),
    wireNote: 'Servers hide the real reason from the client: the client only reads BadSecurityChecksFailed.',
  });
}
