export { OwnCertificates, type OpenOwnCertificatesOptions } from './own-certificates';
export { normalizeEndpointUrl } from './input';
export type { ProgressListener } from './lifecycle';
export type { ViewOptions } from './view';
