/**
 * Case 7: a full secure connection (Basic256Sha256, SignAndEncrypt) to the embedded demo server:
 * our test connection (GetEndpoints, server certificate check, channel, session, ServerStatus)
 * vs a bare node-opcua OPCUAClient doing connect + createSession + read ServerStatus + close.
 * Both warmed up once; runs alternate.
 * Usage: connect-worker.ts <work dir> <runs>
 */
import path from 'node:path';
import { startDemoServer } from '../../../electron/core/opcua/demo-server';
import { OpcuaRuntime } from '../../../electron/core/opcua/runtime';
import { report } from '../lib/child';

const [dir, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const opcua = await import('node-opcua');
opcua.setWarningLogger(() => undefined);
opcua.setErrorLogger(() => undefined);
const demo = await startDemoServer({ pkiRoot: path.join(dir, 'demo-server'), port: 0, validation: 'accept-any', addRefusedToRejected: false });
const runtime = new OpcuaRuntime(path.join(dir, 'client-pki'));
const request = { endpointUrl: demo.endpointUrl, securityPolicy: 'Basic256Sha256' as const, securityMode: 'SignAndEncrypt' as const };

// As TrustService.start() does: our identity exists before the client's certificate manager starts.
await runtime.identity();
const first = await runtime.testConnection(request);
if (first.outcome === 'server-untrusted' && first.serverCertificate) await runtime.decideServer(first.serverCertificate.sha256, 'trust-permanently', false);

const bareManager = new opcua.OPCUACertificateManager({ rootFolder: path.join(dir, 'bare-client-pki'), automaticallyAcceptUnknownCertificate: true, name: 'BareClient' });
await bareManager.initialize();
async function bare(): Promise<void> {
  const client = opcua.OPCUAClient.create({
    applicationName: 'BareClient',
    endpointMustExist: false,
    securityMode: opcua.MessageSecurityMode.SignAndEncrypt,
    securityPolicy: opcua.SecurityPolicy.Basic256Sha256,
    clientCertificateManager: bareManager,
    connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
  });
  await client.connect(demo.endpointUrl);
  const session = await client.createSession();
  const value = await session.read({ nodeId: opcua.resolveNodeId(opcua.VariableIds.Server_ServerStatus), attributeId: opcua.AttributeIds.Value });
  if (value.statusCode.isNotGood()) throw new Error(`bare client: ${value.statusCode.name}`);
  await session.close();
  await client.disconnect();
}

async function ours(): Promise<void> {
  const result = await runtime.testConnection(request);
  if (result.outcome !== 'connected') throw new Error(`test connection: ${result.outcome} ${result.status ?? ''} ${result.rawError ?? ''}`);
}

const oursMs: number[] = [];
const bareMs: number[] = [];
await ours();
await bare();
try {
  for (let i = 0; i < runs; i++) {
    for (const [work, samples] of (i % 2 === 0 ? [[ours, oursMs], [bare, bareMs]] : [[bare, bareMs], [ours, oursMs]]) as [() => Promise<void>, number[]][]) {
      const t0 = performance.now();
      await work();
      samples.push(performance.now() - t0);
    }
  }
} finally {
  await bareManager.dispose();
  await runtime.close();
  await demo.stop();
}
report({ ours: oursMs, bare: bareMs });
process.exit(0);
