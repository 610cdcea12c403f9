import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../../electron/cli/opcua-commands';
import { parseCertificate } from '../../../../electron/core/x509/parse';
import { decodeFile } from '../../../../electron/core/x509/decode';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { startUatrust, uatrust } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/tmp';

/** `uatrust demo-server` as a user runs it: a real process, its PKI in a temp folder. */
let demo: ChildProcess;
let demoOutput = '';
let serverPki: string;
let endpointUrl: string;

function waitFor<T>(what: string, ms: number, check: () => T | undefined, events: NodeJS.EventEmitter): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what} within ${ms} ms; output so far:\n${demoOutput}`)), ms);
    const poll = () => {
      const value = check();
      if (value !== undefined) done(null, value);
    };
    const done = (error: Error | null, value?: T) => {
      clearTimeout(timer);
      events.off('data', poll);
      if (error) reject(error);
      else resolve(value as T);
    };
    events.on('data', poll);
    poll();
  });
}

beforeAll(async () => {
  serverPki = await tempDir('cli-server-pki-');
  demo = startUatrust(['demo-server', '--pki', serverPki, '--port', '0', '--validation', 'accept-any']);
  demo.stdout!.on('data', (d) => (demoOutput += d));
  demo.stderr!.on('data', (d) => (demoOutput += d));
  endpointUrl = await waitFor('the demo server did not say it is ready', 25_000, () => (demoOutput.includes('Press Ctrl+C') ? /demo server listening: (opc\.tcp:\/\/\S+)/.exec(demoOutput)?.[1] : undefined), demo.stdout!);
});

afterAll(async () => {
  if (demo && demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
});

/** A fresh client PKI folder for one run of `uatrust connect`. */
async function clientPki(): Promise<string> {
  return path.join(await tempDir('cli-client-'), 'pki');
}

function filesIn(pki: string, folder: string): string[] {
  const dir = path.join(pki, folder);
  return existsSync(dir) ? readdirSync(dir) : [];
}

function serverSha1(): string {
  const der = decodeFile(readFileSync(path.join(serverPki, 'own', 'certs', 'certificate.pem'))).items.find((i) => i.type === 'certificate');
  if (der?.type !== 'certificate') throw new Error('the demo server has no certificate');
  return parseCertificate(der.der).sha1;
}

describe('uatrust demo-server', () => {
  it('prints its endpoint on 127.0.0.1, its ApplicationUri and its PKI folder', () => {
    expect(endpointUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(demoOutput).toMatch(/ApplicationUri: urn:[^:]+:OpcUaTrustManagerDemoServer/);
    expect(demoOutput).toContain(`PKI: ${serverPki} (client certificates: Accept any)`);
    expect(existsSync(path.join(serverPki, 'own', 'certs', 'certificate.pem'))).toBe(true);
  });
});

describe('uatrust connect, headless', () => {
  describe('to a server our client store does not trust', () => {
    it('fails with exit code 1, shows the certificate and names --trust-server and --accept-once', async () => {
      const pki = await clientPki();
      const run = await uatrust('connect', endpointUrl, '--pki', pki);

      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`SHA-1 ${serverSha1()}`);
      expect(run.stderr).toContain('failed: BadCertificateUntrusted 0x801A0000');
      expect(run.stderr).toMatch(/not trusted by our client store: check its thumbprint, then run again with --trust-server or --accept-once/);
      expect(filesIn(pki, 'trusted/certs')).toEqual([]);
      expect(filesIn(pki, 'rejected')).toEqual([]);
    });

    it('connects with --accept-once and writes nothing to our trusted or rejected folder', async () => {
      const pki = await clientPki();
      const run = await uatrust('connect', endpointUrl, '--pki', pki, '--accept-once', '--policy', 'Aes256_Sha256_RsaPss', '--mode', 'Sign');

      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('accepted the server certificate for this run only');
      expect(run.stdout).toMatch(/endpoint: opc\.tcp:\/\/127\.0\.0\.1:\d+ Aes256_Sha256_RsaPss Sign/);
      expect(run.stdout).toMatch(/connected in \d+ ms; server state Running/);
      expect(filesIn(pki, 'trusted/certs')).toEqual([]);
      expect(filesIn(pki, 'rejected')).toEqual([]);
    });

    it('connects with --trust-server and keeps the server certificate in our trusted/certs for the next run', async () => {
      const pki = await clientPki();
      const first = await uatrust('connect', endpointUrl, '--pki', pki, '--trust-server');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`trusted the server certificate ${serverSha1()} permanently`);
      expect(filesIn(pki, 'trusted/certs')).toHaveLength(1);

      const again = await uatrust('connect', endpointUrl, '--pki', pki);
      expect(again.code, again.stderr).toBe(0);
    });
  });

  describe('with --json', () => {
    it('prints the whole result as JSON: connected', async () => {
      const run = await uatrust('connect', endpointUrl, '--pki', await clientPki(), '--accept-once', '--json');

      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as TestConnectionResult;
      expect(result).toMatchObject({ outcome: 'connected', endpointUrl, status: null, serverStatus: { state: 'Running' } });
      expect(result.endpoint).toMatchObject({ securityPolicy: expect.any(String), securityMode: 'SignAndEncrypt' });
      expect(result.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    });

    it('prints the whole result as JSON: the server is not trusted, exit code 1', async () => {
      const run = await uatrust('connect', endpointUrl, '--pki', await clientPki(), '--json');

      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout) as TestConnectionResult;
      expect(result).toMatchObject({ outcome: 'server-untrusted', status: 'BadCertificateUntrusted', statusHex: '0x801A0000', serverCertificate: { sha1: serverSha1() } });
      expect(run.stderr).toContain('--trust-server or --accept-once');
    });
  });
});

describe('stopping uatrust demo-server', () => {
  it('exits with code 0 on Ctrl+C', async () => {
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000))]);
    expect(code, demoOutput).toBe(0);
  });
});
