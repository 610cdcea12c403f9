import { beforeAll, describe, expect, it } from 'vitest';
// The verify command registers itself like the bin's other command files.
import '../../../../electron/cli/verify-command';
import type { VerifyResult } from '../../../../shared/types/verify';
import { makeCert, makeCrl, type MadeCert } from '../../../helpers/certs';
import { uatrust } from '../../../helpers/cli';
import { put } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';
import { makeStore } from './cases';

let world: { root: MadeCert; inter: MadeCert; leaf: MadeCert; selfSigned: MadeCert };
/** Root trusted, intermediate in issuers/, both CRLs; the leaf and the revoked leaf's files outside the store. */
let store: string;
let storeRevoking: string;
let leafFile: string;

beforeAll(async () => {
  const root = await makeCert({ cn: 'Plant Root CA', o: 'Acme', ca: true });
  const inter = await makeCert({ cn: 'Plant Issuing CA', o: 'Acme', ca: true, issuer: root });
  const leaf = await makeCert({ cn: 'PLC-7', o: 'Acme', issuer: inter, dns: ['plc7.plant.example'], ip: ['10.0.0.7'] });
  world = { root, inter, leaf, selfSigned: await makeCert({ cn: 'HMI-1' }) };
  const [rootCrl, interCrl, interCrlRevokingLeaf] = await Promise.all([makeCrl(root), makeCrl(inter), makeCrl(inter, { revoked: [leaf] })]);
  store = await makeStore({ trusted: [root, world.selfSigned], issuers: [inter], issuerCrls: [rootCrl, interCrl] });
  storeRevoking = await makeStore({ trusted: [root], issuers: [inter], issuerCrls: [rootCrl, interCrlRevokingLeaf] });
  leafFile = put(await tempDir('verify-cli-'), 'plc7.der', world.leaf.der);
});

describe('uatrust verify', () => {
  it('prints the verdict with its hex and the checklist, and exits 0 when Good', async () => {
    const run = await uatrust('verify', store, leafFile);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Good 0x00000000: a server with this PKI would accept this client certificate (Basic256Sha256)');
    expect(lines[1]).toBe(`chain: PLC-7 [${world.leaf.sha1}] <- Plant Issuing CA [${world.inter.sha1}] (issuers) <- Plant Root CA [${world.root.sha1}] (trusted)`);
    expect(lines).toContain('  ok   Trust list check Plant Root CA: its CA "Plant Root CA" is in trusted/: everything that CA signs is trusted');
    expect(lines).toContain("  --   Host name PLC-7: a server does not check a client certificate's host names");
    expect(run.stderr).toBe('');
  });

  it('exits 1 for a refusal, with the failing step, its fix and what the client reads', async () => {
    const run = await uatrust('verify', storeRevoking, leafFile);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BadCertificateRevoked 0x801D0000: a server with this PKI would refuse this client certificate/);
    expect(run.stdout).toContain('  FAIL Revocation check PLC-7: BadCertificateRevoked 0x801D0000 serial ');
    expect(run.stdout).toContain('       fix: A revoked certificate cannot be used again: issue a new one.');
    expect(run.stdout).toContain('the client reads: BadSecurityChecksFailed 0x80130000. Servers hide the real reason');
    expect(run.stderr).toBe('uatrust verify: BadCertificateRevoked 0x801D0000 at "Revocation check"');
  });

  it('judges a server certificate against the endpoint host with --as server --host', async () => {
    const run = await uatrust('verify', store, leafFile, '--as', 'server', '--host', 'plc8.plant.example');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  FAIL Host name PLC-7: BadCertificateHostNameInvalid 0x80160000 the endpoint host plc8.plant.example is not among its DNS names');
    expect(run.stdout).not.toContain('the client reads');
    expect(run.stdout).toContain('where node-opcua decides differently:\n- a node-opcua client does not check the host names');
  });

  it('applies --policy, --uri and --suppress', async () => {
    const run = await uatrust('verify', store, leafFile, '--policy', 'None', '--uri', 'urn:test:other', '--suppress', 'uriInvalid,timeInvalid');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('  --   Security policy check: security policy None');
    expect(run.stdout).toContain('  off  ApplicationUri PLC-7: BadCertificateUriInvalid 0x80170000 (suppressed: uriInvalid) carries urn:test:PLC-7 but the application announces urn:test:other');
  });

  it('finds the certificate in the store by a thumbprint prefix', async () => {
    const run = await uatrust('verify', store, world.selfSigned.sha1.slice(0, 10));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(`chain: HMI-1 [${world.selfSigned.sha1}] (trusted)`);
  });

  it('prints the whole result as JSON with --json', async () => {
    const run = await uatrust('verify', storeRevoking, leafFile, '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as VerifyResult;
    expect(result).toMatchObject({ verdict: 'BadCertificateRevoked', verdictHex: '0x801D0000', failedStep: 'revocation', wireStatus: 'BadSecurityChecksFailed' });
    expect(result.chain.map((c) => c.sha1)).toEqual([world.leaf.sha1, world.inter.sha1, world.root.sha1]);
  });

  it.each([
    [['--as', 'plc'], /--as must be one of client, server/],
    [['--policy', 'Basic128Rsa15'], /--policy must be one of Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss, None/],
    [['--suppress', 'revocationUnknown,everything'], /unknown --suppress everything/],
  ])('refuses %j with exit 2', async (options, message) => {
    const run = await uatrust('verify', store, leafFile, ...options);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 1 when the reference names nothing in the store', async () => {
    const run = await uatrust('verify', store, 'deadbeefdeadbeef');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^uatrust verify: no certificate, CRL or file "deadbeefdeadbeef"/);
  });
});
