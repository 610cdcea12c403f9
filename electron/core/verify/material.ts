import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exploreCertificate, verifyCertificateRevocationListSignature } from '../x509/crypto-light';
import type { CertSummary, CrlSummary, FolderKind, StoreEntry } from '../../../shared/types/cert';
import type { PkiStore } from '../pki/store';
import { decodeFile, type DecodedFile } from '../x509/decode';
import { parseCertificate, parseCrl, type ParsedCertificate, type ParsedCrl } from '../x509/parse';

/** A certificate the engine can put into a chain: its bytes, what it says, and where the store keeps it. */
export interface ChainCertificate {
  der: Buffer;
  parsed: ParsedCertificate;
  /** Folders of the judging store that hold this exact certificate. */
  folders: FolderKind[];
  file: string | null;
  /** X.509 version as written (3 for v3). */
  version: number | null;
  /** parse.ts lists the bits; these say whether the extensions are there at all. */
  hasKeyUsage: boolean;
  hasExtendedKeyUsage: boolean;
}

export interface StoredCrl {
  der: Buffer;
  parsed: ParsedCrl;
  folder: FolderKind;
  file: string;
}

/** Folders whose certificates build chains and whose CRLs count (Part 4: trusted and issuer lists). */
const CHAIN_FOLDERS: readonly FolderKind[] = ['trusted', 'issuers'];

function describeCertificate(der: Buffer, folders: FolderKind[], file: string | null): ChainCertificate {
  const parsed = parseCertificate(der);
  const tbs = exploreCertificate(der).tbsCertificate;
  return {
    der,
    parsed,
    folders,
    file,
    version: typeof tbs.version === 'number' ? tbs.version : null,
    hasKeyUsage: tbs.extensions?.keyUsage != null,
    hasExtendedKeyUsage: tbs.extensions?.extKeyUsage != null,
  };
}

/**
 * The judging store as the engine needs it, read once per verification: entries indexed by subject
 * name and thumbprint, DER re-read from disk only for the certificates and CRLs a chain touches.
 */
export class StoreMaterial {
  private readonly bySubject = new Map<string, CertSummary[]>();
  private readonly bySha256 = new Map<string, CertSummary[]>();
  private readonly crlsByIssuer = new Map<string, CrlSummary[]>();
  private readonly files = new Map<string, DecodedFile | null>();
  private readonly certificates = new Map<string, ChainCertificate | null>();
  private readonly x509 = new Map<string, X509Certificate | null>();
  private readonly signatures = new Map<string, boolean>();
  /** Certificates sent along with the one checked (a chain in its file): they build chains but are not trusted. */
  private readonly sentAlong: ChainCertificate[] = [];

  constructor(
    private readonly store: PkiStore,
    entries: StoreEntry[],
  ) {
    for (const entry of entries) {
      if (entry.kind === 'certificate') {
        push(this.bySha256, entry.sha256, entry);
        if (CHAIN_FOLDERS.includes(entry.folder)) push(this.bySubject, entry.subject.text, entry);
      } else if (entry.kind === 'crl' && CHAIN_FOLDERS.includes(entry.folder)) {
        push(this.crlsByIssuer, entry.issuer.text, entry);
      }
    }
  }

  /** Folders holding this exact certificate (all of them: trusted, issuers, rejected, own). */
  foldersOf(sha256: string): FolderKind[] {
    return [...new Set((this.bySha256.get(sha256) ?? []).map((e) => e.folder))];
  }

  /** Wraps a certificate that is not read from the store (the one checked, or one sent along with it). */
  fromDer(der: Buffer): ChainCertificate {
    const described = describeCertificate(der, [], null);
    described.folders = this.foldersOf(described.parsed.sha256);
    described.file = this.bySha256.get(described.parsed.sha256)?.[0]?.file ?? null;
    this.certificates.set(described.parsed.sha256, described);
    return described;
  }

  addSentAlong(certificate: ChainCertificate): void {
    if (!this.sentAlong.some((c) => c.parsed.sha256 === certificate.parsed.sha256)) this.sentAlong.push(certificate);
  }

  /** Certificates named `subject` in trusted/ and issuers/ (then those sent along): trusted first, newest first. */
  issuersNamed(subject: string): ChainCertificate[] {
    const seen = new Set<string>();
    const found: ChainCertificate[] = [];
    for (const entry of this.bySubject.get(subject) ?? []) {
      if (seen.has(entry.sha256)) continue;
      seen.add(entry.sha256);
      const certificate = this.loadCertificate(entry);
      if (certificate) found.push(certificate);
    }
    found.sort((a, b) => rank(b) - rank(a) || b.parsed.notBefore.getTime() - a.parsed.notBefore.getTime() || (a.file ?? '').localeCompare(b.file ?? ''));
    for (const extra of this.sentAlong) if (extra.parsed.subjectKey === subject && !seen.has(extra.parsed.sha256)) found.push(extra);
    return found;
  }

  /** CRLs in trusted/ and issuers/ that name `issuer` as their issuer. */
  crlsOf(issuer: string): StoredCrl[] {
    const found: StoredCrl[] = [];
    for (const entry of this.crlsByIssuer.get(issuer) ?? []) {
      const der = this.readItem(entry.file, 'crl', (d) => sha256Of(d) === entry.id);
      if (!der) continue;
      try {
        found.push({ der, parsed: parseCrl(der), folder: entry.folder, file: entry.file });
      } catch {
        // unreadable since the scan: it does not count
      }
    }
    return found;
  }

  /** True when `issuer`'s public key verifies the signature of `certificate`. */
  signedBy(certificate: ChainCertificate, issuer: ChainCertificate): boolean {
    const key = `${certificate.parsed.sha256}<${issuer.parsed.sha256}`;
    let verified = this.signatures.get(key);
    if (verified === undefined) {
      const child = this.x509Of(certificate);
      const parent = this.x509Of(issuer);
      try {
        verified = child !== null && parent !== null && child.verify(parent.publicKey);
      } catch {
        verified = false;
      }
      this.signatures.set(key, verified);
    }
    return verified;
  }

  /** True when the CRL's signature verifies with the CA's public key. */
  crlSignedBy(crl: StoredCrl, ca: ChainCertificate): boolean {
    try {
      return verifyCertificateRevocationListSignature(crl.der, ca.der);
    } catch {
      return false;
    }
  }

  private x509Of(certificate: ChainCertificate): X509Certificate | null {
    const sha256 = certificate.parsed.sha256;
    if (!this.x509.has(sha256)) {
      try {
        this.x509.set(sha256, new X509Certificate(certificate.der));
      } catch {
        this.x509.set(sha256, null);
      }
    }
    return this.x509.get(sha256) ?? null;
  }

  private loadCertificate(entry: CertSummary): ChainCertificate | null {
    const cached = this.certificates.get(entry.sha256);
    if (cached !== undefined) return cached;
    const der = this.readItem(entry.file, 'certificate', (d) => sha256Of(d) === entry.sha256);
    let certificate: ChainCertificate | null = null;
    if (der) {
      try {
        certificate = describeCertificate(der, this.foldersOf(entry.sha256), entry.file);
      } catch {
        certificate = null;
      }
    }
    this.certificates.set(entry.sha256, certificate);
    return certificate;
  }

  /** The DER of one item of a store file; the file changed or vanished since the scan → null. */
  private readItem(file: string, type: 'certificate' | 'crl', matches: (der: Buffer) => boolean): Buffer | null {
    if (!this.files.has(file)) {
      try {
        this.files.set(file, decodeFile(readFileSync(this.store.resolve(file))));
      } catch {
        this.files.set(file, null);
      }
    }
    for (const item of this.files.get(file)?.items ?? []) {
      if (item.type !== type) continue;
      try {
        if (matches(item.der)) return item.der;
      } catch {
        // a broken item is simply not the one we look for
      }
    }
    return null;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rank(certificate: ChainCertificate): number {
  return certificate.folders.includes('trusted') ? 2 : certificate.folders.includes('issuers') ? 1 : 0;
}

function sha256Of(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}
