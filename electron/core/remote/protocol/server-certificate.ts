import { X509Certificate, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TRASH_DIR, tempPathFor, writeDurable, writeFileAtomic } from '../../pki/fs-atomic';
import { importIntoStore } from '../../pki/import';
import { applyJournaled, withStoreLock, type JournalAction } from '../../pki/journal';
import type { PkiStore } from '../../pki/store';
import { generateRsaKey, keyBits, keyMatchesCertificate, privateKeyPem, readPrivateKey, rsaSigningKey } from '../../own-certs/keys';
import { CertificatePurpose, Subject } from '../../x509/crypto-light';
import { cryptoLib } from '../../x509/crypto-lib';
import { decodeFile, describe, toPem } from '../../x509/decode';
import { parseCertificate, type ParsedCertificate } from '../../x509/parse';

/** Why a ServerConfiguration call was refused, as the status the method returns. */
export class CertificateRefusal extends Error {
  constructor(
    readonly status: 'BadCertificateInvalid' | 'BadCertificateUriInvalid' | 'BadInvalidArgument' | 'BadNotSupported' | 'BadSecurityChecksFailed',
    message: string,
  ) {
    super(message);
  }
}

export interface ServerIdentityFiles {
  /** The PEM files the server's endpoints read (own/certs, own/private). */
  certificateFile: string;
  privateKeyFile: string;
  applicationUri: string;
}

/** Where a private key made by CreateSigningRequest waits for its certificate (0600). */
export const PENDING_KEY_NAME = 'pending_private_key.pem';

/** "CN=a, O=b" (Part 12) or "/CN=a/O=b" (node-opcua-crypto) in node-opcua-crypto's syntax. */
function subjectSyntax(subjectName: string): string {
  const text = subjectName.trim();
  const parts = text.startsWith('/') ? text.slice(1).split('/') : text.split(/\s*,\s*/);
  const cleaned = parts.filter(Boolean).map((p) => p.trim());
  if (cleaned.length === 0 || cleaned.some((p) => !/^[A-Za-z]+=.+$/.test(p))) throw new CertificateRefusal('BadInvalidArgument', `"${subjectName}" is not a subject name like "CN=Server, O=Plant"`);
  const syntax = `/${cleaned.join('/')}`;
  try {
    Subject.parse(syntax);
  } catch (error) {
    throw new CertificateRefusal('BadInvalidArgument', `"${subjectName}" is not a subject name: ${describe(error)}`);
  }
  return syntax;
}

/**
 * The server's application instance certificate under push management (Part 12 §7.10):
 * CreateSigningRequest (optionally with a new key, kept pending), UpdateCertificate (checked, kept
 * pending), ApplyChanges (installs both into own/ in one journaled step).
 */
export class ServerCertificate {
  private pending: { certificate: Buffer; keyPem: string | null } | null = null;

  constructor(
    private readonly store: PkiStore,
    private readonly files: ServerIdentityFiles,
  ) {}

  private get pendingKeyFile(): string {
    return path.join(path.dirname(this.files.privateKeyFile), PENDING_KEY_NAME);
  }

  current(): { der: Buffer; parsed: ParsedCertificate } {
    const item = decodeFile(readFileSync(this.files.certificateFile)).items.find((i) => i.type === 'certificate');
    if (!item || item.type !== 'certificate') throw new Error(`${this.files.certificateFile} holds no certificate`);
    return { der: item.der, parsed: parseCertificate(item.der) };
  }

  private currentKey(): KeyObject {
    return readPrivateKey(readFileSync(this.files.privateKeyFile));
  }

  private pendingKey(): KeyObject | null {
    return existsSync(this.pendingKeyFile) ? readPrivateKey(readFileSync(this.pendingKeyFile)) : null;
  }

  /** A PKCS#10 request with the current certificate's subject (or `subjectName`), ApplicationUri, DNS and IP. */
  async createSigningRequest(options: { subjectName?: string | null; regeneratePrivateKey?: boolean }): Promise<Buffer> {
    const { parsed } = this.current();
    const subject = options.subjectName ? subjectSyntax(options.subjectName) : `/${parsed.subject.text.split(/\s*,\s*/).join('/')}`;
    let key: KeyObject;
    if (options.regeneratePrivateKey) {
      const generated = await generateRsaKey(Math.max(2048, keyBits(this.currentKey())));
      writeFileAtomic(this.pendingKeyFile, generated.pem, 0o600);
      chmodSync(this.pendingKeyFile, 0o600);
      key = readPrivateKey(generated.pem);
    } else {
      key = this.pendingKey() ?? this.currentKey();
    }
    try {
      const { createCertificateSigningRequest } = await cryptoLib();
      const { der } = await createCertificateSigningRequest({
        privateKey: await rsaSigningKey(key),
        subject: subjectSafe(subject, parsed),
        dns: parsed.dns,
        ip: parsed.ip,
        applicationUri: this.files.applicationUri,
        purpose: CertificatePurpose.ForApplication,
      });
      return Buffer.from(der.rawData);
    } catch (error) {
      throw new CertificateRefusal('BadInvalidArgument', `cannot make the signing request: ${describe(error)}`);
    }
  }

  /**
   * Checks a signed certificate against the pending (or current) key and the server's ApplicationUri,
   * stores its issuers in issuers/certs, and keeps it until ApplyChanges.
   */
  updateCertificate(certificate: Buffer, issuerCertificates: Buffer[], privateKey: { format: string; bytes: Buffer } | null): void {
    let parsed: ParsedCertificate;
    try {
      parsed = parseCertificate(certificate);
    } catch (error) {
      throw new CertificateRefusal('BadCertificateInvalid', `the certificate cannot be read: ${describe(error)}`);
    }
    const issuers = issuerCertificates.map((der, i) => {
      try {
        return { der, parsed: parseCertificate(der) };
      } catch (error) {
        throw new CertificateRefusal('BadCertificateInvalid', `issuer certificate ${i + 1} cannot be read: ${describe(error)}`);
      }
    });
    let keyPem: string | null = null;
    let key: KeyObject;
    if (privateKey && privateKey.bytes.length > 0) {
      if (privateKey.format.toUpperCase() !== 'PEM') throw new CertificateRefusal('BadNotSupported', `private key format "${privateKey.format}" is not supported: only PEM`);
      try {
        key = readPrivateKey(privateKey.bytes);
      } catch (error) {
        throw new CertificateRefusal('BadInvalidArgument', `the private key cannot be read: ${describe(error)}`);
      }
      keyPem = privateKeyPem(key);
    } else {
      const pending = this.pendingKey();
      key = pending ?? this.currentKey();
      if (pending) keyPem = privateKeyPem(pending);
    }
    if (!keyMatchesCertificate(certificate, key)) {
      throw new CertificateRefusal('BadSecurityChecksFailed', 'the certificate was not made for the private key of this server (nor for the key of its last signing request)');
    }
    if (parsed.applicationUri !== this.files.applicationUri) {
      throw new CertificateRefusal('BadCertificateUriInvalid', `the certificate names ApplicationUri ${parsed.applicationUri ?? '(none)'} but this server is ${this.files.applicationUri}`);
    }
    const issuer = issuers.find((i) => i.parsed.subjectKey === parsed.issuerKey);
    if (issuer && !signedBy(certificate, issuer.der)) throw new CertificateRefusal('BadCertificateInvalid', `the certificate was not signed by the issuer given (${issuer.parsed.subject.text})`);
    if (issuers.length > 0) importIntoStore(this.store, issuers.map((i) => ({ name: i.parsed.subject.text, bytes: Buffer.from(toPem(i.der, 'CERTIFICATE')) })), 'issuers');
    this.pending = { certificate, keyPem };
  }

  /** Installs a pending certificate (and key) into own/; false when nothing was pending. */
  applyChanges(): boolean {
    const pending = this.pending;
    if (!pending) return false;
    const rel = (file: string) => this.store.relative(file);
    const trash = (file: string) => `${TRASH_DIR}/${randomBytes(6).toString('hex')}-${path.basename(file)}`;
    const steps: { file: string; bytes: string; mode: number }[] = [{ file: this.files.certificateFile, bytes: toPem(pending.certificate, 'CERTIFICATE'), mode: 0o644 }];
    if (pending.keyPem) steps.push({ file: this.files.privateKeyFile, bytes: pending.keyPem, mode: 0o600 });
    withStoreLock(this.store.root, () => {
      const actions: JournalAction[] = [];
      const temps: string[] = [];
      try {
        for (const step of steps) {
          const temp = tempPathFor(step.file);
          writeDurable(temp, step.bytes, step.mode);
          temps.push(temp);
          if (existsSync(step.file)) actions.push({ type: 'delete', from: rel(step.file), trash: trash(step.file) });
          actions.push({ type: 'write', temp: rel(temp), to: rel(step.file) });
        }
        applyJournaled(this.store.root, actions, this.store.certificateFolderRels());
      } finally {
        for (const temp of temps) rmSync(temp, { force: true });
      }
    });
    rmSync(this.pendingKeyFile, { force: true });
    this.pending = null;
    return true;
  }
}

/** node-opcua-crypto's subject syntax, falling back to the current CN when the DN text has odd parts. */
function subjectSafe(subject: string, parsed: ParsedCertificate): string {
  try {
    Subject.parse(subject);
    return subject;
  } catch {
    return new Subject({ commonName: parsed.subject.cn ?? 'OPC UA Server', organization: parsed.subject.o ?? undefined }).toString();
  }
}

function signedBy(leaf: Buffer, issuer: Buffer): boolean {
  try {
    return new X509Certificate(leaf).verify(new X509Certificate(issuer).publicKey);
  } catch {
    return false;
  }
}
