import { randomBytes, type webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { CaSignAlgorithm } from 'node-opcua-crypto';
import type { CrlInfo, ExportedOwnFile, IssuedCertificate, LocalCaInfo, SignedByCa } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { writeFileAtomic } from '../pki/fs-atomic';
import { withStoreLock } from '../pki/journal';
import { checkSubjectValue, checkValidityDays } from '../own-certs/input';
import { generateRsaKey, readPrivateKey, rsaSigningKey } from '../own-certs/keys';
import { MIME } from '../own-certs/exports';
import { asn1, CertificatePurpose } from '../x509/crypto-light';
import { cryptoLib } from '../x509/crypto-lib';
import { decodeFile, describe, toPem } from '../x509/decode';
import { parseCertificate, parseCrl } from '../x509/parse';
import { CA_FILES, caPath, hasCa, loadState, normalizeSerial, saveState, serialOf, type CaState } from './ca-files';

const DAY = 86_400_000;
const SIGNING: CaSignAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } };

export interface InitCaOptions {
  commonName: string;
  organization?: string;
  keySize?: 2048 | 3072 | 4096;
  /** Default 3650 (ten years). */
  validityDays?: number;
  /** How long each published CRL is valid (nextUpdate), default 30 days. */
  crlDays?: number;
}

function checkCrlDays(value: unknown): number {
  if (value === undefined) return 30;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 3650) throw new TrustError('INVALID_INPUT', 'the CRL validity must be 1–3650 days');
  return value as number;
}

/**
 * A small certificate authority in a folder, for labs and small plants: a self-signed CA
 * (keyCertSign + cRLSign, CA:true, key 0600), a serial counter and an index of what it issued,
 * signing of OPC UA signing requests, revocation and the CRL. Deploy it with `deployCa`.
 */
export class LocalCa {
  private constructor(
    /** Real path of the CA folder. */
    readonly dir: string,
  ) {}

  /** Creates a CA in `dir` (refused when one is there) and publishes its first, empty CRL. */
  static async init(dir: string, options: InitCaOptions): Promise<LocalCa> {
    const commonName = checkSubjectValue(options.commonName, 'CA name');
    const organization = options.organization ? checkSubjectValue(options.organization, 'organization') : undefined;
    const keySize = options.keySize ?? 3072;
    if (![2048, 3072, 4096].includes(keySize)) throw new TrustError('INVALID_INPUT', 'the key size must be 2048, 3072 or 4096 bits');
    const validityDays = checkValidityDays(options.validityDays, 3650);
    const crlDays = checkCrlDays(options.crlDays);
    if (hasCa(dir)) throw new TrustError('EXISTS', `${dir} holds a CA already`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const sub of ['certs', 'crl', CA_FILES.issuedDir]) mkdirSync(path.join(dir, sub), { recursive: true });
    mkdirSync(path.join(dir, 'private'), { recursive: true, mode: 0o700 });

    const key = await generateRsaKey(keySize);
    const { x509, buildAuthorityKeyIdentifierFromIssuer } = await cryptoLib();
    const now = Date.now();
    const name = new x509.Name([...(organization ? [{ O: [organization] }] : []), { CN: [commonName] }]);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + validityDays * DAY),
      signingAlgorithm: SIGNING,
      keys: { privateKey: key.key, publicKey: key.publicKey },
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
        await buildAuthorityKeyIdentifierFromIssuer(key.publicKey),
      ],
    });
    const der = Buffer.from(certificate.rawData);
    const prefix = randomBytes(4);
    prefix[0] = 0x10 + (prefix[0] % 0x70);
    const real = realpathSync(dir);
    withStoreLock(real, () => {
      if (hasCa(real)) throw new TrustError('EXISTS', `${dir} holds a CA already`);
      writeFileAtomic(caPath(real, CA_FILES.privateKey), key.pem, 0o600);
      writeFileAtomic(caPath(real, CA_FILES.certificate), toPem(der, 'CERTIFICATE'));
      // The index last: its presence is what makes the folder a CA.
      saveState(real, { version: 1, subject: parseCertificate(der).subject.text, keySize, serialPrefix: prefix.toString('hex'), nextSerial: 0x1000, crlNumber: 0, crlDays, issued: [] });
    });
    const ca = new LocalCa(real);
    await ca.publishCrl();
    return ca;
  }

  /** Opens the CA in `dir`. */
  static open(dir: string): LocalCa {
    if (!hasCa(dir)) throw new TrustError('NOT_FOUND', `no local CA in ${dir} (create one with "uatrust ca init")`);
    return new LocalCa(realpathSync(dir));
  }

  private file(rel: string): string {
    return caPath(this.dir, rel);
  }

  /** The CA certificate's DER. */
  certificateDer(): Buffer {
    const item = decodeFile(readFileSync(this.file(CA_FILES.certificate))).items.find((i) => i.type === 'certificate');
    if (!item || item.type !== 'certificate') throw new TrustError('INVALID_CERT', `${this.file(CA_FILES.certificate)} holds no certificate`);
    return item.der;
  }

  private signingKey(): Promise<webcrypto.CryptoKey> {
    return rsaSigningKey(readPrivateKey(readFileSync(this.file(CA_FILES.privateKey))));
  }

  /** Runs `work` on the index under the CA folder's lock and saves what it changed. */
  private withState<T>(work: (state: CaState) => T): T {
    return withStoreLock(this.dir, () => {
      const state = loadState(this.dir);
      const result = work(state);
      saveState(this.dir, state);
      return result;
    });
  }

  info(): LocalCaInfo {
    const state = loadState(this.dir);
    const parsed = parseCertificate(this.certificateDer());
    return {
      dir: this.dir,
      subject: parsed.subject.text,
      sha1: parsed.sha1,
      sha256: parsed.sha256,
      notBefore: parsed.notBefore.toISOString(),
      notAfter: parsed.notAfter.toISOString(),
      keySize: parsed.keySize,
      nextSerial: serialOf(state, state.nextSerial),
      issued: state.issued.length,
      revoked: state.issued.filter((i) => i.status === 'revoked').length,
      crl: this.currentCrl(),
    };
  }

  issued(): IssuedCertificate[] {
    return loadState(this.dir).issued;
  }

  /**
   * Signs a PKCS#10 request as an OPC UA application certificate: the request's subject and its
   * SAN (ApplicationUri, DNS, IP) are copied; keyUsage, extendedKeyUsage serverAuth + clientAuth,
   * CA:false, SKI/AKI are the CA's. Refused when the request's signature does not verify or it has no ApplicationUri.
   */
  async sign(csr: Buffer | string, options: { validityDays?: number } = {}): Promise<SignedByCa> {
    const validityDays = checkValidityDays(options.validityDays, 365);
    const { x509, createCertificateFromCsr } = await cryptoLib();
    const request = readRequest(x509, csr);
    if (!(await request.verify())) throw new TrustError('INVALID_CERT', 'the signing request does not verify (its signature is not made by its key); nothing was signed');
    const algorithm = request.publicKey.algorithm as { name?: string; modulusLength?: number };
    if (algorithm.name?.startsWith('RSA') && (algorithm.modulusLength ?? 0) < 2048) throw new TrustError('INVALID_CERT', `the request's RSA key has ${algorithm.modulusLength} bits: at least 2048 are needed`);
    const san = request.getExtension('2.5.29.17');
    const names = san ? new x509.SubjectAlternativeNameExtension(san.rawData).names.toJSON() : [];
    const applicationUri = names.find((n) => n.type === 'url')?.value;
    if (!applicationUri) throw new TrustError('INVALID_CERT', 'the signing request has no ApplicationUri (URI in subjectAltName): OPC UA applications refuse certificates without one');

    const caDer = this.certificateDer();
    const caCert = new x509.X509Certificate(caDer);
    const serial = this.withState((state) => serialOf(state, state.nextSerial++));
    const now = Date.now();
    const notAfter = Math.min(now + validityDays * DAY, caCert.notAfter.getTime());
    let signed: { cert: string; der: ArrayBuffer };
    try {
      signed = await createCertificateFromCsr({
        csr: Buffer.from(request.rawData),
        issuerName: caCert.subjectName,
        issuerPublicKey: caCert.publicKey,
        signingKey: await this.signingKey(),
        signingAlgorithm: SIGNING,
        serialNumber: serial,
        notBefore: new Date(now - DAY),
        notAfter: new Date(notAfter),
        purpose: CertificatePurpose.ForApplication,
        applicationUri,
        dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
        ip: names.filter((n) => n.type === 'ip').map((n) => n.value),
      });
    } catch (error) {
      throw new TrustError('INVALID_CERT', `the request cannot be signed: ${describe(error)}`);
    }
    const der = Buffer.from(signed.der);
    const parsed = parseCertificate(der);
    const issued: IssuedCertificate = {
      serial: parsed.serialNumber,
      subject: parsed.subject.text,
      applicationUri: parsed.applicationUri,
      sha1: parsed.sha1,
      sha256: parsed.sha256,
      notBefore: parsed.notBefore.toISOString(),
      notAfter: parsed.notAfter.toISOString(),
      issuedAt: new Date(now).toISOString(),
      status: 'valid',
      revokedAt: null,
      file: `${CA_FILES.issuedDir}/${parsed.serialNumber}.pem`,
    };
    const certificatePem = toPem(der, 'CERTIFICATE');
    this.withState((state) => {
      writeFileAtomic(this.file(issued.file), certificatePem);
      state.issued.push(issued);
    });
    return { issued, certificatePem, caCertificatePem: toPem(caDer, 'CERTIFICATE') };
  }

  /** Revokes an issued certificate (by serial, or SHA-1/SHA-256 thumbprint prefix) and publishes the new CRL. */
  async revoke(ref: string): Promise<{ revoked: IssuedCertificate; crl: CrlInfo }> {
    const revoked = this.withState((state) => {
      const entry = findIssued(state, ref);
      if (entry.status === 'revoked') throw new TrustError('CONFLICT', `serial ${entry.serial} (${entry.subject}) is revoked already`);
      entry.status = 'revoked';
      entry.revokedAt = new Date().toISOString();
      return { ...entry };
    });
    return { revoked, crl: await this.publishCrl() };
  }

  /** Signs and writes a new CRL listing every revoked serial; nextUpdate = now + the CA's CRL days (or `days`). */
  async publishCrl(options: { days?: number } = {}): Promise<CrlInfo> {
    const { crlNumber, entries, days } = this.withState((state) => {
      state.crlNumber += 1;
      return {
        crlNumber: state.crlNumber,
        days: options.days === undefined ? state.crlDays : checkCrlDays(options.days),
        entries: state.issued.filter((i) => i.status === 'revoked').map((i) => ({ serialNumber: i.serial, revocationDate: new Date(i.revokedAt ?? Date.now()) })),
      };
    });
    const { x509, createCrl } = await cryptoLib();
    const caCert = new x509.X509Certificate(this.certificateDer());
    const now = Date.now();
    const { der } = await createCrl({
      issuerName: caCert.subjectName,
      issuerPublicKey: caCert.publicKey,
      signingKey: await this.signingKey(),
      signingAlgorithm: SIGNING,
      crlNumber,
      // A minute back, so that a peer whose clock is slightly behind takes it as current.
      thisUpdate: new Date(now - 60_000),
      nextUpdate: new Date(now + days * DAY),
      entries,
    });
    withStoreLock(this.dir, () => {
      // Two publications racing: the one with the higher number wins.
      const published = this.currentCrl();
      if (!published || published.crlNumber < crlNumber) writeFileAtomic(this.file(CA_FILES.crl), toPem(Buffer.from(der), 'X509 CRL'));
    });
    const current = this.currentCrl();
    if (!current) throw new TrustError('IO', 'the CRL was not written');
    return current;
  }

  /** The CRL last published, null before the first. */
  currentCrl(): CrlInfo | null {
    const file = this.file(CA_FILES.crl);
    if (!existsSync(file)) return null;
    const der = this.crlDer();
    const parsed = parseCrl(der);
    return {
      crlNumber: crlNumberOf(der),
      thisUpdate: parsed.thisUpdate.toISOString(),
      nextUpdate: (parsed.nextUpdate ?? parsed.thisUpdate).toISOString(),
      revokedSerials: parsed.revokedSerials,
      file: CA_FILES.crl,
      sha256: parsed.sha256,
    };
  }

  crlDer(): Buffer {
    const item = decodeFile(readFileSync(this.file(CA_FILES.crl))).items.find((i) => i.type === 'crl');
    if (!item || item.type !== 'crl') throw new TrustError('INVALID_CERT', `${this.file(CA_FILES.crl)} holds no CRL`);
    return item.der;
  }

  exportCertificate(format: 'der' | 'pem'): ExportedOwnFile {
    const der = this.certificateDer();
    const bytes = format === 'pem' ? Buffer.from(toPem(der, 'CERTIFICATE')) : der;
    return { name: `ca_certificate.${format}`, format, mime: MIME[format], base64: bytes.toString('base64') };
  }

  exportCrl(format: 'der' | 'pem'): ExportedOwnFile {
    const der = this.crlDer();
    const bytes = format === 'pem' ? Buffer.from(toPem(der, 'X509 CRL')) : der;
    return { name: format === 'pem' ? 'ca_revocation_list.pem' : 'ca_revocation_list.crl', format, mime: format === 'pem' ? MIME.pem : 'application/pkix-crl', base64: bytes.toString('base64') };
  }
}

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = 0x10 + (bytes[0] % 0x70);
  return bytes.toString('hex');
}

type X509 = Awaited<ReturnType<typeof cryptoLib>>['x509'];

function readRequest(x509: X509, csr: Buffer | string): InstanceType<X509['Pkcs10CertificateRequest']> {
  const text = typeof csr === 'string' ? csr : csr.subarray(0, 64).toString('latin1').includes('-----BEGIN') ? csr.toString('latin1') : null;
  try {
    if (text !== null) {
      const block = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]*?-----END (NEW )?CERTIFICATE REQUEST-----/.exec(text);
      if (!block) throw new Error('no CERTIFICATE REQUEST block');
      return new x509.Pkcs10CertificateRequest(block[0].replace(/NEW CERTIFICATE REQUEST/g, 'CERTIFICATE REQUEST'));
    }
    return new x509.Pkcs10CertificateRequest(Uint8Array.from(csr as Buffer));
  } catch (error) {
    throw new TrustError('INVALID_INPUT', `not a certificate signing request (PKCS#10, PEM or DER): ${describe(error)}`);
  }
}

const CRL_NUMBER_OID = Buffer.from([0x55, 0x1d, 0x14]); // 2.5.29.20
const EXTENSIONS_TAG = 0xa0; // crlExtensions [0] EXPLICIT

/**
 * The cRLNumber extension of a DER CRL (0 without one), read with the light ASN.1 reader:
 * CertificateList → tbsCertList → [0] → Extensions → { extnID, critical?, extnValue = INTEGER }.
 */
function crlNumberOf(der: Buffer): number {
  const { readTag, readStruct } = asn1;
  const tbs = readStruct(der, readTag(der, 0))[0];
  const wrapper = tbs && readStruct(der, tbs).find((block) => block.tag === EXTENSIONS_TAG);
  if (!wrapper) return 0;
  for (const extension of readStruct(der, readTag(der, wrapper.position))) {
    const parts = readStruct(der, extension);
    const id = der.subarray(parts[0].position, parts[0].position + parts[0].length);
    if (!id.equals(CRL_NUMBER_OID)) continue;
    const value = parts[parts.length - 1];
    return readCrlNumber(der.subarray(value.position, value.position + value.length));
  }
  return 0;
}

/** cRLNumber's value: an INTEGER (tag 2, short length, big-endian). */
function readCrlNumber(value: Buffer): number {
  if (value[0] !== 0x02) return 0;
  return value.subarray(2, 2 + value[1]).reduce((n, byte) => n * 256 + byte, 0);
}

function findIssued(state: CaState, ref: string): IssuedCertificate {
  const serial = normalizeSerial(ref);
  const bySerial = state.issued.find((i) => i.serial === serial);
  if (bySerial) return bySerial;
  const prefix = ref.trim().toLowerCase().replace(/:/g, '');
  if (/^[0-9a-f]{8,64}$/.test(prefix)) {
    const matches = state.issued.filter((i) => i.sha1.startsWith(prefix) || i.sha256.startsWith(prefix));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new TrustError('AMBIGUOUS', `"${ref}" matches ${matches.length} issued certificates; give more digits`);
  }
  throw new TrustError('NOT_FOUND', `the CA issued no certificate with serial or thumbprint "${ref}"`);
}
