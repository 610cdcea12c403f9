/**
 * Where the admin passwords of remote servers live: this session's memory, and — when the host
 * has an OS keychain (Electron's safeStorage) and the user asked for it — an encrypted file.
 * Never the settings file, never a log or an event.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PasswordStorage } from '../../../shared/types/remote';
import { writeFileAtomic } from '../pki/fs-atomic';

/** What the app asks of a secret store; the core holds one per service. */
export interface SecretKeeper {
  /** The password known for a server, or null. */
  get(id: string): string | null;
  /** Keeps a password; `remember` asks for the keychain (falls back to memory when there is none). Returns where it went. */
  set(id: string, secret: string, remember: boolean): PasswordStorage;
  /** Forgets a server's password everywhere. */
  delete(id: string): void;
  /** Where a server's password is kept now. */
  storage(id: string): PasswordStorage;
  /** Whether `remember` can use an OS keychain in this host. */
  readonly keychainAvailable: boolean;
}

/** The part of Electron's `safeStorage` the keeper needs: injected by electron/main, absent elsewhere. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const SECRETS_FILE = 'remote-secrets.json';

/**
 * Memory for the session; with a cipher, remembered passwords are encrypted by the OS keychain
 * into `<home>/remote-secrets.json` (mode 0600), so they survive a restart.
 */
export class PasswordKeeper implements SecretKeeper {
  private readonly memory = new Map<string, string>();
  private readonly file: string;

  constructor(
    home: string,
    private readonly cipher: SecretCipher | null = null,
  ) {
    this.file = path.join(home, SECRETS_FILE);
  }

  get keychainAvailable(): boolean {
    try {
      return this.cipher?.isEncryptionAvailable() ?? false;
    } catch {
      return false;
    }
  }

  get(id: string): string | null {
    const known = this.memory.get(id);
    if (known !== undefined) return known;
    const encrypted = this.readFile()[id];
    if (!encrypted || !this.keychainAvailable) return null;
    try {
      const plain = this.cipher!.decryptString(Buffer.from(encrypted, 'base64'));
      this.memory.set(id, plain);
      return plain;
    } catch {
      return null; // another user's keychain, or a damaged entry: the user gives the password again
    }
  }

  set(id: string, secret: string, remember: boolean): PasswordStorage {
    this.memory.set(id, secret);
    const stored = this.readFile();
    if (remember && this.keychainAvailable) {
      stored[id] = this.cipher!.encryptString(secret).toString('base64');
      this.writeFile(stored);
      return 'keychain';
    }
    if (id in stored) {
      delete stored[id];
      this.writeFile(stored);
    }
    return 'memory';
  }

  delete(id: string): void {
    this.memory.delete(id);
    const stored = this.readFile();
    if (id in stored) {
      delete stored[id];
      this.writeFile(stored);
    }
  }

  storage(id: string): PasswordStorage {
    if (this.keychainAvailable && this.readFile()[id]) return 'keychain';
    return this.memory.has(id) ? 'memory' : 'none';
  }

  private readFile(): Record<string, string> {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
      return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private writeFile(stored: Record<string, string>): void {
    if (Object.keys(stored).length === 0) rmSync(this.file, { force: true });
    else writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`, 0o600);
  }
}
