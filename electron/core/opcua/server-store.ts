import type { CertSummary, StoreEntry } from '../../../shared/types/cert';
import type { ParsedCertificate } from '../x509/parse';
import type { ServerStoreFindings } from './diagnosis';

export type OurCertificate = Pick<ParsedCertificate, 'sha256' | 'issuer' | 'serialNumber' | 'selfSigned'>;

/** True when this store is the PKI of the server whose certificate we were shown. */
export function isStoreOfServer(entries: StoreEntry[], serverSha256: string | null): boolean {
  return serverSha256 !== null && entries.some((e) => e.kind === 'certificate' && e.folder === 'own' && e.id === serverSha256);
}

/**
 * What a server's store tells about our certificate: which folder it is in, and for a CA-signed
 * one whether the server has its issuer and the issuer's CRL (judged from our own certificate: a
 * server that refuses it for its issuer's CRL keeps no copy of it).
 */
export function serverStoreFindings(store: { id: string; name: string }, entries: StoreEntry[], ours: OurCertificate): ServerStoreFindings {
  const copies = entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.id === ours.sha256);
  const placed = copies.find((e) => e.folder === 'trusted') ?? copies.find((e) => e.folder === 'rejected') ?? copies[0] ?? null;
  let issuer: ServerStoreFindings['issuer'] = null;
  if (!ours.selfSigned) {
    const issuerName = ours.issuer.text;
    const ca = entries.find((e): e is CertSummary => e.kind === 'certificate' && e.isCA && (e.folder === 'trusted' || e.folder === 'issuers') && e.subject.text === issuerName);
    const crl = entries.find((e) => e.kind === 'crl' && e.issuer.text === issuerName);
    issuer = { present: !!ca, crlPresent: !!crl, revoked: !!crl && crl.kind === 'crl' && crl.revokedSerials.includes(ours.serialNumber) };
  }
  return { storeId: store.id, storeName: store.name, ourCertificate: placed ? { folder: placed.folder, file: placed.file, id: placed.id } : null, issuer };
}
