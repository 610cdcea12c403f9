import type { ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPushSession } from '../../../../electron/core/remote/protocol/push-client';
import { startUatrust, uatrust } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/tmp';
import { appIdentity, place } from './push-fixture';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

/** Waits until the process printed a line matching `pattern`; gives all it printed. */
function output(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; printed:\n${text}`)), timeoutMs);
    const take = (data: Buffer) => {
      text += data.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}; printed:\n${text}`));
    });
  });
}

describe('uatrust demo-server --push', () => {
  it('refuses --push without an admin user or password, and admin options without --push', async () => {
    const pki = await tempDir('cli-push-');
    const noUser = await uatrust('demo-server', '--pki', pki, '--push');
    expect(noUser.code).not.toBe(0);
    expect(noUser.stderr).toContain('--push needs --admin-user');
    const noPassword = await uatrust('demo-server', '--pki', pki, '--push', '--admin-user', 'admin');
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.stderr).toContain('--admin-password-env');
    const unsetEnv = await uatrust('demo-server', '--pki', pki, '--push', '--admin-user', 'admin', '--admin-password-env', 'UATRUST_TEST_UNSET_VARIABLE');
    expect(unsetEnv.stderr).toContain('UATRUST_TEST_UNSET_VARIABLE');
    const withoutPush = await uatrust('demo-server', '--pki', pki, '--admin-user', 'admin');
    expect(withoutPush.stderr).toContain('go with --push');
  });

  it('runs a server whose trust list the admin reads, the password taken from an environment variable', { timeout: 90_000 }, async () => {
    const pki = await tempDir('cli-push-');
    const app = await appIdentity();
    place(pki, 'trusted/certs', 'trust_manager.pem', app.cert.pem);
    process.env.UATRUST_TEST_ADMIN_PASSWORD = 'From-The-Environment-1';
    const child = startUatrust(['demo-server', '--pki', pki, '--port', '0', '--push', '--admin-user', 'plant-admin', '--admin-password-env', 'UATRUST_TEST_ADMIN_PASSWORD']);
    children.push(child);
    const printed = await output(child, /push management \(OPC UA Part 12\): on/);
    expect(printed).toContain('SecurityAdmin user "plant-admin"');
    expect(printed).not.toContain('From-The-Environment-1');
    const endpointUrl = /listening: (opc\.tcp:\/\/\S+)/.exec(printed)![1];
    copyFileSync(path.join(pki, 'own', 'certs', 'certificate.pem'), path.join(app.pki, 'trusted', 'certs', 'demo_server.pem'));
    const session = await openPushSession({
      endpointUrl,
      securityPolicy: 'Basic256Sha256',
      securityMode: 'SignAndEncrypt',
      userName: 'plant-admin',
      password: 'From-The-Environment-1',
      certificateFile: app.certificateFile,
      privateKeyFile: app.privateKeyFile,
      clientPkiRoot: app.pki,
    });
    try {
      expect((await session.readTrustList()).trustedCertificates.map((c) => c.equals(app.cert.der))).toEqual([true]);
    } finally {
      await session.close();
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
});
