/** How each remote server is doing, as of the last time the app talked to it (memory; a restart starts from the mirror). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PeerCertificate } from '../../../shared/types/connect';
import type { PasswordStorage, RemoteServerSettings, RemoteStatus } from '../../../shared/types/remote';
import { decodeFile } from '../x509/decode';
import { describePeerCertificate } from '../x509/summary';
import { mirrorRoot, type RemoteSnapshot } from './mirror';
import type { PushFailure } from './push-failure';

type Live = Pick<RemoteStatus, 'reachability' | 'lastReadAt' | 'lastSyncAt' | 'lastError' | 'lastStatus' | 'serverCertificate' | 'rejectedCount'>;

export const PASSWORD_NEEDED = 'the admin password is needed';

function firstCertificateIn(dir: string): PeerCertificate | null {
  try {
    for (const name of readdirSync(dir)) {
      const item = decodeFile(readFileSync(path.join(dir, name))).items.find((i) => i.type === 'certificate');
      if (item?.type === 'certificate') return describePeerCertificate(item.der);
    }
  } catch {
    // no mirror yet
  }
  return null;
}

export class RemoteStatuses {
  private readonly live = new Map<string, Live>();

  constructor(private readonly home: string) {}

  /** A server's status; without a password, it says one is needed. */
  of(server: RemoteServerSettings, passwordStorage: PasswordStorage): RemoteStatus {
    const live = this.current(server.id);
    const lastError = live.lastError ?? (passwordStorage === 'none' ? PASSWORD_NEEDED : null);
    return { ...server, ...live, lastError, passwordStorage };
  }

  /** A successful read (and write, when `wrote`). */
  read(id: string, snapshot: RemoteSnapshot, wrote: boolean): void {
    const now = new Date().toISOString();
    this.live.set(id, {
      reachability: 'online',
      lastReadAt: now,
      lastSyncAt: wrote ? now : (this.live.get(id)?.lastSyncAt ?? null),
      lastError: null,
      lastStatus: null,
      serverCertificate: describePeerCertificate(snapshot.serverCertificate),
      rejectedCount: snapshot.rejected.length,
    });
  }

  /** A failed call: why, and what it says about reachability (unknown keeps what was known). */
  failed(id: string, failure: PushFailure): void {
    const before = this.current(id);
    this.live.set(id, { ...before, reachability: failure.reachability === 'unknown' ? before.reachability : failure.reachability, lastError: failure.message, lastStatus: failure.status });
  }

  clearError(id: string): void {
    this.live.set(id, { ...this.current(id), lastError: null, lastStatus: null });
  }

  forget(id: string): void {
    this.live.delete(id);
  }

  /** What is known; before any call, what the mirror shows. */
  private current(id: string): Live {
    const known = this.live.get(id);
    if (known) return known;
    const root = mirrorRoot(this.home, id);
    let rejectedCount = 0;
    try {
      rejectedCount = readdirSync(path.join(root, 'rejected'), { withFileTypes: true }).filter((d) => d.isFile()).length;
    } catch {
      // no mirror yet
    }
    return { reachability: 'unknown', lastReadAt: null, lastSyncAt: null, lastError: null, lastStatus: null, serverCertificate: firstCertificateIn(path.join(root, 'own', 'certs')), rejectedCount };
  }
}
