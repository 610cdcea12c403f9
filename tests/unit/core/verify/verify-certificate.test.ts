import type { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../../electron/core/pki/store';
import { NODE_OPCUA_NOTES } from '../../../../electron/core/verify/stack-notes';
import { verifyCertificate } from '../../../../electron/core/verify/verify-certificate';
import { statusHex } from '../../../../shared/opcua/status-codes';
import { VERIFY_STEPS, type VerifyContext, type VerifyResult, type VerifyStep } from '../../../../shared/types/verify';
// certs.ts loads reflect-metadata, which @peculiar/x509 needs first
import { pemBundle } from '../../../helpers/certs';
import * as x509 from '@peculiar/x509';
import { arrangeCase, buildWorld, caseNamed, CASES, makeStore, type World } from './cases';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
});

async function run(name: string): Promise<VerifyResult> {
  const { root, certificate, context } = await arrangeCase(caseNamed(name), world);
  return verifyCertificate(PkiStore.open(root), certificate, context);
}

const failed = (r: VerifyResult) => r.trace.filter((s) => s.status === 'failed');
const rows = (r: VerifyResult, id: VerifyStep['id']) => r.trace.filter((s) => s.id === id);
/** One line per row, to compare whole checklists: "step CN status [code]". */
const checklist = (r: VerifyResult) => r.trace.map((s) => `${s.id} ${s.certificate?.cn ?? '-'} ${s.status}${s.statusCode ? ` ${s.statusCode}` : ''}`);

describe('verifyCertificate', () => {
  describe('gives the Part 4 verdict and the step that decides it', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (name, c) => {
      const r = await run(name);
      expect([r.verdict, r.failedStep]).toEqual([c.verdict, c.failedStep]);
      expect(r.verdictHex).toBe(statusHex(c.verdict));
    });
  });

  describe('a good chain', () => {
    it('passes every step in Part 4 order, one row per certificate where a step concerns each', async () => {
      const r = await run('root → intermediate → leaf, root trusted, intermediate in issuers/');
      expect(r).toMatchObject({ verdict: 'Good', verdictHex: '0x00000000', failedStep: null, chainComplete: true, wireStatus: 'Good', wireNote: null });
      expect(r.stackNotes).toEqual([NODE_OPCUA_NOTES.directIssuer]);
      expect(r.chain.map((c) => [c.cn, c.folders])).toEqual([
        ['PLC-7', []],
        ['Plant Issuing CA', ['issuers']],
        ['Plant Root CA', ['trusted']],
      ]);
      expect(checklist(r)).toEqual([
        'structure PLC-7 passed',
        'chain PLC-7 passed',
        'signature PLC-7 passed',
        'signature Plant Issuing CA passed',
        'signature Plant Root CA passed',
        'security-policy PLC-7 passed',
        'security-policy Plant Issuing CA passed',
        'security-policy Plant Root CA passed',
        'trust-list Plant Root CA passed',
        'validity PLC-7 passed',
        'validity Plant Issuing CA passed',
        'validity Plant Root CA passed',
        'host-name PLC-7 skipped',
        'application-uri PLC-7 skipped',
        'usage PLC-7 passed',
        'usage Plant Issuing CA passed',
        'usage Plant Root CA passed',
        'find-crl Plant Issuing CA passed',
        'find-crl Plant Root CA passed',
        'revocation PLC-7 passed',
        'revocation Plant Issuing CA passed',
        'revocation Plant Root CA skipped',
      ]);
      const order = VERIFY_STEPS.map((s) => s.id);
      const seen = r.trace.map((s) => order.indexOf(s.id));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    });

    it('names each certificate by CN and SHA-1 and its place in the chain', async () => {
      const r = await run('root → intermediate → leaf, root trusted, intermediate in issuers/');
      expect(rows(r, 'validity').map((s) => s.certificate)).toEqual([
        { cn: 'PLC-7', sha1: world.leaf.sha1, index: 0 },
        { cn: 'Plant Issuing CA', sha1: world.inter.sha1, index: 1 },
        { cn: 'Plant Root CA', sha1: world.root.sha1, index: 2 },
      ]);
    });

    it('is plain data: it survives a JSON round trip unchanged', async () => {
      const r = await run('root → intermediate → leaf, root trusted, intermediate in issuers/');
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });
  });

  describe('trust', () => {
    it('a CA in issuers/ only builds the chain; the leaf must then be trusted itself', async () => {
      const r = await run('its CAs only in issuers/, the leaf not trusted');
      expect(failed(r)).toEqual([
        expect.objectContaining({
          id: 'trust-list',
          statusCode: 'BadCertificateUntrusted',
          statusHex: '0x801A0000',
          detail: 'neither it nor a CA of its chain is in trusted/; "Plant Issuing CA", "Plant Root CA" in issuers/ only helps build the chain',
          fix: expect.stringContaining("move it to the server's trusted/ folder, or put its CA into trusted/"),
        }),
      ]);
      expect(r).toMatchObject({ wireStatus: 'BadSecurityChecksFailed', wireStatusHex: '0x80130000', wireNote: expect.stringContaining('rejected/ folder') });
    });

    it('a trusted intermediate trusts its subtree even when the root is only in issuers/', async () => {
      const r = await run('the intermediate trusted, the root only in issuers/');
      expect(rows(r, 'trust-list')).toEqual([expect.objectContaining({ status: 'passed', certificate: expect.objectContaining({ cn: 'Plant Issuing CA' }) })]);
    });
  });

  describe('the chain', () => {
    it('names the missing issuer and where to put it', async () => {
      const r = await run('the intermediate missing');
      expect(failed(r)[0]).toMatchObject({
        id: 'chain',
        statusCode: 'BadCertificateChainIncomplete',
        statusHex: '0x810D0000',
        detail: 'the issuer "CN=Plant Issuing CA, O=Acme" of "PLC-7" is neither in trusted/ nor in issuers/',
        fix: expect.stringContaining("into the server's issuers/ folder"),
      });
      expect(r.chainComplete).toBe(false);
    });

    it('says when a CA of the right name has another key', async () => {
      const r = await run('an impostor intermediate: same name, another key');
      expect(failed(r)[0].detail).toMatch(/issuers\/certs\/issuer_Plant_Issuing_CA\[[0-9a-f]{40}\]\.pem has that name but another key/);
    });

    it('uses the certificates sent along with the leaf without trusting them', async () => {
      const r = await run('the intermediate sent along with the leaf');
      expect(r.chain.map((c) => c.folders)).toEqual([[], [], ['trusted']]);
      expect(rows(r, 'chain')[0].detail).toBe('complete up to the self-signed root: "PLC-7" ← "Plant Issuing CA" (sent along) ← "Plant Root CA" (trusted/)');
    });

    it('follows a chain of four CAs', async () => {
      const r = await run('a chain of four CAs, the root and the last CA trusted');
      expect(r.chain.map((c) => c.cn)).toEqual(['Line Controller', 'Line CA', 'Site CA', 'Region CA', 'Plant Root CA']);
      expect(rows(r, 'find-crl').map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    });

    it('takes the path of a cross-signed CA that ends at a trusted root', async () => {
      const r = await run('a cross-signed CA: the trusted path wins');
      expect(r.chain.map((c) => [c.cn, c.sha1])).toEqual([
        ['Cross Client', world.cross.leaf.sha1],
        ['Cross CA', world.cross.viaB.sha1],
        ['New Root', world.cross.rootB.sha1],
      ]);
      expect(r.stackNotes).toEqual([NODE_OPCUA_NOTES.crossSigned]);
    });

    it('stops at two CAs that sign each other', async () => {
      const r = await run('two CAs signing each other, no root');
      expect(r.chain.map((c) => c.cn)).toEqual(['Loop Client', 'Loop A', 'Loop B']);
      expect(failed(r)[0].detail).toContain('the issuer "CN=Loop A" of "Loop B" is neither in trusted/ nor in issuers/');
    });
  });

  describe('validity', () => {
    it('an expired intermediate fails with BadCertificateIssuerTimeInvalid on that certificate', async () => {
      const r = await run('an expired intermediate');
      expect(failed(r)).toEqual([
        expect.objectContaining({
          id: 'validity',
          certificate: { cn: 'Old Issuing CA', sha1: world.expiredInter.sha1, index: 1 },
          statusCode: 'BadCertificateIssuerTimeInvalid',
          statusHex: '0x80150000',
          detail: expect.stringMatching(/^the CA expired on \d{4}-\d\d-\d\d \(5 days ago\)$/),
        }),
      ]);
    });

    it('an expired leaf fails with BadCertificateTimeInvalid, which servers tell the client', async () => {
      const r = await run('an expired leaf');
      expect(failed(r).map((s) => [s.id, s.certificate?.index, s.statusCode])).toEqual([['validity', 0, 'BadCertificateTimeInvalid']]);
      expect(r.wireStatus).toBe('BadCertificateTimeInvalid');
    });

    it('the trust list is checked before the validity period, and both failures are in the trace', async () => {
      const r = await run('an untrusted and expired leaf: the trust list is checked first');
      expect(failed(r).map((s) => s.statusCode)).toEqual(['BadCertificateUntrusted', 'BadCertificateTimeInvalid']);
    });
  });

  describe('revocation', () => {
    it('a revoked leaf', async () => {
      const r = await run('a revoked leaf');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'revocation', certificate: expect.objectContaining({ index: 0 }), statusCode: 'BadCertificateRevoked', statusHex: '0x801D0000' })]);
      expect(r.wireStatus).toBe('BadSecurityChecksFailed');
    });

    it('a revoked intermediate', async () => {
      const r = await run('a revoked intermediate');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'revocation', certificate: expect.objectContaining({ cn: 'Plant Issuing CA' }), statusCode: 'BadCertificateIssuerRevoked', statusHex: '0x801E0000' })]);
      expect(r.stackNotes).toEqual([NODE_OPCUA_NOTES.issuerRevoked]);
    });

    it("a missing CRL of the leaf's CA makes the leaf's revocation unknown, with the fix", async () => {
      const r = await run("no CRL of the leaf's CA");
      expect(failed(r)).toEqual([
        expect.objectContaining({
          id: 'find-crl',
          certificate: expect.objectContaining({ cn: 'Plant Issuing CA' }),
          statusCode: 'BadCertificateRevocationUnknown',
          statusHex: '0x801B0000',
          detail: 'no CRL of "Plant Issuing CA" in trusted/ or issuers/, so the revocation of "PLC-7" is unknown',
          fix: expect.stringContaining("Import the CRL of \"Plant Issuing CA\" into the server's issuers/crl"),
        }),
      ]);
      expect(rows(r, 'revocation').map((s) => s.status)).toEqual(['skipped', 'passed', 'skipped']);
    });

    it('a missing CRL of the root makes the issuer revocation unknown', async () => {
      const r = await run('no CRL of the root');
      expect(failed(r).map((s) => [s.certificate?.cn, s.statusCode, s.statusHex])).toEqual([['Plant Root CA', 'BadCertificateIssuerRevocationUnknown', '0x801C0000']]);
    });

    it('an expired CRL does not count, and says why', async () => {
      const r = await run("only an expired CRL of the leaf's CA");
      expect(failed(r)[0].detail).toMatch(/^no current CRL of "Plant Issuing CA": issuers\/crl\/crl_1\.pem expired on \d{4}-\d\d-\d\d \(its nextUpdate\)$/);
      expect(r.stackNotes).toEqual([NODE_OPCUA_NOTES.crlChecks]);
    });

    it('a CRL that is not valid yet does not count', async () => {
      const r = await run("only a not yet valid CRL of the leaf's CA");
      expect(failed(r)[0].detail).toContain('issuers/crl/crl_1.pem is not valid before');
    });

    it('of several current CRLs the newest decides', async () => {
      expect((await run('two current CRLs: the newest revokes the leaf')).verdict).toBe('BadCertificateRevoked');
      const r = await run('two current CRLs: the newest no longer lists the leaf');
      expect(rows(r, 'find-crl')[0].detail).toMatch(/^issuers\/crl\/crl_2\.pem \(newest of 2\), issued /);
    });
  });

  describe('usage', () => {
    it('a leaf with digitalSignature only lacks keyEncipherment and dataEncipherment', async () => {
      const r = await run('a leaf with keyUsage digitalSignature only');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'usage', statusCode: 'BadCertificateUseNotAllowed', statusHex: '0x80180000', detail: 'keyUsage lacks keyEncipherment, dataEncipherment' })]);
    });

    it('a CA-signed leaf with the CA flag is not an application certificate', async () => {
      const r = await run('a CA-signed leaf with the CA flag');
      expect(failed(r)[0].detail).toMatch(/^a CA certificate \(basicConstraints cA=TRUE\) is used as an application certificate; keyUsage lacks keyEncipherment, dataEncipherment/);
    });

    it('a self-signed leaf may carry the CA flag, but then still needs the application key usages', async () => {
      const r = await run('a self-signed leaf with the CA flag and CA key usages, trusted');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'usage', detail: 'keyUsage lacks keyEncipherment, dataEncipherment' })]);
      const plain = await run('a self-signed leaf without the CA flag, trusted');
      expect(checklist(plain).filter((line) => /find-crl|revocation|chain|signature/.test(line))).toEqual(['chain HMI-1 passed', 'signature HMI-1 passed', 'find-crl HMI-1 skipped', 'revocation HMI-1 skipped']);
    });

    it('accepts a self-signed application certificate with the CA flag when its key usages fit (as some stacks issue them)', async () => {
      const keys = world.leaf.keys;
      const name = 'CN=UaExpert@station';
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: '0a0b0c0d',
        subject: name,
        issuer: name,
        notBefore: new Date(Date.now() - 3600_000),
        notAfter: new Date(Date.now() + 86_400_000),
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as webcrypto.Algorithm,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment | x509.KeyUsageFlags.keyCertSign, true),
          new x509.SubjectAlternativeNameExtension([{ type: 'url', value: 'urn:station:UaExpert' }]),
        ],
      });
      const der = Buffer.from(cert.rawData);
      const root = await makeStore({});
      writeFileSync(path.join(root, 'trusted/certs', 'uaexpert.der'), der);
      const r = verifyCertificate(PkiStore.open(root), der, { role: 'client', securityPolicy: 'Basic256Sha256' });
      expect(r.verdict).toBe('Good');
      expect(rows(r, 'usage')[0].detail).toBe('keyUsage digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyCertSign (self-signed with cA=TRUE: accepted as an application certificate)');
    });

    it('an issuer without keyCertSign fails with BadCertificateIssuerUseNotAllowed', async () => {
      const r = await run('an issuer without keyCertSign');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'usage', certificate: expect.objectContaining({ cn: 'Signing-Only CA' }), statusCode: 'BadCertificateIssuerUseNotAllowed', statusHex: '0x80190000', detail: 'keyUsage lacks keyCertSign and cRLSign' })]);
    });
  });

  describe('security policy', () => {
    it('refuses a SHA-1 signature under Basic256Sha256 and skips the check under None', async () => {
      const r = await run('a SHA-1 signature under Basic256Sha256');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'security-policy', certificate: expect.objectContaining({ cn: 'PLC-11' }), statusCode: 'BadCertificatePolicyCheckFailed', statusHex: '0x81140000', detail: 'signed with sha1WithRSAEncryption: Basic256Sha256 refuses SHA-1' })]);
      const none = await run('a SHA-1 signature under None');
      expect(rows(none, 'security-policy')).toEqual([expect.objectContaining({ status: 'skipped', certificate: null })]);
    });

    it('refuses a 1024-bit key and an EC key under the RSA policies', async () => {
      expect(failed(await run('a 1024-bit key under Aes128_Sha256_RsaOaep'))[0].detail).toBe('RSA 1024-bit key: Aes128_Sha256_RsaOaep needs 2048 to 4096 bits');
      expect(failed(await run('an EC key under Aes256_Sha256_RsaPss'))[0].detail).toBe('EC 256-bit key: Aes256_Sha256_RsaPss needs an RSA key');
    });
  });

  describe('host name and ApplicationUri', () => {
    it('checks a server certificate against the endpoint host, case-insensitively, DNS or IP', async () => {
      const r = await run('a server certificate for another host');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'host-name', statusCode: 'BadCertificateHostNameInvalid', statusHex: '0x80160000', detail: 'the endpoint host plc8.plant.example is not among its DNS names (plc7.plant.example, 10.0.0.7)' })]);
      expect(r.wireStatus).toBeNull();
      expect(rows(await run('a server certificate naming the endpoint host'), 'host-name')[0].status).toBe('passed');
      expect(rows(await run('a server certificate naming the endpoint IP address'), 'host-name')[0].status).toBe('passed');
    });

    it('compares the ApplicationUri with the one announced', async () => {
      const r = await run('another ApplicationUri than announced');
      expect(failed(r)).toEqual([expect.objectContaining({ id: 'application-uri', statusCode: 'BadCertificateUriInvalid', statusHex: '0x80170000', detail: 'carries urn:test:PLC-7 but the application announces urn:test:PLC-77' })]);
      expect(rows(await run('the ApplicationUri announced'), 'application-uri')[0].status).toBe('passed');
    });
  });

  describe('suppressions', () => {
    it('show a suppressed failure as suppressed, with its status code and the switch', async () => {
      const r = await run("suppressed: no CRL of the leaf's CA");
      expect(r.verdict).toBe('Good');
      expect(rows(r, 'find-crl')[0]).toMatchObject({ status: 'suppressed', statusCode: 'BadCertificateRevocationUnknown', suppressedBy: 'revocationUnknown' });
    });

    it('suppress only their own check', async () => {
      const r = await run('suppressed the wrong switch: no CRL of the root');
      expect(failed(r).map((s) => s.statusCode)).toEqual(['BadCertificateIssuerRevocationUnknown']);
      const revoked = await run('suppressed: an expired and revoked leaf is still revoked');
      expect(revoked.trace.filter((s) => s.status === 'suppressed').map((s) => s.suppressedBy)).toEqual(['timeInvalid']);
    });
  });

  describe('the store', () => {
    it('reads an issuer out of a PEM bundle file', async () => {
      const root = await makeStore({ trusted: [world.root], issuerCrls: [world.rootCrl, world.interCrl] });
      writeFileSync(path.join(root, 'issuers/certs', 'plant-chain.pem'), pemBundle(world.inter, world.root));
      const r = verifyCertificate(PkiStore.open(root), world.leaf.der, { role: 'client', securityPolicy: 'Basic256Sha256' });
      expect(r.verdict).toBe('Good');
      expect(r.chain.map((c) => [c.cn, c.file])).toEqual([
        ['PLC-7', null],
        ['Plant Issuing CA', 'issuers/certs/plant-chain.pem'],
        ['Plant Root CA', expect.stringMatching(/^trusted\/certs\//)],
      ]);
    });

    it('names the folders that hold the checked certificate, rejected/ included', async () => {
      const root = await makeStore({ trusted: [world.root, world.inter], issuerCrls: [world.rootCrl, world.interCrl] });
      writeFileSync(path.join(root, 'rejected', 'plc7.pem'), world.leaf.pem);
      const r = verifyCertificate(PkiStore.open(root), world.leaf.der, { role: 'client', securityPolicy: 'Basic256Sha256' });
      expect(r.chain[0]).toMatchObject({ folders: ['rejected'], file: 'rejected/plc7.pem' });
      expect(rows(r, 'trust-list')[0].detail).toBe('its CA "Plant Issuing CA" is in trusted/: everything that CA signs is trusted; a copy is also in rejected/ (node-opcua checks rejected/ first: delete that copy)');
    });
  });

  describe('the context', () => {
    it('judges at another moment with `at`', async () => {
      const { root, certificate, context } = await arrangeCase(caseNamed('root → intermediate → leaf, both CAs trusted'), world);
      const r = verifyCertificate(PkiStore.open(root), certificate, { ...context, at: new Date(Date.now() + 400 * 86_400_000).toISOString() });
      expect(failed(r).map((s) => [s.id, s.certificate?.cn, s.statusCode])).toEqual([
        ['validity', 'PLC-7', 'BadCertificateTimeInvalid'],
        ['validity', 'Plant Issuing CA', 'BadCertificateIssuerTimeInvalid'],
        ['validity', 'Plant Root CA', 'BadCertificateIssuerTimeInvalid'],
        ['find-crl', 'Plant Issuing CA', 'BadCertificateRevocationUnknown'],
        ['find-crl', 'Plant Root CA', 'BadCertificateIssuerRevocationUnknown'],
      ]);
    });

    it.each([
      [{ role: 'plc' }, /role must be one of client, server/],
      [{ securityPolicy: 'Basic128Rsa15' }, /security policy must be one of/],
      [{ suppress: ['everything'] }, /unknown suppression everything/],
      [{ at: 'tomorrow' }, /"tomorrow" is not a date/],
    ])('refuses a context with %j as INVALID_INPUT', async (change, message) => {
      const root = await makeStore({});
      const context = { role: 'client', securityPolicy: 'Basic256Sha256', ...change } as VerifyContext;
      expect(() => verifyCertificate(PkiStore.open(root), world.leaf.der, context)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
    });
  });

  it('judges an unreadable certificate BadCertificateInvalid and skips every other step', async () => {
    const r = await run('not a certificate');
    expect(r.trace.map((s) => s.status)).toEqual(['failed', ...Array(VERIFY_STEPS.length - 1).fill('skipped')]);
    expect(r.trace[0]).toMatchObject({ statusCode: 'BadCertificateInvalid', statusHex: '0x80120000', certificate: null });
    expect(r.chain).toEqual([]);
  });
});
