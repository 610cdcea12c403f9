import { statusHex } from '../../../shared/opcua/status-codes';
import { SECURITY_POLICIES } from '../../../shared/types/connect';
import { VERIFY_ROLES, VERIFY_STEPS, VERIFY_SUPPRESSIONS, type VerifyChainLink, type VerifyContext, type VerifyResult } from '../../../shared/types/verify';
import { TrustError } from '../errors';
import type { PkiStore } from '../pki/store';
import { decodeFile, describe } from '../x509/decode';
import { buildChain } from './chain';
import { checkApplicationUri, checkChain, checkHostName, checkSecurityPolicy, checkSignatures, checkTrustList, checkUsage, checkValidity, type CheckInput } from './checks';
import { StoreMaterial, type ChainCertificate } from './material';
import { checkRevocation } from './revocation';
import { stackNotesFor, wireStatusOf } from './stack-notes';
import { Trace, type Link } from './trace';

/**
 * The certificate to judge: DER bytes, the bytes of a certificate file (DER or PEM), or a chain
 * (leaf first) as a client sends it. Certificates after the first help build the chain; they are
 * not trusted for being sent.
 */
export type CertificateInput = Buffer | Buffer[];

function toDerList(input: CertificateInput): { ders: Buffer[]; problem: string | null } {
  const buffers = Array.isArray(input) ? input : [input];
  const ders: Buffer[] = [];
  let problem: string | null = null;
  for (const buffer of buffers) {
    for (const item of decodeFile(buffer).items) {
      if (item.type === 'certificate') ders.push(item.der);
      else if (ders.length === 0 && problem === null) problem = item.type === 'invalid' ? item.reason : 'a private key, not a certificate';
    }
  }
  return { ders, problem: ders.length ? null : (problem ?? 'no certificate found') };
}

function linkOf(certificate: ChainCertificate): VerifyChainLink {
  const p = certificate.parsed;
  return {
    cn: p.subject.cn,
    subject: p.subject.text,
    issuer: p.issuer.text,
    sha1: p.sha1,
    sha256: p.sha256,
    folders: certificate.folders,
    file: certificate.file,
    isCA: p.isCA,
    selfSigned: p.selfSigned,
    notBefore: p.notBefore.toISOString(),
    notAfter: p.notAfter.toISOString(),
  };
}

/** A context from outside (UI, CLI) that TypeScript did not check. */
function checkContext(context: VerifyContext): void {
  if (!VERIFY_ROLES.includes(context.role)) throw new TrustError('INVALID_INPUT', `role must be one of ${VERIFY_ROLES.join(', ')}`);
  if (!SECURITY_POLICIES.includes(context.securityPolicy)) throw new TrustError('INVALID_INPUT', `security policy must be one of ${SECURITY_POLICIES.join(', ')}`);
  const unknown = (context.suppress ?? []).filter((s) => !VERIFY_SUPPRESSIONS.includes(s));
  if (unknown.length) throw new TrustError('INVALID_INPUT', `unknown suppression ${unknown.join(', ')}`);
  if (context.at !== undefined && Number.isNaN(Date.parse(context.at))) throw new TrustError('INVALID_INPUT', `"${context.at}" is not a date`);
}

/**
 * Predicts what an OPC UA application whose PKI is `store` decides about `certificate`: the checks of
 * Part 4 §6.1.3 in their order, each with the certificate of the chain it concerns, the status code
 * when it fails and a fix in plain words. Never throws for a bad certificate: that is a verdict too.
 */
export function verifyCertificate(store: PkiStore, certificate: CertificateInput, context: VerifyContext): VerifyResult {
  checkContext(context);
  const now = context.at ? new Date(context.at) : new Date();
  const suppress = [...new Set(context.suppress ?? [])];
  const trace = new Trace(new Set(suppress));
  const judge = context.role === 'client' ? 'the server' : 'the client';
  const material = new StoreMaterial(store, store.scan().entries);
  const finish = (chain: ChainCertificate[], complete: boolean): VerifyResult => {
    const failure = trace.firstFailure();
    const verdict = failure?.statusCode ?? 'Good';
    return {
      verdict,
      verdictHex: statusHex(verdict),
      failedStep: failure?.id ?? null,
      chain: chain.map(linkOf),
      chainComplete: complete,
      trace: trace.rows,
      context: {
        role: context.role,
        securityPolicy: context.securityPolicy,
        endpointHost: context.endpointHost ?? null,
        applicationUri: context.applicationUri ?? null,
        suppress,
        at: now.toISOString(),
      },
      ...wireStatusOf(context.role, verdict),
      stackNotes: stackNotesFor(trace.rows, trace.notes, context.role),
    };
  };

  const { ders, problem } = toDerList(certificate);
  let leaf: ChainCertificate | null = null;
  let unreadable = problem;
  if (ders.length) {
    try {
      leaf = material.fromDer(ders[0]);
      if (leaf.version !== 3) unreadable = `an X.509 v${leaf.version ?? '?'} certificate: OPC UA needs v3 (with extensions)`;
    } catch (error) {
      unreadable = `malformed certificate: ${describe(error)}`;
    }
  }
  if (!leaf || unreadable) {
    trace.failed('structure', leaf ? { certificate: leaf, index: 0 } : null, 'BadCertificateInvalid', unreadable ?? 'no certificate', 'Export the certificate again (DER or PEM) or issue a new one.');
    for (const step of VERIFY_STEPS.slice(1)) trace.skipped(step.id, null, 'not checked: the certificate cannot be read');
    return finish(leaf ? [leaf] : [], false);
  }
  for (const der of ders.slice(1)) {
    try {
      material.addSentAlong(material.fromDer(der));
    } catch {
      // an unreadable certificate sent along just does not help build the chain
    }
  }
  const c = leaf.parsed;
  trace.passed('structure', { certificate: leaf, index: 0 }, `X.509 v3, ${c.keyType} ${c.keySize}-bit key, ${c.signatureAlgorithm}`);

  const chain = buildChain(leaf, material, now);
  const links: Link[] = chain.links.map((certificate, index) => ({ certificate, index }));
  const input: CheckInput = {
    chain,
    links,
    role: context.role,
    policy: context.securityPolicy,
    endpointHost: context.endpointHost ?? null,
    applicationUri: context.applicationUri ?? null,
    now,
    suppress,
    judge,
  };
  checkChain(trace, input);
  checkSignatures(trace, input);
  checkSecurityPolicy(trace, input);
  checkTrustList(trace, input);
  checkValidity(trace, input);
  checkHostName(trace, input);
  checkApplicationUri(trace, input);
  checkUsage(trace, input);
  checkRevocation(trace, input, material);
  return finish(chain.links, chain.complete);
}
