/**
 * The bench's data, made fresh in a temp folder on every run: real PKI folders in the node-opcua
 * layout, certificates made by the tests' factory (pure JavaScript, distinct certificates).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeCert, makeCrl, makeManyCerts, type MadeCert } from '../helpers/certs';

const NODE_OPCUA_FOLDERS = ['own/certs', 'own/private', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected'];

export interface BenchStores {
  /** 10,000 leaf certificates in trusted/certs, 100 CAs in issuers/certs, their 100 CRLs in issuers/crl. */
  big: string;
  /** The same shape with 100 leaves (the UI's flat-cost comparison). */
  small: string;
  counts: { leaves: number; cas: number; crls: number };
}

/** Creates an empty store in the node-opcua layout (what node-opcua-pki's CertificateManager reads too). */
export function makeStoreFolders(root: string): string {
  for (const rel of NODE_OPCUA_FOLDERS) mkdirSync(path.join(root, rel), { recursive: true });
  return root;
}

/** The file name node-opcua writes for a certificate: `<CN>[<sha1>].pem`. */
export function nodeOpcuaName(cn: string, sha1: string): string {
  return `${cn}[${sha1}].pem`;
}

function writeLeaves(dir: string, certs: MadeCert[], prefix: string): void {
  certs.forEach((c, i) => writeFileSync(path.join(dir, nodeOpcuaName(`${prefix}-${i}`, c.sha1)), c.pem));
}

/** Makes both stores; ~10 s for 10,000 certificates on 2 cores. */
export async function makeBenchStores(dir: string, leaves = 10_000, cas = 100): Promise<BenchStores> {
  const big = makeStoreFolders(path.join(dir, 'big-store'));
  const small = makeStoreFolders(path.join(dir, 'small-store'));
  const certs = await makeManyCerts(leaves + 100, 'device');
  writeLeaves(path.join(big, 'trusted/certs'), certs.slice(0, leaves), 'device');
  writeLeaves(path.join(small, 'trusted/certs'), certs.slice(leaves, leaves + 100), 'device');
  // CAs share the factory's cached key (freshKey: false): a fresh RSA key for each would cost ~10 s.
  for (let i = 0; i < cas; i++) {
    const ca = await makeCert({ cn: `Plant CA ${i}`, ca: true, freshKey: false });
    const crl = await makeCrl(ca, { revoked: [] });
    writeFileSync(path.join(big, 'issuers/certs', `issuer_Plant CA ${i}[${ca.sha1}].pem`), ca.pem);
    writeFileSync(path.join(big, 'issuers/crl', `crl_[${ca.sha1}].pem`), crl.pem);
    if (i < 2) {
      writeFileSync(path.join(small, 'issuers/certs', `issuer_Plant CA ${i}[${ca.sha1}].pem`), ca.pem);
      writeFileSync(path.join(small, 'issuers/crl', `crl_[${ca.sha1}].pem`), crl.pem);
    }
  }
  return { big, small, counts: { leaves, cas, crls: cas } };
}

/** The stores an earlier run left behind (`--keep`), counted from disk. */
export function reuseBenchStores(dir: string): BenchStores {
  const big = path.join(dir, 'big-store');
  const count = (rel: string) => readdirSync(path.join(big, rel)).length;
  return { big, small: path.join(dir, 'small-store'), counts: { leaves: count('trusted/certs'), cas: count('issuers/certs'), crls: count('issuers/crl') } };
}
