import type { FolderKind, StoreEntry } from '../../../shared/types/cert';
import type { PeerCertificate } from '../../../shared/types/connect';
import type { StoreView } from '../../../shared/types/store';
import { entryLabel } from '../lib/entry-status';
import { entryKeyOf, type NodeKey } from './keys';

const DAY = 86_400_000;

/** A certificate or CRL of a loaded store that can be pushed to remote servers. */
export interface PushCandidate {
  key: NodeKey;
  storeId: string;
  storeName: string;
  folder: FolderKind;
  entry: Exclude<StoreEntry, { kind: 'unreadable' }>;
  label: string;
}

/** Every certificate and CRL of the loaded stores (own certificates and unreadable files left out), filtered by words of `query`. */
export function pushCandidates(stores: readonly StoreView[], query = ''): PushCandidate[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: PushCandidate[] = [];
  for (const store of stores) {
    for (const entry of store.entries) {
      if (entry.kind === 'unreadable' || entry.folder === 'own') continue;
      const label = entryLabel(entry);
      const haystack = [label, store.name, entry.folder, entry.kind === 'crl' ? 'crl' : entry.isCA ? 'ca' : '', entry.kind === 'certificate' ? entry.sha1 : ''].join(' ').toLowerCase();
      if (words.every((w) => haystack.includes(w))) out.push({ key: entryKeyOf(store.id, entry), storeId: store.id, storeName: store.name, folder: entry.folder, entry, label });
    }
  }
  return out;
}

/** CA certificates and CRLs belong in Issuers; an application certificate in Trusted. */
export function defaultPushTarget(items: readonly PushCandidate[]): 'trusted' | 'issuers' {
  return items.length > 0 && items.every((c) => c.entry.kind === 'crl' || c.entry.isCA) ? 'issuers' : 'trusted';
}

export type ExpiryLevel = 'ok' | 'soon' | 'expired';

/** Days left on a server's certificate and how worried to be: expired, under 30 days, or fine. */
export function certificateExpiry(cert: Pick<PeerCertificate, 'notAfter'> | null, now = Date.now()): { days: number; level: ExpiryLevel } | null {
  if (!cert) return null;
  const end = Date.parse(cert.notAfter);
  if (Number.isNaN(end)) return null;
  const days = Math.floor((end - now) / DAY);
  return { days, level: end <= now ? 'expired' : days < 30 ? 'soon' : 'ok' };
}

/** "expired 3 days ago", "expires today", "412 days left". */
export function expiryText(expiry: { days: number; level: ExpiryLevel }): string {
  if (expiry.level === 'expired') {
    const ago = -expiry.days - 1;
    return ago <= 0 ? 'expired today' : `expired ${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  if (expiry.days === 0) return 'expires today';
  return `${expiry.days} day${expiry.days === 1 ? '' : 's'} left`;
}
