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
import { webcrypto } from "node:crypto";
type CryptoKeyPair = webcrypto.CryptoKeyPair;
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
/** Makes a certificate (self-signed, or signed by `opts.issuer`). */
export declare function makeCert(opts: CertOptions): Promise<MadeCert>;
/**
 * Makes a v2 CRL issued by `ca` (SHA-256 signature), listing `revoked` (revocation date = thisUpdate).
 * Defaults: thisUpdate = now - 1 hour, nextUpdate = thisUpdate + 30 days. Carries
 * authorityKeyIdentifier (= the CA's subjectKeyIdentifier) and cRLNumber 1.
 */
export declare function makeCrl(ca: MadeCert, opts?: {
    revoked?: MadeCert[];
    thisUpdate?: Date;
    nextUpdate?: Date;
}): Promise<{
    der: Buffer;
    pem: string;
}>;
/** Several certificates as one PEM text (concatenated PEM blocks). */
export declare function pemBundle(...certs: MadeCert[]): string;
/** A self-signed leaf whose validity ended one day ago (notBefore 60 days ago). */
export declare function expiredCert(cn: string): Promise<MadeCert>;
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
export declare function makeManyCerts(n: number, prefix?: string): Promise<MadeCert[]>;
export {};
