/**
 * The validation cases shared by the engine test and the node-opcua agreement test: a small plant
 * PKI generated once per test file, and for each case the store a judge would have on disk, the
 * certificate it judges, the context, and the Part 4 verdict with the step that decides it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { CertificateStatusName } from '../../../../shared/opcua/status-codes';
import type { VerifyContext, VerifyStepId } from '../../../../shared/types/verify';
import { makeCert, makeCrl, pemBundle, type MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

export type Crl = { der: Buffer; pem: string };

export interface World {
  root: MadeCert;
  inter: MadeCert;
  /** Signed by inter: ApplicationUri urn:test:PLC-7, DNS plc7.plant.example, IP 10.0.0.7. */
  leaf: MadeCert;
  rootCrl: Crl;
  interCrl: Crl;
  /** inter's CRL revoking leaf and expiredLeaf. */
  interCrlRevokingLeaf: Crl;
  /** root's CRL revoking inter. */
  rootCrlRevokingInter: Crl;
  interCrlExpired: Crl;
  interCrlNotYetValid: Crl;
  /** An older (still current) CRL of inter that revokes leaf, superseded by interCrl. */
  interCrlOlderRevokingLeaf: Crl;
  /** An expired CRL of inter that revokes leaf. */
  interCrlExpiredRevokingLeaf: Crl;
  /** An older, still current CRL of inter that revokes nothing. */
  interCrlOlder: Crl;
  expiredInter: MadeCert;
  leafOfExpiredInter: MadeCert;
  expiredInterCrl: Crl;
  expiredLeaf: MadeCert;
  leafDigitalSignatureOnly: MadeCert;
  leafSha1: MadeCert;
  leaf1024: MadeCert;
  leafEc: MadeCert;
  leafWithCaFlag: MadeCert;
  selfSigned: MadeCert;
  selfSignedCa: MadeCert;
  /** A CA without keyCertSign (digitalSignature only), and a leaf it signed. */
  interNoCertSign: MadeCert;
  leafOfInterNoCertSign: MadeCert;
  interNoCertSignCrl: Crl;
  /** Same subject name as inter, another key. */
  impostorInter: MadeCert;
  /** root → ca1 → ca2 → ca3 → deepLeaf, with a CRL each. */
  deep: { cas: MadeCert[]; leaf: MadeCert; crls: Crl[] };
  /** "Cross CA" with one key, signed by rootA (only in issuers/) and by rootB (trusted). */
  cross: { rootA: MadeCert; rootB: MadeCert; viaA: MadeCert; viaB: MadeCert; leaf: MadeCert; crls: Crl[] };
  /** Two CAs signing each other, no root. */
  loop: { a: MadeCert; b: MadeCert; leaf: MadeCert };
}

export async function buildWorld(): Promise<World> {
  const root = await makeCert({ cn: 'Plant Root CA', o: 'Acme', ca: true });
  const [inter, expiredInter, interNoCertSign, impostorInter] = await Promise.all([
    makeCert({ cn: 'Plant Issuing CA', o: 'Acme', ca: true, issuer: root }),
    makeCert({ cn: 'Old Issuing CA', o: 'Acme', ca: true, issuer: root, notBefore: daysFromNow(-400), notAfter: daysFromNow(-5) }),
    makeCert({ cn: 'Signing-Only CA', o: 'Acme', ca: true, issuer: root, keyUsage: 'digitalSignatureOnly' }),
    makeCert({ cn: 'Plant Issuing CA', o: 'Acme', ca: true, issuer: root }),
  ]);
  const app = { dns: ['plc7.plant.example'], ip: ['10.0.0.7'] };
  const [leaf, leafOfExpiredInter, expiredLeaf, leafDigitalSignatureOnly, leafSha1, leaf1024, leafEc, leafWithCaFlag, leafOfInterNoCertSign] = await Promise.all([
    makeCert({ cn: 'PLC-7', o: 'Acme', issuer: inter, ...app }),
    makeCert({ cn: 'PLC-8', issuer: expiredInter, notBefore: daysFromNow(-30), notAfter: daysFromNow(300), ...app }),
    makeCert({ cn: 'PLC-9', issuer: inter, notBefore: daysFromNow(-60), notAfter: daysFromNow(-2), ...app }),
    makeCert({ cn: 'PLC-10', issuer: inter, keyUsage: 'digitalSignatureOnly', ...app }),
    makeCert({ cn: 'PLC-11', issuer: inter, hash: 'SHA-1', ...app }),
    makeCert({ cn: 'PLC-12', issuer: inter, key: 'rsa-1024', ...app }),
    makeCert({ cn: 'PLC-13', issuer: inter, key: 'ec-p256', ...app }),
    makeCert({ cn: 'PLC-14', issuer: inter, ca: true, freshKey: false, ...app }),
    makeCert({ cn: 'PLC-15', issuer: interNoCertSign, ...app }),
  ]);
  const [selfSigned, selfSignedCa] = await Promise.all([makeCert({ cn: 'HMI-1', ...app }), makeCert({ cn: 'HMI-2', ca: true, ...app })]);
  const crls = await Promise.all([
    makeCrl(root),
    makeCrl(inter),
    makeCrl(inter, { revoked: [leaf, expiredLeaf] }),
    makeCrl(root, { revoked: [inter] }),
    makeCrl(inter, { thisUpdate: daysFromNow(-40), nextUpdate: daysFromNow(-10) }),
    makeCrl(inter, { thisUpdate: daysFromNow(2), nextUpdate: daysFromNow(32) }),
    makeCrl(inter, { revoked: [leaf], thisUpdate: daysFromNow(-3), nextUpdate: daysFromNow(27) }),
    makeCrl(inter, { revoked: [leaf], thisUpdate: daysFromNow(-40), nextUpdate: daysFromNow(-10) }),
    makeCrl(expiredInter),
    makeCrl(interNoCertSign),
    makeCrl(inter, { thisUpdate: daysFromNow(-3), nextUpdate: daysFromNow(27) }),
  ]);
  const [rootCrl, interCrl, interCrlRevokingLeaf, rootCrlRevokingInter, interCrlExpired, interCrlNotYetValid, interCrlOlderRevokingLeaf, interCrlExpiredRevokingLeaf, expiredInterCrl, interNoCertSignCrl, interCrlOlder] = crls;
  return {
    root,
    inter,
    leaf,
    rootCrl,
    interCrl,
    interCrlRevokingLeaf,
    rootCrlRevokingInter,
    interCrlExpired,
    interCrlNotYetValid,
    interCrlOlderRevokingLeaf,
    interCrlExpiredRevokingLeaf,
    interCrlOlder,
    expiredInter,
    leafOfExpiredInter,
    expiredInterCrl,
    expiredLeaf,
    leafDigitalSignatureOnly,
    leafSha1,
    leaf1024,
    leafEc,
    leafWithCaFlag,
    selfSigned,
    selfSignedCa,
    interNoCertSign,
    leafOfInterNoCertSign,
    interNoCertSignCrl,
    impostorInter,
    deep: await deepChain(root),
    cross: await crossSigned(),
    loop: await loopingCas(),
  };
}

async function deepChain(root: MadeCert): Promise<World['deep']> {
  const ca1 = await makeCert({ cn: 'Region CA', ca: true, issuer: root });
  const ca2 = await makeCert({ cn: 'Site CA', ca: true, issuer: ca1 });
  const ca3 = await makeCert({ cn: 'Line CA', ca: true, issuer: ca2 });
  const leaf = await makeCert({ cn: 'Line Controller', issuer: ca3 });
  const crls = await Promise.all([root, ca1, ca2, ca3].map((ca) => makeCrl(ca)));
  return { cas: [ca1, ca2, ca3], leaf, crls };
}

/** Cross-signing needs one key under two issuers: both "Cross CA" certificates use the shared cached key. */
async function crossSigned(): Promise<World['cross']> {
  const [rootA, rootB] = await Promise.all([makeCert({ cn: 'Old Root', ca: true }), makeCert({ cn: 'New Root', ca: true })]);
  const [viaA, viaB] = await Promise.all([
    makeCert({ cn: 'Cross CA', ca: true, issuer: rootA, freshKey: false }),
    makeCert({ cn: 'Cross CA', ca: true, issuer: rootB, freshKey: false }),
  ]);
  const leaf = await makeCert({ cn: 'Cross Client', issuer: viaA });
  const crls = await Promise.all([makeCrl(rootA), makeCrl(rootB), makeCrl(viaA)]);
  return { rootA, rootB, viaA, viaB, leaf, crls };
}

/** "Loop A" is signed by "Loop B" and "Loop B" by "Loop A" (same key as a throwaway self-signed "Loop B"). */
async function loopingCas(): Promise<World['loop']> {
  const seed = await makeCert({ cn: 'Loop B', ca: true, freshKey: false });
  const a = await makeCert({ cn: 'Loop A', ca: true, issuer: seed });
  const b = await makeCert({ cn: 'Loop B', ca: true, issuer: a, freshKey: false });
  const leaf = await makeCert({ cn: 'Loop Client', issuer: a });
  return { a, b, leaf };
}

/** What a judge has on disk. */
export interface StoreSpec {
  trusted?: MadeCert[];
  issuers?: MadeCert[];
  trustedCrls?: Crl[];
  issuerCrls?: Crl[];
}

let storeCount = 0;

/** A real node-opcua store in a temp folder with the given files, named as node-opcua names them. */
export async function makeStore(spec: StoreSpec): Promise<string> {
  const root = await tempDir(`verify-${++storeCount}-`);
  PkiStore.init(root, 'node-opcua');
  const cn = (c: MadeCert) => (c.cert.subjectName.getField('CN')[0] ?? 'cert').replace(/[^\w.-]/g, '_');
  for (const c of spec.trusted ?? []) writeFileSync(path.join(root, 'trusted/certs', `${cn(c)}[${c.sha1}].pem`), c.pem);
  for (const c of spec.issuers ?? []) writeFileSync(path.join(root, 'issuers/certs', `issuer_${cn(c)}[${c.sha1}].pem`), c.pem);
  (spec.trustedCrls ?? []).forEach((crl, i) => writeFileSync(path.join(root, 'trusted/crl', `crl_${i}.pem`), crl.pem));
  (spec.issuerCrls ?? []).forEach((crl, i) => writeFileSync(path.join(root, 'issuers/crl', `crl_${i}.pem`), crl.pem));
  return root;
}

export interface Arrangement {
  store: StoreSpec;
  /** DER (or a PEM bundle for a chain sent along). */
  certificate: Buffer;
  context: VerifyContext;
}

export interface Case {
  name: string;
  /** The Part 4 verdict and the step that decides it. */
  verdict: CertificateStatusName;
  failedStep: VerifyStepId | null;
  arrange(world: World): Arrangement;
}

const client = (extra: Partial<VerifyContext> = {}): VerifyContext => ({ role: 'client', securityPolicy: 'Basic256Sha256', ...extra });
const server = (extra: Partial<VerifyContext> = {}): VerifyContext => ({ role: 'server', securityPolicy: 'Basic256Sha256', ...extra });

/**
 * Both CAs trusted, both CRLs current. (Part 4 needs only the root in trusted/; node-opcua needs the
 * leaf's own issuer there: with both, the other checks can be compared.)
 */
function plant(w: World, changes: Partial<StoreSpec> = {}): StoreSpec {
  return { trusted: [w.root, w.inter], issuerCrls: [w.rootCrl, w.interCrl], ...changes };
}

export const CASES: Case[] = [
  { name: 'root → intermediate → leaf, root trusted, intermediate in issuers/', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.root], issuers: [w.inter], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'root → intermediate → leaf, both CAs trusted', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: client() }) },
  { name: 'the leaf trusted itself, its CAs only in issuers/', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.leaf], issuers: [w.root, w.inter], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'its CAs only in issuers/, the leaf not trusted', verdict: 'BadCertificateUntrusted', failedStep: 'trust-list', arrange: (w) => ({ store: { issuers: [w.root, w.inter], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'the intermediate trusted, the root only in issuers/', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.inter], issuers: [w.root], trustedCrls: [w.interCrl], issuerCrls: [w.rootCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'the intermediate missing', verdict: 'BadCertificateChainIncomplete', failedStep: 'chain', arrange: (w) => ({ store: { trusted: [w.root], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'the intermediate sent along with the leaf', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.root], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: Buffer.from(pemBundle(w.leaf, w.inter)), context: client() }) },
  { name: 'an impostor intermediate: same name, another key', verdict: 'BadCertificateChainIncomplete', failedStep: 'chain', arrange: (w) => ({ store: plant(w, { trusted: [w.root], issuers: [w.impostorInter] }), certificate: w.leaf.der, context: client() }) },
  { name: 'the impostor beside the real intermediate', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w, { issuers: [w.impostorInter] }), certificate: w.leaf.der, context: client() }) },
  { name: 'an expired leaf', verdict: 'BadCertificateTimeInvalid', failedStep: 'validity', arrange: (w) => ({ store: plant(w), certificate: w.expiredLeaf.der, context: client() }) },
  { name: 'an expired intermediate', verdict: 'BadCertificateIssuerTimeInvalid', failedStep: 'validity', arrange: (w) => ({ store: { trusted: [w.root, w.expiredInter], issuerCrls: [w.rootCrl, w.expiredInterCrl] }, certificate: w.leafOfExpiredInter.der, context: client() }) },
  { name: 'a revoked leaf', verdict: 'BadCertificateRevoked', failedStep: 'revocation', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlRevokingLeaf] }), certificate: w.leaf.der, context: client() }) },
  { name: 'a revoked intermediate', verdict: 'BadCertificateIssuerRevoked', failedStep: 'revocation', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrlRevokingInter, w.interCrl] }), certificate: w.leaf.der, context: client() }) },
  { name: "no CRL of the leaf's CA", verdict: 'BadCertificateRevocationUnknown', failedStep: 'find-crl', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl] }), certificate: w.leaf.der, context: client() }) },
  { name: 'no CRL of the root', verdict: 'BadCertificateIssuerRevocationUnknown', failedStep: 'find-crl', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.interCrl] }), certificate: w.leaf.der, context: client() }) },
  { name: "only an expired CRL of the leaf's CA", verdict: 'BadCertificateRevocationUnknown', failedStep: 'find-crl', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlExpired] }), certificate: w.leaf.der, context: client() }) },
  { name: "only a not yet valid CRL of the leaf's CA", verdict: 'BadCertificateRevocationUnknown', failedStep: 'find-crl', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlNotYetValid] }), certificate: w.leaf.der, context: client() }) },
  { name: 'an expired CRL revoking the leaf beside a current one that does not', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlExpiredRevokingLeaf, w.interCrl] }), certificate: w.leaf.der, context: client() }) },
  { name: 'two current CRLs: the newest revokes the leaf', verdict: 'BadCertificateRevoked', failedStep: 'revocation', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlOlder, w.interCrlRevokingLeaf] }), certificate: w.leaf.der, context: client() }) },
  { name: 'two current CRLs: the newest no longer lists the leaf', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlOlderRevokingLeaf, w.interCrl] }), certificate: w.leaf.der, context: client() }) },
  { name: 'CRLs in trusted/crl count too', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.root, w.inter], trustedCrls: [w.rootCrl, w.interCrl] }, certificate: w.leaf.der, context: client() }) },
  { name: 'a leaf with keyUsage digitalSignature only', verdict: 'BadCertificateUseNotAllowed', failedStep: 'usage', arrange: (w) => ({ store: plant(w), certificate: w.leafDigitalSignatureOnly.der, context: client() }) },
  { name: 'a CA-signed leaf with the CA flag', verdict: 'BadCertificateUseNotAllowed', failedStep: 'usage', arrange: (w) => ({ store: plant(w), certificate: w.leafWithCaFlag.der, context: client() }) },
  { name: 'an issuer without keyCertSign', verdict: 'BadCertificateIssuerUseNotAllowed', failedStep: 'usage', arrange: (w) => ({ store: { trusted: [w.root, w.interNoCertSign], issuerCrls: [w.rootCrl, w.interNoCertSignCrl] }, certificate: w.leafOfInterNoCertSign.der, context: client() }) },
  { name: 'a SHA-1 signature under Basic256Sha256', verdict: 'BadCertificatePolicyCheckFailed', failedStep: 'security-policy', arrange: (w) => ({ store: plant(w), certificate: w.leafSha1.der, context: client() }) },
  { name: 'a SHA-1 signature under None', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leafSha1.der, context: client({ securityPolicy: 'None' }) }) },
  { name: 'a 1024-bit key under Aes128_Sha256_RsaOaep', verdict: 'BadCertificatePolicyCheckFailed', failedStep: 'security-policy', arrange: (w) => ({ store: plant(w), certificate: w.leaf1024.der, context: client({ securityPolicy: 'Aes128_Sha256_RsaOaep' }) }) },
  { name: 'an EC key under Aes256_Sha256_RsaPss', verdict: 'BadCertificatePolicyCheckFailed', failedStep: 'security-policy', arrange: (w) => ({ store: plant(w), certificate: w.leafEc.der, context: client({ securityPolicy: 'Aes256_Sha256_RsaPss' }) }) },
  { name: 'another ApplicationUri than announced', verdict: 'BadCertificateUriInvalid', failedStep: 'application-uri', arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: client({ applicationUri: 'urn:test:PLC-77' }) }) },
  { name: 'the ApplicationUri announced', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: client({ applicationUri: 'urn:test:PLC-7' }) }) },
  { name: 'a server certificate for another host', verdict: 'BadCertificateHostNameInvalid', failedStep: 'host-name', arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: server({ endpointHost: 'plc8.plant.example' }) }) },
  { name: 'a server certificate naming the endpoint host', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: server({ endpointHost: 'PLC7.plant.example' }) }) },
  { name: 'a server certificate naming the endpoint IP address', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: server({ endpointHost: '10.0.0.7' }) }) },
  { name: 'a self-signed leaf without the CA flag, trusted', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.selfSigned] }, certificate: w.selfSigned.der, context: client() }) },
  { name: 'a self-signed leaf without the CA flag, not trusted', verdict: 'BadCertificateUntrusted', failedStep: 'trust-list', arrange: (w) => ({ store: plant(w), certificate: w.selfSigned.der, context: client() }) },
  { name: 'a self-signed leaf with the CA flag and CA key usages, trusted', verdict: 'BadCertificateUseNotAllowed', failedStep: 'usage', arrange: (w) => ({ store: { trusted: [w.selfSignedCa] }, certificate: w.selfSignedCa.der, context: client() }) },
  { name: 'a chain of four CAs, the root and the last CA trusted', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.root, w.deep.cas[2]], issuers: w.deep.cas.slice(0, 2), issuerCrls: w.deep.crls }, certificate: w.deep.leaf.der, context: client() }) },
  { name: 'a cross-signed CA: the trusted path wins', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.cross.rootB, w.cross.viaB], issuers: [w.cross.rootA, w.cross.viaA], issuerCrls: w.cross.crls }, certificate: w.cross.leaf.der, context: client() }) },
  { name: 'two CAs signing each other, no root', verdict: 'BadCertificateChainIncomplete', failedStep: 'chain', arrange: (w) => ({ store: { trusted: [w.loop.a, w.loop.b] }, certificate: w.loop.leaf.der, context: client() }) },
  { name: 'an untrusted and expired leaf: the trust list is checked first', verdict: 'BadCertificateUntrusted', failedStep: 'trust-list', arrange: (w) => ({ store: { issuers: [w.root, w.inter], issuerCrls: [w.rootCrl, w.interCrl] }, certificate: w.expiredLeaf.der, context: client() }) },
  { name: 'not a certificate', verdict: 'BadCertificateInvalid', failedStep: 'structure', arrange: (w) => ({ store: plant(w), certificate: Buffer.from('certainly not DER'), context: client() }) },
  // suppressions
  { name: 'suppressed: no CRL of the leaf\'s CA', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl] }), certificate: w.leaf.der, context: client({ suppress: ['revocationUnknown'] }) }) },
  { name: 'suppressed: no CRL of the root', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w, { issuerCrls: [w.interCrl] }), certificate: w.leaf.der, context: client({ suppress: ['issuerRevocationUnknown'] }) }) },
  { name: 'suppressed the wrong switch: no CRL of the root', verdict: 'BadCertificateIssuerRevocationUnknown', failedStep: 'find-crl', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.interCrl] }), certificate: w.leaf.der, context: client({ suppress: ['revocationUnknown'] }) }) },
  { name: 'suppressed: an expired leaf', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.expiredLeaf.der, context: client({ suppress: ['timeInvalid'] }) }) },
  { name: 'suppressed: an expired intermediate', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: { trusted: [w.root, w.expiredInter], issuerCrls: [w.rootCrl, w.expiredInterCrl] }, certificate: w.leafOfExpiredInter.der, context: client({ suppress: ['issuerTimeInvalid'] }) }) },
  { name: 'suppressed: another host', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: server({ endpointHost: 'plc8.plant.example', suppress: ['hostNameInvalid'] }) }) },
  { name: 'suppressed: another ApplicationUri', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leaf.der, context: client({ applicationUri: 'urn:test:PLC-77', suppress: ['uriInvalid'] }) }) },
  { name: 'suppressed: keyUsage digitalSignature only', verdict: 'Good', failedStep: null, arrange: (w) => ({ store: plant(w), certificate: w.leafDigitalSignatureOnly.der, context: client({ suppress: ['useNotAllowed'] }) }) },
  { name: 'suppressed: an expired and revoked leaf is still revoked', verdict: 'BadCertificateRevoked', failedStep: 'revocation', arrange: (w) => ({ store: plant(w, { issuerCrls: [w.rootCrl, w.interCrlRevokingLeaf] }), certificate: w.expiredLeaf.der, context: client({ suppress: ['timeInvalid', 'revocationUnknown'] }) }) },
];

export function caseNamed(name: string): Case {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no case "${name}"`);
  return found;
}

/** Writes the case's store to a new temp folder; returns its root and what to verify there. */
export async function arrangeCase(c: Case, world: World): Promise<Arrangement & { root: string }> {
  const arrangement = c.arrange(world);
  return { ...arrangement, root: await makeStore(arrangement.store) };
}
