import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { freePort } from '../../../../electron/core/opcua/demo-server';
import { fetchServerCertificate, openPushSession } from '../../../../electron/core/remote/protocol/push-client';
import { PushError, type PushSession } from '../../../../electron/core/remote/push-types';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { ADMIN, appIdentity, connectOptions, OPERATOR, startPushServer, trustServer, type AppIdentity } from './push-fixture';

let app: AppIdentity;
let server: RunningDemoServer;
const sessions: PushSession[] = [];

beforeAll(async () => {
  app = await appIdentity();
  server = await startPushServer({ trusted: [app.cert], app });
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await server?.stop();
});

function serverDer(): Buffer {
  const item = decodeFile(readFileSync(path.join(server.pkiRoot, 'own', 'certs', 'certificate.pem'))).items[0];
  if (item.type !== 'certificate') throw new Error('no server certificate');
  return item.der;
}

async function failure(work: Promise<unknown>): Promise<PushError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PushError);
  return error as PushError;
}

async function open(options = connectOptions(app, server)): Promise<PushSession> {
  const session = await openPushSession(options);
  sessions.push(session);
  return session;
}

describe('who may use push management', () => {
  it('a wrong admin password is refused with words the user can act on', async () => {
    const error = await failure(openPushSession({ ...connectOptions(app, server), password: 'wrong' }));
    expect(error.step).toBe('activate session');
    expect(['BadUserAccessDenied', 'BadIdentityTokenRejected']).toContain(error.status);
    expect(error.message).toBe(`the server refused user "admin": wrong user name or password (${error.status})`);
  });

  it('a user without the SecurityAdmin role may log in but not read or change the configuration', async () => {
    const session = await open(connectOptions(app, server, OPERATOR));
    for (const work of [session.readTrustList(), session.getRejectedList(), session.applyChanges()]) {
      const error = await failure(work);
      expect(error.status).toBe('BadUserAccessDenied');
      expect(error.message).toContain(`user "${OPERATOR.userName}" may not change the server's configuration`);
    }
  });

  it('an admin on a channel that is only signed, not encrypted, is refused', async () => {
    const session = await open({ ...connectOptions(app, server), securityMode: 'Sign' });
    const error = await failure(session.readTrustList());
    expect(error.status).toBe('BadSecurityModeInsufficient');
    expect(error.message).toContain('encrypted connection (SignAndEncrypt)');
  });

  it('the admin on an encrypted channel may', async () => {
    const session = await open();
    expect((await session.readTrustList()).trustedCertificates).toHaveLength(1);
    expect(session.serverCertificate.equals(serverDer())).toBe(true);
    expect(ADMIN.userName).toBe('admin');
  });
});

describe('certificates on both sides', () => {
  it('a server certificate the app does not trust stops before any session, and comes with the error for the dialog', async () => {
    const stranger = await appIdentity('Trust Manager Without Trust');
    // the server trusts this app, but the app has not trusted the server yet
    const error = await failure(openPushSession({ ...connectOptions(stranger, server), certificateFile: app.certificateFile, privateKeyFile: app.privateKeyFile }));
    expect(error.status).toBe('BadCertificateUntrusted');
    expect(error.message).toContain('does not trust the certificate of the server');
    expect(error.serverCertificate?.equals(serverDer())).toBe(true);
  });

  it('an app certificate the server does not trust: says the server must trust it first', async () => {
    const untrusted = await appIdentity('Trust Manager Unknown To Server');
    trustServer(untrusted, server);
    const error = await failure(openPushSession(connectOptions(untrusted, server)));
    expect(error.step).toBe('connect');
    expect(error.message).toContain("the server must trust this app's certificate first");
  });

  it('fetchServerCertificate reads the certificate before any trust', async () => {
    expect((await fetchServerCertificate(server.endpointUrl)).equals(serverDer())).toBe(true);
  });

  it('an unreachable server is named with its URL', async () => {
    const url = `opc.tcp://127.0.0.1:${await freePort(0)}`;
    const started = Date.now();
    const error = await failure(openPushSession({ ...connectOptions(app, server), endpointUrl: url, timeoutMs: 5000 }));
    expect(error.message).toContain(`cannot reach the server at ${url}`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
