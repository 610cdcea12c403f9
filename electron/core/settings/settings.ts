import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLayoutId, type LayoutId } from '../../../shared/pki/layouts';
import type { StoreRole } from '../../../shared/types/store';
import type { DemoServerSettings, RecentConnection } from '../../../shared/types/demo';
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
}

export const MAX_RECENT_CONNECTIONS = 20;

const DEFAULTS: Settings = {
  version: 1,
  stores: [],
  rejectedFolderCap: REJECTED_FOLDER_CAP,
  demoServer: { autoStart: true, port: 4840, validation: 'trusted-list', addRefusedToRejected: true },
  rejectCancelledServerCertificates: false,
  recentConnections: [],
};

/** The app's folder for settings and its own PKI: UATRUST_HOME, else the platform's config folder. */
export function appHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.UATRUST_HOME) return path.resolve(env.UATRUST_HOME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'OpcUaTrustManager');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'OpcUaTrustManager');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'opcua-trust-manager');
}

function sanitize(raw: unknown): Settings {
  const data = (raw ?? {}) as Partial<Settings>;
  const stores = Array.isArray(data.stores)
    ? data.stores.filter(
        (s): s is RegisteredStore =>
          typeof s?.id === 'string' && typeof s.root === 'string' && typeof s.name === 'string' && isLayoutId(String(s.layout)) && ['server', 'client', 'app-own', 'remote'].includes(String(s.role)),
      )
    : [];
  const cap = Number.isInteger(data.rejectedFolderCap) && (data.rejectedFolderCap as number) > 0 ? (data.rejectedFolderCap as number) : DEFAULTS.rejectedFolderCap;
  const demo = (data.demoServer ?? {}) as Partial<DemoServerSettings>;
  const demoServer: DemoServerSettings = {
    autoStart: typeof demo.autoStart === 'boolean' ? demo.autoStart : DEFAULTS.demoServer.autoStart,
    port: Number.isInteger(demo.port) && (demo.port as number) > 0 && (demo.port as number) < 65536 ? (demo.port as number) : DEFAULTS.demoServer.port,
    validation: ['trusted-list', 'trusted-ca', 'accept-any'].includes(String(demo.validation)) ? (demo.validation as DemoServerSettings['validation']) : DEFAULTS.demoServer.validation,
    addRefusedToRejected: typeof demo.addRefusedToRejected === 'boolean' ? demo.addRefusedToRejected : DEFAULTS.demoServer.addRefusedToRejected,
  };
  const recentConnections = Array.isArray(data.recentConnections)
    ? data.recentConnections.filter((r) => typeof r?.endpointUrl === 'string' && typeof r.at === 'string').slice(0, MAX_RECENT_CONNECTIONS)
    : [];
  return {
    version: 1,
    stores,
    rejectedFolderCap: cap,
    demoServer,
    rejectCancelledServerCertificates: data.rejectCancelledServerCertificates === true,
    recentConnections,
  };
}

/** Settings persisted as one JSON file, written atomically; a damaged file is kept aside, not lost. */
export class SettingsFile {
  readonly file: string;

  constructor(readonly home: string) {
    this.file = path.join(home, 'settings.json');
  }

  load(): Settings {
    if (!existsSync(this.file)) return structuredClone(DEFAULTS);
    try {
      return sanitize(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      writeFileAtomic(`${this.file}.damaged-${Date.now()}`, readFileSync(this.file));
      return structuredClone(DEFAULTS);
    }
  }

  save(settings: Settings): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, `${JSON.stringify(settings, null, 2)}\n`, 0o600);
  }
}
