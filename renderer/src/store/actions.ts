import type { Api, Detected, StoreChangedEvent } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { LayoutId } from '../../../shared/pki/layouts';
import type { ChangeKind, ChangeResult } from '../../../shared/types/changes';
import { entryLabel } from '../lib/entry-status';
import { plural } from '../lib/format';
import type { Platform } from '../lib/platform';
import type { AppStore } from './app-state';
import type { PendingChange } from './changes-slice';
import { entryKey, folderKey, parseKey, storeKey } from './keys';
import { locateEntry, selectSyncChanges, type LocatedEntry } from './selectors';
import type { ExportRequest, ImportTarget, SyncReportItem } from './ui-slice';

const FOLDER_NAME = { own: 'Own', trusted: 'Trusted', issuers: 'Issuers', rejected: 'Rejected' } as const;

/**
 * Which staged changes make sense for an entry: CRLs cannot be rejected, unreadable files can only be deleted,
 * and an application's own certificate is its identity, not something to trust or reject.
 */
export function canStage(kind: ChangeKind, entry: LocatedEntry['entry']): boolean {
  if (kind === 'delete') return true;
  if (entry.kind === 'unreadable' || entry.folder === 'own') return false;
  if (kind === 'reject') return entry.kind === 'certificate';
  if (kind === 'move-to-issuers') return entry.kind === 'certificate' ? entry.isCA : true;
  return true;
}

export function toPendingChange(kind: ChangeKind, located: LocatedEntry): PendingChange {
  return { storeId: located.store.id, kind, file: located.entry.file, id: located.entry.id, from: located.entry.folder };
}

/** Everything the window does that talks to the host: each call updates the store and reports failures one way. */
export function createActions(api: Api, store: AppStore, platform: Platform) {
  const state = () => store.getState();

  async function loadAll(): Promise<void> {
    const [info, list] = await Promise.all([api['app:get-info']({}), api['stores:list']({})]);
    if (info.ok) {
      // Told once per start by the host, e.g. "settings.json was damaged; defaults are in use".
      const known = state().appInfo?.notices ?? [];
      state().setAppInfo(info.value);
      for (const notice of info.value.notices ?? []) if (!known.includes(notice)) state().notify({ severity: 'warning', message: notice });
    }
    if (list.ok) {
      state().setStores(list.value);
    } else {
      state().setLoadError(list.error.message);
      state().presentError('Could not read the list of PKI folders', list.error, () => void loadAll());
    }
  }

  /** Re-reads the list after live updates were interrupted (events may have been missed). */
  async function reloadStores(): Promise<void> {
    const list = await api['stores:list']({});
    if (list.ok) state().setStores(list.value);
    else state().presentError('Could not re-read the PKI folders', list.error);
  }

  function onEventStreamState(streamState: 'reconnected' | 'lost'): void {
    if (streamState === 'reconnected') {
      void reloadStores();
      return;
    }
    state().notify({
      severity: 'error',
      message: 'Live updates stopped: the connection to the Trust Manager server was lost',
      hint: 'If "uatrust ui" was restarted, open the new link it printed. Sync re-reads the folders meanwhile.',
    });
  }

  /** Stages Trust/Reject/Move on the entries; Delete goes through the confirmation first. */
  function requestChange(kind: ChangeKind, entries: LocatedEntry[]): void {
    const changes = entries.filter((e) => canStage(kind, e.entry)).map((e) => toPendingChange(kind, e));
    if (changes.length === 0) return;
    if (kind === 'delete') state().askDelete(changes);
    else state().stage(changes);
  }

  function confirmDelete(): void {
    const changes = state().confirmDelete;
    state().askDelete(null);
    if (changes?.length) state().stage(changes);
  }

  async function sync(): Promise<void> {
    if (state().syncing) return;
    const changes = selectSyncChanges(state());
    // Names as the user saw them before Sync moved or deleted the files.
    const labels = new Map(changes.map((c) => [entryKey(c.storeId, c.file, c.id), labelOf(c.storeId, c.file, c.id)] as const));
    state().setSyncing(true);
    const result = await api['changes:sync']({ changes });
    state().setSyncing(false);
    if (!result.ok) {
      state().presentError('Sync failed', result.error, () => void sync());
      return;
    }
    const { reports, stores } = result.value;
    const results: SyncReportItem[] = reports.flatMap((r) =>
      r.results.map((x) => ({ ...x, storeId: r.storeId, label: labels.get(entryKey(r.storeId, x.file, x.id)) ?? labelOf(r.storeId, x.file, x.id) })),
    );
    state().setStores(stores);
    state().settleChanges(results);
    followMovedSelection(results);
    if (changes.length === 0) {
      state().notify({ severity: 'info', message: `Re-read ${plural(stores.length, 'PKI folder')}` });
      return;
    }
    const done = results.filter((r) => r.status === 'done').length;
    const unchanged = results.filter((r) => r.status === 'unchanged').length;
    const troubled = results.length - done - unchanged;
    if (troubled > 0) {
      state().showSyncReport(results);
      return;
    }
    state().notify({
      severity: 'success',
      message: `Synced: ${plural(done, 'change')} applied${unchanged ? `, ${unchanged} unchanged` : ''}`,
      action: { label: 'Details', run: () => state().showSyncReport(results) },
    });
  }

  function labelOf(storeId: string, file: string, id: string): string {
    const located = locateEntry(state(), entryKey(storeId, file, id));
    return located ? entryLabel(located.entry) : file.slice(file.lastIndexOf('/') + 1);
  }

  /** A certificate that Sync moved stays selected at its new place. */
  function followMovedSelection(results: (ChangeResult & { storeId: string })[]): void {
    const moved = new Map(results.filter((r) => r.status === 'done' && r.to).map((r) => [entryKey(r.storeId, r.file, r.id), entryKey(r.storeId, r.to!, r.id)] as const));
    const { selected, focused } = state();
    if (!selected.some((k) => moved.has(k))) return;
    const next = selected.map((k) => moved.get(k) ?? k);
    state().setSelection(next);
    if (focused !== null) state().setFocused(moved.get(focused) ?? focused);
    // Open the folders they went to, so the selection stays in sight.
    for (const key of next) {
      const located = locateEntry(state(), key);
      if (located) state().setExpanded(folderKey(located.store.id, located.entry.folder), true);
    }
  }

  /** While the list is re-read after a missed change, later events wait for it, then apply on top. */
  let rereading: Promise<void> | null = null;
  const waiting: StoreChangedEvent[] = [];

  function onStoreChanged(event: StoreChangedEvent): void {
    // A store removed from the list meanwhile stays removed.
    if (!state().stores.some((s) => s.id === event.storeId)) return;
    if (event.type === 'added') state().markNew(event.storeId, event.file);
    if (rereading) {
      waiting.push(event);
      return;
    }
    if (event.store) {
      // A whole store older than the view held (a list answered after it was sent) changes nothing.
      const held = state().stores.find((s) => s.id === event.storeId)?.revision;
      if (held === undefined || event.store.revision === undefined || event.store.revision >= held) state().replaceStore(event.store);
      return;
    }
    if (state().applyStoreDelta(event.storeId, event) !== 'mismatch') return;
    // An event was missed (or this view came from another window's request): re-read, then catch up.
    rereading = reloadStores().finally(() => {
      rereading = null;
      for (const later of waiting.splice(0)) onStoreChanged(later);
    });
  }

  async function importFiles(target: ImportTarget, files: { name: string; base64: string }[]): Promise<void> {
    if (files.length === 0) return;
    const result = await api['certs:import']({ storeId: target.storeId, to: target.folder, files });
    if (!result.ok) {
      state().presentError(`Could not import ${plural(files.length, 'file')}`, result.error);
      return;
    }
    const { results, store: view } = result.value;
    state().replaceStore(view);
    const imported = results.filter((r) => r.status === 'imported');
    const existing = results.filter((r) => r.status === 'exists');
    const failed = results.filter((r) => r.status === 'failed');
    const where = `${FOLDER_NAME[target.folder]} of ${view.name}`;
    const keys = imported.filter((r) => r.file && r.id).map((r) => entryKey(view.id, r.file!, r.id!));
    if (keys.length) {
      state().setExpanded(storeKey(view.id), true);
      state().setExpanded(folderKey(view.id, target.folder), true);
      state().setSelection(keys);
      state().setFocused(keys[0]!);
    }
    const parts = [`Imported ${plural(imported.length, 'file')} into ${where}`];
    if (existing.length) parts.push(`${existing.length} already there`);
    if (failed.length) parts.push(`${failed.length} failed: ${failed.map((f) => `${f.source}: ${f.message}`).join('; ')}`);
    state().notify({
      severity: failed.length ? (imported.length ? 'warning' : 'error') : 'success',
      message: parts.join(', '),
      hint: failed.length ? 'Only DER or PEM certificates and CRLs (.der .pem .crt .cer .crl) can be imported.' : undefined,
    });
  }

  async function exportEntry(request: ExportRequest, format: 'der' | 'pem'): Promise<boolean> {
    const result = await api['certs:export']({ storeId: request.storeId, file: request.file, id: request.id, format });
    if (!result.ok) {
      state().presentError(`Could not export ${request.label}`, result.error);
      return false;
    }
    platform.download(result.value.name, result.value.base64, result.value.mime);
    state().notify({ severity: 'success', message: `Exported ${request.label} as ${result.value.name}` });
    return true;
  }

  async function copyText(text: string, what: string): Promise<void> {
    const done = await platform.copyText(text);
    state().notify(done ? { severity: 'success', message: `${what} copied` } : { severity: 'error', message: `Could not copy the ${what}`, hint: 'Select the text in the details and copy it by hand.' });
  }

  function detect(path: string): Promise<Result<Detected>> {
    return api['stores:detect']({ path });
  }

  async function addStore(input: { path: string; layout?: LayoutId; name?: string }): Promise<boolean> {
    const result = await api['stores:add'](input);
    if (!result.ok) {
      state().presentError(`Could not add ${input.path}`, result.error);
      return false;
    }
    state().replaceStore(result.value);
    state().select(storeKey(result.value.id));
    state().notify({ severity: 'success', message: `Added ${result.value.name} (${plural(result.value.entries.length, 'entry', 'entries')})` });
    return true;
  }

  async function removeStore(storeId: string): Promise<void> {
    const name = state().stores.find((s) => s.id === storeId)?.name ?? storeId;
    const result = await api['stores:remove']({ storeId });
    if (!result.ok) {
      state().presentError(`Could not remove ${name} from the list`, result.error);
      return;
    }
    state().keepStores(result.value.map((s) => s.id));
    state().dropStoreChanges(storeId);
    state().setSelection(state().selected.filter((k) => parseKey(k)?.storeId !== storeId));
    state().notify({ severity: 'info', message: `Removed ${name} from the list; its files are untouched` });
  }

  /** Export… for one entry: opens the format choice. */
  function askExport(located: LocatedEntry): void {
    state().openExportDialog({ storeId: located.store.id, file: located.entry.file, id: located.entry.id, label: entryLabel(located.entry) });
  }

  function locate(key: string) {
    return locateEntry(state(), key);
  }

  return { loadAll, reloadStores, onEventStreamState, requestChange, confirmDelete, sync, onStoreChanged, importFiles, exportEntry, copyText, detect, addStore, removeStore, askExport, locate };
}

export type Actions = ReturnType<typeof createActions>;
