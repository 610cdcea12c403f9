import path from 'node:path';
import { ASSIGNMENT_SECURITY_MODES, type OwnCertView } from '../../shared/types/own-certs';
import { OwnCertificates } from '../core/own-certs';
import { appHome } from '../core/settings/settings';
import { COMMANDS, UsageError, type Command, type OptionSpec, type Output } from './commands';
import { table } from './format';
import { date, formatOf, json, keySizeOf, readInput, requireOut, wholeNumber, writeOutput, type Options } from './option-values';

const pkiOption: Record<string, OptionSpec> = {
  pki: { type: 'string', description: "the PKI folder whose own certificates these are (default: the app's own, <app home>/pki)" },
  ...json,
};

function ownOf(options: Options): OwnCertificates {
  const days = options['expiring-days'] === undefined ? undefined : wholeNumber(options['expiring-days'], 'expiring-days');
  return OwnCertificates.open(typeof options.pki === 'string' ? path.resolve(options.pki) : path.join(appHome(), 'pki'), { expiringSoonDays: days });
}


function ownTable(views: OwnCertView[]): string {
  return table(
    ['', 'NAME', 'COMMON NAME', 'APPLICATION URI', 'EXPIRES', 'CONN', 'STATUS', 'ID'],
    views.map((v) => [v.isDefault ? '*' : '', v.name, v.certificate?.subject.cn ?? '-', v.applicationUri || '-', date(v.certificate?.notAfter), String(v.connectionCount), v.statuses.join(','), v.id]),
  );
}

function ownDetails(v: OwnCertView): string {
  const c = v.certificate;
  const fields: [string, string][] = [
    ['Name', `${v.name}${v.isDefault ? ' (default)' : ''}`],
    ['Id', v.id],
    ['Description', v.description || '-'],
    ['Status', v.statuses.join(', ')],
    ['Subject', c?.subject.text ?? '-'],
    ['Issuer', c ? `${c.issuer.text}${c.selfSigned ? ' (self-signed)' : ''}` : '-'],
    ['ApplicationUri', v.applicationUri || '-'],
    ['DNS names', (c?.dns ?? v.hostnames).join(', ') || '-'],
    ['IP addresses', (c?.ip ?? v.ips).join(', ') || '-'],
    ['Valid', c ? `${c.notBefore} → ${c.notAfter}${v.expiresInDays !== null ? ` (${v.expiresInDays} days left)` : ''}` : '-'],
    ['Key', c ? `${c.keyType} ${c.keySize} bits, ${c.signatureAlgorithm}` : '-'],
    ['SHA-1', c?.sha1 ?? '-'],
    ['SHA-256', c?.sha256 ?? '-'],
    ['Certificate file', `${v.certificateFile} (${v.files.certificate})`],
    ['Key file', `${v.privateKeyFile} (${v.files.privateKey})`],
    ['Connections', v.assignments.map((a) => `${a.connection} ${a.securityMode}`).join('\n' + ' '.repeat(18)) || (v.isDefault ? 'every connection without its own' : 'none')],
    ['Backups', v.backups.map((b) => `${b.id} ${b.createdAt.slice(0, 19)} ${b.reason} ${b.certificateFile}`).join('\n' + ' '.repeat(18)) || 'none'],
    ['Problems', [...v.fileProblems, ...(c?.problems.map((p) => p.message) ?? [])].join('\n' + ' '.repeat(18)) || 'none'],
  ];
  return fields.map(([k, value]) => `${(k + ':').padEnd(18)}${value}`).join('\n');
}

function printView(view: OwnCertView, options: Options, out: Output, verb?: string): void {
  if (options.json) return out.log(JSON.stringify(view, null, 2));
  if (verb) out.log(`${verb} "${view.name}" (${view.id})`);
  out.log(ownDetails(view));
}

const cert = (name: string, command: Omit<Command, 'name'>): Command => ({ name: `cert ${name}`, ...command });

const certCommands: Command[] = [
  cert('list', {
    args: '',
    summary: 'list own certificates with status, expiry and connections (* = default)',
    options: { ...pkiOption, 'expiring-days': { type: 'string', description: 'badge "expiring-soon" this many days ahead (default 30)' } },
    min: 0,
    max: 0,
    run(_p, options, out) {
      const own = ownOf(options);
      const views = own.list();
      if (options.json) return out.log(JSON.stringify({ root: own.root, certificates: views }, null, 2));
      out.log(views.length ? ownTable(views) : `no own certificates in ${own.root}`);
    },
  }),
  cert('show', {
    args: '<ref>',
    summary: 'everything about one own certificate (id, name or thumbprint)',
    options: { ...pkiOption, 'expiring-days': { type: 'string', description: 'badge "expiring-soon" this many days ahead (default 30)' } },
    min: 1,
    max: 1,
    run([ref], options, out) {
      printView(ownOf(options).get(ref), options, out);
    },
  }),
  cert('create', {
    args: '<name>',
    summary: 'generate a self-signed OPC UA certificate, or register one with --cert/--key or --pfx',
    options: {
      ...pkiOption,
      description: { type: 'string', description: 'free text' },
      'app-name': { type: 'string', description: 'application name (CN <name>@<host>, default OpcUaTrustManager)' },
      host: { type: 'string', multiple: true, description: 'DNS name in subjectAltName (repeatable; default this host)' },
      ip: { type: 'string', multiple: true, description: 'IP address in subjectAltName (repeatable)' },
      uri: { type: 'string', description: 'ApplicationUri (default urn:<first host>:<app name>)' },
      org: { type: 'string', description: 'organization (O) in the subject' },
      'key-size': { type: 'string', description: 'RSA key size: 2048 (default), 3072 or 4096' },
      days: { type: 'string', description: 'validity in days (default 730)' },
      default: { type: 'boolean', description: 'make it the default certificate' },
      cert: { type: 'string', description: 'upload: certificate file (.der .pem .crt .cer, may include the issuer chain)' },
      key: { type: 'string', description: 'upload: its PEM private key' },
      'key-password': { type: 'string', description: 'upload: password of an encrypted key' },
      pfx: { type: 'string', description: 'upload: a PKCS#12 file (.pfx/.p12) instead of --cert/--key' },
      password: { type: 'string', description: 'upload: password of the .pfx' },
    },
    min: 1,
    max: 1,
    async run([name], options, out) {
      const own = ownOf(options);
      const upload = options.cert !== undefined || options.key !== undefined || options.pfx !== undefined;
      if (upload) {
        if (options.pfx === undefined && (typeof options.cert !== 'string' || typeof options.key !== 'string')) throw new UsageError('an upload needs --cert and --key, or --pfx');
        const result = await own.upload({
          name,
          description: options.description as string | undefined,
          certificate: typeof options.cert === 'string' ? readInput(options.cert) : undefined,
          privateKey: typeof options.key === 'string' ? readInput(options.key) : undefined,
          privateKeyPassword: options['key-password'] as string | undefined,
          pfx: typeof options.pfx === 'string' ? readInput(options.pfx) : undefined,
          pfxPassword: options.password as string | undefined,
          makeDefault: options.default === true,
        });
        if (options.json) return out.log(JSON.stringify(result, null, 2));
        for (const r of result.issuers) out.log(`issuer: ${r.message}`);
        return printView(result.certificate, options, out, 'registered');
      }
      const keySize = keySizeOf(options['key-size']) ?? 2048;
      const view = await own.generate(
        {
          name,
          description: options.description as string | undefined,
          applicationName: options['app-name'] as string | undefined,
          hostnames: options.host as string[] | undefined,
          ips: options.ip as string[] | undefined,
          applicationUri: options.uri as string | undefined,
          organization: options.org as string | undefined,
          keySize,
          validityDays: options.days === undefined ? undefined : wholeNumber(options.days, 'days'),
          makeDefault: options.default === true,
        },
        (step) => {
          if (!options.json && step === 'generating-key') out.log(`generating an RSA-${keySize} key…`);
        },
      );
      printView(view, options, out, 'created');
    },
  }),
  cert('regenerate', {
    args: '<ref>',
    summary: 'new key and certificate, same name, ApplicationUri and connections; the old pair is kept as a backup',
    options: { ...pkiOption, 'key-size': { type: 'string', description: 'RSA key size (default: as before)' }, days: { type: 'string', description: 'validity in days (default: as before)' } },
    min: 1,
    max: 1,
    async run([ref], options, out) {
      const view = await ownOf(options).regenerate(ref, { keySize: keySizeOf(options['key-size']), validityDays: options.days === undefined ? undefined : wholeNumber(options.days, 'days') });
      printView(view, options, out, 'regenerated');
      if (!options.json) out.log('Servers that trusted the old certificate must trust the new one.');
    },
  }),
  cert('delete', {
    args: '<ref>',
    summary: 'delete an own certificate (not the default; its connections fall back to it), or one backup with --backup',
    options: { ...pkiOption, backup: { type: 'string', description: 'delete only this backup (its id, see cert show)' } },
    min: 1,
    max: 1,
    run([ref], options, out) {
      const own = ownOf(options);
      if (typeof options.backup === 'string') {
        const view = own.deleteBackup(ref, options.backup);
        return options.json ? out.log(JSON.stringify(view, null, 2)) : out.log(`deleted backup ${options.backup} of "${view.name}"`);
      }
      const result = own.delete(ref);
      if (options.json) return out.log(JSON.stringify(result, null, 2));
      out.log(`deleted "${result.deleted.name}" (${result.deleted.id})`);
      for (const c of result.connections) out.log(`  ${c.connection} now uses the default "${result.fallback.name}"`);
    },
  }),
  cert('export', {
    args: '<ref>',
    summary: 'write the certificate (DER or PEM), or with --key --confirm its private key (PEM)',
    options: {
      pki: pkiOption.pki,
      out: { type: 'string', description: 'file to write (required)' },
      format: { type: 'string', description: 'der (default) or pem' },
      key: { type: 'boolean', description: 'export the private key instead (needs --confirm)' },
      confirm: { type: 'boolean', description: 'yes, write the private key: anyone holding it can impersonate this application' },
      ...json,
    },
    min: 1,
    max: 1,
    run([ref], options, out) {
      const file = requireOut(options);
      const own = ownOf(options);
      if (options.key) {
        if (options.confirm !== true) throw new UsageError('exporting the private key needs --confirm: anyone holding it can impersonate this application');
        const size = writeOutput(file, own.exportPrivateKey(ref, { confirm: true }), 0o600);
        if (options.json) return out.log(JSON.stringify({ file, what: 'private-key', format: 'pem', bytes: size }, null, 2));
        return out.log(`wrote the private key to ${file} (PEM, ${size} bytes, mode 0600)`);
      }
      const format = formatOf(options.format, 'der');
      const size = writeOutput(file, own.exportCertificate(ref, format));
      if (options.json) return out.log(JSON.stringify({ file, what: 'certificate', format, bytes: size }, null, 2));
      out.log(`wrote ${file} (${format.toUpperCase()}, ${size} bytes)`);
    },
  }),
  cert('default', {
    args: '<ref>',
    summary: 'make an own certificate the default (used by connections without their own)',
    options: pkiOption,
    min: 1,
    max: 1,
    run([ref], options, out) {
      printView(ownOf(options).setDefault(ref), options, out, 'default is now');
    },
  }),
  cert('assign', {
    args: '<ref> <endpoint-url>',
    summary: 'use an own certificate for a connection (Sign or SignAndEncrypt)',
    options: { ...pkiOption, mode: { type: 'string', description: `${ASSIGNMENT_SECURITY_MODES.join(' or ')} (default SignAndEncrypt)` } },
    min: 2,
    max: 2,
    run([ref, url], options, out) {
      const mode = options.mode ?? 'SignAndEncrypt';
      if (!ASSIGNMENT_SECURITY_MODES.includes(mode as never)) throw new UsageError(`--mode must be ${ASSIGNMENT_SECURITY_MODES.join(' or ')}`);
      const own = ownOf(options);
      const assignment = own.assign(ref, url, mode as (typeof ASSIGNMENT_SECURITY_MODES)[number]);
      const choice = own.certificateFor(assignment.connection);
      if (options.json) return out.log(JSON.stringify(choice, null, 2));
      out.log(`${assignment.connection} uses "${choice.name}" with ${assignment.securityMode}`);
    },
  }),
  cert('unassign', {
    args: '<endpoint-url>',
    summary: 'let a connection use the default certificate again',
    options: pkiOption,
    min: 1,
    max: 1,
    run([url], options, out) {
      const own = ownOf(options);
      const removed = own.unassign(url);
      const choice = own.certificateFor(url);
      if (options.json) return out.log(JSON.stringify({ removed, ...choice }, null, 2));
      out.log(removed ? `${url} now uses the default "${choice.name}"` : `${url} had no certificate of its own; it uses the default "${choice.name}"`);
    },
  }),
];

const csrCommands: Command[] = [
  {
    name: 'csr create',
    args: '<ref>',
    summary: "a PKCS#10 signing request for an own certificate's key, with its OPC UA fields",
    options: { ...pkiOption, out: { type: 'string', description: 'file to write (required)' }, format: { type: 'string', description: 'pem (default) or der' } },
    min: 1,
    max: 1,
    async run([ref], options, out) {
      const file = requireOut(options);
      const request = await ownOf(options).createSigningRequest(ref, formatOf(options.format, 'pem'));
      writeOutput(file, request);
      const { base64: _bytes, ...about } = request;
      if (options.json) return out.log(JSON.stringify({ ...about, file }, null, 2));
      out.log(`wrote ${file} (${request.format.toUpperCase()})`);
      out.log(`subject: ${request.subject}\nApplicationUri: ${request.applicationUri}\nDNS: ${request.dns.join(', ') || '-'}\nIP: ${request.ip.join(', ') || '-'}`);
    },
  },
  {
    name: 'csr install',
    args: '<ref> <file>...',
    summary: 'install the signed certificate; issuer certificates and CRLs in the files go to issuers/',
    options: pkiOption,
    min: 2,
    max: Infinity,
    run([ref, ...files], options, out) {
      const result = ownOf(options).installSigned(ref, files.map(readInput));
      if (options.json) return out.log(JSON.stringify(result, null, 2));
      for (const r of result.issuers) out.log(`issuers: ${r.source}: ${r.message}`);
      for (const w of result.warnings) out.error(`warning: ${w}`);
      printView(result.certificate, options, out, 'installed the signed certificate of');
    },
  },
];

COMMANDS.push(...certCommands, ...csrCommands);
