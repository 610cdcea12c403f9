import type { CaDeployResult, IssuedCertificate, LocalCaInfo } from './own-certs';
import type { StoreView } from './store';

/** The app's local CA (`<app home>/ca`) as the UI shows it: none yet, or its facts and what it issued. */
export interface LocalCaView {
  /** Null until the user creates the CA. */
  info: LocalCaInfo | null;
  /** Newest first. */
  issued: IssuedCertificate[];
}

/** Deploy's report for one store, by the id the tree knows it by. */
export interface CaStoreDeployResult extends CaDeployResult {
  storeId: string;
  storeName: string;
}

export interface CaDeployOutcome {
  reports: CaStoreDeployResult[];
  /** The stores deployed to, re-read. */
  stores: StoreView[];
}
