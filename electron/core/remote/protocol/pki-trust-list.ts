import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LogicalFolder } from '../../../../shared/pki/layouts';
import type { CertSummary, CrlSummary, StoreEntry } from '../../../../shared/types/cert';
import { freeName } from '../../pki/changeset';
import { TRASH_DIR, tempPathFor, writeDurable } from '../../pki/fs-atomic';
import { applyJournaled, withStoreLock, type JournalAction } from '../../pki/journal';
import { fileNameFor } from '../../pki/naming';
import type { PkiStore } from '../../pki/store';
import { decodeFile, describe, toPem } from '../../x509/decode';
import { parseCertificate, parseCrl } from '../../x509/parse';
import { TrustListMasks, type TrustListContent } from '../push-types';

/**
 * A server's trust list as Part 12 sees it, over a PKI folder of ours (node-opcua layout): read with
 * PkiStore, changed with one journaled changeset, so a failed change leaves the folder as it was.
 */

/** Why a trust list change was refused, as the OPC UA status the method returns. */
export class TrustListRefusal extends Error {
  constructor(
    readonly status: 'BadCertificateInvalid' | 'BadInvalidArgument',
    message: string,
  ) {
    super(message);
  }
}

type ListName = 'trustedCertificates' | 'trustedCrls' | 'issuerCertificates' | 'issuerCrls';

interface ListPlace {
  mask: number;
  name: ListName;
  folder: 'trusted' | 'issuers';
  kind: 'certificate' | 'crl';
  logical: LogicalFolder;
}

const LISTS: ListPlace[] = [
  { mask: TrustListMasks.TrustedCertificates, name: 'trustedCertificates', folder: 'trusted', kind: 'certificate', logical: 'trusted.certs' },
  { mask: TrustListMasks.TrustedCrls, name: 'trustedCrls', folder: 'trusted', kind: 'crl', logical: 'trusted.crl' },
  { mask: TrustListMasks.IssuerCertificates, name: 'issuerCertificates', folder: 'issuers', kind: 'certificate', logical: 'issuers.certs' },
  { mask: TrustListMasks.IssuerCrls, name: 'issuerCrls', folder: 'issuers', kind: 'crl', logical: 'issuers.crl' },
];

type ItemEntry = CertSummary | CrlSummary;

function inList(entry: StoreEntry, place: ListPlace): entry is ItemEntry {
  return entry.kind === place.kind && entry.folder === place.folder;
}

/** Every certificate and CRL of a file as DER, by SHA-256 (bundles hold several). */
function itemsOfFile(store: PkiStore, file: string): Map<string, { der: Buffer; kind: 'certificate' | 'crl' }> {
  const items = new Map<string, { der: Buffer; kind: 'certificate' | 'crl' }>();
  for (const item of decodeFile(readFileSync(store.resolve(file))).items) {
    try {
      if (item.type === 'certificate') items.set(parseCertificate(item.der).sha256, { der: item.der, kind: 'certificate' });
      else if (item.type === 'crl') items.set(parseCrl(item.der).sha256, { der: item.der, kind: 'crl' });
    } catch {
      // an item the scanner already reported as unreadable
    }
  }
  return items;
}

/** The DER bytes of store entries, each file read once. */
function derOf(store: PkiStore, entries: ItemEntry[]): Buffer[] {
  const files = new Map<string, Map<string, { der: Buffer }>>();
  const out: Buffer[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    let items = files.get(entry.file);
    if (!items) files.set(entry.file, (items = itemsOfFile(store, entry.file)));
    const item = items.get(entry.id);
    if (item) out.push(item.der);
  }
  return out;
}

/** The trust list of a PKI folder, the lists named by `masks` filled, the others empty. */
export function readStoreTrustList(store: PkiStore, masks: number = TrustListMasks.All): TrustListContent {
  const entries = store.scan().entries;
  const list: TrustListContent = { specifiedLists: masks & TrustListMasks.All, trustedCertificates: [], trustedCrls: [], issuerCertificates: [], issuerCrls: [] };
  for (const place of LISTS) if (masks & place.mask) list[place.name] = derOf(store, entries.filter((e) => inList(e, place)));
  return list;
}

/** The certificates of the rejected folder (GetRejectedList): the leaf of each file (node-opcua writes a refused client's whole chain). */
export function readRejected(store: PkiStore): Buffer[] {
  const files = new Set(store.scan().entries.filter((e) => e.kind === 'certificate' && e.folder === 'rejected').map((e) => e.file));
  const out: Buffer[] = [];
  for (const file of files) {
    const leaf = decodeFile(readFileSync(store.resolve(file))).items.find((i) => i.type === 'certificate');
    if (leaf?.type === 'certificate') out.push(leaf.der);
  }
  return out;
}

interface ParsedItem {
  der: Buffer;
  sha256: string;
  place: ListPlace;
  cn: string | null;
  sha1: string;
}

/** Parses every item first: one bad item refuses the whole list, before anything is touched. */
function parseItems(list: TrustListContent): ParsedItem[] {
  const items: ParsedItem[] = [];
  for (const place of LISTS) {
    if (!(list.specifiedLists & place.mask)) continue;
    list[place.name].forEach((der, index) => {
      try {
        if (place.kind === 'certificate') {
          const cert = parseCertificate(der);
          items.push({ der, sha256: cert.sha256, place, cn: cert.subject.cn, sha1: cert.sha1 });
        } else {
          const crl = parseCrl(der);
          items.push({ der, sha256: crl.sha256, place, cn: crl.issuer.cn, sha1: crl.sha256.slice(0, 40) });
        }
      } catch (error) {
        const what = place.kind === 'certificate' ? 'certificate' : 'CRL';
        throw new TrustListRefusal('BadCertificateInvalid', `item ${index + 1} of ${place.name} is not a valid ${what} (${describe(error)}); nothing was changed`);
      }
    });
  }
  return items;
}

/** Journaled steps that take files out and put new ones in; files of a bundle keep their other items. */
class ChangePlan {
  readonly actions: JournalAction[] = [];
  private readonly taken = new Set<string>();
  private readonly removedFiles = new Set<string>();
  private readonly temps: string[] = [];

  constructor(private readonly store: PkiStore) {}

  /** Removes entries; items of the same files that are kept are written back as files of their own. */
  remove(entries: ItemEntry[], keep: (entry: ItemEntry) => boolean, all: StoreEntry[]): void {
    for (const entry of entries) {
      if (this.removedFiles.has(entry.file)) continue;
      this.removedFiles.add(entry.file);
      this.actions.push({ type: 'delete', from: entry.file, trash: `${TRASH_DIR}/${randomBytes(6).toString('hex')}-${path.basename(entry.file)}` });
      const siblings = all.filter((e): e is ItemEntry => (e.kind === 'certificate' || e.kind === 'crl') && e.file === entry.file && e.id !== entry.id && keep(e));
      if (siblings.length === 0) continue;
      const items = itemsOfFile(this.store, entry.file);
      for (const sibling of siblings) {
        const item = items.get(sibling.id);
        const place = LISTS.find((p) => inList(sibling, p));
        if (item && place) this.add(item.der, place, sibling.kind === 'certificate' ? sibling.subject.cn : sibling.issuer.cn, sibling.kind === 'certificate' ? sibling.sha1 : sibling.id.slice(0, 40));
      }
    }
  }

  add(der: Buffer, place: ListPlace, cn: string | null, sha1: string): void {
    const format = this.store.layout.naming.format;
    const name = fileNameFor(this.store.layout, { kind: place.kind, folder: place.folder, cn, sha1 }, format);
    const dir = this.store.folderPath(place.logical);
    const target = path.join(dir, freeName(dir, name, this.taken));
    const temp = tempPathFor(target);
    const bytes = format === 'pem' ? Buffer.from(toPem(der, place.kind === 'certificate' ? 'CERTIFICATE' : 'X509 CRL')) : der;
    writeDurable(temp, bytes);
    this.temps.push(temp);
    this.actions.push({ type: 'write', temp: this.store.relative(temp), to: this.store.relative(target) });
  }

  apply(): void {
    try {
      applyJournaled(this.store.root, this.actions, this.store.certificateFolderRels());
    } finally {
      for (const temp of this.temps) rmSync(temp, { force: true });
    }
  }
}

/** A certificate that gets trusted leaves rejected/ too: node-opcua checks rejected first. */
function removeFromRejected(plan: ChangePlan, entries: StoreEntry[], trustedIds: Set<string>): void {
  const rejected = entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.folder === 'rejected' && trustedIds.has(e.id));
  plan.remove(rejected, () => false, entries);
}

/**
 * Replaces the lists `list.specifiedLists` names with its content (CloseAndUpdate). Every item is
 * parsed first; one invalid item refuses the whole list and nothing changes on disk.
 */
export function writeStoreTrustList(store: PkiStore, list: TrustListContent): void {
  const items = parseItems(list);
  withStoreLock(store.root, () => {
    const entries = store.scan().entries;
    const plan = new ChangePlan(store);
    for (const place of LISTS) {
      if (!(list.specifiedLists & place.mask)) continue;
      const wanted = items.filter((i) => i.place === place);
      const wantedIds = new Set(wanted.map((i) => i.sha256));
      const present = entries.filter((e) => inList(e, place));
      const presentIds = new Set(present.map((e) => e.id));
      plan.remove(present.filter((e) => !wantedIds.has(e.id)), (e) => wantedIds.has(e.id) || !inList(e, place), entries);
      const added = new Set<string>();
      for (const item of wanted) {
        if (presentIds.has(item.sha256) || added.has(item.sha256)) continue;
        added.add(item.sha256);
        plan.add(item.der, place, item.cn, item.sha1);
      }
    }
    removeFromRejected(plan, entries, new Set(items.filter((i) => i.place.name === 'trustedCertificates').map((i) => i.sha256)));
    plan.apply();
  });
  store.scan();
}

/** AddCertificate: one certificate into trusted/ or issuers/; one already there is left as it is. */
export function addStoreCertificate(store: PkiStore, der: Buffer, isTrustedCertificate: boolean): void {
  let cert;
  try {
    cert = parseCertificate(der);
  } catch (error) {
    throw new TrustListRefusal('BadCertificateInvalid', `not a valid certificate (${describe(error)}); nothing was changed`);
  }
  const place = LISTS[isTrustedCertificate ? 0 : 2];
  withStoreLock(store.root, () => {
    const entries = store.scan().entries;
    const plan = new ChangePlan(store);
    if (!entries.some((e) => inList(e, place) && e.id === cert.sha256)) plan.add(der, place, cert.subject.cn, cert.sha1);
    if (isTrustedCertificate) removeFromRejected(plan, entries, new Set([cert.sha256]));
    plan.apply();
  });
  store.scan();
}

/**
 * RemoveCertificate by SHA-1 thumbprint (any case) from trusted/ or issuers/, with the CRLs that
 * CA issued (Part 12 §7.8.2.7). BadInvalidArgument when no such certificate is in that list.
 */
export function removeStoreCertificate(store: PkiStore, thumbprint: string, isTrustedCertificate: boolean): void {
  const sha1 = thumbprint.trim().toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(sha1)) throw new TrustListRefusal('BadInvalidArgument', `"${thumbprint}" is not a SHA-1 thumbprint (40 hex digits)`);
  const place = LISTS[isTrustedCertificate ? 0 : 2];
  withStoreLock(store.root, () => {
    const entries = store.scan().entries;
    const matches = entries.filter((e): e is CertSummary => inList(e, place) && e.kind === 'certificate' && e.sha1 === sha1);
    if (matches.length === 0) throw new TrustListRefusal('BadInvalidArgument', `no certificate with thumbprint ${sha1} in the ${isTrustedCertificate ? 'trusted' : 'issuer'} list`);
    const issuers = new Set(matches.filter((m) => m.isCA).map((m) => m.subject.text));
    // Another copy of the same CA in the other list still needs its CRLs.
    const stillThere = entries.some((e) => e.kind === 'certificate' && e.sha1 === sha1 && (e.folder === 'trusted' || e.folder === 'issuers') && e.folder !== place.folder);
    const crls = stillThere ? [] : entries.filter((e): e is CrlSummary => e.kind === 'crl' && (e.folder === 'trusted' || e.folder === 'issuers') && issuers.has(e.issuer.text));
    const removed = new Set([...matches, ...crls].map((e) => e.id));
    const plan = new ChangePlan(store);
    plan.remove([...matches, ...crls], (e) => !removed.has(e.id), entries);
    plan.apply();
  });
  store.scan();
}
