import type { FileFormat, FolderKind } from '../../../shared/types/cert';
import type { LayoutProfile } from '../../../shared/pki/layouts';

const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** A common name made safe to be part of a file name on Windows and Linux. */
export function safeFilePart(text: string | null): string {
  const cleaned = (text ?? '').replace(UNSAFE, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 64);
  return cleaned || 'certificate';
}

/** The file name a profile gives a new certificate or CRL in a folder. */
export function fileNameFor(
  layout: LayoutProfile,
  what: { kind: 'certificate' | 'crl'; folder: FolderKind; cn: string | null; sha1: string },
  format: FileFormat = layout.naming.format,
): string {
  const pattern = what.kind === 'crl' ? layout.naming.crl : (layout.naming.byFolder?.[what.folder] ?? layout.naming.cert);
  const name = pattern
    .replace('{cn}', safeFilePart(what.cn))
    .replace('{sha1}', what.sha1.toLowerCase())
    .replace('{SHA1}', what.sha1.toUpperCase());
  // The pattern's extension follows the layout's format; a file kept in another format keeps its own.
  if (format === layout.naming.format) return name;
  return name.replace(/\.(der|pem|crl|crt|cer)$/i, format === 'pem' ? '.pem' : '.der');
}

const KNOWN_EXTENSION = /\.(der|pem|crt|cer|crl)$/i;

/** Name of a moved file: it keeps its name, and one without an extension gets one (open62541's rejected files). */
export function movedFileName(layout: LayoutProfile, name: string, target: FolderKind, format: FileFormat): string {
  if (KNOWN_EXTENSION.test(name)) return name;
  const pattern = layout.naming.byFolder?.[target] ?? layout.naming.cert;
  if (!/\.[a-z]+$/i.test(pattern)) return name;
  return `${name}.${format}`;
}
