import path from 'node:path';
import type { CaSignOutcome, ExportedFile, InstallSignedOutcome, OwnCertsOutcome } from '../../../shared/ipc/contract';
import type { CaDeployOutcome, CaStoreDeployResult, LocalCaView } from '../../../shared/types/local-ca';
import type { IssuedCertificate, OwnCertFile, OwnCertKeySize } from '../../../shared/types/own-certs';
import type { StoreInfo, StoreView } from '../../../shared/types/store';
import { deployCa, LocalCa, type DeployTarget } from '../ca';
import { hasCa } from '../ca/ca-files';
import { TrustError } from '../errors';
import type { OwnCertificates } from '../own-certs';
import { safeFilePart } from '../pki/naming';
import type { PkiStore } from '../pki/store';
import { parseCertificate } from '../x509/parse';

/** What the CA service needs from the app: its home, its own certificates and its opened stores. */
export interface CaServiceHost {
  /** The app's folder: the CA lives in `<home>/ca`, where `uatrust ca` finds it too. */
  home(): string;
  /** Id of the app's own store, where own certificates and their issuers live. */
  readonly appStoreId: string;
  own(): OwnCertificates;
  /** The own certificates and the app store re-read after a change (and the watcher's echo silenced). */
  ownOutcome(): OwnCertsOutcome;
  /** An opened store by id (NOT_FOUND otherwise); `store` is null when it cannot be read. */
  store(storeId: string): { info: StoreInfo; store: PkiStore | null };
  /** Called before files are written into a store, so that the watcher's echo is not news to the user. */
  willWrite(storeId: string): void;
  /** The store re-read after a write. */
  view(storeId: string): StoreView;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * The local CA in the app (Azure OPC Vault's workflow for labs and small plants): create it, sign
 * requests (a file, or one made for an own certificate's key, then installed), revoke, publish the
 * CRL, and deploy the CA certificate and CRL to the stores here. Also installs a signed certificate
 * on an own certificate, the last step of the CSR round trip.
 */
export class CaService {
  constructor(private readonly host: CaServiceHost) {}

  /** Where the CA lives. */
  get dir(): string {
    return path.join(this.host.home(), 'ca');
  }

  private open(): LocalCa {
    if (!hasCa(this.dir)) throw new TrustError('NOT_FOUND', 'there is no local CA yet: create one first');
    return LocalCa.open(this.dir);
  }

  /** The CA's facts and what it issued (newest first); `info` null before it is created. */
  get(): LocalCaView {
    if (!hasCa(this.dir)) return { info: null, issued: [] };
    const ca = LocalCa.open(this.dir);
    return { info: ca.info(), issued: [...ca.issued()].reverse() };
  }

  async init(input: { commonName: string; organization?: string; keySize?: OwnCertKeySize; validityDays?: number; crlDays?: number }): Promise<LocalCaView> {
    await LocalCa.init(this.dir, { ...input, organization: input.organization || undefined });
    return this.get();
  }

  /**
   * Signs a request file, or makes one for an own certificate's key, signs it and installs the
   * result with the CA certificate and CRL (they go to the app store's issuers folder).
   */
  async sign(input: { csr: OwnCertFile; validityDays?: number } | { ownId: string; validityDays?: number }): Promise<CaSignOutcome> {
    const ca = this.open();
    if ('csr' in input) {
      const signed = await ca.sign(Buffer.from(input.csr.base64, 'base64'), { validityDays: input.validityDays });
      return { ca: this.get(), signed, own: null };
    }
    const own = this.host.own();
    const request = await own.createSigningRequest(input.ownId, 'der');
    const signed = await ca.sign(Buffer.from(request.base64, 'base64'), { validityDays: input.validityDays });
    const installed = this.installSigned({ id: input.ownId, files: [{ name: `${signed.issued.serial}.pem`, base64: b64(signed.certificatePem + signed.caCertificatePem) }, ca.exportCrl('pem')] });
    return { ca: this.get(), signed, own: installed };
  }

  /** Installs a CA-signed certificate on an own certificate: refused when the key or the ApplicationUri does not match. */
  installSigned(input: { id: string; files: OwnCertFile[] }): InstallSignedOutcome {
    this.host.willWrite(this.host.appStoreId);
    const installed = this.host.own().installSigned(input.id, input.files);
    return { installed, ...this.host.ownOutcome() };
  }

  async revoke(serial: string): Promise<LocalCaView & { revoked: IssuedCertificate }> {
    const { revoked } = await this.open().revoke(serial);
    return { ...this.get(), revoked };
  }

  async publishCrl(days?: number): Promise<LocalCaView> {
    await this.open().publishCrl({ days });
    return this.get();
  }

  /**
   * The CA certificate or its current CRL as a file, to copy by hand to a server the app does not
   * manage; named after the CA like own certificates are (`Line_CA.der`, `Line_CA.crl`). Never the key.
   */
  download(input: { what: 'certificate' | 'crl'; format: 'der' | 'pem' }): ExportedFile {
    const ca = this.open();
    const base = safeFilePart(parseCertificate(ca.certificateDer()).subject.cn).replace(/\s+/g, '_');
    if (input.what === 'certificate') {
      const { base64, mime } = ca.exportCertificate(input.format);
      return { name: `${base}.${input.format}`, base64, mime };
    }
    if (!ca.currentCrl()) throw new TrustError('NOT_FOUND', 'the local CA has no CRL yet: publish the CRL first');
    const { base64, mime } = ca.exportCrl(input.format);
    return { name: `${base}.crl${input.format === 'pem' ? '.pem' : ''}`, base64, mime };
  }

  /**
   * Copies the CA certificate and its current CRL into each store (one journaled import per store)
   * and reports store by store; a store that cannot take them does not stop the others.
   */
  async deploy(input: { storeIds: string[]; to: 'issuers' | 'trusted' }): Promise<CaDeployOutcome> {
    const ca = this.open();
    const reports: CaStoreDeployResult[] = [];
    const stores: StoreView[] = [];
    for (const storeId of [...new Set(input.storeIds)]) {
      let opened: ReturnType<CaServiceHost['store']>;
      try {
        opened = this.host.store(storeId);
      } catch (error) {
        reports.push({ storeId, storeName: storeId, store: '', to: input.to, results: [], removedCrls: [], error: (error as Error).message });
        continue;
      }
      const { info, store } = opened;
      const base = { storeId, storeName: info.name, store: store?.root ?? info.root, to: input.to, results: [], removedCrls: [] };
      const refusal =
        info.role === 'remote'
          ? 'a remote server: push the CA certificate and CRL to it with Fleet push'
          : !store
            ? 'the folder cannot be read'
            : !info.writable
              ? 'the folder is read-only for this app'
              : null;
      if (refusal || !store) {
        reports.push({ ...base, error: refusal });
        continue;
      }
      this.host.willWrite(storeId);
      const target: DeployTarget = { dir: store.root, store };
      const [result] = await deployCa(ca, [target], input.to);
      reports.push({ ...result, storeId, storeName: info.name });
      stores.push(this.host.view(storeId));
    }
    return { reports, stores };
  }
}
