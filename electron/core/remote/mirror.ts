/**
 * The local mirror of a remote server: a node-opcua layout folder rewritten from what the server
 * said (its certificate, TrustList, rejected list), so the tree, Details, Export and Verify work
 * on it exactly as on a local PKI. Nobody edits it but this module.
 */
import { readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { getLayout, type LogicalFolder } from '../../../shared/pki/layouts';
import type { FolderKind } from '../../../shared/types/cert';
import { writeFileAtomic } from '../pki/fs-atomic';
import { fileNameFor } from '../pki/naming';
import { PkiStore } from '../pki/store';
import { toPem } from '../x509/decode';
import { parseCertificate, parseCrl } from '../x509/parse';
import type { TrustListContent } from './push-types';

/** What the app read from a server in one go. */
export interface RemoteSnapshot {
  serverCertificate: Buffer;
  trustList: TrustListContent;
  rejected: Buffer[];
}

const LAYOUT = getLayout('node-opcua');

/** `<home>/remote/<id>`: where a remote server's mirror lives. */
export function mirrorRoot(home: string, id: string): string {
  return path.join(home, 'remote', id);
}

/** Creates the mirror's folders (empty) when missing. */
export function ensureMirror(root: string): void {
  PkiStore.init(root, 'node-opcua');
}

function certFile(der: Buffer, folder: FolderKind): { name: string; pem: string } | null {
  try {
    const cert = parseCertificate(der);
    return { name: fileNameFor(LAYOUT, { kind: 'certificate', folder, cn: cert.subject.cn, sha1: cert.sha1 }), pem: toPem(der, 'CERTIFICATE') };
  } catch {
    // A server may hold something we cannot parse: keep it visible as an unreadable file rather than drop it.
    return { name: `unreadable[${createHash('sha1').update(der).digest('hex')}].der`, pem: der.toString('latin1') };
  }
}

function crlFile(der: Buffer, folder: FolderKind): { name: string; pem: string } | null {
  try {
    const crl = parseCrl(der);
    return { name: fileNameFor(LAYOUT, { kind: 'crl', folder, cn: crl.issuer.cn, sha1: crl.sha256.slice(0, 40) }), pem: toPem(der, 'X509 CRL') };
  } catch {
    return { name: `unreadable_crl[${createHash('sha1').update(der).digest('hex')}].der`, pem: der.toString('latin1') };
  }
}

/** The files the mirror should hold, by store-relative folder. */
export function mirrorFiles(snapshot: RemoteSnapshot): Map<string, Map<string, string>> {
  const folders = new Map<string, Map<string, string>>();
  const put = (logical: LogicalFolder, file: { name: string; pem: string } | null) => {
    if (!file) return;
    const rel = LAYOUT.folders[logical]!;
    const files = folders.get(rel) ?? new Map<string, string>();
    files.set(file.name, file.pem);
    folders.set(rel, files);
  };
  for (const logical of ['own.certs', 'trusted.certs', 'trusted.crl', 'issuers.certs', 'issuers.crl', 'rejected.certs'] as const) folders.set(LAYOUT.folders[logical]!, new Map());
  put('own.certs', certFile(snapshot.serverCertificate, 'own'));
  for (const der of snapshot.trustList.trustedCertificates) put('trusted.certs', certFile(der, 'trusted'));
  for (const der of snapshot.trustList.trustedCrls) put('trusted.crl', crlFile(der, 'trusted'));
  for (const der of snapshot.trustList.issuerCertificates) put('issuers.certs', certFile(der, 'issuers'));
  for (const der of snapshot.trustList.issuerCrls) put('issuers.crl', crlFile(der, 'issuers'));
  for (const der of snapshot.rejected) put('rejected.certs', certFile(der, 'rejected'));
  return folders;
}

/** Rewrites the mirror so it holds exactly the snapshot: new files written atomically, files the server no longer has removed. */
export function writeMirror(root: string, snapshot: RemoteSnapshot): void {
  ensureMirror(root);
  for (const [rel, files] of mirrorFiles(snapshot)) {
    const dir = path.join(root, rel);
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      if (name.isFile() && !files.has(name.name)) rmSync(path.join(dir, name.name), { force: true });
    }
    for (const [name, content] of files) writeFileAtomic(path.join(dir, name), content.startsWith('-----') ? content : Buffer.from(content, 'latin1'));
  }
}
