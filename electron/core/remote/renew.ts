/**
 * Renewing a remote server's application certificate (Part 12 pull of a CSR, push of the
 * certificate): CreateSigningRequest → signed by the local CA → UpdateCertificate → ApplyChanges.
 */
import type { LocalCa } from '../ca';
import { TrustError } from '../errors';
import { decodeFile } from '../x509/decode';
import { PushError, type PushSession } from './push-types';
import { withDeadline } from './push-failure';

export function csrToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** Status codes of a connection the server closed as it applied its new certificate: the change may well be in. */
const CLOSED_BY_RESTART = new Set(['BadConnectionClosed', 'BadSecureChannelClosed', 'BadSessionClosed', 'BadSessionIdInvalid', 'BadCommunicationError', 'BadTimeout', 'BadServerHalted', 'BadShutdown']);

/** Asks the server for a signing request; PEM. */
export async function requestSigning(session: PushSession, regeneratePrivateKey: boolean, timeoutMs: number): Promise<string> {
  const csr = await withDeadline(session.createSigningRequest({ regeneratePrivateKey }), timeoutMs, 'CreateSigningRequest');
  return csrToPem(csr);
}

/** Signs the request with the local CA and installs the certificate on the server; the new certificate's DER. */
export async function installSigned(session: PushSession, ca: LocalCa, csrPem: string, timeoutMs: number, onStep: (step: string) => void): Promise<Buffer> {
  onStep('signing with the local CA');
  const signed = await ca.sign(csrPem);
  const item = decodeFile(Buffer.from(signed.certificatePem)).items.find((i) => i.type === 'certificate');
  if (!item || item.type !== 'certificate') throw new TrustError('INTERNAL', 'the local CA returned no certificate');
  onStep('UpdateCertificate');
  const { applyChangesRequired } = await withDeadline(session.updateCertificate(item.der, [ca.certificateDer()]), timeoutMs, 'UpdateCertificate');
  if (applyChangesRequired) {
    onStep('ApplyChanges');
    try {
      await withDeadline(session.applyChanges(), timeoutMs, 'ApplyChanges');
    } catch (error) {
      if (!(error instanceof PushError && error.status && CLOSED_BY_RESTART.has(error.status))) throw error;
    }
  }
  return item.der;
}

/** Waits `ms`, for retries. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
