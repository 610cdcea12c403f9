import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogicalFolder } from '../../../shared/pki/layouts';
import type { FileFormat, FolderKind } from '../../../shared/types/cert';
import type { ImportResult } from '../../../shared/types/changes';
import { TrustError, ioError } from '../errors';
import { decodeFile, describe, toPem } from '../x509/decode';
import { parseCertificate, parseCrl } from '../x509/parse';
import { freeName } from './changeset';
import { tempPathFor, writeDurable } from './fs-atomic';
import { applyJournaled, withStoreLock, type JournalAction } from './journal';
import { fileNameFor } from './naming';
import { MAX_FILE_BYTES } from './scan';
import type { PkiStore } from './store';

export type ImportTarget = Exclude<FolderKind, 'own'>;

export interface ImportSource {
  /** Shown in results: the original file name or path. */
  name: string;
  bytes: Buffer;
}

/** Reads files given on the command line (size-checked) as import sources. */
export function readImportSources(files: string[]): ImportSource[] {
  return files.map((file) => {
    try {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) throw new TrustError('INVALID_CERT', `${file} is too large for a certificate (${size} bytes)`);
      return { name: file, bytes: readFileSync(file) };
    } catch (error) {
      if (error instanceof TrustError) throw error;
      throw ioError(error, `cannot read ${file}`);
    }
  });
}

function encode(der: Buffer, label: 'CERTIFICATE' | 'X509 CRL', format: FileFormat): Buffer {
  return format === 'pem' ? Buffer.from(toPem(der, label)) : der;
}

/**
 * Copies certificates (DER, PEM, PEM bundles) and CRLs into a folder of the store with the
 * profile's file naming; one already there is reported, not written twice. All-or-nothing on disk.
 */
export function importIntoStore(store: PkiStore, sources: ImportSource[], to: ImportTarget = 'trusted'): ImportResult[] {
  if (!store.hasFolder(to)) throw new TrustError('INVALID_INPUT', `the ${store.layout.label} layout has no ${to} folder`);
  return withStoreLock(store.root, () => {
    const present = new Set(store.scan().entries.filter((e) => e.folder === to).map((e) => e.id));
    const results: ImportResult[] = [];
    const actions: JournalAction[] = [];
    const taken = new Set<string>();
    const format = store.layout.naming.format;
    try {
      for (const source of sources) {
        const decoded = decodeFile(source.bytes);
        for (const item of decoded.items) {
          if (item.type === 'private-key') {
            results.push({ source: source.name, status: 'failed', message: 'a private key: not imported into a trust folder' });
            continue;
          }
          if (item.type === 'invalid') {
            results.push({ source: source.name, status: 'failed', message: `not a certificate or CRL: ${item.reason}` });
            continue;
          }
          let id: string;
          let name: string;
          let logical: LogicalFolder;
          let bytes: Buffer;
          try {
            if (item.type === 'certificate') {
              const cert = parseCertificate(item.der);
              id = cert.sha256;
              name = fileNameFor(store.layout, { kind: 'certificate', folder: to, cn: cert.subject.cn, sha1: cert.sha1 }, format);
              logical = `${to}.certs` as LogicalFolder;
              bytes = encode(item.der, 'CERTIFICATE', format);
            } else {
              const crl = parseCrl(item.der);
              id = crl.sha256;
              name = fileNameFor(store.layout, { kind: 'crl', folder: to, cn: crl.issuer.cn, sha1: crl.sha256.slice(0, 40) }, format);
              logical = `${to === 'rejected' ? 'issuers' : to}.crl` as LogicalFolder;
              bytes = encode(item.der, 'X509 CRL', format);
            }
          } catch (error) {
            results.push({ source: source.name, status: 'failed', message: `malformed ${item.type}: ${describe(error)}` });
            continue;
          }
          if (present.has(id)) {
            results.push({ source: source.name, status: 'exists', kind: item.type, id, message: `already in ${to}` });
            continue;
          }
          present.add(id);
          const dir = store.folderPath(logical);
          const target = path.join(dir, freeName(dir, name, taken));
          const temp = tempPathFor(target);
          writeDurable(temp, bytes);
          actions.push({ type: 'write', temp: store.relative(temp), to: store.relative(target) });
          results.push({ source: source.name, status: 'imported', kind: item.type, id, file: store.relative(target), message: `imported into ${store.relative(target)}` });
        }
      }
      applyJournaled(store.root, actions, store.certificateFolderRels());
    } catch (error) {
      // Temp files of an import that did not start are not the store's: remove them.
      for (const action of actions) if (action.type === 'write') rmSync(path.join(store.root, action.temp), { force: true });
      throw error instanceof TrustError ? error : ioError(error, 'import failed; nothing was written');
    }
    store.scan();
    return results;
  });
}

/** The bytes of one certificate or CRL, re-read from disk, as DER or PEM. */
export function exportEntry(store: PkiStore, ref: string, format: FileFormat): { bytes: Buffer; suggestedName: string } {
  const entry = store.find(ref).find((e) => e.kind !== 'unreadable');
  if (!entry) throw new TrustError('INVALID_CERT', `"${ref}" is not a readable certificate or CRL`);
  const decoded = decodeFile(readFileSync(store.resolve(entry.file)));
  for (const item of decoded.items) {
    if (item.type !== entry.kind) continue;
    const der = item.der;
    const sha256 = entry.kind === 'certificate' ? parseCertificate(der).sha256 : parseCrl(der).sha256;
    if (sha256 !== entry.id) continue;
    const label = entry.kind === 'certificate' ? 'CERTIFICATE' : 'X509 CRL';
    const cn = entry.kind === 'certificate' ? entry.subject.cn : entry.issuer.cn;
    const base = `${(cn ?? 'certificate').replace(/[\\/:*?"<>|]/g, '_')}${entry.kind === 'crl' ? '.crl' : ''}`;
    return { bytes: encode(der, label, format), suggestedName: `${base}.${format}` };
  }
  throw new TrustError('CONFLICT', `${entry.file} changed on disk; scan again`);
}
