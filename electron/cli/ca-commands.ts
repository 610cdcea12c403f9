import path from 'node:path';
import { isLayoutId, type LayoutId } from '../../shared/pki/layouts';
import { deployCa, LocalCa } from '../core/ca';
import { TrustError } from '../core/errors';
import { appHome } from '../core/settings/settings';
import { COMMANDS, UsageError, type Command, type OptionSpec } from './commands';
import { table } from './format';
import { date, formatOf, json, keySizeOf, readInput, requireOut, wholeNumber, writeOutput, type Options } from './option-values';

const caOption: Record<string, OptionSpec> = { ca: { type: 'string', description: 'the CA folder (default: <app home>/ca)' }, ...json };

function caDir(options: Options): string {
  return typeof options.ca === 'string' ? path.resolve(options.ca) : path.join(appHome(), 'ca');
}

const caCommands: Command[] = [
  {
    name: 'ca init',
    args: '',
    summary: 'create a local CA (self-signed, keyCertSign + cRLSign) with an empty CRL',
    options: {
      ...caOption,
      name: { type: 'string', description: 'CA common name (required)' },
      org: { type: 'string', description: 'organization (O)' },
      'key-size': { type: 'string', description: 'RSA key size: 2048, 3072 (default) or 4096' },
      days: { type: 'string', description: 'validity in days (default 3650)' },
      'crl-days': { type: 'string', description: 'how long each CRL is valid (default 30)' },
    },
    min: 0,
    max: 0,
    async run(_p, options, out) {
      if (typeof options.name !== 'string') throw new UsageError('--name <CA name> is required');
      const ca = await LocalCa.init(caDir(options), {
        commonName: options.name,
        organization: options.org as string | undefined,
        keySize: keySizeOf(options['key-size']) ?? 3072,
        validityDays: options.days === undefined ? undefined : wholeNumber(options.days, 'days'),
        crlDays: options['crl-days'] === undefined ? undefined : wholeNumber(options['crl-days'], 'crl-days'),
      });
      const info = ca.info();
      if (options.json) return out.log(JSON.stringify(info, null, 2));
      out.log(`created the CA "${info.subject}" in ${info.dir}\nSHA-1: ${info.sha1}\nvalid until ${info.notAfter}`);
    },
  },
  {
    name: 'ca show',
    args: '',
    summary: 'the CA, its current CRL and the certificates it issued',
    options: caOption,
    min: 0,
    max: 0,
    run(_p, options, out) {
      const ca = LocalCa.open(caDir(options));
      const info = ca.info();
      const issued = ca.issued();
      if (options.json) return out.log(JSON.stringify({ ...info, certificates: issued }, null, 2));
      out.log(`${info.subject} (${info.dir})\nSHA-1: ${info.sha1}\nvalid until: ${info.notAfter}\nCRL #${info.crl?.crlNumber ?? '-'} next update ${info.crl?.nextUpdate ?? '-'}`);
      if (issued.length) out.log(table(['SERIAL', 'STATUS', 'SUBJECT', 'APPLICATION URI', 'EXPIRES'], issued.map((i) => [i.serial, i.status, i.subject, i.applicationUri ?? '-', date(i.notAfter)])));
    },
  },
  {
    name: 'ca sign',
    args: '<csr-file>',
    summary: 'sign a signing request as an OPC UA application certificate',
    options: {
      ...caOption,
      out: { type: 'string', description: 'file for the certificate, PEM (required)' },
      days: { type: 'string', description: 'validity in days (default 365)' },
      chain: { type: 'boolean', description: 'append the CA certificate to the file' },
    },
    min: 1,
    max: 1,
    async run([csrFile], options, out) {
      const file = requireOut(options);
      const csr = Buffer.from(readInput(csrFile).base64, 'base64');
      const signed = await LocalCa.open(caDir(options)).sign(csr, { validityDays: options.days === undefined ? undefined : wholeNumber(options.days, 'days') });
      writeOutput(file, { base64: Buffer.from(signed.certificatePem + (options.chain ? signed.caCertificatePem : '')).toString('base64') });
      if (options.json) return out.log(JSON.stringify({ ...signed.issued, out: file }, null, 2));
      out.log(`signed serial ${signed.issued.serial}: ${signed.issued.subject} (${signed.issued.applicationUri}), valid until ${signed.issued.notAfter}\nwrote ${file}`);
    },
  },
  {
    name: 'ca revoke',
    args: '<serial|thumbprint>',
    summary: 'revoke a certificate the CA issued and publish the new CRL',
    options: caOption,
    min: 1,
    max: 1,
    async run([ref], options, out) {
      const result = await LocalCa.open(caDir(options)).revoke(ref);
      if (options.json) return out.log(JSON.stringify(result, null, 2));
      out.log(`revoked serial ${result.revoked.serial} (${result.revoked.subject})\nCRL #${result.crl.crlNumber} published; deploy it with "uatrust ca deploy"`);
    },
  },
  {
    name: 'ca crl',
    args: '',
    summary: 'publish a new CRL (fresh nextUpdate), optionally writing it to a file',
    options: { ...caOption, out: { type: 'string', description: 'also write it to this file' }, format: { type: 'string', description: 'pem (default) or der' }, days: { type: 'string', description: 'valid for this many days (default: the CA setting)' } },
    min: 0,
    max: 0,
    async run(_p, options, out) {
      const ca = LocalCa.open(caDir(options));
      const crl = await ca.publishCrl({ days: options.days === undefined ? undefined : wholeNumber(options.days, 'days') });
      if (typeof options.out === 'string') writeOutput(options.out, ca.exportCrl(formatOf(options.format, 'pem')));
      if (options.json) return out.log(JSON.stringify(crl, null, 2));
      out.log(`CRL #${crl.crlNumber}: ${crl.revokedSerials.length} revoked, next update ${crl.nextUpdate}${typeof options.out === 'string' ? `\nwrote ${options.out}` : ''}`);
    },
  },
  {
    name: 'ca deploy',
    args: '<store>...',
    summary: 'copy the CA certificate and current CRL into the issuers (or trusted) folder of PKI folders',
    options: {
      ...caOption,
      to: { type: 'string', description: 'issuers (default) or trusted (servers in "Trusted CA list" mode need trusted)' },
      layout: { type: 'string', description: 'layout of the stores (detected when left out)' },
    },
    min: 1,
    max: Infinity,
    async run(stores, options, out) {
      const to = options.to ?? 'issuers';
      if (to !== 'issuers' && to !== 'trusted') throw new UsageError('--to must be issuers or trusted');
      if (options.layout !== undefined && (typeof options.layout !== 'string' || !isLayoutId(options.layout))) throw new UsageError(`unknown layout "${options.layout}"`);
      const results = await deployCa(LocalCa.open(caDir(options)), stores.map((dir) => ({ dir: path.resolve(dir), layout: options.layout as LayoutId | undefined })), to);
      if (options.json) out.log(JSON.stringify(results, null, 2));
      else {
        for (const r of results) {
          if (r.error) continue;
          for (const item of r.results) out.log(`${r.store}: ${item.message}`);
          for (const file of r.removedCrls) out.log(`${r.store}: removed the older CRL ${file}`);
        }
      }
      const failed = results.filter((r) => r.error).map((r) => `${r.store}: ${r.error}`);
      if (failed.length === 1) throw new TrustError('IO', failed[0]);
      for (const line of failed) out.error(line);
      if (failed.length) throw new TrustError('IO', `${failed.length} of ${results.length} store(s) not deployed`);
    },
  },
];

COMMANDS.push(...caCommands);
