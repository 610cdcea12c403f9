import path from 'node:path';
import { CONNECT_STEPS, SECURITY_MODES, SECURITY_POLICIES, type SecurityModeName, type SecurityPolicyName, type TestConnectionResult } from '../../shared/types/connect';
import { CLIENT_VALIDATION_LABELS, type ClientValidationMode } from '../../shared/types/demo';
import { TrustError } from '../core/errors';
import { PkiStore } from '../core/pki/store';
import { COMMANDS, portOption, UsageError, waitForStopSignal, type Command, type Output } from './commands';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function printConnectResult(result: TestConnectionResult, out: Output): void {
  for (const s of result.steps) {
    const label = CONNECT_STEPS.find((c) => c.id === s.id)?.label ?? s.id;
    const mark = { ok: 'ok  ', failed: 'FAIL', skipped: '--  ', pending: '..  ', running: '..  ' }[s.status];
    out.log(`  ${mark} ${label.padEnd(26)} ${s.durationMs !== null ? `${s.durationMs} ms`.padStart(8) : ''.padStart(8)}  ${s.detail ?? ''}`.trimEnd());
  }
  if (result.endpoint) out.log(`endpoint: ${result.endpoint.url} ${result.endpoint.securityPolicy} ${result.endpoint.securityMode}`);
  const cert = result.serverCertificate;
  if (cert) out.log(`server certificate: ${cert.subject.text}; ${cert.applicationUri ?? 'no ApplicationUri'}; SHA-1 ${cert.sha1}`);
  if (result.outcome === 'connected') {
    out.log(`connected in ${result.durationMs} ms${result.retries ? ` (after ${result.retries} retr${result.retries === 1 ? 'y' : 'ies'} while the server reloaded its trust list)` : ''}; server state ${result.serverStatus?.state ?? '?'}`);
    return;
  }
  out.error(`failed: ${result.status ?? 'error'}${result.statusHex ? ` ${result.statusHex}` : ''}`);
  for (const d of result.diagnosis) out.error(`- ${d.title}${d.status ? ` (${d.status} ${d.statusHex})` : ''}\n  ${d.explanation}`);
}

/** --push with its administrator; the password from the command line or, better, from an environment variable. */
function pushAdminOption(options: Record<string, unknown>): { adminUsers: { userName: string; password: string }[] } | undefined {
  const user = options['admin-user'];
  const password = options['admin-password'];
  const passwordEnv = options['admin-password-env'];
  if (!options.push) {
    if (user !== undefined || password !== undefined || passwordEnv !== undefined) throw new UsageError('--admin-user, --admin-password and --admin-password-env go with --push');
    return undefined;
  }
  if (typeof user !== 'string' || user.trim() === '') throw new UsageError('--push needs --admin-user <name>');
  if ((password === undefined) === (passwordEnv === undefined)) throw new UsageError('--push needs the password: --admin-password <password> or --admin-password-env <VAR> (one of them)');
  let secret: string | undefined;
  if (typeof passwordEnv === 'string') {
    secret = process.env[passwordEnv];
    if (!secret) throw new UsageError(`the environment variable ${passwordEnv} (--admin-password-env) is not set or empty`);
  } else {
    secret = typeof password === 'string' ? password : undefined;
  }
  if (!secret) throw new UsageError('--admin-password must not be empty');
  return { adminUsers: [{ userName: user.trim(), password: secret }] };
}

const demoServer: Command = {
  name: 'demo-server',
  args: '',
  summary: 'run the embedded node-opcua demo server on 127.0.0.1 with its PKI in a folder',
  options: {
    pki: { type: 'string', description: "the server's PKI folder (node-opcua layout, created when missing; required)" },
    port: { type: 'string', description: 'port to try first (default 4840, then the next free one)' },
    validation: { type: 'string', description: `client certificates: ${Object.entries(CLIENT_VALIDATION_LABELS).map(([k, v]) => `${k} (${v})`).join(', ')}` },
    'no-auto-reject': { type: 'boolean', description: 'do not put refused client certificates into rejected/' },
    push: { type: 'boolean', description: 'offer OPC UA Part 12 push management (ServerConfiguration, TrustList) to --admin-user' },
    'admin-user': { type: 'string', description: 'with --push: the SecurityAdmin user name' },
    'admin-password': { type: 'string', description: 'with --push: its password (visible in the process list; prefer --admin-password-env)' },
    'admin-password-env': { type: 'string', description: 'with --push: the environment variable that holds the password' },
  },
  min: 0,
  max: 0,
  async run(_p, options, out) {
    if (typeof options.pki !== 'string') throw new UsageError('--pki <dir> is required');
    const port = portOption(options.port, 4840);
    const validation = oneOf<ClientValidationMode>(options.validation, ['trusted-list', 'trusted-ca', 'accept-any'], 'validation', 'trusted-list');
    const push = pushAdminOption(options);
    const { OpcuaRuntime } = await import('../core/opcua/runtime');
    const runtime = new OpcuaRuntime(path.resolve(options.pki));
    const server = await runtime.startDemoServer({ pkiRoot: path.resolve(options.pki), port, validation, addRefusedToRejected: !options['no-auto-reject'], push });
    out.log(`demo server listening: ${server.endpointUrl}`);
    out.log(`ApplicationUri: ${server.applicationUri}`);
    out.log(`PKI: ${server.pkiRoot} (client certificates: ${CLIENT_VALIDATION_LABELS[validation]})`);
    if (push) out.log(`push management (OPC UA Part 12): on, for SecurityAdmin user "${push.adminUsers[0].userName}" over Basic256Sha256 / Aes128_Sha256_RsaOaep / Aes256_Sha256_RsaPss SignAndEncrypt`);
    out.log('Press Ctrl+C to stop.');
    await waitForStopSignal();
    await runtime.close();
  },
};

const connect: Command = {
  name: 'connect',
  args: '<url>',
  summary: 'test a secure connection to a server and explain a failure',
  options: {
    pki: { type: 'string', description: 'our client PKI folder (node-opcua layout; its certificate is created when missing; required)' },
    policy: { type: 'string', description: `${SECURITY_POLICIES.join(', ')} or auto (default: the most secure offered)` },
    mode: { type: 'string', description: `${SECURITY_MODES.join(', ')} or auto` },
    user: { type: 'string', description: 'user name (password with --password)' },
    password: { type: 'string', description: 'password for --user' },
    'server-pki': { type: 'string', description: "the server's PKI folder, when it is on this machine: the diagnosis then looks into it" },
    'trust-server': { type: 'boolean', description: "trust the server's certificate permanently if it is not trusted yet" },
    'accept-once': { type: 'boolean', description: "accept the server's certificate for this run only (nothing written)" },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  min: 1,
  max: 1,
  async run([url], options, out) {
    if (typeof options.pki !== 'string') throw new UsageError('--pki <dir> is required');
    if (!/^opc\.tcp:\/\/\S+$/i.test(url)) throw new UsageError('the URL must look like opc.tcp://host:4840');
    if (options['trust-server'] && options['accept-once']) throw new UsageError('--trust-server and --accept-once exclude each other');
    const request = {
      endpointUrl: url,
      securityPolicy: oneOf<SecurityPolicyName | 'auto'>(options.policy, [...SECURITY_POLICIES, 'auto'], 'policy', 'auto'),
      securityMode: oneOf<SecurityModeName | 'auto'>(options.mode, [...SECURITY_MODES, 'auto'], 'mode', 'auto'),
      userName: options.user as string | undefined,
      password: options.password as string | undefined,
    };
    const pkiRoot = path.resolve(options.pki);
    PkiStore.init(pkiRoot, 'node-opcua');
    const serverStore = typeof options['server-pki'] === 'string' ? PkiStore.open(options['server-pki']) : null;
    const { OpcuaRuntime } = await import('../core/opcua/runtime');
    const runtime = new OpcuaRuntime(pkiRoot);
    const ours = (await runtime.identity()).certificate;
    const { serverStoreFindings } = await import('../core/opcua/server-store');
    // The folder given is the server's PKI by the user's word: no need to match its own certificate.
    const findServerStore = () => (serverStore ? serverStoreFindings({ id: serverStore.root, name: serverStore.root }, serverStore.scan().entries, ours) : null);
    try {
      let result = await runtime.testConnection(request, { findServerStore });
      if (result.outcome === 'server-untrusted' && result.serverCertificate && (options['trust-server'] || options['accept-once'])) {
        await runtime.decideServer(result.serverCertificate.sha256, options['trust-server'] ? 'trust-permanently' : 'accept-once', false);
        if (!options.json) out.log(options['trust-server'] ? `trusted the server certificate ${result.serverCertificate.sha1} permanently` : 'accepted the server certificate for this run only');
        result = await runtime.testConnection(request, { findServerStore });
      }
      if (options.json) out.log(JSON.stringify(result, null, 2));
      else printConnectResult(result, out);
      if (result.outcome === 'server-untrusted') {
        throw new TrustError('OPCUA', "the server's certificate is not trusted by our client store: check its thumbprint, then run again with --trust-server or --accept-once");
      }
      if (result.outcome !== 'connected') throw new TrustError('OPCUA', `connection failed: ${result.status ?? result.rawError}`);
    } finally {
      await runtime.close();
    }
  },
};

COMMANDS.push(demoServer, connect);
