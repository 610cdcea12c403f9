/**
 * The parts of node-opcua-crypto that reading a store needs, taken from the package's own files
 * instead of its index. The index also loads @peculiar/x509, sshpk, tsyringe and the PKCS#12
 * schemas: ~300 ms to import, against ~20 ms for these files, on every start. They are the same
 * files the index re-exports, so the same module instances. The package's `exports` map offers
 * only its index, so they are imported by path; the version is pinned, and
 * tests/unit/core/x509/crypto-light.test.ts holds each export against the index's.
 * Key generation, CSRs, CRL signing and PKCS#12 come from the index, on first use (crypto-lib.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Crypto from 'node-opcua-crypto';

const packageRoot = path.dirname(createRequire(import.meta.url).resolve('node-opcua-crypto/package.json'));
/** One of the package's source files, typed as the part of the index it provides. */
const load = <K extends keyof typeof Crypto>(file: string): Promise<Pick<typeof Crypto, K>> =>
  import(pathToFileURL(path.join(packageRoot, 'dist', 'source', file)).href) as Promise<Pick<typeof Crypto, K>>;

const [explore, identify, crl, signature, subject, common, asn1File, directoryName] = await Promise.all([
  load<'exploreCertificate' | 'readExtension' | 'verify_certificate_der_structure' | 'split_der'>('crypto_explore_certificate.js'),
  load<'identifyDERContent'>('identify_der.js'),
  load<'exploreCertificateRevocationList'>('explore_certificate_revocation_list.js'),
  load<'verifyCertificateRevocationListSignature'>('verify_certificate_signature.js'),
  load<'Subject'>('subject.js'),
  load<'CertificatePurpose' | 'PfxIntegrityError' | 'PfxMalformedError' | 'Pkcs12UnsupportedAlgorithmError'>('common.js'),
  import(pathToFileURL(path.join(packageRoot, 'dist', 'source', 'asn1.js')).href) as Promise<Pick<typeof Crypto.asn1, 'readTag' | 'readStruct' | 'readAlgorithmIdentifier' | 'readSignatureValueBin'>>,
  import(pathToFileURL(path.join(packageRoot, 'dist', 'source', 'directory_name.js')).href) as Promise<Pick<typeof Crypto.asn1, 'readDirectoryName'>>,
]);

export const { exploreCertificate, readExtension, verify_certificate_der_structure, split_der } = explore;
export const { identifyDERContent } = identify;
export const { exploreCertificateRevocationList } = crl;
export const { verifyCertificateRevocationListSignature } = signature;
export const { Subject } = subject;
export const { CertificatePurpose, PfxIntegrityError, PfxMalformedError, Pkcs12UnsupportedAlgorithmError } = common;
/** The index's `asn1` object, made of the same functions. */
export const asn1: typeof Crypto.asn1 = {
  readDirectoryName: directoryName.readDirectoryName,
  readTag: asn1File.readTag,
  readStruct: asn1File.readStruct,
  readAlgorithmIdentifier: asn1File.readAlgorithmIdentifier,
  readSignatureValueBin: asn1File.readSignatureValueBin,
};
