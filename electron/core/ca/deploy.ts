import { readFileSync } from 'node:fs';
import type { LayoutId } from '../../../shared/pki/layouts';
import type { CrlSummary } from '../../../shared/types/cert';
import type { CaDeployResult } from '../../../shared/types/own-certs';
import { syncChanges } from '../pki/changeset';
import { importIntoStore } from '../pki/import';
import { PkiStore } from '../pki/store';
import { cryptoLib } from '../x509/crypto-lib';
import { decodeFile, describe, toPem } from '../x509/decode';
import { parseCertificate } from '../x509/parse';
import type { LocalCa } from './local-ca';

export interface DeployTarget {
  /** A PKI folder. */
  dir: string;
  /** Overrides layout detection. */
  layout?: LayoutId;
  /** The store already opened (the app's, whose watcher and scans should see the writes); `dir` is then its root. */
  store?: PkiStore;
}

async function signedByCa(crlDer: Buffer, caDer: Buffer): Promise<boolean> {
  try {
    const { x509 } = await cryptoLib();
    return await new x509.X509Crl(Uint8Array.from(crlDer)).verify({ publicKey: new x509.X509Certificate(Uint8Array.from(caDer)).publicKey });
  } catch {
    return false;
  }
}

/**
 * Copies the CA certificate and its current CRL into the issuers (or trusted) folder of each store
 * with the store import (one journaled write per store), then removes the CA's older CRLs there.
 * A server in "Trusted CA list" mode then accepts every certificate the CA signed and did not
 * revoke; `issuers` only lets it check chains whose CA it trusts otherwise. One store failing
 * does not stop the others.
 */
export async function deployCa(ca: LocalCa, targets: DeployTarget[], to: 'issuers' | 'trusted' = 'issuers'): Promise<CaDeployResult[]> {
  const caDer = ca.certificateDer();
  const crlDer = ca.crlDer();
  const caSubject = parseCertificate(caDer).subject.text;
  const crlId = ca.currentCrl()?.sha256;
  const results: CaDeployResult[] = [];
  for (const target of targets) {
    const result: CaDeployResult = { store: target.dir, to, results: [], removedCrls: [], error: null };
    try {
      const store = target.store ?? PkiStore.open(target.dir, { layout: target.layout });
      result.store = store.root;
      result.results = importIntoStore(
        store,
        [
          { name: 'CA certificate', bytes: Buffer.from(toPem(caDer, 'CERTIFICATE')) },
          { name: 'CA revocation list', bytes: Buffer.from(toPem(crlDer, 'X509 CRL')) },
        ],
        to,
      );
      const older = store
        .entries()
        .filter((e): e is CrlSummary => e.kind === 'crl' && e.folder === to && e.issuer.text === caSubject && e.id !== crlId);
      const stale: CrlSummary[] = [];
      for (const crl of older) {
        const der = decodeFile(readFileSync(store.resolve(crl.file))).items.find((i) => i.type === 'crl');
        if (der && der.type === 'crl' && (await signedByCa(der.der, caDer))) stale.push(crl);
      }
      if (stale.length) {
        const report = syncChanges(store, stale.map((c) => ({ kind: 'delete', file: c.file, id: c.id })));
        result.removedCrls = report.results.filter((r) => r.status === 'done').map((r) => r.file);
      }
    } catch (error) {
      result.error = describe(error);
    }
    results.push(result);
  }
  return results;
}
