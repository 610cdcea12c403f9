/** Own certificates as the host sends them, for renderer tests. */
import type { OwnCertView } from '../../../shared/types/own-certs';

let serial = 0;

export function ownCert(name: string, overrides: Partial<OwnCertView> = {}): OwnCertView {
  const n = ++serial;
  return {
    id: `own-${n}`,
    name,
    description: '',
    applicationName: 'OpcUaTrustManager',
    applicationUri: `urn:host:${name}`,
    hostnames: ['host'],
    ips: [],
    keySize: 2048,
    validityDays: 730,
    certificateFile: `own/certs/${name}.pem`,
    privateKeyFile: `own/private/${name}.pem`,
    isDefault: false,
    assignments: [],
    backups: [],
    origin: 'generated',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    statuses: ['valid'],
    connectionCount: 0,
    certificate: null,
    expiresInDays: 700,
    files: { certificate: 'ok', privateKey: 'ok' },
    fileProblems: [],
    ...overrides,
  };
}
