/**
 * `uatrust remote …`: remote servers managed through OPC UA Part 12 push, over the same core as
 * the app (a TrustService on the app's home). The admin password never has to be on the command
 * line: --password-env VAR, UATRUST_REMOTE_PASSWORD, or a hidden prompt.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REMOTE_SECURITY_MODES, REMOTE_SECURITY_POLICIES, type RemoteSecurityMode, type RemoteSecurityPolicy, type RemoteStatus } from '../../shared/types/remote';
import type { SyncReport } from '../../shared/types/changes';
import type { StoreEntry } from '../../shared/types/cert';
import type { TrustService } from '../core/app/trust-service';
import { TrustError } from '../core/errors';
import { PkiStore } from '../core/pki/store';
import type { MirrorItem } from '../core/remote/trust-list-plan';
import { appHome } from '../core/settings/settings';
import { decodeFile } from '../core/x509/decode';
import { COMMANDS, UsageError, type Command, type OptionSpec, type Output } from './commands';
import { entriesTable, table } from './format';

export const PASSWORD_ENV = 'UATRUST_REMOTE_PASSWORD';

type Options = Record<string, string | boolean | string[] | undefined>;

const json: Record<string, OptionSpec> = { json: { type: 'boolean', description: 'print JSON' } };
const passwordOptions: Record<string, OptionSpec> = {
  'password-env': { type: 'string', description: `name of the environment variable holding the admin password (default ${PASSWORD_ENV}; else a hidden prompt)` },
  password: { type: 'string', description: 'the admin password itself (avoid: it shows in the process list)' },
};

/** The admin password: --password (warned), --password-env VAR, UATRUST_REMOTE_PASSWORD, or a hidden prompt on a terminal. */
export async function passwordFrom(options: Options, out: Output, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (typeof options.password === 'string') {
    out.error('warning: --password shows in the process list; prefer --password-env VAR or a prompt');
    return options.password;
  }
  if (typeof options['password-env'] === 'string') {
    const value = env[options['password-env']];
    if (!value) throw new UsageError(`the environment variable ${options['password-env']} is not set`);
    return value;
  }
  if (env[PASSWORD_ENV]) return env[PASSWORD_ENV]!;
  if (!process.stdin.isTTY) throw new UsageError(`the admin password is needed: --password-env VAR, ${PASSWORD_ENV}, or run on a terminal to be asked`);
  return promptHidden('admin password: ');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let typed = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003') return done(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    const done = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    stdin.on('data', onData);
  });
}

/** Runs `work` on the app's core (its home: UATRUST_HOME or the platform's folder), closed afterwards. */
async function withApp<T>(work: (service: TrustService) => Promise<T>): Promise<T> {
  const { TrustService } = await import('../core/app/trust-service');
  const service = new TrustService({ home: appHome(), mode: 'browser', watch: false });
  await service.start();
  try {
    return await work(service);
  } finally {
    await service.close();
  }
}

/** A registered server by store id, name or endpoint URL. */
function serverOf(service: TrustService, ref: string): RemoteStatus {
  const rows = service.remote.fleet();
  const found = rows.filter((r) => r.id === ref || r.name === ref || r.endpointUrl === ref);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new TrustError('AMBIGUOUS', `"${ref}" names ${found.length} servers; use the id (uatrust remote list)`);
  throw new TrustError('NOT_FOUND', `no remote server "${ref}" (uatrust remote list shows them)`);
}

async function unlocked(service: TrustService, ref: string, options: Options, out: Output): Promise<RemoteStatus> {
  const server = serverOf(service, ref);
  service.remote.secrets.set(server.id, await passwordFrom(options, out), false);
  return server;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function describeServer(status: RemoteStatus): string {
  const cert = status.serverCertificate;
  return `${status.name} (${status.id}) ${status.endpointUrl}: ${status.reachability}${cert ? `; certificate ${cert.subject.text}, SHA-1 ${cert.sha1}, until ${cert.notAfter.slice(0, 10)}` : ''}${status.lastError ? `; ${status.lastError}` : ''}`;
}

function printReport(report: SyncReport, out: Output): void {
  for (const r of report.results) (r.status === 'done' || r.status === 'unchanged' ? out.log : out.error)(`${r.status}: ${r.file}: ${r.message}`);
  if (report.failed || report.conflicts) throw new TrustError(report.failed ? 'OPCUA' : 'CONFLICT', `${report.failed} failed, ${report.conflicts} conflict(s)`);
}

/** Certificates and CRLs of files on disk, as DER. */
function itemsFromFiles(files: string[]): MirrorItem[] {
  return files.flatMap((file) => {
    const items = decodeFile(readFileSync(file)).items.filter((i) => i.type === 'certificate' || i.type === 'crl');
    if (items.length === 0) throw new TrustError('INVALID_CERT', `${file} holds no certificate or CRL`);
    return items.map((i) => ({ kind: i.type as 'certificate' | 'crl', folder: 'trusted' as const, der: (i as { der: Buffer }).der }));
  });
}

const add: Command = {
  name: 'remote add',
  args: '<url>',
  summary: 'register a remote server (Part 12 push management) and read its trust list',
  options: {
    user: { type: 'string', description: 'user name of a SecurityAdmin user on the server (required)' },
    ...passwordOptions,
    name: { type: 'string', description: 'a name for the list (default: host:port)' },
    policy: { type: 'string', description: `${REMOTE_SECURITY_POLICIES.join(', ')} (default Basic256Sha256)` },
    mode: { type: 'string', description: `${REMOTE_SECURITY_MODES.join(', ')} (default SignAndEncrypt)` },
    'trust-server': { type: 'boolean', description: "trust the server's certificate permanently if our client does not yet" },
    ...json,
  },
  min: 1,
  max: 1,
  async run([url], options, out) {
    if (!/^opc\.tcp:\/\/\S+$/i.test(url)) throw new UsageError('the URL must look like opc.tcp://host:4840');
    if (typeof options.user !== 'string') throw new UsageError('--user <name> is required');
    const input = {
      name: typeof options.name === 'string' ? options.name : undefined,
      endpointUrl: url,
      securityPolicy: oneOf<RemoteSecurityPolicy>(options.policy, REMOTE_SECURITY_POLICIES, 'policy', 'Basic256Sha256'),
      securityMode: oneOf<RemoteSecurityMode>(options.mode, REMOTE_SECURITY_MODES, 'mode', 'SignAndEncrypt'),
      userName: options.user,
      password: await passwordFrom(options, out),
      rememberPassword: false,
    };
    await withApp(async (service) => {
      let outcome = await service.remote.add(input);
      if (outcome.status === 'server-certificate' && options['trust-server']) {
        await service.connections.decideServer({ thumbprint: outcome.certificate.sha256, decision: 'trust-permanently' });
        if (!options.json) out.log(`trusted the server certificate ${outcome.certificate.sha1} permanently`);
        outcome = await service.remote.add(input);
      }
      if (outcome.status === 'server-certificate') {
        const cert = outcome.certificate;
        if (options.json) out.log(JSON.stringify(outcome, null, 2));
        else out.log(`server certificate: ${cert.subject.text}; ${cert.applicationUri ?? 'no ApplicationUri'}\n  SHA-1   ${cert.sha1}\n  SHA-256 ${cert.sha256}\n  valid ${cert.notBefore.slice(0, 10)} to ${cert.notAfter.slice(0, 10)}`);
        throw new TrustError('OPCUA', "the server's certificate is not trusted by our client store: check its thumbprint, then run again with --trust-server");
      }
      const status = service.remote.status(outcome.storeId);
      if (options.json) return out.log(JSON.stringify({ ...outcome, remote: status }, null, 2));
      out.log(`added ${describeServer(status)}`);
    });
  },
};

const list: Command = {
  name: 'remote list',
  args: '',
  summary: 'list the registered remote servers (no network)',
  options: json,
  min: 0,
  max: 0,
  async run(_p, options, out) {
    await withApp(async (service) => {
      const rows = service.remote.fleet();
      if (options.json) return out.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return out.log('no remote servers (uatrust remote add <url> --user <name>)');
      out.log(table(['ID', 'NAME', 'ENDPOINT', 'USER', 'CERT EXPIRES', 'REJECTED'], rows.map((r) => [r.id, r.name, r.endpointUrl, r.userName, r.serverCertificate?.notAfter.slice(0, 10) ?? '-', String(r.rejectedCount)])));
    });
  },
};

/** A command that reads the server first and then shows (part of) its mirror. */
function readCommand(name: string, summary: string, folders: StoreEntry['folder'][] | null): Command {
  return {
    name,
    args: '<server>',
    summary,
    options: { ...passwordOptions, ...json },
    min: 1,
    max: 1,
    async run([ref], options, out) {
      await withApp(async (service) => {
        const server = await unlocked(service, ref, options, out);
        const view = await service.remote.refresh(server.id);
        const entries = folders ? view.entries.filter((e) => folders.includes(e.folder)) : view.entries;
        if (options.json) return out.log(JSON.stringify(folders ? entries : { remote: view.remote, entries }, null, 2));
        if (!folders) out.log(describeServer(view.remote!));
        out.log(entries.length ? entriesTable(entries) : folders ? `no certificates in its ${folders.join(' or ')} list` : 'its lists are empty');
      });
    },
  };
}

/** `remote trust|reject <server> <ref>…`: a thumbprint or a file of the server's lists; for trust also a certificate file on disk. */
function changeCommand(name: 'trust' | 'reject', summary: string): Command {
  return {
    name: `remote ${name}`,
    args: '<server> <ref>...',
    summary,
    options: { ...passwordOptions, ...json },
    min: 2,
    max: Infinity,
    async run([ref, ...refs], options, out) {
      await withApp(async (service) => {
        const server = await unlocked(service, ref, options, out);
        const view = await service.remote.refresh(server.id);
        const mirror = PkiStore.open(view.root, { layout: 'node-opcua' });
        const files = refs.filter((r) => name === 'trust' && !/^[0-9a-f]{8,64}$/i.test(r) && existsSync(r));
        const changes = refs
          .filter((r) => !files.includes(r))
          .map((r) => {
            const entries = mirror.find(r).filter((e) => e.kind !== 'unreadable' && e.folder !== 'own');
            // Trust what is not trusted yet; reject what is trusted or an issuer.
            const entry = name === 'trust' ? (entries.find((e) => e.folder !== 'trusted') ?? entries[0]) : (entries.find((e) => e.folder === 'trusted') ?? entries.find((e) => e.folder === 'issuers') ?? entries[0]);
            if (!entry) throw new TrustError('NOT_FOUND', `"${r}" is not in the lists of ${server.name}`);
            return { storeId: server.id, kind: name, file: entry.file, id: entry.id };
          });
        const reports: SyncReport[] = [];
        if (changes.length) reports.push((await service.sync(changes)).reports[0]);
        if (files.length) {
          const pushed = await service.remote.pushItems({ storeIds: [server.id], items: itemsFromFiles(files.map((f) => path.resolve(f))), to: 'trusted' });
          const r = pushed.results[0];
          reports.push({ results: files.map((file) => ({ kind: 'trust', file, id: '', status: r.ok ? 'done' : 'failed', message: r.message })), done: r.ok ? files.length : 0, conflicts: 0, failed: r.ok ? 0 : files.length });
        }
        if (options.json) out.log(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
        // With --json the report is the output; a failure still ends with exit code 1.
        const quiet: Output = { log: () => undefined, error: () => undefined };
        for (const report of reports) printReport(report, options.json ? quiet : out);
      });
    },
  };
}

const sync: Command = {
  name: 'remote sync',
  args: '<file>...',
  summary: 'push certificates / CRLs (files) into the trusted or issuers list of remote servers, a few at a time',
  options: {
    server: { type: 'string', multiple: true, description: 'a server (id, name or URL; repeatable; default: all)' },
    to: { type: 'string', description: 'trusted or issuers (default issuers)' },
    ...passwordOptions,
    ...json,
  },
  min: 1,
  max: Infinity,
  async run(files, options, out) {
    const to = oneOf<'trusted' | 'issuers'>(options.to, ['trusted', 'issuers'], 'to', 'issuers');
    const items = itemsFromFiles(files.map((f) => path.resolve(f)));
    await withApp(async (service) => {
      const refs = (options.server as string[] | undefined) ?? service.remote.fleet().map((r) => r.id);
      if (refs.length === 0) throw new TrustError('NOT_FOUND', 'no remote servers (uatrust remote add <url> --user <name>)');
      const password = await passwordFrom(options, out);
      const ids = refs.map((r) => serverOf(service, r).id);
      for (const id of ids) service.remote.secrets.set(id, password, false);
      const outcome = await service.remote.pushItems({ storeIds: ids, items, to });
      if (options.json) out.log(JSON.stringify(outcome, null, 2));
      else {
        for (const r of outcome.results) (r.ok ? out.log : out.error)(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name}: ${r.message} (${r.durationMs} ms)`);
        out.log(`${outcome.results.filter((r) => r.ok).length} of ${outcome.results.length} server(s) in ${outcome.durationMs} ms`);
      }
      const failed = outcome.results.filter((r) => !r.ok).length;
      if (failed) throw new TrustError('OPCUA', `${failed} server(s) failed`);
    });
  },
};

const renew: Command = {
  name: 'remote renew',
  args: '<server>',
  summary: "renew a server's certificate: CSR on the server, signed by the local CA, UpdateCertificate, ApplyChanges",
  options: {
    'csr-only': { type: 'boolean', description: 'only create the signing request (print it, or write it with --out)' },
    out: { type: 'string', description: 'file to write the CSR (with --csr-only) or the new certificate (PEM) to' },
    'keep-key': { type: 'boolean', description: 'let the server keep its private key (default: a new one)' },
    ...passwordOptions,
    ...json,
  },
  min: 1,
  max: 1,
  async run([ref], options, out) {
    await withApp(async (service) => {
      const server = await unlocked(service, ref, options, out);
      const outcome = await service.remote.renew({ storeId: server.id, signWith: options['csr-only'] ? 'csr-only' : 'local-ca', regeneratePrivateKey: !options['keep-key'] });
      if (typeof options.out === 'string') writeFileSync(options.out, outcome.newCertificate ? (await service.exportCert({ storeId: server.id, ...ownEntry(service, server.id), format: 'pem' })).base64 : outcome.csrPem, outcome.newCertificate ? 'base64' : 'utf8');
      if (options.json) return out.log(JSON.stringify(outcome, null, 2));
      if (!outcome.newCertificate) return out.log(typeof options.out === 'string' ? `signing request written to ${options.out}` : outcome.csrPem.trimEnd());
      out.log(`renewed: ${outcome.newCertificate.subject.text}, issued by ${outcome.newCertificate.issuer.text}, SHA-1 ${outcome.newCertificate.sha1}, until ${outcome.newCertificate.notAfter.slice(0, 10)}`);
    });
  },
};

function ownEntry(service: TrustService, storeId: string): { file: string; id: string } {
  const entry = service.listStores().find((s) => s.id === storeId)?.entries.find((e) => e.folder === 'own' && e.kind === 'certificate');
  if (!entry) throw new TrustError('NOT_FOUND', 'the server certificate is not in the mirror');
  return { file: entry.file, id: entry.id };
}

COMMANDS.push(
  add,
  list,
  readCommand('remote trustlist', "read a server's certificate, trust list and rejected list", null),
  changeCommand('trust', "trust certificates on a server: from its rejected list or issuers (thumbprint), or certificate files"),
  changeCommand('reject', "take certificates out of a server's trust list (thumbprint or file of its lists)"),
  sync,
  readCommand('remote rejected', 'list the client certificates a server refused (GetRejectedList)', ['rejected']),
  renew,
);
