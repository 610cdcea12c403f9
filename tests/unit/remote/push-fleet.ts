/**
 * Real push-enabled demo servers on 127.0.0.1 and the app that manages them (a TrustService with
 * its own home), for the remote-server tests. Each server's PKI trusts the app's client
 * certificate from the start, as its administrator would have arranged.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TrustService } from '../../../electron/core/app/trust-service';
import { startDemoServer, type RunningDemoServer } from '../../../electron/core/opcua/demo-server';
import { tempDir } from '../../helpers/tmp';
import { opcuaLog } from '../core/opcua/loopback';

export const ADMIN = { userName: 'secadmin', password: 'correct horse battery staple' };

/** The app: a TrustService with a fresh home (its client identity is created by start()). */
export async function startApp(home?: string): Promise<{ service: TrustService; home: string }> {
  const dir = home ?? (await tempDir('remote-home-'));
  const service = new TrustService({ home: dir, mode: 'browser', watch: false, log: (line) => void opcuaLog.push(line) });
  await service.start();
  return { service, home: dir };
}

/** A push demo server on a free port whose PKI already trusts the app's client certificate. */
export async function startPushServer(appHome: string, pkiRoot?: string): Promise<RunningDemoServer> {
  const opcua = await import('node-opcua');
  const keep = (...args: unknown[]) => void opcuaLog.push(args.map(String).join(' '));
  opcua.setWarningLogger(keep);
  opcua.setErrorLogger(keep);
  const root = pkiRoot ?? (await tempDir('push-server-'));
  mkdirSync(path.join(root, 'trusted', 'certs'), { recursive: true });
  copyFileSync(path.join(appHome, 'pki', 'own', 'certs', 'client_certificate.pem'), path.join(root, 'trusted', 'certs', 'uatrust_app.pem'));
  return startDemoServer({ pkiRoot: root, port: 0, push: { adminUsers: [ADMIN] } });
}

/** Adds a server as the user would: the first answer shows its certificate, "Trust permanently", then add again. */
export async function addTrusted(service: TrustService, server: RunningDemoServer, name?: string): Promise<string> {
  const input = { name, endpointUrl: server.endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: ADMIN.userName, password: ADMIN.password, rememberPassword: false } as const;
  let outcome = await service.remote.add(input);
  if (outcome.status === 'server-certificate') {
    await service.connections.decideServer({ thumbprint: outcome.certificate.sha256, decision: 'trust-permanently' });
    outcome = await service.remote.add(input);
  }
  if (outcome.status !== 'added') throw new Error(`${server.endpointUrl} was not added: ${JSON.stringify(outcome)}`);
  return outcome.storeId;
}
