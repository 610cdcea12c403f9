/**
 * From staged changes on a remote store's mirror to the trust list the server should hold, and
 * from the difference between two trust lists to the fewest Part 12 calls that make it so.
 * Pure functions: no network, no files.
 */
import { createHash } from 'node:crypto';
import type { FolderKind } from '../../../shared/types/cert';
import type { ChangeResult, StagedChange } from '../../../shared/types/changes';
import { parseCertificate } from '../x509/parse';
import { TrustListMasks, type TrustListContent } from './push-types';

export type TrustListName = 'trustedCertificates' | 'trustedCrls' | 'issuerCertificates' | 'issuerCrls';

const MASK_OF: Record<TrustListName, number> = {
  trustedCertificates: TrustListMasks.TrustedCertificates,
  trustedCrls: TrustListMasks.TrustedCrls,
  issuerCertificates: TrustListMasks.IssuerCertificates,
  issuerCrls: TrustListMasks.IssuerCrls,
};
export const TRUST_LIST_NAMES = Object.keys(MASK_OF) as TrustListName[];

/** A certificate or CRL as the mirror holds it. */
export interface MirrorItem {
  kind: 'certificate' | 'crl';
  folder: FolderKind;
  der: Buffer;
}

/** A staged change with what the mirror file held (null: the file no longer holds that id). */
export interface PlannedInput {
  change: StagedChange;
  item: MirrorItem | null;
}

export function sha256Of(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

export function sha1Of(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex');
}

/** The list a certificate or CRL belongs to in trusted or issuers. */
export function listFor(kind: 'certificate' | 'crl', folder: 'trusted' | 'issuers'): TrustListName {
  if (folder === 'trusted') return kind === 'certificate' ? 'trustedCertificates' : 'trustedCrls';
  return kind === 'certificate' ? 'issuerCertificates' : 'issuerCrls';
}

export function copyTrustList(list: TrustListContent): TrustListContent {
  return {
    specifiedLists: list.specifiedLists,
    trustedCertificates: [...list.trustedCertificates],
    trustedCrls: [...list.trustedCrls],
    issuerCertificates: [...list.issuerCertificates],
    issuerCrls: [...list.issuerCrls],
  };
}

export function holds(list: TrustListContent, name: TrustListName, der: Buffer): boolean {
  const id = sha256Of(der);
  return list[name].some((d) => sha256Of(d) === id);
}

function add(list: TrustListContent, name: TrustListName, der: Buffer): boolean {
  if (holds(list, name, der)) return false;
  list[name].push(der);
  return true;
}

function remove(list: TrustListContent, name: TrustListName, der: Buffer): boolean {
  const id = sha256Of(der);
  const before = list[name].length;
  list[name] = list[name].filter((d) => sha256Of(d) !== id);
  return list[name].length < before;
}

/** Where a change wants its item: the list it should be in (null: none) and the list it leaves. */
function target(change: StagedChange, item: MirrorItem): { into: TrustListName | null; outOf: TrustListName | null } | string {
  const outOf = item.folder === 'trusted' || item.folder === 'issuers' ? listFor(item.kind, item.folder) : null;
  switch (change.kind) {
    case 'trust':
      return { into: listFor(item.kind, 'trusted'), outOf: outOf === listFor(item.kind, 'trusted') ? null : outOf };
    case 'move-to-issuers':
      return { into: listFor(item.kind, 'issuers'), outOf: outOf === listFor(item.kind, 'issuers') ? null : outOf };
    case 'reject':
      if (item.folder === 'rejected') return "it is only in the server's rejected list, which Part 12 offers no way to write: nothing to do";
      if (item.folder === 'own') return "the server's own certificate is not in its trust list: renew it instead";
      return { into: null, outOf };
    case 'delete':
      if (item.folder === 'rejected') return "the server's rejected list cannot be written through Part 12: the certificate stays there until the server drops it";
      if (item.folder === 'own') return "the server's own certificate cannot be deleted remotely: renew it instead";
      return { into: null, outOf };
  }
}

const DONE_WORDS: Record<StagedChange['kind'], string> = {
  trust: 'trusted on the server',
  'move-to-issuers': "moved into the server's issuers",
  reject: "removed from the server's trust list (the server puts it into its rejected list when it next connects)",
  delete: "removed from the server's trust list",
};

/** A change planned on a trust list: how the item moves, to check the server's list afterwards. */
export interface PlannedChange {
  result: ChangeResult;
  der: Buffer | null;
  into: TrustListName | null;
  outOf: TrustListName | null;
}

/**
 * Applies staged changes to the server's current trust list: the desired list, and one planned
 * result per change ('done' for now when it changes something, 'unchanged', 'conflict' or 'failed').
 */
export function planChanges(current: TrustListContent, inputs: PlannedInput[]): { desired: TrustListContent; planned: PlannedChange[] } {
  const desired = copyTrustList(current);
  const planned = inputs.map(({ change, item }): PlannedChange => {
    const base = { kind: change.kind, file: change.file, id: change.id };
    if (!item) return { result: { ...base, status: 'conflict', message: `${change.file} no longer holds that certificate; refresh the server and stage again` }, der: null, into: null, outOf: null };
    const where = target(change, item);
    if (typeof where === 'string') {
      const status = change.kind === 'reject' ? 'unchanged' : 'failed';
      return { result: { ...base, status, message: where }, der: null, into: null, outOf: null };
    }
    const removed = where.outOf ? remove(desired, where.outOf, item.der) : false;
    const added = where.into ? add(desired, where.into, item.der) : false;
    if (!removed && !added) return { result: { ...base, status: 'unchanged', message: 'the server already has it that way' }, der: null, into: null, outOf: null };
    return { result: { ...base, status: 'done', message: DONE_WORDS[change.kind] }, der: item.der, into: where.into, outOf: where.outOf };
  });
  return { desired, planned };
}

/** Whether the server's list, re-read after the write, shows a planned change. */
export function showsChange(list: TrustListContent, change: PlannedChange): boolean {
  if (!change.der) return true;
  if (change.into && !holds(list, change.into, change.der)) return false;
  if (change.outOf && holds(list, change.outOf, change.der)) return false;
  return true;
}

/** The fewest calls that turn one trust list into another. */
export type TrustListWrite =
  | { type: 'none' }
  | { type: 'add-certificate'; der: Buffer; trusted: boolean }
  | { type: 'remove-certificate'; der: Buffer; sha1: string; trusted: boolean }
  | { type: 'write'; list: TrustListContent };

/**
 * One certificate added or removed (not a CA: removing one takes its CRLs along) goes through
 * AddCertificate/RemoveCertificate; anything more is one Write + CloseAndUpdate of the lists that
 * changed, which the server applies all or nothing.
 */
export function chooseWrite(current: TrustListContent, desired: TrustListContent): TrustListWrite {
  const added: { name: TrustListName; der: Buffer }[] = [];
  const removed: { name: TrustListName; der: Buffer }[] = [];
  let mask = 0;
  for (const name of TRUST_LIST_NAMES) {
    const before = new Set(current[name].map(sha256Of));
    const after = new Set(desired[name].map(sha256Of));
    for (const der of desired[name]) if (!before.has(sha256Of(der))) added.push({ name, der });
    for (const der of current[name]) if (!after.has(sha256Of(der))) removed.push({ name, der });
    if (added.some((a) => a.name === name) || removed.some((r) => r.name === name)) mask |= MASK_OF[name];
  }
  if (mask === 0) return { type: 'none' };
  const single = added.length + removed.length === 1 ? (added[0] ?? removed[0]) : null;
  if (single && (single.name === 'trustedCertificates' || single.name === 'issuerCertificates')) {
    const trusted = single.name === 'trustedCertificates';
    if (added.length === 1) return { type: 'add-certificate', der: single.der, trusted };
    if (!isCa(single.der)) return { type: 'remove-certificate', der: single.der, sha1: sha1Of(single.der), trusted };
  }
  const list = copyTrustList(desired);
  list.specifiedLists = mask;
  for (const name of TRUST_LIST_NAMES) if (!(mask & MASK_OF[name])) list[name] = [];
  return { type: 'write', list };
}

function isCa(der: Buffer): boolean {
  try {
    return parseCertificate(der).isCA;
  } catch {
    return false;
  }
}
