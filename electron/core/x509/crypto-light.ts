/**
 * The parts of node-opcua-crypto that reading a store needs, taken from the package's own files
 * instead of its index. The index also loads @peculiar/x509, sshpk, tsyringe and the PKCS#12
 * schemas: ~300 ms to import, against ~20 ms for these files, on every start. They are the same
 * files the index re-exports, so the same module instances. The package's `exports` map offers
 * only its index, so they are imported by path; the version is pinned, and
 * tests/unit/core/x509/crypto-light.test.ts holds each export against the index's. Where the files
 * cannot be found, the index is loaded instead (the same functions, slower to load).
 * Key generation, CSRs, CRL signing and PKCS#12 come from the index, on first use (crypto-lib.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Crypto from 'node-opcua-crypto';

type LightNames =
  | 'exploreCertificate' | 'readExtension' | 'verify_certificate_der_structure' | 'split_der' | 'identifyDERContent'
  | 'exploreCertificateRevocationList' | 'verifyCertificateRevocationListSignature' | 'Subject'
  | 'CertificatePurpose' | 'PfxIntegrityError' | 'PfxMalformedError' | 'Pkcs12UnsupportedAlgorithmError' | 'asn1';
type Light = Pick<typeof Crypto, LightNames>;

/** The package's own files, by path (resolved from here: the app's node_modules). */
async function fromFiles(): Promise<Light> {
  const packageRoot = path.dirname(createRequire(import.meta.url).resolve('node-opcua-crypto/package.json'));
  const load = (file: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(packageRoot, 'dist', 'source', file)).href);
  const files = ['crypto_explore_certificate.js', 'identify_der.js', 'explore_certificate_revocation_list.js', 'verify_certificate_signature.js', 'subject.js', 'common.js'];
  const [asn1File, directoryName, ...modules] = await Promise.all([load('asn1.js'), load('directory_name.js'), ...files.map(load)]);
  // The index's `asn1` object, made of the same functions.
  const asn1 = { readDirectoryName: directoryName.readDirectoryName, readTag: asn1File.readTag, readStruct: asn1File.readStruct, readAlgorithmIdentifier: asn1File.readAlgorithmIdentifier, readSignatureValueBin: asn1File.readSignatureValueBin };
  return Object.assign({}, ...modules, { asn1 }) as Light;
}

let viaFiles = true;
// Where the files cannot be found (a bundle that inlined the package, another layout of it), the
// index does the same work, only slower to load.
const light: Light = await fromFiles().catch(() => {
  viaFiles = false;
  return import('node-opcua-crypto');
});

/** False when the package's files could not be found and its index was loaded instead. */
export const usesLightFiles = viaFiles;
export const exploreCertificate: Light['exploreCertificate'] = light.exploreCertificate;
export const readExtension: Light['readExtension'] = light.readExtension;
export const verify_certificate_der_structure: Light['verify_certificate_der_structure'] = light.verify_certificate_der_structure;
export const split_der: Light['split_der'] = light.split_der;
export const identifyDERContent: Light['identifyDERContent'] = light.identifyDERContent;
export const exploreCertificateRevocationList: Light['exploreCertificateRevocationList'] = light.exploreCertificateRevocationList;
export const verifyCertificateRevocationListSignature: Light['verifyCertificateRevocationListSignature'] = light.verifyCertificateRevocationListSignature;
export const Subject: Light['Subject'] = light.Subject;
export const CertificatePurpose: Light['CertificatePurpose'] = light.CertificatePurpose;
export const PfxIntegrityError: Light['PfxIntegrityError'] = light.PfxIntegrityError;
export const PfxMalformedError: Light['PfxMalformedError'] = light.PfxMalformedError;
export const Pkcs12UnsupportedAlgorithmError: Light['Pkcs12UnsupportedAlgorithmError'] = light.Pkcs12UnsupportedAlgorithmError;
export const asn1: Light['asn1'] = light.asn1;
