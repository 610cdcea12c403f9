import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../electron/cli/cert-commands';
import '../../../electron/cli/ca-commands';
import { COMMANDS } from '../../../electron/cli/commands';
import { PkiStore } from '../../../electron/core/pki/store';
import { makeCert, type MadeCert } from '../../helpers/certs';
import { uatrust, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { appPki } from '../core/own-certs/fixtures';

const GROUPS = ['cert', 'csr', 'ca'];
const SUB_COMMANDS = COMMANDS.filter((c) => GROUPS.includes(c.name.split(' ')[0]) && c.name.includes(' ')).map((c) => c.name);

let pki: string;
let uploadable: MadeCert;
let stranger: MadeCert;
let files: string;

beforeAll(async () => {
  pki = await appPki();
  [uploadable, stranger] = await Promise.all([makeCert({ cn: 'Uploaded', applicationUri: 'urn:up:Uploaded', freshKey: true }), makeCert({ cn: 'Stranger', freshKey: true })]);
  files = await tempDir('cert-cli-files-');
});

function json<T = any>(run: CliRun): T {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr.split('\n')).toEqual([expect.stringMatching(pattern)]);
}

const file = (name: string) => path.join(files, name);

describe('uatrust cert, csr and ca', () => {
  describe('sub-commands', () => {
    it('are typed as two words, and listed by the group with --help', async () => {
      const help = await uatrust('cert', '--help');
      expect(help.code).toBe(0);
      for (const name of ['list', 'show', 'create', 'regenerate', 'delete', 'export', 'default', 'assign', 'unassign']) expect(help.stdout).toContain(`uatrust cert ${name}`);
      expect((await uatrust('csr', '--help')).stdout).toContain('uatrust csr install <ref> <file>...');
      expect((await uatrust('ca', '--help')).stdout).toContain('uatrust ca deploy <store>...');
    });

    it('exit 2 for a group without a command or with an unknown one', async () => {
      const bare = await uatrust('cert');
      expect([bare.code, bare.stderr]).toEqual([2, expect.stringContaining('"cert" needs a command')]);
      const unknown = await uatrust('cert', 'frobnicate');
      expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "cert frobnicate"')]);
    });

    it.each(SUB_COMMANDS)('%s --help shows its options (--json among them) and exits 0', async (name) => {
      const run = await uatrust(...name.split(' '), '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: uatrust ${name}`));
      expect(run.stdout).toContain('--json');
    });

    it('usage mistakes exit 2 with the command help', async () => {
      for (const argv of [['cert', 'create'], ['cert', 'create', 'x', '--pki', pki, '--key-size', '1024'], ['cert', 'export', 'app', '--pki', pki], ['ca', 'deploy', pki, '--to', 'elsewhere'], ['cert', 'assign', 'app', 'opc.tcp://x:1', '--mode', 'None', '--pki', pki]]) {
        const run = await uatrust(...argv);
        expect(run.code, argv.join(' ')).toBe(2);
        expect(run.stderr).toContain(`usage: uatrust ${argv[0]} ${argv[1]}`);
      }
    });
  });

  describe('own certificates', () => {
    it('lists the adopted app certificate as the default', async () => {
      const run = await uatrust('cert', 'list', '--pki', pki);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')[1]).toMatch(/^\*\s+App certificate\s+OpcUaTrustManager@\S+\s+urn:\S+:OpcUaTrustManager\s+\d{4}-\d\d-\d\d\s+0\s+valid\s+app$/);
      const listed = json(await uatrust('cert', 'list', '--pki', pki, '--json'));
      expect(listed.root).toBe(pki);
      expect(listed.certificates.map((c: any) => [c.id, c.isDefault, c.statuses])).toEqual([['app', true, ['valid']]]);
    });

    it('creates one with the OPC UA fields asked, and shows it', async () => {
      const run = await uatrust('cert', 'create', 'Line 7', '--pki', pki, '--app-name', 'Line7', '--host', 'plc7.local', '--host', 'plc7', '--ip', '10.0.0.7', '--days', '90', '--org', 'Acme');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('generating an RSA-2048 key…');
      expect(run.stdout).toContain('created "Line 7"');
      const shown = json(await uatrust('cert', 'show', 'Line 7', '--pki', pki, '--json'));
      expect(shown).toMatchObject({ applicationUri: 'urn:plc7.local:Line7', hostnames: ['plc7.local', 'plc7'], ips: ['10.0.0.7'], validityDays: 90, statuses: ['valid'] });
      expect(shown.certificate).toMatchObject({ subject: { cn: 'Line7@plc7.local', o: 'Acme' }, dns: ['plc7.local', 'plc7'], ip: ['10.0.0.7'] });
      const text = await uatrust('cert', 'show', 'Line 7', '--pki', pki);
      expect(text.stdout).toMatch(/ApplicationUri:\s+urn:plc7\.local:Line7/);
    });

    it('registers an existing certificate with --cert/--key, and refuses a key that is not its own with one line', async () => {
      writeFileSync(file('up.pem'), uploadable.pem);
      writeFileSync(file('up.key'), uploadable.keyPem);
      writeFileSync(file('stranger.key'), stranger.keyPem);
      const created = json(await uatrust('cert', 'create', 'Uploaded', '--pki', pki, '--cert', file('up.pem'), '--key', file('up.key'), '--json'));
      expect(created.certificate).toMatchObject({ origin: 'uploaded', applicationUri: 'urn:up:Uploaded' });
      expectOneLineFailure(await uatrust('cert', 'create', 'Mixed', '--pki', pki, '--cert', file('up.pem'), '--key', file('stranger.key')), /^uatrust cert create: the private key stranger.key does not belong to the certificate up.pem/);
      expect((await uatrust('cert', 'create', 'Half', '--pki', pki, '--cert', file('up.pem'))).code).toBe(2);
    });

    it('assigns a connection, moves the default, refuses to delete the default and deletes another', async () => {
      const assigned = await uatrust('cert', 'assign', 'Uploaded', 'opc.tcp://PLC-9:4840/', '--mode', 'Sign', '--pki', pki);
      expect(assigned).toMatchObject({ code: 0, stdout: 'opc.tcp://plc-9:4840 uses "Uploaded" with Sign' });
      expect((await uatrust('cert', 'default', 'Line 7', '--pki', pki)).stdout).toContain('default is now "Line 7"');
      expectOneLineFailure(await uatrust('cert', 'delete', 'Line 7', '--pki', pki), /is the default certificate and cannot be deleted/);
      const deleted = await uatrust('cert', 'delete', 'Uploaded', '--pki', pki);
      expect(deleted.code).toBe(0);
      expect(deleted.stdout).toBe(`deleted "Uploaded" (${deleted.stdout.match(/\((oc-[0-9a-f]+)\)/)![1]})\n  opc.tcp://plc-9:4840 now uses the default "Line 7"`);
      expect((await uatrust('cert', 'unassign', 'opc.tcp://plc-9:4840', '--pki', pki)).stdout).toBe('opc.tcp://plc-9:4840 had no certificate of its own; it uses the default "Line 7"');
      expect((await uatrust('cert', 'default', 'app', '--pki', pki)).code).toBe(0);
    });

    it('regenerates keeping the name, and deletes the backup on request', async () => {
      const renewed = json(await uatrust('cert', 'regenerate', 'Line 7', '--pki', pki, '--json'));
      expect(renewed).toMatchObject({ name: 'Line 7', applicationUri: 'urn:plc7.local:Line7', backups: [{ reason: 'regenerated' }] });
      const after = json(await uatrust('cert', 'delete', 'Line 7', '--backup', renewed.backups[0].id, '--pki', pki, '--json'));
      expect(after.backups).toEqual([]);
    });

    it('exports the certificate, and the private key only with --key --confirm (0600)', async () => {
      expect((await uatrust('cert', 'export', 'app', '--pki', pki, '--out', file('app.der'))).stdout).toMatch(/^wrote .*app\.der \(DER, \d+ bytes\)$/);
      expect(readFileSync(file('app.der'))[0]).toBe(0x30);
      await uatrust('cert', 'export', 'app', '--pki', pki, '--out', file('app.pem'), '--format', 'pem');
      expect(readFileSync(file('app.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const refused = await uatrust('cert', 'export', 'app', '--pki', pki, '--key', '--out', file('app.key'));
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('needs --confirm')]);
      expect(existsSync(file('app.key'))).toBe(false);
      expect((await uatrust('cert', 'export', 'app', '--pki', pki, '--key', '--confirm', '--out', file('app.key'))).code).toBe(0);
      expect(readFileSync(file('app.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      if (process.platform !== 'win32') expect(statSync(file('app.key')).mode & 0o777).toBe(0o600);
    });

    it('names what it cannot find with one line and exit 1', async () => {
      expectOneLineFailure(await uatrust('cert', 'show', 'nope', '--pki', pki), /^uatrust cert show: no own certificate "nope"/);
    });
  });

  describe('signing requests and the local CA', () => {
    it('init → csr create → ca sign → csr install → revoke → deploy', async () => {
      const ca = path.join(await tempDir('cert-cli-ca-'), 'ca');
      const init = json(await uatrust('ca', 'init', '--ca', ca, '--name', 'Line CA', '--key-size', '2048', '--json'));
      expect(init).toMatchObject({ subject: 'CN=Line CA', issued: 0, crl: { crlNumber: 1 } });

      const csr = await uatrust('csr', 'create', 'app', '--pki', pki, '--out', file('app.csr'));
      expect(csr.code).toBe(0);
      expect(csr.stdout).toMatch(/ApplicationUri: urn:\S+:OpcUaTrustManager/);
      const signed = await uatrust('ca', 'sign', file('app.csr'), '--ca', ca, '--out', file('app-signed.pem'), '--chain', '--days', '60');
      expect(signed.code).toBe(0);
      const serial = signed.stdout.match(/^signed serial ([0-9a-f]+):/)![1];
      expect(readFileSync(file('app-signed.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      expect((await uatrust('ca', 'crl', '--ca', ca, '--out', file('ca.crl'), '--format', 'der')).code).toBe(0);

      const installed = await uatrust('csr', 'install', 'app', file('app-signed.pem'), file('ca.crl'), '--pki', pki);
      expect(installed.code).toBe(0);
      expect(installed.stderr).toBe('');
      expect(installed.stdout).toMatch(/Issuer:\s+CN=Line CA\n/);

      const revoked = await uatrust('ca', 'revoke', serial, '--ca', ca);
      expect(revoked.stdout).toContain(`revoked serial ${serial}`);
      const shown = json(await uatrust('ca', 'show', '--ca', ca, '--json'));
      expect(shown.certificates.map((c: any) => [c.serial, c.status])).toEqual([[serial, 'revoked']]);

      const server = PkiStore.init(await tempDir('cert-cli-server-'), 'node-opcua').root;
      const deployed = await uatrust('ca', 'deploy', server, '--ca', ca, '--to', 'trusted');
      expect(deployed.code).toBe(0);
      expect(deployed.stdout).toMatch(/imported into trusted\/certs\/Line CA\[[0-9a-f]{40}\]\.pem/);
      const entries = PkiStore.open(server).scan().entries;
      expect(entries.find((e) => e.kind === 'crl')).toMatchObject({ folder: 'trusted', revokedSerials: [serial] });

      expectOneLineFailure(await uatrust('ca', 'deploy', path.join(server, 'nowhere'), '--ca', ca), /^uatrust ca deploy: .*nowhere: /);
    });

    it('says how to start when there is no CA yet', async () => {
      expectOneLineFailure(await uatrust('ca', 'show', '--ca', await tempDir('cert-cli-noca-')), /no local CA in .* \(create one with "uatrust ca init"\)/);
    });
  });
});
