import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isLayoutId, LAYOUTS, type LayoutId } from '../../shared/pki/layouts';
import { SECURITY_POLICIES, type SecurityPolicyName } from '../../shared/types/connect';
import { VERIFY_ROLES, VERIFY_SUPPRESSIONS, type VerifyResult, type VerifyRole, type VerifySuppression } from '../../shared/types/verify';
import { TrustError, ioError } from '../core/errors';
import { PkiStore } from '../core/pki/store';
import { verifyCertificate } from '../core/verify/verify-certificate';
import { COMMANDS, UsageError, type Command, type Output } from './commands';

const MARKS = { passed: 'ok  ', failed: 'FAIL', skipped: '--  ', suppressed: 'off ' } as const;

function roleOf(value: unknown): VerifyRole {
  if (value === undefined) return 'client';
  if (typeof value !== 'string' || !VERIFY_ROLES.includes(value as VerifyRole)) throw new UsageError(`--as must be one of ${VERIFY_ROLES.join(', ')}`);
  return value as VerifyRole;
}

function policyOf(value: unknown): SecurityPolicyName {
  if (value === undefined) return 'Basic256Sha256';
  if (typeof value !== 'string' || !SECURITY_POLICIES.includes(value as SecurityPolicyName)) throw new UsageError(`--policy must be one of ${SECURITY_POLICIES.join(', ')}`);
  return value as SecurityPolicyName;
}

function suppressionsOf(value: unknown): VerifySuppression[] {
  if (value === undefined) return [];
  const names = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !VERIFY_SUPPRESSIONS.includes(n as VerifySuppression));
  if (unknown.length) throw new UsageError(`unknown --suppress ${unknown.join(', ')}; one or more of ${VERIFY_SUPPRESSIONS.join(', ')}`);
  return names as VerifySuppression[];
}

/** The bytes of the certificate to judge: a file (from the current folder), else a thumbprint or file of the store. */
function certificateBytes(store: PkiStore, ref: string): Buffer {
  if (!/^[0-9a-f]{8,64}$/i.test(ref) && existsSync(ref)) {
    try {
      return readFileSync(path.resolve(ref));
    } catch (error) {
      throw ioError(error, `cannot read ${ref}`);
    }
  }
  const entry = store.find(ref).find((e) => e.kind === 'certificate');
  if (!entry || entry.kind !== 'certificate') throw new TrustError('INVALID_INPUT', `"${ref}" names a CRL or an unreadable file, not a certificate`);
  try {
    return readFileSync(store.resolve(entry.file));
  } catch (error) {
    throw ioError(error, `cannot read ${entry.file}`);
  }
}

export function printVerifyResult(result: VerifyResult, out: Output): void {
  const judge = result.context.role === 'client' ? 'a server with this PKI' : 'a client with this PKI';
  out.log(`${result.verdict} ${result.verdictHex}: ${judge} would ${result.verdict === 'Good' ? 'accept' : 'refuse'} this ${result.context.role} certificate (${result.context.securityPolicy})`);
  if (result.chain.length) out.log(`chain: ${result.chain.map((c) => `${c.cn ?? c.subject} [${c.sha1}]${c.folders.length ? ` (${c.folders.join(', ')})` : ''}`).join(' <- ')}`);
  for (const row of result.trace) {
    const who = row.certificate ? ` ${row.certificate.cn ?? row.certificate.sha1}` : '';
    const code = row.statusCode ? ` ${row.statusCode} ${row.statusHex}${row.suppressedBy ? ` (suppressed: ${row.suppressedBy})` : ''}` : '';
    out.log(`  ${MARKS[row.status]} ${row.label}${who}:${code} ${row.detail}`);
    if (row.fix && row.status === 'failed') out.log(`       fix: ${row.fix}`);
  }
  if (result.wireStatus && result.verdict !== 'Good') out.log(`the client reads: ${result.wireStatus} ${result.wireStatusHex}. ${result.wireNote ?? ''}`.trimEnd());
  if (result.stackNotes.length) out.log(['where node-opcua decides differently:', ...result.stackNotes.map((n) => `- ${n}`)].join('\n'));
}

const verify: Command = {
  name: 'verify',
  args: '<store> <certificate-file|ref>',
  summary: "predict a server's (or client's) verdict on a certificate with OPC UA Part 4 validation",
  options: {
    layout: { type: 'string', description: `layout profile of the store (${LAYOUTS.map((l) => l.id).join(', ')}); detected when left out` },
    as: { type: 'string', description: 'client (default: a client certificate judged by the server whose PKI is <store>) or server (a server certificate judged by a client)' },
    policy: { type: 'string', description: `${SECURITY_POLICIES.join(', ')} (default Basic256Sha256)` },
    host: { type: 'string', description: 'host of the endpoint URL, checked against a server certificate' },
    uri: { type: 'string', description: 'the ApplicationUri the certificate must carry' },
    suppress: { type: 'string', description: `checks the judge switches off, comma-separated: ${VERIFY_SUPPRESSIONS.join(', ')}` },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  min: 2,
  max: 2,
  run([dir, ref], options, out) {
    const layout = options.layout;
    if (layout !== undefined && (typeof layout !== 'string' || !isLayoutId(layout))) throw new UsageError(`unknown layout "${String(layout)}"`);
    const context = {
      role: roleOf(options.as),
      securityPolicy: policyOf(options.policy),
      endpointHost: typeof options.host === 'string' ? options.host : null,
      applicationUri: typeof options.uri === 'string' ? options.uri : null,
      suppress: suppressionsOf(options.suppress),
    };
    const store = PkiStore.open(dir, { layout: layout as LayoutId | undefined });
    const result = verifyCertificate(store, certificateBytes(store, ref), context);
    if (options.json) out.log(JSON.stringify(result, null, 2));
    else printVerifyResult(result, out);
    if (result.verdict !== 'Good') throw new TrustError('INVALID_CERT', `${result.verdict} ${result.verdictHex}${result.failedStep ? ` at "${result.trace.find((r) => r.status === 'failed')?.label}"` : ''}`);
  },
};

COMMANDS.push(verify);
