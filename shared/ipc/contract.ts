/**
 * The one contract between the renderer and its host (Electron main or the browser-mode server).
 * Every request is declared here once: channel, zod input schema, result type.
 */
import { z } from 'zod';
import { LAYOUT_IDS, type LayoutId } from '../pki/layouts';
import type { ImportResult, SyncReport } from '../types/changes';
import type { StoreInfo, StoreView } from '../types/store';
import type { FolderKind, StoreEntry } from '../types/cert';
import { SECURITY_MODES, SECURITY_POLICIES, type ConnectProgress, type TestConnectionResult } from '../types/connect';
import type { DemoServerStatus, RecentConnection } from '../types/demo';
import { VERIFY_ROLES, VERIFY_SUPPRESSIONS, type VerifyResult } from '../types/verify';
import { ASSIGNMENT_SECURITY_MODES, OWN_CERT_KEY_SIZES, type DeleteOwnCertResult, type ExportedOwnFile, type InstallSignedResult, type IssuedCertificate, type OwnCertProgress, type OwnCertView, type SignedByCa, type SigningRequest, type UploadOwnCertResult } from '../types/own-certs';
import type { CaDeployOutcome, LocalCaView } from '../types/local-ca';
import { EXPIRING_SOON_LIMITS, type AppSettings } from '../types/settings';
import { REMOTE_SECURITY_MODES, REMOTE_SECURITY_POLICIES, type AddRemoteOutcome, type FleetPushOutcome, type FleetRow, type RemoteProgress, type RenewOutcome } from '../types/remote';
import type { Result } from './result';
import type { EventChannelName, RequestChannelName } from './channels';

/** Longest string any request may carry (paths, names); longer input is refused. */
const MAX_TEXT = 4096;
/** Files imported in one request, and their size once base64-encoded. */
const MAX_IMPORT_FILES = 200;
const MAX_IMPORT_BASE64 = 6 * 1024 * 1024;

const text = z.string().min(1).max(MAX_TEXT);
const storeId = z.string().min(1).max(128);
const thumbprint = z.string().regex(/^([0-9a-f]{64}|file:.+)$/).max(MAX_TEXT);
const layoutId = z.enum(LAYOUT_IDS as [LayoutId, ...LayoutId[]]);
const changeKind = z.enum(['trust', 'reject', 'delete', 'move-to-issuers']);

export const entryRef = z.strictObject({ storeId, file: text, id: thumbprint });

export interface Detected {
  path: string;
  layout: LayoutId | null;
  confidence: number;
  found: string[];
}

export interface AppInfo {
  mode: 'electron' | 'browser';
  version: string;
  /** Id of the app's own client PKI store. */
  appStoreId: string | null;
  platform: string;
  /** Things the user must be told at start, once (a damaged settings file set aside, an interrupted sync finished). */
  notices: string[];
}

export interface StoreSyncReport extends SyncReport {
  storeId: string;
}

export interface SyncOutcome {
  reports: StoreSyncReport[];
  stores: StoreView[];
}

export interface ExportedFile {
  name: string;
  /** The certificate bytes, base64: they cross only on an explicit export. */
  base64: string;
  mime: string;
}

/** An own certificate by id (or name / thumbprint prefix, as the core accepts). */
const ownRef = z.string().min(1).max(256);
const ownFile = z.strictObject({ name: z.string().min(1).max(512), base64: z.string().min(1).max(MAX_IMPORT_BASE64) });
const keySize = z.literal([...OWN_CERT_KEY_SIZES]);
const validityDays = z.number().int().min(1).max(36500);
const ownName = z.string().trim().min(1).max(200);
const hostOrIp = z.string().min(1).max(255);
const runId = z.string().regex(/^[\w-]{1,64}$/);
const endpointUrl = z.string().regex(/^opc\.tcp:\/\/[^\s]+$/i, 'an endpoint URL like opc.tcp://host:4840').max(2048);

/** Own certificates of the app's store, and the app store re-read after a change. */
export interface OwnCertsOutcome {
  certificates: OwnCertView[];
  store: StoreView;
}

/** A signed certificate installed on an own certificate, with the list and the app store re-read. */
export type InstallSignedOutcome = OwnCertsOutcome & { installed: InstallSignedResult };

/** What the local CA signed; for an own certificate, the certificate is installed at once (`own`). */
export interface CaSignOutcome {
  ca: LocalCaView;
  signed: SignedByCa;
  own: InstallSignedOutcome | null;
}

const crlDays = z.number().int().min(1).max(3650);

export const requests = {
  'app:get-info': { input: z.strictObject({}), result: null as unknown as AppInfo },
  'stores:list': { input: z.strictObject({}), result: null as unknown as StoreView[] },
  'stores:detect': { input: z.strictObject({ path: text }), result: null as unknown as Detected },
  'stores:add': {
    input: z.strictObject({ path: text, layout: layoutId.optional(), name: z.string().max(200).optional() }),
    result: null as unknown as StoreView,
  },
  'stores:remove': { input: z.strictObject({ storeId }), result: null as unknown as StoreInfo[] },
  'changes:sync': {
    input: z.strictObject({
      changes: z.array(z.strictObject({ storeId, kind: changeKind, file: text, id: thumbprint })).max(10_000),
    }),
    result: null as unknown as SyncOutcome,
  },
  'certs:export': {
    input: z.strictObject({ storeId, file: text, id: thumbprint, format: z.enum(['der', 'pem']) }),
    result: null as unknown as ExportedFile,
  },
  'certs:import': {
    input: z.strictObject({
      storeId,
      to: z.enum(['trusted', 'issuers', 'rejected']),
      files: z.array(z.strictObject({ name: z.string().min(1).max(512), base64: z.string().max(MAX_IMPORT_BASE64) })).min(1).max(MAX_IMPORT_FILES),
    }),
    result: null as unknown as { results: ImportResult[]; store: StoreView },
  },
  'certs:verify': {
    input: z.strictObject({
      /** The certificate to judge, from any store. */
      certificate: entryRef,
      /** The store of the application that judges it (the server's PKI for a client certificate). */
      judgeStoreId: storeId,
      role: z.enum(VERIFY_ROLES as unknown as ['client', 'server']),
      securityPolicy: z.enum(SECURITY_POLICIES),
      endpointHost: z.string().max(255).optional(),
      applicationUri: z.string().max(MAX_TEXT).optional(),
      suppress: z.array(z.enum(VERIFY_SUPPRESSIONS)).max(VERIFY_SUPPRESSIONS.length).optional(),
    }),
    result: null as unknown as VerifyResult,
  },
  'connect:test': {
    input: z.strictObject({
      endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^\s]+$/i, 'an endpoint URL like opc.tcp://host:4840').max(2048),
      securityPolicy: z.enum([...SECURITY_POLICIES, 'auto']).default('auto'),
      securityMode: z.enum([...SECURITY_MODES, 'auto']).default('auto'),
      userName: z.string().min(1).max(256).optional(),
      password: z.string().max(1024).optional(),
      /** Chosen by the caller so it can tell its own progress events from another window's. */
      runId: z.string().regex(/^[\w-]{1,64}$/).optional(),
    }),
    result: null as unknown as TestConnectionResult,
  },
  'connect:decide-server': {
    input: z.strictObject({ thumbprint: z.string().regex(/^[0-9a-f]{64}$/), decision: z.enum(['trust-permanently', 'accept-once', 'cancel']) }),
    result: null as unknown as { stores: StoreView[] },
  },
  'connect:list-recent': { input: z.strictObject({}), result: null as unknown as RecentConnection[] },
  'demo:get-status': { input: z.strictObject({}), result: null as unknown as DemoServerStatus },
  'demo:start': { input: z.strictObject({ port: z.number().int().min(1).max(65535).optional() }), result: null as unknown as DemoServerStatus },
  'demo:stop': { input: z.strictObject({}), result: null as unknown as DemoServerStatus },
  'demo:configure': {
    input: z.strictObject({ validation: z.enum(['trusted-list', 'trusted-ca', 'accept-any']), addRefusedToRejected: z.boolean() }),
    result: null as unknown as DemoServerStatus,
  },
  'own:list': { input: z.strictObject({}), result: null as unknown as OwnCertView[] },
  'own:generate': {
    input: z.strictObject({
      name: ownName,
      description: z.string().max(1000).optional(),
      applicationName: z.string().trim().min(1).max(200).optional(),
      hostnames: z.array(hostOrIp).max(32).optional(),
      ips: z.array(hostOrIp).max(32).optional(),
      applicationUri: z.string().min(1).max(MAX_TEXT).optional(),
      keySize: keySize.optional(),
      validityDays: validityDays.optional(),
      makeDefault: z.boolean().optional(),
      /** Chosen by the caller so it can tell its own `own:progress` events from another window's. */
      runId: runId.optional(),
    }),
    result: null as unknown as OwnCertsOutcome & { certificate: OwnCertView },
  },
  'own:upload': {
    input: z.union([
      z.strictObject({ name: ownName, description: z.string().max(1000).optional(), certificate: ownFile, privateKey: ownFile, privateKeyPassword: z.string().max(1024).optional(), makeDefault: z.boolean().optional() }),
      z.strictObject({ name: ownName, description: z.string().max(1000).optional(), pfx: ownFile, pfxPassword: z.string().max(1024).optional(), makeDefault: z.boolean().optional() }),
    ]),
    result: null as unknown as OwnCertsOutcome & { upload: UploadOwnCertResult },
  },
  'own:regenerate': {
    input: z.strictObject({ id: ownRef, keySize: keySize.optional(), validityDays: validityDays.optional(), runId: runId.optional() }),
    result: null as unknown as OwnCertsOutcome & { certificate: OwnCertView },
  },
  'own:delete': { input: z.strictObject({ id: ownRef }), result: null as unknown as OwnCertsOutcome & { deleted: DeleteOwnCertResult } },
  'own:set-default': { input: z.strictObject({ id: ownRef }), result: null as unknown as OwnCertsOutcome },
  'own:assign': {
    input: z.strictObject({
      /** Null: the connection goes back to the default certificate. */
      id: ownRef.nullable(),
      endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^\s]+$/i, 'an endpoint URL like opc.tcp://host:4840').max(2048),
      securityMode: z.enum(ASSIGNMENT_SECURITY_MODES).default('SignAndEncrypt'),
    }),
    result: null as unknown as OwnCertsOutcome,
  },
  'own:export': {
    input: z.union([
      z.strictObject({ id: ownRef, what: z.literal('certificate'), format: z.enum(['der', 'pem']) }),
      // The private key crosses only on an explicit, confirmed request.
      z.strictObject({ id: ownRef, what: z.literal('private-key'), confirm: z.literal(true) }),
    ]),
    result: null as unknown as ExportedOwnFile,
  },
  'own:create-csr': { input: z.strictObject({ id: ownRef, format: z.enum(['der', 'pem']).default('pem') }), result: null as unknown as SigningRequest },
  /** Installs the CA-signed certificate of an own certificate; issuer certificates and CRLs in the files go to issuers. */
  'own:install-signed': { input: z.strictObject({ id: ownRef, files: z.array(ownFile).min(1).max(20) }), result: null as unknown as InstallSignedOutcome },
  'settings:get': { input: z.strictObject({}), result: null as unknown as AppSettings },
  /** Changes the settings given; the others keep their values. */
  'settings:update': {
    input: z.strictObject({ expiringSoonDays: z.number().int().min(EXPIRING_SOON_LIMITS.min).max(EXPIRING_SOON_LIMITS.max).optional() }),
    result: null as unknown as AppSettings,
  },
  /** The app's local CA (`<app home>/ca`, the one `uatrust ca` uses); `info` is null before it is created. */
  'ca:get': { input: z.strictObject({}), result: null as unknown as LocalCaView },
  'ca:init': {
    input: z.strictObject({ commonName: ownName, organization: z.string().trim().max(200).optional(), keySize: keySize.optional(), validityDays: validityDays.optional(), crlDays: crlDays.optional() }),
    result: null as unknown as LocalCaView,
  },
  /** Signs a PKCS#10 request (a file), or one made for an own certificate's key, which is then installed. */
  'ca:sign': {
    input: z.union([z.strictObject({ csr: ownFile, validityDays: validityDays.optional() }), z.strictObject({ ownId: ownRef, validityDays: validityDays.optional() })]),
    result: null as unknown as CaSignOutcome,
  },
  /** Revokes a certificate the CA issued (by serial) and publishes the new CRL. */
  'ca:revoke': { input: z.strictObject({ serial: z.string().regex(/^[0-9a-fA-F:]{1,128}$/) }), result: null as unknown as LocalCaView & { revoked: IssuedCertificate } },
  'ca:publish-crl': { input: z.strictObject({ days: crlDays.optional() }), result: null as unknown as LocalCaView },
  /** Copies the CA certificate and its current CRL into the trusted or issuers folder of each store, replacing its older CRLs there. */
  'ca:deploy': { input: z.strictObject({ storeIds: z.array(storeId).min(1).max(200), to: z.enum(['issuers', 'trusted']) }), result: null as unknown as CaDeployOutcome },
  /** The CA certificate or its current CRL as a file, to copy by hand where deploy does not reach; never the key. */
  'ca:download': { input: z.strictObject({ what: z.enum(['certificate', 'crl']), format: z.enum(['der', 'pem']) }), result: null as unknown as ExportedFile },
  /** Registers a remote server (Part 12 push); when its certificate is new, first asks for the user's decision (then `connect:decide-server` and add again). */
  'remote:add': {
    input: z.strictObject({
      name: z.string().trim().max(200).optional(),
      endpointUrl,
      securityPolicy: z.enum(REMOTE_SECURITY_POLICIES).default('Basic256Sha256'),
      securityMode: z.enum(REMOTE_SECURITY_MODES).default('SignAndEncrypt'),
      userName: z.string().min(1).max(256),
      password: z.string().min(1).max(1024),
      /** Keep the password in the OS keychain (Electron only); otherwise it lives in memory for this session. */
      rememberPassword: z.boolean().default(false),
    }),
    result: null as unknown as AddRemoteOutcome,
  },
  /** Re-reads a remote server's trust list, rejected list and certificate. */
  'remote:refresh': { input: z.strictObject({ storeId }), result: null as unknown as StoreView },
  /** Gives the admin password again (after a restart when it was kept in memory only, or after it changed). */
  'remote:set-password': {
    input: z.strictObject({ storeId, password: z.string().min(1).max(1024), rememberPassword: z.boolean().default(false) }),
    result: null as unknown as StoreView,
  },
  'remote:fleet': { input: z.strictObject({}), result: null as unknown as FleetRow[] },
  /** Pushes certificates / CRLs from any store to the trusted or issuers list of several remote servers; `remote:progress` carries each server's steps. */
  'remote:fleet-push': {
    input: z.strictObject({
      storeIds: z.array(storeId).min(1).max(200),
      items: z.array(entryRef).min(1).max(100),
      to: z.enum(['trusted', 'issuers']),
      runId: runId.optional(),
    }),
    result: null as unknown as FleetPushOutcome,
  },
  /** Renews a remote server's certificate: CreateSigningRequest, signed by the local CA, UpdateCertificate, ApplyChanges, reconnect. */
  'remote:renew': {
    input: z.strictObject({ storeId, signWith: z.enum(['local-ca', 'csr-only']).default('local-ca'), regeneratePrivateKey: z.boolean().default(true), runId: runId.optional() }),
    result: null as unknown as RenewOutcome,
  },
} as const;

export type Channel = keyof typeof requests;
export type RequestInput<C extends Channel> = z.input<(typeof requests)[C]['input']>;
export type RequestResult<C extends Channel> = (typeof requests)[C]['result'];

/** What the renderer sees: one function per channel, each returning a Result. */
export type Api = { [C in Channel]: (input: RequestInput<C>) => Promise<Result<RequestResult<C>>> };

/** Events pushed from the host to the renderer. */
interface StoreChangeCause {
  storeId: string;
  /** The change that was noticed (the newest arrival of a batch): the UI marks an added file new. */
  type: 'added' | 'removed' | 'changed';
  folder: FolderKind;
  file: string;
  thumbprint: string | null;
}

/**
 * A store's content from `baseRevision` to `revision`, file by file: `removed` files are gone, the
 * entries of `added` and `updated` files replace whatever the view held for those files.
 */
export interface StoreDelta {
  revision: number;
  baseRevision: number;
  added: StoreEntry[];
  updated: StoreEntry[];
  /** Store-relative files. */
  removed: string[];
  missingFolders: string[];
  error: string | null;
  scannedAt: string;
}

/**
 * A store changed: as a delta from the revision the renderer holds (see StoreView.revision), or as
 * the whole store when no delta fits (a flood, a remote server re-read). A renderer whose revision
 * is not `baseRevision` re-reads the list instead.
 */
export type StoreChangedEvent = StoreChangeCause & (({ store?: undefined } & StoreDelta) | { store: StoreView });

export interface Events {
  'stores:changed': StoreChangedEvent;
  'remote:progress': RemoteProgress;
  'connect:progress': ConnectProgress;
  'demo:status': DemoServerStatus;
  'own:progress': OwnCertProgressEvent;
}

/** A step of generating or regenerating an own certificate (the key takes seconds at 4096 bits). */
export interface OwnCertProgressEvent {
  runId: string;
  step: OwnCertProgress;
}
export type EventName = keyof Events;

export const CHANNELS = Object.keys(requests) as Channel[];

// Compile-time check: the preload's name lists and this contract name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsAgree: Same<Channel, RequestChannelName> & Same<EventName, EventChannelName> = true;
void channelsAgree;

/** Validates an input with the channel's schema: a Result, never a throw. */
export function parseInput<C extends Channel>(channel: C, input: unknown): Result<z.output<(typeof requests)[C]['input']>> {
  const parsed = requests[channel].input.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof requests)[C]['input']> };
  const issue = parsed.error.issues[0];
  return { ok: false, error: { code: 'INVALID_INPUT', message: `${channel}: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` } };
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(requests, name);
}
