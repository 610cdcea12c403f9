import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLayoutId, type LayoutId } from '../../../shared/pki/layouts';
import type { StoreRole } from '../../../shared/types/store';
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
}

const DEFAULTS: Settings = { version: 1, stores: [], rejectedFolderCap: REJECTED_FOLDER_CAP };

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
  return { version: 1, stores, rejectedFolderCap: cap };
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
