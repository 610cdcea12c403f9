/**
 * Agreement with a real node-opcua server (the embedded demo server, "Trusted CA list"): clients
 * presenting a few certificates connect or are refused as our verdict predicts, and the status the
 * client reads is our wireStatus.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { OpcuaRuntime } from '../../../../electron/core/opcua/runtime';
import { PkiStore } from '../../../../electron/core/pki/store';
import { verifyCertificate } from '../../../../electron/core/verify/verify-certificate';
import type { VerifyResult } from '../../../../shared/types/verify';
import { makeCert, makeCrl, type CertOptions, type MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

const DAY = 86_400_000;

let server: RunningDemoServer;
let logs: string[] = [];
const GOOD = 'a client of a trusted CA';
const REVOKED = 'a revoked client';
const SIGN_ONLY = 'a client with keyUsage digitalSignature only';
const EXPIRED = 'an expired client';
const NO_CRL = 'a client whose CA has no CRL';
const clients = new Map<string, MadeCert>();

beforeAll(async () => {
  const opcua = await import('node-opcua');
  const keep = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  opcua.setWarningLogger(keep);
  opcua.setErrorLogger(keep);
  const [root, crlLessCa] = await Promise.all([makeCert({ cn: 'Plant Root CA', ca: true }), makeCert({ cn: 'CRL-less CA', ca: true })]);
  const inter = await makeCert({ cn: 'Plant Issuing CA', ca: true, issuer: root });
  // the clients share one key pair: the server judges certificates, not keys
  const client = (cn: string, issuer: MadeCert, extra: Partial<CertOptions> = {}) => makeCert({ cn, issuer, ...extra });
  const made = await Promise.all([
    client('Good Client', inter),
    client('Revoked Client', inter),
    client('Signing Client', inter, { keyUsage: 'digitalSignatureOnly' }),
    client('Expired Client', inter, { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) }),
    client('Orphan Client', crlLessCa),
  ]);
  [GOOD, REVOKED, SIGN_ONLY, EXPIRED, NO_CRL].forEach((title, i) => clients.set(title, made[i]));
  const pkiRoot = await tempDir('verify-server-pki-');
  PkiStore.init(pkiRoot, 'node-opcua');
  // node-opcua needs the client's own issuer in trusted/ (see node-opcua-agreement.test.ts)
  for (const [name, cert] of [['root', root], ['inter', inter], ['crl_less', crlLessCa]] as const) writeFileSync(path.join(pkiRoot, 'trusted/certs', `${name}.pem`), cert.pem);
  writeFileSync(path.join(pkiRoot, 'issuers/crl', 'root.crl.pem'), (await makeCrl(root)).pem);
  writeFileSync(path.join(pkiRoot, 'issuers/crl', 'inter.crl.pem'), (await makeCrl(inter, { revoked: [clients.get(REVOKED)!] })).pem);
  server = await startDemoServer({ pkiRoot, port: 0, validation: 'trusted-ca', addRefusedToRejected: false });
});

afterAll(async () => {
  await server?.stop();
});

/** Connects as a client presenting `certificate` (the client trusts the server); the status it reads. */
async function connectWith(certificate: MadeCert): Promise<{ outcome: string; status: string | null }> {
  const pki = await tempDir('verify-client-pki-');
  mkdirSync(path.join(pki, 'own/certs'), { recursive: true });
  mkdirSync(path.join(pki, 'own/private'), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(pki, 'trusted/certs'), { recursive: true });
  writeFileSync(path.join(pki, 'own/certs/client_certificate.pem'), certificate.pem);
  writeFileSync(path.join(pki, 'own/private/private_key.pem'), certificate.keyPem, { mode: 0o600 });
  copyFileSync(path.join(server.pkiRoot, 'own/certs/certificate.pem'), path.join(pki, 'trusted/certs/demo_server.pem'));
  const runtime = new OpcuaRuntime(pki);
  try {
    const result = await runtime.testConnection({ endpointUrl: server.endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt' });
    return { outcome: result.outcome, status: result.status };
  } finally {
    await runtime.close();
  }
}

function predict(certificate: MadeCert): VerifyResult {
  return verifyCertificate(PkiStore.open(server.pkiRoot), certificate.der, { role: 'client', securityPolicy: 'Basic256Sha256' });
}

describe('a real node-opcua server accepts or refuses as our verdict predicts', () => {
  it.each([
    [GOOD, 'Good', 'Good'],
    [REVOKED, 'BadCertificateRevoked', 'BadSecurityChecksFailed'],
    [SIGN_ONLY, 'BadCertificateUseNotAllowed', 'BadCertificateUseNotAllowed'],
    [EXPIRED, 'BadCertificateTimeInvalid', 'BadCertificateTimeInvalid'],
    [NO_CRL, 'BadCertificateRevocationUnknown', 'BadCertificateRevocationUnknown'],
  ])('%s: verdict %s, the client reads %s', async (title, verdict, wire) => {
    const certificate = clients.get(title)!;
    const predicted = predict(certificate);
    expect([predicted.verdict, predicted.wireStatus]).toEqual([verdict, wire]);
    logs = [];
    const seen = await connectWith(certificate);
    expect(seen, logs.slice(-5).join('\n')).toEqual(wire === 'Good' ? { outcome: 'connected', status: null } : { outcome: 'failed', status: wire });
  });
});
