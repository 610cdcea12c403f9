import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLayoutId, type LayoutId } from '../../../shared/pki/layouts';
import type { StoreRole } from '../../../shared/types/store';
import type { DemoServerSettings, RecentConnection } from '../../../shared/types/demo';
import { REMOTE_SECURITY_MODES, REMOTE_SECURITY_POLICIES, type RemoteServerSettings } from '../../../shared/types/remote';
import { EXPIRING_SOON_LIMITS } from '../../../shared/types/settings';
import { writeFileAtomic } from '../pki/fs-atomic';
import { REJECTED_FOLDER_CAP } from '../pki/prune';

export interface RegisteredStore {
  id: string;
  name: string;
  root: string;
  layout: LayoutId;
  role: StoreRole;
}

export interface Settings {
  version: 1;
  stores: RegisteredStore[];
  /** How many certificates a managed rejected folder keeps; the oldest go first. */
  rejectedFolderCap: number;
  demoServer: DemoServerSettings;
  /** When the user cancels the first-connection dialog, keep the server's certificate in our rejected folder. */
  rejectCancelledServerCertificates: boolean;
  /** The latest test connections, newest first (never passwords). */
  recentConnections: RecentConnection[];
  /** Own certificates are badged "Expiring soon" this many days before they expire. */
  expiringSoonDays: number;
  /** Remote servers managed through OPC UA Part 12 (their passwords are never here). */
  remoteServers: RemoteServerSettings[];
}

export const MAX_RECENT_CONNECTIONS = 20;

const DEFAULTS: Settings = {
  version: 1,
  stores: [],
  rejectedFolderCap: REJECTED_FOLDER_CAP,
  demoServer: { autoStart: true, port: 4840, validation: 'trusted-list', addRefusedToRejected: true },
  rejectCancelledServerCertificates: false,
  recentConnections: [],
  expiringSoonDays: EXPIRING_SOON_LIMITS.default,
  remoteServers: [],
};

/** The app's folder for settings and its own PKI: UATRUST_HOME, else the platform's config folder. */
export function appHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.UATRUST_HOME) return path.resolve(env.UATRUST_HOME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'OpcUaTrustManager');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'OpcUaTrustManager');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'opcua-trust-manager');
}

/** A whole number of days within the limits the UI offers. */
export function isExpiringSoonDays(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= EXPIRING_SOON_LIMITS.min && (value as number) <= EXPIRING_SOON_LIMITS.max;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isRemoteServer(s: unknown): s is RemoteServerSettings {
  if (!isObject(s)) return false;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  return text(s.id) && /^[\w-]{1,128}$/.test(String(s.id)) && text(s.name) && text(s.endpointUrl) && text(s.userName)
    && (REMOTE_SECURITY_POLICIES as readonly string[]).includes(String(s.securityPolicy)) && (REMOTE_SECURITY_MODES as readonly string[]).includes(String(s.securityMode));
}

/** Valid settings from whatever the file held, and the names of the parts that were present but invalid. */
function sanitize(data: Record<string, unknown>): { settings: Settings; invalid: string[] } {
  const invalid: string[] = [];
  const field = <T>(name: string, ok: boolean, value: T, fallback: T): T => {
    if (data[name] !== undefined && !ok) invalid.push(name);
    return ok ? value : fallback;
  };
  const rawStores = Array.isArray(data.stores) ? data.stores : [];
  const stores = rawStores.filter(
    (s): s is RegisteredStore =>
      typeof s?.id === 'string' && typeof s.root === 'string' && typeof s.name === 'string' && isLayoutId(String(s.layout)) && ['server', 'client', 'app-own', 'remote'].includes(String(s.role)),
  );
  if ((data.stores !== undefined && !Array.isArray(data.stores)) || stores.length < rawStores.length) invalid.push('stores');
  const cap = data.rejectedFolderCap as number;
  const rejectedFolderCap = field('rejectedFolderCap', Number.isInteger(cap) && cap > 0, cap, DEFAULTS.rejectedFolderCap);
  const demo = isObject(data.demoServer) ? (data.demoServer as Partial<DemoServerSettings>) : {};
  if (data.demoServer !== undefined && !isObject(data.demoServer)) invalid.push('demoServer');
  const port = demo.port as number;
  const demoField = <T>(name: keyof DemoServerSettings, ok: boolean, value: T, fallback: T): T => {
    if (demo[name] !== undefined && !ok) invalid.push(`demoServer.${name}`);
    return ok ? value : fallback;
  };
  const demoServer: DemoServerSettings = {
    autoStart: demoField('autoStart', typeof demo.autoStart === 'boolean', demo.autoStart as boolean, DEFAULTS.demoServer.autoStart),
    port: demoField('port', Number.isInteger(port) && port > 0 && port < 65536, port, DEFAULTS.demoServer.port),
    validation: demoField('validation', ['trusted-list', 'trusted-ca', 'accept-any'].includes(String(demo.validation)), demo.validation as DemoServerSettings['validation'], DEFAULTS.demoServer.validation),
    addRefusedToRejected: demoField('addRefusedToRejected', typeof demo.addRefusedToRejected === 'boolean', demo.addRefusedToRejected as boolean, DEFAULTS.demoServer.addRefusedToRejected),
  };
  const rawRecent = Array.isArray(data.recentConnections) ? data.recentConnections : [];
  const recentConnections = rawRecent.filter((r): r is RecentConnection => typeof r?.endpointUrl === 'string' && typeof r.at === 'string').slice(0, MAX_RECENT_CONNECTIONS);
  if ((data.recentConnections !== undefined && !Array.isArray(data.recentConnections)) || recentConnections.length < Math.min(rawRecent.length, MAX_RECENT_CONNECTIONS)) invalid.push('recentConnections');
  const rejectCancelled = field('rejectCancelledServerCertificates', typeof data.rejectCancelledServerCertificates === 'boolean', data.rejectCancelledServerCertificates === true, false);
  const rawRemote = Array.isArray(data.remoteServers) ? data.remoteServers : [];
  const remoteServers = rawRemote.filter(isRemoteServer).map(({ id, name, endpointUrl, securityPolicy, securityMode, userName }) => ({ id, name, endpointUrl, securityPolicy, securityMode, userName }));
  if ((data.remoteServers !== undefined && !Array.isArray(data.remoteServers)) || remoteServers.length < rawRemote.length) invalid.push('remoteServers');
  const soon = data.expiringSoonDays as number;
  const expiringSoonDays = field('expiringSoonDays', isExpiringSoonDays(soon), soon, DEFAULTS.expiringSoonDays);
  return { settings: { version: 1, stores, rejectedFolderCap, demoServer, rejectCancelledServerCertificates: rejectCancelled, recentConnections, expiringSoonDays, remoteServers }, invalid };
}

export interface LoadedSettings {
  settings: Settings;
  /** What the user must be told about the file: it was damaged and set aside, or parts were reset. */
  notices: string[];
}

const TEMP_OF_PID = /^settings\.json\.(\d+)\.tmp$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Settings persisted as one JSON file, written atomically (a temp file named after the writing
 * process, fsynced, then renamed over the old one); a damaged file is set aside, never lost.
 */
export class SettingsFile {
  readonly file: string;

  constructor(readonly home: string) {
    this.file = path.join(home, 'settings.json');
  }

  /** Reads the settings; a damaged file is moved aside as settings.json.damaged-<time> and replaced by the defaults. */
  load(): LoadedSettings {
    this.removeDeadTemps();
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { settings: structuredClone(DEFAULTS), notices: [] };
      return this.setAside(`it cannot be read: ${code ?? String(error)}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.setAside(text.trim() === '' ? 'it is empty' : 'it is not valid JSON (it may have been cut short)');
    }
    if (!isObject(raw)) return this.setAside('it does not hold settings');
    const { settings, invalid } = sanitize(raw);
    if (invalid.length === 0) return { settings, notices: [] };
    const backup = this.backupName();
    try {
      writeFileAtomic(backup, text, 0o600);
      this.save(settings);
    } catch {
      // Kept in memory only; the next save tries again.
    }
    return { settings, notices: [`Some settings were not valid and were reset to their defaults (${invalid.join(', ')}). The file as it was is kept as ${backup}.`] };
  }

  save(settings: Settings): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    rmSync(temp, { force: true });
    writeFileAtomic(this.file, `${JSON.stringify(settings, null, 2)}\n`, 0o600, temp);
  }

  private backupName(): string {
    return `${this.file}.damaged-${Date.now()}`;
  }

  /** Moves the damaged file aside (a rename: its bytes are kept even when it cannot be read) and writes the defaults. */
  private setAside(why: string): LoadedSettings {
    const settings = structuredClone(DEFAULTS);
    const backup = this.backupName();
    try {
      renameSync(this.file, backup);
    } catch (error) {
      return { settings, notices: [`The settings file ${this.file} is damaged (${why}) and cannot be moved aside (${(error as NodeJS.ErrnoException).code ?? error}); the app runs with its defaults.`] };
    }
    try {
      this.save(settings);
    } catch {
      // The defaults are in memory; the next save tries again.
    }
    return { settings, notices: [`The settings file was damaged (${why}). It was kept as ${backup} and replaced by the defaults: add your PKI folders again.`] };
  }

  /** Temp files of writers that died before their rename (a crash mid-save): the settings file itself is whole. */
  private removeDeadTemps(): void {
    let names: string[] = [];
    try {
      names = readdirSync(this.home);
    } catch {
      return;
    }
    for (const name of names) {
      const pid = TEMP_OF_PID.exec(name)?.[1];
      if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(path.join(this.home, name), { force: true });
    }
  }
}
