/** The core: files, certificates and (later) OPC UA; no Electron, no HTTP. */
export { TrustError, attempt } from './errors';
export { detectLayout, type Detection } from './pki/detect';
export { PkiStore, type OpenStoreOptions } from './pki/store';
export { syncChanges, changesFor } from './pki/changeset';
export { importIntoStore, readImportSources, exportEntry, type ImportSource, type ImportTarget } from './pki/import';
export { pruneRejected, REJECTED_FOLDER_CAP, type PruneReport } from './pki/prune';
export { StoreWatcher, type StoreChangeEvent } from './pki/watch';
