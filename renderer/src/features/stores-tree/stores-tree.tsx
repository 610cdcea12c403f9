import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { Box, Button, Typography } from '@mui/material';
import CreateNewFolderOutlinedIcon from '@mui/icons-material/CreateNewFolderOutlined';
import type { FolderKind } from '../../../../shared/types/cert';
import { readFilesAsBase64 } from '../../lib/platform';
import { actions, appStore, useAppStore } from '../../store';
import { domIdOf } from '../../store/keys';
import { locateEntry } from '../../store/selectors';
import type { ImportFolder } from '../../store/ui-slice';
import { findByPrefix, treeKeyAction } from './tree-keyboard';
import { flattenTree, isExpandable, type TreeRow } from './tree-model';
import { ROW_HEIGHT, TreeRowView, type RowHandlers } from './tree-row';
import { TreeContextMenu, type MenuRequest } from './tree-context-menu';

const IMPORTABLE: readonly FolderKind[] = ['trusted', 'issuers', 'rejected'];
const rowHeight = () => ROW_HEIGHT;

/** Where files dropped on a row go: its folder, or a store's Trusted. */
function dropFolderOf(row: TreeRow): ImportFolder | null {
  const folder = row.type === 'store' ? 'trusted' : row.type === 'folder' ? row.folder : row.entry.folder;
  // A remote server's rejected list is the server's own: Part 12 writes only its trusted and issuers lists.
  const remoteRejected = row.store.role === 'remote' && folder === 'rejected';
  return IMPORTABLE.includes(folder) && row.store.writable && !remoteRejected ? (folder as ImportFolder) : null;
}

function dropKeyOf(row: TreeRow): string | null {
  const folder = dropFolderOf(row);
  return folder ? `${row.store.id}\u001f${folder}` : null;
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** The PKI folders as a tree: stores → Own/Trusted/Issuers/Rejected → certificates. Virtualised; ARIA tree pattern. */
export function StoresTree() {
  const stores = useAppStore((s) => s.stores);
  const expanded = useAppStore((s) => s.expanded);
  const focused = useAppStore((s) => s.focused);
  const storesLoaded = useAppStore((s) => s.storesLoaded);
  const loadError = useAppStore((s) => s.loadError);
  const rows = useMemo(() => flattenTree(stores, expanded), [stores, expanded]);
  const indexByKey = useMemo(() => new Map(rows.map((r, i) => [r.key, i] as const)), [rows]);
  const focusedIndex = focused === null ? -1 : (indexByKey.get(focused) ?? -1);
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const [dropKey, setDropKey] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const keyboardMenuAt = useRef(0);
  const typeahead = useRef({ text: '', at: 0 });

  // The focused row is always rendered, so aria-activedescendant always points at an element.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex >= 0 && !indexes.includes(focusedIndex)) indexes.push(focusedIndex);
      return indexes;
    },
    [focusedIndex],
  );
  // Stable callbacks: a new getItemKey makes the virtualizer re-measure every row (10,000 in a big folder).
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize: rowHeight,
    overscan: 12,
    getItemKey,
    rangeExtractor,
  });

  // A focused node that disappeared (parent closed, file moved, store removed) hands focus to its nearest visible ancestor.
  const previousRows = useRef<TreeRow[]>(rows);
  useEffect(() => {
    const before = previousRows.current;
    previousRows.current = rows;
    if (focused === null || indexByKey.has(focused)) return;
    const parentOf = new Map(before.map((r) => [r.key, r.parentKey] as const));
    let key = parentOf.get(focused) ?? null;
    while (key !== null && !indexByKey.has(key)) key = parentOf.get(key) ?? null;
    appStore.getState().setFocused(key);
  }, [focused, indexByKey, rows]);

  const focusIndex = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      appStore.getState().setFocused(row.key);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [rows, virtualizer],
  );

  const toggle = useCallback((row: TreeRow) => {
    if (row.type === 'entry' || !isExpandable(row)) return;
    appStore.getState().setExpanded(row.key, !row.expanded);
  }, []);

  const openMenuFor = useCallback(
    (row: TreeRow, position: { top: number; left: number }) => {
      const state = appStore.getState();
      if (!state.selected.includes(row.key)) state.select(row.key);
      else state.setFocused(row.key);
      setMenu({ row, position });
    },
    [],
  );

  const openMenuAtRow = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      keyboardMenuAt.current = performance.now();
      const element = document.getElementById(domIdOf(row.key));
      const rect = element?.getBoundingClientRect();
      openMenuFor(row, rect ? { top: rect.bottom, left: rect.left + 40 + row.level * 16 } : { top: 100, left: 100 });
    },
    [rows, openMenuFor],
  );

  const handlers = useMemo<RowHandlers>(
    () => ({
      onRowClick(event: MouseEvent, row: TreeRow) {
        const state = appStore.getState();
        if (event.shiftKey) state.select(row.key, 'range', rows.map((r) => r.key));
        else if (event.ctrlKey || event.metaKey) state.select(row.key, 'toggle');
        else state.select(row.key);
      },
      onToggle: toggle,
      onDragOver(event: DragEvent, row: TreeRow) {
        if (!hasFiles(event)) return;
        const key = dropKeyOf(row);
        if (!key) {
          event.dataTransfer.dropEffect = 'none';
          return;
        }
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDropKey(key);
      },
      onDrop(event: DragEvent, row: TreeRow) {
        const folder = dropFolderOf(row);
        setDropKey(null);
        if (!folder || !hasFiles(event)) return;
        event.preventDefault();
        const files = Array.from(event.dataTransfer.files);
        void readFilesAsBase64(files).then((read) => actions.importFiles({ storeId: row.store.id, folder }, read));
      },
    }),
    [rows, toggle],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey) return;
    const state = appStore.getState();
    // Type-ahead: letters jump to the next node whose name starts with what was typed.
    if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey) {
      const now = performance.now();
      const continuing = now - typeahead.current.at < 700;
      typeahead.current = { text: (continuing ? typeahead.current.text : '') + event.key, at: now };
      const found = findByPrefix(rows, continuing ? focusedIndex - 1 : focusedIndex, typeahead.current.text);
      if (found >= 0) {
        state.select(rows[found]!.key);
        focusIndex(found);
      }
      event.preventDefault();
      return;
    }
    const action = treeKeyAction(rows, focusedIndex, event);
    if (!action) return;
    event.preventDefault();
    const row = rows[action.index];
    if (!row) return;
    switch (action.type) {
      case 'focus':
        if (action.extend) state.select(row.key, 'range', rows.map((r) => r.key));
        else if (event.ctrlKey || event.metaKey) state.setFocused(row.key);
        else state.select(row.key);
        focusIndex(action.index);
        break;
      case 'expand':
        state.setExpanded(row.key, true);
        break;
      case 'collapse':
        state.setExpanded(row.key, false);
        break;
      case 'activate':
        if (!state.selected.includes(row.key) || state.selected.length > 1) state.select(row.key);
        else toggle(row);
        break;
      case 'toggle-select':
        state.select(row.key, 'toggle');
        break;
      case 'menu':
        openMenuAtRow(action.index);
        break;
      case 'delete': {
        const located = state.selected.includes(row.key) ? state.selected : [row.key];
        actions.requestChange('delete', located.map((k) => locateEntry(state, k)).filter((x) => x !== null));
        break;
      }
    }
  }

  function onContextMenu(event: MouseEvent<HTMLDivElement>) {
    event.preventDefault();
    // Shift+F10 / the menu key already opened it from keydown; browsers may follow with a contextmenu event.
    if (performance.now() - keyboardMenuAt.current < 400) return;
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const key = item?.dataset.key;
    const index = key ? indexByKey.get(key) : focusedIndex;
    if (index === undefined || index < 0) return;
    if (!item) {
      openMenuAtRow(index);
      return;
    }
    openMenuFor(rows[index]!, { top: event.clientY, left: event.clientX });
  }

  function onFocus() {
    const state = appStore.getState();
    if (state.focused !== null && indexByKey.has(state.focused)) return;
    const start = state.selected.map((k) => indexByKey.get(k)).find((i) => i !== undefined) ?? 0;
    if (rows[start]) state.setFocused(rows[start].key);
  }

  if (storesLoaded && stores.length === 0) {
    return (
      <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 1.5 }}>
        <Typography variant="body1" sx={{ fontWeight: 600 }}>
          No PKI folders yet — Add PKI folder…
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Point the app at the certificate folder of an OPC UA server or client (node-opcua, UA-.NET, open62541, UaExpert, Prosys, TwinCAT…). The layout is detected for you.
        </Typography>
        <Button variant="outlined" startIcon={<CreateNewFolderOutlinedIcon />} onClick={() => appStore.getState().setAddStoreOpen(true)}>
          Add a PKI folder
        </Button>
      </Box>
    );
  }
  if (!storesLoaded) {
    return (
      <Typography variant="body2" color={loadError ? 'error' : 'text.secondary'} sx={{ p: 2 }}>
        {loadError ? `Could not read the PKI folders: ${loadError}` : 'Reading PKI folders…'}
      </Typography>
    );
  }

  const focusedRow = focusedIndex >= 0 ? rows[focusedIndex] : undefined;
  return (
    <>
      <Box
        ref={scrollRef}
        className="tree"
        role="tree"
        aria-label="PKI folders"
        aria-multiselectable
        aria-activedescendant={focusedRow ? domIdOf(focusedRow.key) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onContextMenu={onContextMenu}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropKey(null);
        }}
        sx={{ height: '100%', overflow: 'auto', outline: 'none', px: 0.5, py: 0.5, contain: 'strict' }}
      >
        <Box role="presentation" sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <TreeRowView
                key={row.key}
                row={row}
                top={item.start}
                focused={item.index === focusedIndex}
                dropTarget={dropKey !== null && dropKeyOf(row) === dropKey && row.type !== 'entry'}
                handlers={handlers}
              />
            );
          })}
        </Box>
      </Box>
      <TreeContextMenu request={menu} onClose={() => setMenu(null)} />
    </>
  );
}
