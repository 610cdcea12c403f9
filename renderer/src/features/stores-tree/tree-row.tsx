import { memo, type DragEvent, type MouseEvent } from 'react';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import DnsOutlinedIcon from '@mui/icons-material/DnsOutlined';
import FolderIcon from '@mui/icons-material/Folder';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import WorkspacePremiumOutlinedIcon from '@mui/icons-material/WorkspacePremiumOutlined';
import GppBadOutlinedIcon from '@mui/icons-material/GppBadOutlined';
import InsertDriveFileOutlinedIcon from '@mui/icons-material/InsertDriveFileOutlined';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import { Box, Chip } from '@mui/material';
import { RemoteStoreContent, remoteStatusText } from '../remote/remote-store-row';
import { CHANGE_TARGET } from '../../../../shared/types/changes';
import { getLayout, isLayoutId } from '../../../../shared/pki/layouts';
import { StatusMark } from '../../components/status-mark';
import { entryLabel, entryStatus, STATUS_TEXT } from '../../lib/entry-status';
import { formatDate } from '../../lib/format';
import { domIdOf } from '../../store/keys';
import { useAppStore } from '../../store';
import { selectDemoStatusFor, selectIsNew, selectIsSelected, selectPendingFor } from '../../store/selectors';
import type { PendingChange } from '../../store/changes-slice';
import { EMPTY_FOLDER_HINT, FOLDER_LABEL, isExpandable, type EntryRow, type FolderRow, type StoreRow, type TreeRow } from './tree-model';

export const ROW_HEIGHT = 28;
const INDENT = 16;

const FOLDER_COLOR = { own: '#5c6bc0', trusted: '#2e7d32', issuers: '#00838f', rejected: '#c62828' } as const;

const ROLE_TEXT = { server: 'server', client: 'client', 'app-own': 'this app', remote: 'remote' } as const;

export interface RowHandlers {
  onRowClick(event: MouseEvent, row: TreeRow): void;
  onToggle(row: TreeRow): void;
  onDragOver(event: DragEvent, row: TreeRow): void;
  onDrop(event: DragEvent, row: TreeRow): void;
}

interface TreeRowViewProps {
  row: TreeRow;
  /** Offset in the virtual list, in pixels (a number, so that memo() sees when nothing changed). */
  top: number;
  focused: boolean;
  dropTarget: boolean;
  handlers: RowHandlers;
}

export function pendingText(change: PendingChange): string {
  const target = CHANGE_TARGET[change.kind];
  return target ? `→ ${FOLDER_LABEL[target]}` : 'delete';
}

function layoutLabel(layout: string): string {
  return isLayoutId(layout) ? getLayout(layout).label : layout;
}

function Chevron({ row, onToggle }: { row: TreeRow; onToggle: (row: TreeRow) => void }) {
  if (!isExpandable(row)) return <Box sx={{ width: 18, flexShrink: 0 }} />;
  const open = row.type !== 'entry' && row.expanded;
  const Icon = open ? ExpandMoreIcon : ChevronRightIcon;
  return (
    <Icon
      aria-hidden
      onClick={(event) => {
        event.stopPropagation();
        onToggle(row);
      }}
      sx={{ fontSize: 18, color: 'text.secondary', flexShrink: 0, borderRadius: 0.5, '&:hover': { bgcolor: 'action.hover' } }}
    />
  );
}

const DEMO_DOT = { running: '#2e7d32', starting: '#1f5fbf', failed: '#c62828', stopped: '#9aa4b2' } as const;

/** The demo server's state beside its store: a coloured dot and "running on port 4840". */
function DemoStatusMark({ text }: { text: string }) {
  const state = useAppStore((s) => s.demo?.state ?? 'stopped');
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, flexShrink: 0, fontSize: 11, fontWeight: 600, color: state === 'failed' ? 'error.main' : 'text.secondary', px: 0.75, borderRadius: 8, border: 1, borderColor: 'divider', lineHeight: '16px', bgcolor: 'background.paper' }}>
      <Box component="span" aria-hidden sx={{ width: 7, height: 7, borderRadius: '50%', bgcolor: DEMO_DOT[state] }} />
      {text}
    </Box>
  );
}

function StoreContent({ row, demoStatus }: { row: StoreRow; demoStatus: string | null }) {
  const { store } = row;
  if (store.remote) return <RemoteStoreContent store={store} remote={store.remote} />;
  return (
    <>
      <DnsOutlinedIcon sx={{ fontSize: 16, color: store.error ? 'error.main' : 'primary.main', flexShrink: 0 }} />
      <Box component="span" sx={{ fontWeight: 650, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flexShrink: 0, maxWidth: '55%' }}>
        {store.name}
      </Box>
      <Box component="span" sx={{ color: 'text.secondary', fontSize: 11.5, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {layoutLabel(store.layout)} · {ROLE_TEXT[store.role] ?? store.role}
        {store.builtIn ? ' · built-in' : ''}
        {store.writable ? '' : ' · read-only'}
      </Box>
      {store.error && <ErrorOutlineIcon titleAccess="cannot be read" sx={{ fontSize: 14, color: 'error.main' }} />}
      {demoStatus && <DemoStatusMark text={demoStatus} />}
    </>
  );
}

function FolderContent({ row }: { row: FolderRow }) {
  const Icon = row.expanded ? FolderOpenIcon : FolderIcon;
  return (
    <>
      <Icon sx={{ fontSize: 16, color: FOLDER_COLOR[row.folder], flexShrink: 0 }} />
      <Box component="span" sx={{ fontWeight: 600 }}>
        {FOLDER_LABEL[row.folder]}
      </Box>
      <Box component="span" sx={{ fontSize: 11, px: 0.75, borderRadius: 8, bgcolor: 'action.selected', color: 'text.secondary', fontWeight: 600, lineHeight: '16px' }}>
        {row.count}
      </Box>
      {row.count === 0 && (
        <Box component="span" sx={{ color: 'text.secondary', fontSize: 11.5, fontStyle: 'italic', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {EMPTY_FOLDER_HINT[row.folder]}
        </Box>
      )}
    </>
  );
}

function EntryContent({ row, pending, isNew }: { row: EntryRow; pending: PendingChange | null; isNew: boolean }) {
  const { entry } = row;
  const status = entryStatus(entry);
  const Icon = entry.kind === 'certificate' ? WorkspacePremiumOutlinedIcon : entry.kind === 'crl' ? GppBadOutlinedIcon : InsertDriveFileOutlinedIcon;
  const deleting = pending?.kind === 'delete';
  return (
    <>
      <Icon sx={{ fontSize: 16, color: 'text.secondary', flexShrink: 0 }} />
      <Box
        component="span"
        sx={{
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          textDecoration: deleting ? 'line-through' : 'none',
          color: deleting ? 'text.disabled' : entry.kind === 'unreadable' ? 'text.secondary' : 'text.primary',
          fontStyle: entry.kind === 'unreadable' ? 'italic' : 'normal',
        }}
      >
        {entryLabel(entry)}
      </Box>
      <StatusMark status={status} />
      {isNew && <Chip label="New" color="primary" sx={{ height: 16, fontSize: 10.5, '& .MuiChip-label': { px: 0.75 } }} />}
      {pending && (
        <Chip
          label={pendingText(pending)}
          variant="outlined"
          color={pending.kind === 'delete' || pending.kind === 'reject' ? 'error' : 'success'}
          sx={{ height: 18, fontSize: 11, bgcolor: 'background.paper', '& .MuiChip-label': { px: 0.75 } }}
        />
      )}
      <Box sx={{ flex: 1 }} />
      {entry.kind === 'certificate' && (
        <Box component="span" sx={{ color: 'text.secondary', fontSize: 11, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {formatDate(entry.notAfter)}
        </Box>
      )}
    </>
  );
}

/** The accessible name of a row: what it is, its state, and what will happen to it on Sync. */
export function rowAccessibleName(row: TreeRow, pending: PendingChange | null, isNew: boolean, demoStatus: string | null = null): string {
  switch (row.type) {
    case 'store':
      if (row.store.remote) return `${row.store.name}, ${remoteStatusText(row.store.remote)}`;
      return `${row.store.name}, ${layoutLabel(row.store.layout)}, ${ROLE_TEXT[row.store.role] ?? row.store.role}${row.store.error ? ', cannot be read' : ''}${demoStatus ? `, demo server ${demoStatus}` : ''}`;
    case 'folder':
      return `${FOLDER_LABEL[row.folder]}, ${row.count} ${row.count === 1 ? 'item' : 'items'}`;
    case 'entry': {
      const parts = [entryLabel(row.entry)];
      if (row.entry.kind === 'crl') parts.push('CRL');
      parts.push(STATUS_TEXT[entryStatus(row.entry)]);
      if (isNew) parts.push('new');
      if (pending) parts.push(pending.kind === 'delete' ? 'pending delete' : `pending ${pendingText(pending)}`);
      return parts.join(', ');
    }
  }
}

function TreeRowViewInner({ row, top, focused, dropTarget, handlers }: TreeRowViewProps) {
  const selected = useAppStore(selectIsSelected(row.key));
  const pending = useAppStore(row.type === 'entry' ? selectPendingFor(row.key) : () => null);
  const isNew = useAppStore(row.type === 'entry' ? selectIsNew(row.store.id, row.entry.file) : () => false);
  const demoStatus = useAppStore(row.type === 'store' ? selectDemoStatusFor(row.store.id) : () => null);
  const expandable = isExpandable(row);
  return (
    <Box
      role="treeitem"
      id={domIdOf(row.key)}
      data-key={row.key}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-selected={selected}
      aria-expanded={expandable && row.type !== 'entry' ? row.expanded : undefined}
      aria-label={rowAccessibleName(row, pending, isNew, demoStatus)}
      onClick={(event) => handlers.onRowClick(event, row)}
      onDoubleClick={() => expandable && handlers.onToggle(row)}
      onDragOver={(event) => handlers.onDragOver(event, row)}
      onDrop={(event) => handlers.onDrop(event, row)}
      style={{ transform: `translateY(${top}px)` }}
      sx={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        display: 'flex',
        alignItems: 'center',
        gap: 0.75,
        pr: 1,
        pl: `${(row.level - 1) * INDENT + 4}px`,
        cursor: 'default',
        userSelect: 'none',
        fontSize: 13,
        borderRadius: 1,
        bgcolor: dropTarget ? 'rgba(31,95,191,0.16)' : selected ? 'rgba(31,95,191,0.12)' : isNew ? 'rgba(255,193,7,0.16)' : 'transparent',
        outline: dropTarget ? '2px dashed' : focused ? '2px solid' : 'none',
        outlineColor: 'primary.main',
        outlineOffset: -2,
        '&:hover': { bgcolor: selected ? 'rgba(31,95,191,0.16)' : 'action.hover' },
        '.tree:not(:focus-visible) &': { outline: dropTarget ? '2px dashed' : focused ? '1px dotted' : 'none', outlineColor: 'divider' },
      }}
    >
      <Chevron row={row} onToggle={handlers.onToggle} />
      {row.type === 'store' && <StoreContent row={row} demoStatus={demoStatus} />}
      {row.type === 'folder' && <FolderContent row={row} />}
      {row.type === 'entry' && <EntryContent row={row} pending={pending} isNew={isNew} />}
    </Box>
  );
}

export const TreeRowView = memo(TreeRowViewInner);
