/**
 * Test-certificate factory shared by all tests.
 *
 * Pure JavaScript (no openssl binary): certificates and CRLs are built with
 * `@peculiar/x509` on top of Node's WebCrypto implementation.
 *
 * Key reuse: generating RSA keys is slow, so key pairs are cached per key
 * algorithm for the lifetime of the process (i.e. of one vitest test file):
 *
 * - leaf certificates share ONE key pair per algorithm, unless `freshKey: true`;
 * - CA certificates (`ca: true`) get a DISTINCT key pair by default, so that a
 *   certificate signed by one CA never verifies against another CA's (or a
 *   leaf's) public key. Pass `freshKey: false` to make a CA share the cached key.
 *
 * Consequence of sharing: leaf certificates made with the default options have
 * the same public key and the same subjectKeyIdentifier, so one self-signed
 * leaf's signature also verifies with another leaf's public key. Use
 * `freshKey: true` when a test depends on keys being distinct (key mismatch,
 * private-key/cert matching, "wrong issuer" signature checks, ...).
 *
 * Example:
 * ```ts
 * const ca = await makeCert({ cn: "Test CA", ca: true });
 * const leaf = await makeCert({ cn: "server", issuer: ca, dns: ["localhost"] });
 * const crl = await makeCrl(ca, { revoked: [leaf] });
 * ```
 *
 * A test file that imports `@peculiar/x509` itself must put `import "reflect-metadata";` (or the
 * import of this module) BEFORE that import: @peculiar/x509 needs the Reflect polyfill at load time.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { KeyObject, X509Certificate as NodeX509Certificate, createHash, sign as cryptoSign, webcrypto } from "node:crypto";

// WebCrypto types come from node:crypto so this file type-checks with or without the DOM lib.
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type SigningAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;

// `as any`: the global Crypto type only exists with the DOM lib.
x509.cryptoProvider.set(webcrypto as any);

const subtle = webcrypto.subtle;

export type KeyAlgorithmName = "rsa-2048" | "rsa-1024" | "rsa-3072" | "ec-p256" | "ec-p384";
export type SignatureHash = "SHA-256" | "SHA-1";
export type KeyUsageProfile = "opcua" | "none" | "digitalSignatureOnly";

export interface MadeCert {
  /** DER encoding of the certificate. */
  der: Buffer;
  /** PEM encoding ("-----BEGIN CERTIFICATE-----", 64-column base64, "\n" line ends, trailing newline). */
  pem: string;
  /** Lowercase hex SHA-1 of `der` (the OPC UA thumbprint). */
  sha1: string;
  /** Lowercase hex SHA-256 of `der`. */
  sha256: string;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") of the certificate's private key. */
  keyPem: string;
  /**
   * WebCrypto key pair of the certificate (RSASSA-PKCS1-v1_5 bound to SHA-256, or ECDSA).
   * Shared between certificates unless `freshKey` (see the module comment).
   */
  keys: CryptoKeyPair;
  /** Parsed certificate (`cert.serialNumber` is the lowercase hex serial). */
  cert: x509.X509Certificate;
}

export interface CertOptions {
  /** Subject common name. */
  cn: string;
  /** Subject organization. */
  o?: string;
  /** URI in subjectAltName; default `urn:test:${cn}`; `null` = no URI SAN. */
  applicationUri?: string | null;
  /** DNS names in subjectAltName. */
  dns?: string[];
  /** IP addresses (v4 or v6) in subjectAltName. */
  ip?: string[];
  /** Key algorithm; default `rsa-2048`. */
  key?: KeyAlgorithmName;
  /** Signature hash; default `SHA-256`. EC keys sign with ECDSA and this hash. */
  hash?: SignatureHash;
  /** Default: now - 1 hour. */
  notBefore?: Date;
  /** Default: now + 365 days. */
  notAfter?: Date;
  /** basicConstraints cA=true and keyCertSign|cRLSign|digitalSignature usages (no extendedKeyUsage). */
  ca?: boolean;
  /**
   * Key usage extension:
   * - `opcua` (default): leaf = digitalSignature|nonRepudiation|keyEncipherment|dataEncipherment,
   *   CA = keyCertSign|cRLSign|digitalSignature;
   * - `digitalSignatureOnly`: digitalSignature only;
   * - `none`: no keyUsage extension at all.
   */
  keyUsage?: KeyUsageProfile;
  /** Sign with this CA instead of self-signing. */
  issuer?: MadeCert;
  /** Hex serial number; default 16 random bytes (positive, no leading zero byte). */
  serial?: string;
  /** Use a newly generated key pair instead of the cached one (default: true for CAs, false otherwise). */
  freshKey?: boolean;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const LEAF_KEY_USAGE =
  x509.KeyUsageFlags.digitalSignature |
  x509.KeyUsageFlags.nonRepudiation |
  x509.KeyUsageFlags.keyEncipherment |
  x509.KeyUsageFlags.dataEncipherment;
const CA_KEY_USAGE =
  x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature;

// ---------------------------------------------------------------------------------------------
// keys

interface KeyMaterial {
  keys: CryptoKeyPair;
  keyPem: string;
}

function keyGenParams(alg: KeyAlgorithmName): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  switch (alg) {
    case "rsa-1024":
    case "rsa-2048":
    case "rsa-3072":
      return {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: Number(alg.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      };
    case "ec-p256":
      return { name: "ECDSA", namedCurve: "P-256" };
    case "ec-p384":
      return { name: "ECDSA", namedCurve: "P-384" };
    default:
      throw new Error(`unknown key algorithm ${String(alg)}`);
  }
}

async function generateKeyMaterial(alg: KeyAlgorithmName): Promise<KeyMaterial> {
  const keys = (await subtle.generateKey(keyGenParams(alg), true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  return { keys, keyPem: toPem(pkcs8, "PRIVATE KEY") };
}

/** Shared key material per algorithm (a promise, so concurrent callers share one generation). */
const keyCache = new Map<KeyAlgorithmName, Promise<KeyMaterial>>();

function sharedKeyMaterial(alg: KeyAlgorithmName): Promise<KeyMaterial> {
  let p = keyCache.get(alg);
  if (!p) {
    p = generateKeyMaterial(alg);
    keyCache.set(alg, p);
    // Do not cache a failure.
    p.catch(() => keyCache.delete(alg));
  }
  return p;
}

/** Private keys re-imported with another RSA hash (WebCrypto binds the hash to RSA keys). */
const rehashedKeys = new WeakMap<CryptoKey, Map<SignatureHash, Promise<CryptoKey>>>();

function isRsa(key: CryptoKey): boolean {
  return key.algorithm.name === "RSASSA-PKCS1-v1_5";
}

function rsaHashOf(key: CryptoKey): string | undefined {
  const hash = (key.algorithm as webcrypto.RsaHashedKeyAlgorithm).hash;
  return typeof hash === "string" ? hash : hash?.name;
}

/** The private key and algorithm to sign with `hash`. */
async function signingParams(
  privateKey: CryptoKey,
  hash: SignatureHash,
): Promise<{ signingKey: CryptoKey; signingAlgorithm: SigningAlgorithm }> {
  if (!isRsa(privateKey)) {
    return { signingKey: privateKey, signingAlgorithm: { name: "ECDSA", hash } as webcrypto.EcdsaParams };
  }
  const signingAlgorithm = { name: "RSASSA-PKCS1-v1_5", hash } as webcrypto.Algorithm;
  if (rsaHashOf(privateKey) === hash) return { signingKey: privateKey, signingAlgorithm };
  let perHash = rehashedKeys.get(privateKey);
  if (!perHash) {
    perHash = new Map();
    rehashedKeys.set(privateKey, perHash);
  }
  let p = perHash.get(hash);
  if (!p) {
    p = (async () => {
      const pkcs8 = await subtle.exportKey("pkcs8", privateKey);
      return subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash }, true, ["sign"]);
    })();
    perHash.set(hash, p);
  }
  return { signingKey: await p, signingAlgorithm };
}

// ---------------------------------------------------------------------------------------------
// encoding helpers

function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function hashHex(algorithm: "sha1" | "sha256", data: Uint8Array): string {
  return createHash(algorithm).update(data).digest("hex");
}

/** 16 random bytes, first byte in 0x01..0x7f: positive, minimal DER INTEGER, always 32 hex chars. */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! % 0x7f) + 1;
  return Buffer.from(bytes).toString("hex");
}

function normalizeSerial(serial: string): string {
  let hex = serial.replace(/[\s:]/g, "").toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) throw new Error(`serial must be hex: ${serial}`);
  if (hex.length % 2) hex = `0${hex}`;
  return hex;
}

function subjectName(cn: string, o?: string): x509.Name {
  const json: Record<string, string[]>[] = [{ CN: [cn] }];
  if (o !== undefined) json.push({ O: [o] });
  return new x509.Name(json);
}

function toMadeCert(cert: x509.X509Certificate, material: KeyMaterial): MadeCert {
  const der = Buffer.from(cert.rawData);
  return {
    der,
    pem: toPem(der, "CERTIFICATE"),
    sha1: hashHex("sha1", der),
    sha256: hashHex("sha256", der),
    keyPem: material.keyPem,
    keys: material.keys,
    cert,
  };
}

// ---------------------------------------------------------------------------------------------
// public API

/** Makes a certificate (self-signed, or signed by `opts.issuer`). */
export async function makeCert(opts: CertOptions): Promise<MadeCert> {
  const alg = opts.key ?? "rsa-2048";
  const hash = opts.hash ?? "SHA-256";
  const ca = opts.ca === true;
  const freshKey = opts.freshKey ?? ca;
  const now = Date.now();
  const notBefore = opts.notBefore ?? new Date(now - HOUR);
  const notAfter = opts.notAfter ?? new Date(now + 365 * DAY);
  const serialNumber = opts.serial !== undefined ? normalizeSerial(opts.serial) : randomSerial();

  const material = freshKey ? await generateKeyMaterial(alg) : await sharedKeyMaterial(alg);
  const subject = subjectName(opts.cn, opts.o);

  const extensions: x509.Extension[] = [];
  extensions.push(new x509.BasicConstraintsExtension(ca, undefined, true));
  const profile = opts.keyUsage ?? "opcua";
  if (profile !== "none") {
    const usages =
      profile === "digitalSignatureOnly" ? x509.KeyUsageFlags.digitalSignature : ca ? CA_KEY_USAGE : LEAF_KEY_USAGE;
    extensions.push(new x509.KeyUsagesExtension(usages, true));
  }
  if (!ca) {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]));
  }
  const applicationUri = opts.applicationUri === undefined ? `urn:test:${opts.cn}` : opts.applicationUri;
  const names: x509.JsonGeneralNames = [];
  if (applicationUri !== null) names.push({ type: "url", value: applicationUri });
  for (const value of opts.dns ?? []) names.push({ type: "dns", value });
  for (const value of opts.ip ?? []) names.push({ type: "ip", value });
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));

  const ski = await x509.SubjectKeyIdentifierExtension.create(material.keys.publicKey);
  extensions.push(ski);
  const issuerSki = opts.issuer?.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  extensions.push(
    opts.issuer
      ? issuerSki
        ? new x509.AuthorityKeyIdentifierExtension(issuerSki.keyId)
        : await x509.AuthorityKeyIdentifierExtension.create(opts.issuer.keys.publicKey)
      : new x509.AuthorityKeyIdentifierExtension(ski.keyId),
  );

  const signer = opts.issuer ? opts.issuer.keys.privateKey : material.keys.privateKey;
  const { signingKey, signingAlgorithm } = await signingParams(signer, hash);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject,
    issuer: opts.issuer ? opts.issuer.cert.subjectName : subject,
    notBefore,
    notAfter,
    publicKey: material.keys.publicKey,
    signingKey,
    signingAlgorithm,
    extensions,
  });
  return toMadeCert(cert, material);
}

/**
 * Makes a v2 CRL issued by `ca` (SHA-256 signature), listing `revoked` (revocation date = thisUpdate).
 * Defaults: thisUpdate = now - 1 hour, nextUpdate = thisUpdate + 30 days. Carries
 * authorityKeyIdentifier (= the CA's subjectKeyIdentifier) and cRLNumber 1.
 */
export async function makeCrl(
  ca: MadeCert,
  opts: { revoked?: MadeCert[]; thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<{ der: Buffer; pem: string }> {
  const thisUpdate = opts.thisUpdate ?? new Date(Date.now() - HOUR);
  const nextUpdate = opts.nextUpdate ?? new Date(thisUpdate.getTime() + 30 * DAY);
  const { signingKey, signingAlgorithm } = await signingParams(ca.keys.privateKey, "SHA-256");
  const caSki = ca.cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = caSki
    ? new x509.AuthorityKeyIdentifierExtension(caSki.keyId)
    : await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey);
  // cRLNumber (2.5.29.20) = INTEGER 1
  const crlNumber = new x509.Extension("2.5.29.20", false, new Uint8Array([0x02, 0x01, 0x01]));
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate,
    nextUpdate,
    signingKey,
    signingAlgorithm,
    extensions: [aki, crlNumber],
    entries: (opts.revoked ?? []).map((c) => ({ serialNumber: c.cert.serialNumber, revocationDate: thisUpdate })),
  });
  const der = Buffer.from(crl.rawData);
  return { der, pem: toPem(der, "X509 CRL") };
}

/** Several certificates as one PEM text (concatenated PEM blocks). */
export function pemBundle(...certs: MadeCert[]): string {
  return certs.map((c) => c.pem).join("");
}

/** A self-signed leaf whose validity ended one day ago (notBefore 60 days ago). */
export function expiredCert(cn: string): Promise<MadeCert> {
  const now = Date.now();
  return makeCert({ cn, notBefore: new Date(now - 60 * DAY), notAfter: new Date(now - DAY) });
}

/**
 * Many distinct self-signed leaf certificates fast (for 1,000+ store benchmarks): they all share the
 * cached rsa-2048 key (sha256WithRSAEncryption); each has its own random serial, CN `${prefix}-${i}`
 * (i from 0) and URI SAN `urn:test:${cn}`, plus the usual leaf extensions (basicConstraints,
 * keyUsage, extendedKeyUsage, subjectKeyIdentifier, authorityKeyIdentifier).
 *
 * For speed the DER is assembled directly from a pre-encoded template and signed synchronously
 * (~0.5 ms per certificate instead of ~2.5 ms through the generic generator); `cert` is parsed
 * lazily on first access.
 */
export async function makeManyCerts(n: number, prefix = "bulk"): Promise<MadeCert[]> {
  const material = await sharedKeyMaterial("rsa-2048");
  const privateKey = KeyObject.from(material.keys.privateKey);
  const spki = Buffer.from(await subtle.exportKey("spki", material.keys.publicKey));
  const now = Date.now();
  const validity = der(0x30, utcTime(new Date(now - HOUR)), utcTime(new Date(now + 365 * DAY)));
  const ski = await x509.SubjectKeyIdentifierExtension.create(material.keys.publicKey);
  const fixedExtensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(LEAF_KEY_USAGE, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    ski,
    new x509.AuthorityKeyIdentifierExtension(ski.keyId),
  ].map((e) => Buffer.from(e.rawData));
  const version = Buffer.from("a003020102", "hex"); // [0] EXPLICIT INTEGER 2 (v3)
  const sha256WithRsa = Buffer.from("300d06092a864886f70d01010b0500", "hex");
  const cnOid = Buffer.from("0603550403", "hex"); // 2.5.4.3
  const sanOid = Buffer.from("0603551d11", "hex"); // 2.5.29.17

  const out: MadeCert[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const cn = `${prefix}-${i}`;
    let serial = randomSerial();
    while (seen.has(serial)) serial = randomSerial();
    seen.add(serial);
    const name = der(0x30, der(0x31, der(0x30, cnOid, der(0x0c, Buffer.from(cn, "utf8")))));
    const san = der(0x30, sanOid, der(0x04, der(0x30, der(0x86, Buffer.from(`urn:test:${cn}`, "ascii")))));
    const tbs = der(
      0x30,
      version,
      der(0x02, Buffer.from(serial, "hex")),
      sha256WithRsa,
      name,
      validity,
      name,
      spki,
      der(0xa3, der(0x30, ...fixedExtensions, san)),
    );
    const signature = cryptoSign("sha256", tbs, privateKey);
    const certDer = der(0x30, tbs, sha256WithRsa, der(0x03, Buffer.from([0]), signature));
    out.push(lazyMadeCert(certDer, material));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// minimal DER encoding (for makeManyCerts)

function der(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  const len = body.length;
  let header: Buffer;
  if (len < 0x80) header = Buffer.from([tag, len]);
  else if (len < 0x100) header = Buffer.from([tag, 0x81, len]);
  else if (len < 0x10000) header = Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  else header = Buffer.from([tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]);
  return Buffer.concat([header, body]);
}

/** UTCTime (valid for years 1950..2049), second precision. */
function utcTime(d: Date): Buffer {
  const year = d.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new Error(`UTCTime out of range: ${d.toISOString()}`);
  const p = (v: number) => String(v).padStart(2, "0");
  const s = `${p(year % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(s, "ascii"));
}

/** A MadeCert whose `cert` (the parsed X509Certificate) is only built when first read. */
function lazyMadeCert(certDer: Buffer, material: KeyMaterial): MadeCert {
  let parsed: x509.X509Certificate | undefined;
  return {
    der: certDer,
    pem: toPem(certDer, "CERTIFICATE"),
    sha1: hashHex("sha1", certDer),
    sha256: hashHex("sha256", certDer),
    keyPem: material.keyPem,
    keys: material.keys,
    get cert() {
      parsed ??= new x509.X509Certificate(Uint8Array.from(certDer));
      return parsed;
    },
  };
}

/** OpenSSL (through Node's X509Certificate) as an independent judge of what is a certificate. */
export function opensslReads(bytes: Buffer): boolean {
  try {
    new NodeX509Certificate(bytes);
    return true;
  } catch {
    return false;
  }
}
