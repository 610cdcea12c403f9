import net from 'node:net';
import type { SecurityPolicyName } from '../../../shared/types/connect';
import type { VerifyRole, VerifySuppression } from '../../../shared/types/verify';
import type { BuiltChain } from './chain';
import type { ChainCertificate } from './material';
import { NODE_OPCUA_NOTES } from './stack-notes';
import { nameOf, type Link, type Trace } from './trace';

/** Everything the per-step checks need to know about one verification. */
export interface CheckInput {
  chain: BuiltChain;
  links: Link[];
  role: VerifyRole;
  policy: SecurityPolicyName;
  endpointHost: string | null;
  applicationUri: string | null;
  now: Date;
  suppress: readonly VerifySuppression[];
  /** "the server" when a client certificate is judged, "the client" otherwise. */
  judge: string;
}

const DAY = 86_400_000;
const RSA_POLICY_BITS: Record<Exclude<SecurityPolicyName, 'None'>, [min: number, max: number]> = {
  Basic256Sha256: [2048, 4096],
  Aes128_Sha256_RsaOaep: [2048, 4096],
  Aes256_Sha256_RsaPss: [2048, 4096],
};

const day = (d: Date) => d.toISOString().slice(0, 10);

function ago(ms: number): string {
  const days = Math.round(Math.abs(ms) / DAY);
  return days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`;
}

function whereIs(certificate: ChainCertificate): string {
  if (certificate.folders.includes('trusted')) return 'trusted/';
  if (certificate.folders.includes('issuers')) return 'issuers/';
  return certificate.folders.length ? `${certificate.folders[0]}/` : 'not in the store';
}

/** node-opcua follows at most this many issuers. */
const NODE_OPCUA_MAX_ISSUERS = 4;

/** Build the chain: complete up to a self-signed root, or which issuer is missing. */
export function checkChain(trace: Trace, { chain, links, judge }: CheckInput): void {
  const [leaf] = links;
  if (chain.crossSigned) trace.note(NODE_OPCUA_NOTES.crossSigned);
  const loops = !chain.complete && links.some((l) => l.certificate.parsed.subjectKey === chain.missingIssuer);
  if (loops || links.length - 1 > NODE_OPCUA_MAX_ISSUERS) trace.note(NODE_OPCUA_NOTES.loop);
  const path = links.map((l, i) => (i === 0 ? nameOf(l.certificate) : `${nameOf(l.certificate)} (${l.certificate.folders.length ? whereIs(l.certificate) : 'sent along'})`)).join(' ← ');
  if (chain.complete) {
    trace.passed('chain', leaf, links.length === 1 ? 'self-signed: the chain is the certificate itself' : `complete up to the self-signed root: ${path}`);
  } else if (chain.tooLong) {
    trace.failed('chain', leaf, 'BadCertificateChainIncomplete', `no self-signed root within ${links.length} certificates: ${path}`, `Check the CA certificates in ${judge}'s trusted/ and issuers/ folders: real chains are 2 to 4 certificates long.`);
  } else {
    const last = nameOf(links[links.length - 1].certificate);
    const soFar = links.length > 1 ? ` (found so far: ${path})` : '';
    const wrongKey = chain.wrongKey.map((c) => c.file ?? 'a certificate sent along').join(', ');
    trace.failed(
      'chain',
      leaf,
      'BadCertificateChainIncomplete',
      wrongKey
        ? `the issuer "${chain.missingIssuer}" of ${last} is not in the store: ${wrongKey} has that name but another key, so it did not sign it${soFar}`
        : `the issuer "${chain.missingIssuer}" of ${last} is neither in trusted/ nor in issuers/${soFar}`,
      `Import the CA certificate "${chain.missingIssuer}" that signed it into ${judge}'s issuers/ folder (or trusted/ to trust everything it signs)${wrongKey ? '; compare the authority key identifier to find the right one' : ''}.`,
    );
  }
}

/** Signature: one row per certificate, verified by its issuer's key (its own for the root). */
export function checkSignatures(trace: Trace, { chain, links }: CheckInput): void {
  links.forEach((link, i) => {
    const verified = chain.signatures[i];
    const issuer = links[i + 1];
    if (verified === null) trace.skipped('signature', link, 'its issuer is missing, so its signature cannot be checked');
    else if (verified) trace.passed('signature', link, issuer ? `signed by ${nameOf(issuer.certificate)}` : 'self-signed: its own key verifies its signature');
    else trace.failed('signature', link, 'BadCertificateInvalid', 'self-signed, but its own key does not verify its signature: the certificate is damaged or forged', 'Issue the certificate again.');
  });
}

/** Security policy: RSA key size and no SHA-1 for the leaf, no SHA-1 and no small RSA keys for the CAs that sign. */
export function checkSecurityPolicy(trace: Trace, { links, policy }: CheckInput): void {
  if (policy === 'None') {
    trace.skipped('security-policy', null, 'security policy None: nothing is signed or encrypted, so no key or algorithm is checked');
    return;
  }
  const [min, max] = RSA_POLICY_BITS[policy];
  for (const link of links) {
    const c = link.certificate.parsed;
    const problems: string[] = [];
    const isRoot = link.index === links.length - 1 && c.selfSigned && links.length > 1;
    if (/sha-?1(?!\d)/i.test(c.signatureAlgorithm) && !isRoot) problems.push(`signed with ${c.signatureAlgorithm}: ${policy} refuses SHA-1`);
    if (link.index === 0) {
      if (c.keyType !== 'RSA') problems.push(`${c.keyType} ${c.keySize}-bit key: ${policy} needs an RSA key`);
      else if (c.keySize < min || c.keySize > max) problems.push(`RSA ${c.keySize}-bit key: ${policy} needs ${min} to ${max} bits`);
    } else if (c.keyType === 'RSA' && c.keySize < min) {
      problems.push(`CA key of RSA ${c.keySize} bits: ${policy} needs at least ${min}`);
    }
    if (problems.length === 0) {
      trace.passed('security-policy', link, `${c.keyType} ${c.keySize}-bit key, ${c.signatureAlgorithm}${isRoot ? ' (a root\'s own signature is not checked)' : ''}: allowed by ${policy}`);
    } else {
      const fix = link.index === 0
        ? `Issue a new certificate with an RSA key of ${min}–${max} bits signed with SHA-256, or use a policy that allows this one.`
        : `Have the CA ${nameOf(link.certificate)} reissued with SHA-256 and an RSA key of at least ${min} bits.`;
      trace.failed('security-policy', link, 'BadCertificatePolicyCheckFailed', problems.join('; '), fix);
    }
  }
}

/** Trust list: the leaf itself, or any CA of its chain, in trusted/ (a CA trusts its whole subtree). */
export function checkTrustList(trace: Trace, { links, judge }: CheckInput): void {
  const [leaf] = links;
  const inRejected = leaf.certificate.folders.includes('rejected');
  const rejectedNote = inRejected ? '; a copy is also in rejected/ (node-opcua checks rejected/ first: delete that copy)' : '';
  if (leaf.certificate.folders.includes('trusted')) {
    trace.passed('trust-list', leaf, `the certificate itself is in trusted/${rejectedNote}`);
    return;
  }
  const anchor = links.slice(1).find((l) => l.certificate.folders.includes('trusted'));
  if (anchor) {
    if (anchor.index > 1) trace.note(NODE_OPCUA_NOTES.directIssuer);
    trace.passed('trust-list', anchor, `its CA ${nameOf(anchor.certificate)} is in trusted/: everything that CA signs is trusted${rejectedNote}`);
    return;
  }
  const issuersOnly = links.slice(1).filter((l) => l.certificate.folders.includes('issuers'));
  const why = issuersOnly.length
    ? `neither it nor a CA of its chain is in trusted/; ${issuersOnly.map((l) => nameOf(l.certificate)).join(', ')} in issuers/ only helps build the chain`
    : 'neither it nor a CA of its chain is in trusted/';
  trace.failed(
    'trust-list',
    leaf,
    'BadCertificateUntrusted',
    `${why}${inRejected ? '; it is in rejected/' : ''}`,
    `Trust it: move it ${inRejected ? 'from rejected/ ' : ''}to ${judge}'s trusted/ folder${links.length > 1 ? ', or put its CA into trusted/ to trust everything that CA signs' : ''}.`,
  );
}

/** Validity period of the leaf and of each issuer. */
export function checkValidity(trace: Trace, { links, now, judge }: CheckInput): void {
  for (const link of links) {
    const c = link.certificate.parsed;
    const leaf = link.index === 0;
    const range = `valid from ${day(c.notBefore)} to ${day(c.notAfter)}`;
    let problem: string | null = null;
    if (c.notAfter.getTime() < now.getTime()) problem = `expired on ${day(c.notAfter)} (${ago(now.getTime() - c.notAfter.getTime())} ago)`;
    else if (c.notBefore.getTime() > now.getTime()) problem = `not valid before ${c.notBefore.toISOString()} (in ${ago(c.notBefore.getTime() - now.getTime())})`;
    if (!problem) trace.passed('validity', link, range);
    else if (leaf) trace.failed('validity', link, 'BadCertificateTimeInvalid', problem, 'Renew the certificate and trust the new one; if it should be valid, check the clocks of both machines.', 'timeInvalid');
    else {
      trace.failed('validity', link, 'BadCertificateIssuerTimeInvalid', `the CA ${problem}`, `Renew the CA certificate ${nameOf(link.certificate)} and import the new one into ${judge}'s issuers/ or trusted/ folder.`, 'issuerTimeInvalid');
      if (trace.rows[trace.rows.length - 1].status === 'suppressed') trace.note(NODE_OPCUA_NOTES.issuerTimeSuppressed);
    }
  }
}

/** Lower case, no trailing dot, no IPv6 brackets, IPv6 in its short form. */
function normalizeHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (net.isIPv6(bare)) return new URL(`http://[${bare}]`).hostname.slice(1, -1);
  return bare;
}

/** Host name: a server's certificate must name the endpoint host (DNS or IP subjectAltName). */
export function checkHostName(trace: Trace, { links, role, endpointHost }: CheckInput): void {
  const [leaf] = links;
  if (role === 'client') return trace.skipped('host-name', leaf, "a server does not check a client certificate's host names");
  if (!endpointHost) return trace.skipped('host-name', leaf, 'no endpoint host given: not compared');
  const host = normalizeHost(endpointHost);
  const c = leaf.certificate.parsed;
  const names = net.isIP(host) ? c.ip.map(normalizeHost) : c.dns.map(normalizeHost);
  const listed = [...c.dns, ...c.ip];
  if (names.includes(host)) return trace.passed('host-name', leaf, `names ${endpointHost}`);
  trace.failed(
    'host-name',
    leaf,
    'BadCertificateHostNameInvalid',
    `the endpoint host ${endpointHost} is not among its ${net.isIP(host) ? 'IP addresses' : 'DNS names'} (${listed.length ? listed.join(', ') : 'it has none'})`,
    `Connect with a host name the certificate lists${listed.length ? ` (${listed.join(', ')})` : ''}, or issue the server a certificate that names ${endpointHost}.`,
    'hostNameInvalid',
  );
}

/** ApplicationUri: present, and equal to the announced one when given. */
export function checkApplicationUri(trace: Trace, { links, applicationUri }: CheckInput): void {
  const [leaf] = links;
  const uri = leaf.certificate.parsed.applicationUri;
  if (uri === null) {
    trace.failed('application-uri', leaf, 'BadCertificateUriInvalid', 'no URI in subjectAltName: every OPC UA application certificate carries its ApplicationUri there', 'Issue a new certificate whose subjectAltName has the ApplicationUri of the application.', 'uriInvalid');
  } else if (!applicationUri) {
    trace.skipped('application-uri', leaf, `carries ${uri}; no expected ApplicationUri given to compare with`);
  } else if (uri === applicationUri) {
    trace.passed('application-uri', leaf, `carries ${uri}, as expected`);
  } else {
    trace.failed('application-uri', leaf, 'BadCertificateUriInvalid', `carries ${uri} but the application announces ${applicationUri}`, 'Make the application announce the URI of its certificate, or issue a certificate with the announced ApplicationUri (the comparison is exact, case included).', 'uriInvalid');
  }
}

/** Usage: application key usages and no CA flag for the leaf; CA flag, keyCertSign and cRLSign for issuers. */
export function checkUsage(trace: Trace, { links, role }: CheckInput): void {
  for (const link of links) {
    const c = link.certificate;
    const usages = new Set(c.parsed.keyUsage);
    const problems: string[] = [];
    if (link.index === 0) {
      if (c.parsed.isCA && !c.parsed.selfSigned) problems.push('a CA certificate (basicConstraints cA=TRUE) is used as an application certificate');
      if (!c.hasKeyUsage) problems.push('no keyUsage extension');
      else {
        const needed = ['digitalSignature', ...(c.parsed.keyType === 'RSA' ? ['keyEncipherment', 'dataEncipherment'] : [])];
        const missing = needed.filter((u) => !usages.has(u));
        if (missing.length) problems.push(`keyUsage lacks ${missing.join(', ')}`);
      }
      const purpose = role === 'server' ? 'serverAuth' : 'clientAuth';
      if (c.hasExtendedKeyUsage && !c.parsed.extendedKeyUsage.includes(purpose)) problems.push(`extendedKeyUsage lacks ${purpose} for a ${role}`);
      if (problems.length === 0) {
        const selfSignedCa = c.parsed.isCA ? ' (self-signed with cA=TRUE: accepted as an application certificate)' : '';
        trace.passed('usage', link, `keyUsage ${c.parsed.keyUsage.join(', ')}${c.hasExtendedKeyUsage ? `; extendedKeyUsage ${c.parsed.extendedKeyUsage.join(', ')}` : ''}${selfSignedCa}`);
      } else {
        trace.failed('usage', link, 'BadCertificateUseNotAllowed', problems.join('; '), 'Issue an application certificate: cA=FALSE, keyUsage digitalSignature, nonRepudiation, keyEncipherment and dataEncipherment, extendedKeyUsage serverAuth and clientAuth.', 'useNotAllowed');
      }
      continue;
    }
    if (!c.parsed.isCA) problems.push('it signs a certificate but is not a CA (basicConstraints cA is not TRUE)');
    if (c.hasKeyUsage) {
      const missing = ['keyCertSign', 'cRLSign'].filter((u) => !usages.has(u));
      if (missing.length) problems.push(`keyUsage lacks ${missing.join(' and ')}`);
    }
    if (problems.length === 0) trace.passed('usage', link, `a CA${c.hasKeyUsage ? ` with ${c.parsed.keyUsage.join(', ')}` : ''}`);
    else trace.failed('usage', link, 'BadCertificateIssuerUseNotAllowed', problems.join('; '), `Have the CA ${nameOf(c)} reissued with cA=TRUE and keyUsage keyCertSign and cRLSign.`, 'useNotAllowed');
  }
}
