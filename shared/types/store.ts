import type { LayoutId } from '../pki/layouts';
import type { StoreEntry } from './cert';
import type { RemoteStatus } from './remote';

export type StoreRole = 'server' | 'client' | 'app-own' | 'remote';

/** A registered PKI folder, as the user sees it in the tree. */
export interface StoreInfo {
  id: string;
  name: string;
  root: string;
  layout: LayoutId;
  role: StoreRole;
  writable: boolean;
  /** Built-in stores (the app's own PKI, the demo server's) cannot be removed from the list. */
  builtIn: boolean;
}

/** A store with its content, as of the last scan. */
export interface StoreView extends StoreInfo {
  entries: StoreEntry[];
  missingFolders: string[];
  /** Set when the store cannot be read at all (folder gone, permission denied). */
  error: string | null;
  scannedAt: string;
  /** Which state of the store this is (see StoreChangedEvent); absent where the host does not track it. */
  revision?: number;
  /** For a remote server (role `remote`): how it is reached and how it is doing. Its entries mirror the server's trust list. */
  remote?: RemoteStatus;
}
