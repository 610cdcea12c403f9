import type { FolderKind } from '../types/cert';

export type LayoutId = 'node-opcua' | 'ua-net' | 'open62541' | 'uaexpert' | 'prosys' | 'flat';

/** A logical place in a PKI: the same for every stack, mapped to a path by the layout. */
export type LogicalFolder =
  | 'own.certs'
  | 'own.private'
  | 'trusted.certs'
  | 'trusted.crl'
  | 'issuers.certs'
  | 'issuers.crl'
  | 'rejected.certs';

/** How new files are named: `{cn}`, `{sha1}` (lower case), `{SHA1}` (upper case), `{ext}` (`.der`/`.pem`). */
export interface NamingRule {
  cert: string;
  /** Per-folder overrides, e.g. node-opcua's `issuer_` prefix or open62541's extension-less rejected files. */
  byFolder?: Partial<Record<FolderKind, string>>;
  crl: string;
  /** Format of new files in this layout. */
  format: 'der' | 'pem';
}

export interface LayoutProfile {
  id: LayoutId;
  label: string;
  description: string;
  /** Relative paths with `/` separators; a missing entry means the stack has no such folder. */
  folders: Partial<Record<LogicalFolder, string>>;
  naming: NamingRule;
  /** Names (files or folders) the stack keeps beside its certificates: never listed. */
  ignore: string[];
}

/** The layouts real stacks use, as data: adding a stack is adding a row. */
export const LAYOUTS: readonly LayoutProfile[] = [
  {
    id: 'node-opcua',
    label: 'node-opcua',
    description: 'node-opcua / node-opcua-pki (flat rejected folder, PEM files)',
    folders: {
      'own.certs': 'own/certs',
      'own.private': 'own/private',
      'trusted.certs': 'trusted/certs',
      'trusted.crl': 'trusted/crl',
      'issuers.certs': 'issuers/certs',
      'issuers.crl': 'issuers/crl',
      'rejected.certs': 'rejected',
    },
    naming: { cert: '{cn}[{sha1}].pem', byFolder: { issuers: 'issuer_{cn}[{sha1}].pem' }, crl: 'crl_[{sha1}].pem', format: 'pem' },
    ignore: ['mutex', '*.mutex', 'openssl.cnf', 'ca'],
  },
  {
    id: 'ua-net',
    label: 'UA-.NET / Part 12',
    description: 'OPC Foundation UA-.NET Standard, OPC UA Part 12 Annex F directory store',
    folders: {
      'own.certs': 'own/certs',
      'own.private': 'own/private',
      'trusted.certs': 'trusted/certs',
      'trusted.crl': 'trusted/crl',
      'issuers.certs': 'issuer/certs',
      'issuers.crl': 'issuer/crl',
      'rejected.certs': 'rejected/certs',
    },
    naming: { cert: '{cn} [{SHA1}].der', crl: '{cn} [{SHA1}].crl', format: 'der' },
    ignore: [],
  },
  {
    id: 'open62541',
    label: 'open62541',
    description: 'open62541 file certificate store (ApplCerts/ and UserTokenCerts/)',
    folders: {
      'own.certs': 'ApplCerts/own/certs',
      'own.private': 'ApplCerts/own/private',
      'trusted.certs': 'ApplCerts/trusted/certs',
      'trusted.crl': 'ApplCerts/trusted/crl',
      'issuers.certs': 'ApplCerts/issuer/certs',
      'issuers.crl': 'ApplCerts/issuer/crl',
      'rejected.certs': 'ApplCerts/rejected/certs',
    },
    naming: { cert: '{cn}[{SHA1}].der', byFolder: { rejected: '{cn}[{SHA1}]' }, crl: '{cn}[{SHA1}].crl', format: 'der' },
    ignore: [],
  },
  {
    id: 'uaexpert',
    label: 'UaExpert / Unified Automation',
    description: 'Unified Automation SDKs and UaExpert (issuers/ and rejected/certs)',
    folders: {
      'own.certs': 'own/certs',
      'own.private': 'own/private',
      'trusted.certs': 'trusted/certs',
      'trusted.crl': 'trusted/crl',
      'issuers.certs': 'issuers/certs',
      'issuers.crl': 'issuers/crl',
      'rejected.certs': 'rejected/certs',
    },
    naming: { cert: '{cn} [{SHA1}].der', crl: '{cn} [{SHA1}].crl', format: 'der' },
    ignore: [],
  },
  {
    id: 'prosys',
    label: 'Prosys',
    description: 'Prosys OPC UA SDK for Java (private/, certs/, CA/)',
    folders: {
      'own.private': 'private',
      'trusted.certs': 'certs',
      'issuers.certs': 'CA/certs',
      'issuers.crl': 'CA/crl',
      'rejected.certs': 'rejected',
    },
    naming: { cert: '{cn} [{SHA1}].der', crl: '{cn} [{SHA1}].crl', format: 'der' },
    ignore: [],
  },
  {
    id: 'flat',
    label: 'Flat (TwinCAT-style)',
    description: 'own/, trusted/ and rejected/ without sub-folders (TwinCAT OPC UA Gateway and similar)',
    folders: {
      'own.certs': 'own',
      'trusted.certs': 'trusted',
      'rejected.certs': 'rejected',
    },
    naming: { cert: '{cn} [{SHA1}].der', crl: '{cn} [{SHA1}].crl', format: 'der' },
    ignore: [],
  },
];

export const LAYOUT_IDS = LAYOUTS.map((l) => l.id) as readonly LayoutId[];

export function isLayoutId(value: string): value is LayoutId {
  return (LAYOUT_IDS as readonly string[]).includes(value);
}

export function getLayout(id: LayoutId): LayoutProfile {
  const layout = LAYOUTS.find((l) => l.id === id);
  if (!layout) throw new Error(`unknown layout ${id}`);
  return layout;
}

/** The folder a certificate goes to when it is moved into `kind` (CRLs have their own). */
export function certFolderOf(kind: FolderKind): LogicalFolder {
  return `${kind === 'own' ? 'own' : kind}.certs` as LogicalFolder;
}

/** Which user-visible folder a logical folder belongs to. */
export function folderKindOf(logical: LogicalFolder): FolderKind {
  return logical.split('.')[0] as FolderKind;
}
