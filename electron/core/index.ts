/** The core: files, certificates, verification, own certificates, a local CA; no Electron, no HTTP. */
export { TrustError, attempt } from './errors';
export { detectLayout, type Detection } from './pki/detect';
export { PkiStore, type OpenStoreOptions } from './pki/store';
export { syncChanges, changesFor } from './pki/changeset';
export { importIntoStore, readImportSources, exportEntry, type ImportSource, type ImportTarget } from './pki/import';
export { pruneRejected, REJECTED_FOLDER_CAP, type PruneReport } from './pki/prune';
export { StoreWatcher, type StoreChangeEvent } from './pki/watch';
export { verifyCertificate, NODE_OPCUA_NOTES, type CertificateInput } from './verify';
export { OwnCertificates, normalizeEndpointUrl, type OpenOwnCertificatesOptions } from './own-certs';
export { LocalCa, deployCa, CA_FILES, type InitCaOptions, type DeployTarget } from './ca';
