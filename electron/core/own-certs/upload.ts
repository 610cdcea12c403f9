import { createPrivateKey, KeyObject } from 'node:crypto';
import type { ImportResult } from '../../../shared/types/changes';
import type { OwnCertFile, OwnCertRecord, UploadOwnCertInput } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { importIntoStore } from '../pki/import';
import { MAX_FILE_BYTES } from '../pki/scan';
import { PfxIntegrityError, PfxMalformedError, Pkcs12UnsupportedAlgorithmError } from '../x509/crypto-light';
import { cryptoLib } from '../x509/crypto-lib';
import { decodeFile, describe, toPem } from '../x509/decode';
import { parseCertificate, type ParsedCertificate } from '../x509/parse';
import type { OwnCertContext } from './context';
import { mutate, newFileNames } from './context';
import { applyFileSteps } from './file-steps';
import { checkDescription, checkName } from './input';
import { keyBits, keyMatchesCertificate, privateKeyPem, readPrivateKey } from './keys';
import { assertUniqueName, certificateBytes, makeDefault, newRecordId } from './lifecycle';

const DAY = 86_400_000;

/** The bytes of a file handed over as base64, size-checked. */
export function bytesOf(file: OwnCertFile | undefined, what: string): Buffer {
  if (!file || typeof file.base64 !== 'string') throw new TrustError('INVALID_INPUT', `the ${what} file is needed`);
  const bytes = Buffer.from(file.base64, 'base64');
  if (bytes.length === 0) throw new TrustError('INVALID_INPUT', `the ${what} file ${file.name} is empty`);
  if (bytes.length > MAX_FILE_BYTES) throw new TrustError('INVALID_INPUT', `the ${what} file ${file.name} is too large`);
  return bytes;
}

/** Every certificate in a file (PEM, PEM bundle, DER, DER chain), in file order. */
export function certificatesIn(bytes: Buffer, fileName: string): Buffer[] {
  const certs = decodeFile(bytes).items.flatMap((i) => (i.type === 'certificate' ? [i.der] : []));
  if (certs.length === 0) throw new TrustError('INVALID_CERT', `${fileName} holds no certificate (DER or PEM .der .pem .crt .cer expected)`);
  return certs;
}

interface Identity {
  leaf: Buffer;
  parsed: ParsedCertificate;
  chain: Buffer[];
  key: KeyObject;
}

async function fromPfx(input: UploadOwnCertInput): Promise<Identity> {
  const bytes = bytesOf(input.pfx, 'PKCS#12');
  const { parsePfx } = await cryptoLib();
  let pfx: Awaited<ReturnType<typeof parsePfx>>;
  try {
    pfx = await parsePfx(bytes, input.pfxPassword ?? '');
  } catch (error) {
    if (error instanceof PfxIntegrityError) throw new TrustError('INVALID_INPUT', `${input.pfx!.name}: wrong password, or the file is damaged`);
    if (error instanceof Pkcs12UnsupportedAlgorithmError) {
      throw new TrustError('INVALID_INPUT', `${input.pfx!.name} uses an old encryption (RC2/3DES) that is not supported: export it again with AES (openssl pkcs12 -export without -legacy), or upload the certificate and PEM key`);
    }
    if (error instanceof PfxMalformedError) throw new TrustError('INVALID_INPUT', `${input.pfx!.name}: ${error.message}`);
    throw new TrustError('INVALID_INPUT', `${input.pfx!.name} is not a readable PKCS#12 file: ${describe(error)}`);
  }
  const hidden = pfx.privateKey.hidden;
  const key =
    typeof hidden === 'string' ? createPrivateKey(hidden) : hidden instanceof KeyObject ? hidden : createPrivateKey(hidden.export({ type: 'pkcs8', format: 'pem' }) as string);
  const leaf = Buffer.from(pfx.certificate);
  if (!keyMatchesCertificate(leaf, key)) throw new TrustError('INVALID_CERT', `${input.pfx!.name}: its private key does not belong to its certificate`);
  return { leaf, parsed: parseCertificate(leaf), chain: pfx.certificateChain.map((c) => Buffer.from(c)), key };
}

function fromFiles(input: UploadOwnCertInput): Identity {
  const certificates = certificatesIn(bytesOf(input.certificate, 'certificate'), input.certificate!.name);
  const key = readPrivateKey(bytesOf(input.privateKey, 'private key'), input.privateKeyPassword);
  const leaf = certificates.find((der) => keyMatchesCertificate(der, key));
  if (!leaf) {
    const first = parseCertificate(certificates[0]);
    throw new TrustError('INVALID_CERT', `the private key ${input.privateKey!.name} does not belong to the certificate ${input.certificate!.name} (${first.subject.text}, SHA-1 ${first.sha1}); nothing was written`);
  }
  return { leaf, parsed: parseCertificate(leaf), chain: certificates.filter((c) => c !== leaf), key };
}

/**
 * Registers an existing certificate and its key (or a .pfx). The pair is checked before anything is
 * written; CA certificates that came with it go to the store's issuers folder.
 */
export async function uploadOwnCertificate(context: OwnCertContext, input: UploadOwnCertInput): Promise<{ id: string; issuers: ImportResult[] }> {
  const name = checkName(input.name);
  const description = checkDescription(input.description);
  if (input.pfx && (input.certificate || input.privateKey)) throw new TrustError('INVALID_INPUT', 'give either a .pfx or a certificate with its private key, not both');
  const identity = input.pfx ? await fromPfx(input) : fromFiles(input);
  const { parsed, leaf, key } = identity;
  if (parsed.isCA) throw new TrustError('INVALID_CERT', `${parsed.subject.text} is a CA certificate, not an application certificate`);
  const issuers = identity.chain.filter((der) => parseCertificate(der).isCA);

  const id = mutate(context, (records) => {
    assertUniqueName(records, name);
    const files = newFileNames(context, records, name);
    applyFileSteps(context, [
      { kind: 'write', file: files.certificateFile, bytes: certificateBytes(leaf, context.format) },
      { kind: 'write', file: files.privateKeyFile, bytes: privateKeyPem(key), privateKey: true },
    ]);
    const now = new Date().toISOString();
    const uri = parsed.applicationUri ?? '';
    const record: OwnCertRecord = {
      id: newRecordId(),
      name,
      description,
      applicationName: uri.split(':').pop() || parsed.subject.cn || '',
      applicationUri: uri,
      hostnames: parsed.dns,
      ips: parsed.ip,
      keySize: keyBits(key),
      validityDays: Math.round((parsed.notAfter.getTime() - parsed.notBefore.getTime()) / DAY),
      ...files,
      isDefault: false,
      assignments: [],
      backups: [],
      origin: 'uploaded',
      createdAt: now,
      updatedAt: now,
    };
    records.push(record);
    if (input.makeDefault || !records.some((r) => r.isDefault)) makeDefault(records, record);
    return record.id;
  });
  const imported = issuers.length ? importIntoStore(context.store, [{ name: 'issuer chain', bytes: Buffer.from(issuers.map((der) => toPem(der, 'CERTIFICATE')).join('')) }], 'issuers') : [];
  return { id, issuers: imported };
}
