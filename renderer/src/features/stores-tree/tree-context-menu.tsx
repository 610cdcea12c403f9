import { Divider, ListItemIcon, ListItemText, Menu, MenuItem } from '@mui/material';
import VerifiedUserOutlinedIcon from '@mui/icons-material/VerifiedUserOutlined';
import DoNotDisturbOnOutlinedIcon from '@mui/icons-material/DoNotDisturbOnOutlined';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import PlaylistRemoveIcon from '@mui/icons-material/PlaylistRemove';
import UnfoldMoreIcon from '@mui/icons-material/UnfoldMore';
import CableOutlinedIcon from '@mui/icons-material/CableOutlined';
import BadgeOutlinedIcon from '@mui/icons-material/BadgeOutlined';
import type { ReactNode } from 'react';
import type { ChangeKind } from '../../../../shared/types/changes';
import { CHANGE_TARGET } from '../../../../shared/types/changes';
import { actions, appStore, connectActions, ownCertActions } from '../../store';
import { remoteStoreItems } from '../remote/remote-menu-items';
import { canStage } from '../../store/actions';
import { pendingKeyOf } from '../../store/changes-slice';
import { selectSelectedEntries, type LocatedEntry } from '../../store/selectors';
import { foldersOf, FOLDER_LABEL, type EntryRow, type FolderRow, type StoreRow, type TreeRow } from './tree-model';
import { showDetails } from '../cert-details/show-details';

export interface MenuRequest {
  row: TreeRow;
  position: { top: number; left: number };
}

export interface ItemProps {
  icon: ReactNode;
  label: string;
  secondary?: string;
  disabled?: boolean;
  onClick: () => void;
}

function Item({ icon, label, secondary, disabled, onClick }: ItemProps) {
  return (
    <MenuItem onClick={onClick} disabled={disabled} dense>
      <ListItemIcon>{icon}</ListItemIcon>
      <ListItemText primary={label} secondary={secondary} slotProps={{ secondary: { sx: { fontSize: 11 } } }} />
    </MenuItem>
  );
}

/** Whether a change would do something for at least one target (a pending change counts as where it goes). */
function wouldMove(kind: ChangeKind, targets: LocatedEntry[]): boolean {
  const target = CHANGE_TARGET[kind];
  const pending = new Map(appStore.getState().pending.map((c) => [pendingKeyOf(c), c] as const));
  return targets.some((t) => {
    if (!canStage(kind, t.entry)) return false;
    const change = pending.get(t.key);
    return change ? change.kind !== kind : t.entry.folder !== target;
  });
}

function entryItems(row: EntryRow, close: () => void): ReactNode[] {
  const state = appStore.getState();
  const selected = selectSelectedEntries(state);
  const targets = selected.some((t) => t.key === row.key) ? selected : [{ store: row.store, entry: row.entry, key: row.key }];
  const single = targets.length === 1 ? targets[0]! : null;
  const run = (fn: () => void) => () => {
    close();
    fn();
  };
  const count = targets.length > 1 ? ` (${targets.length})` : '';
  const onlyUnreadable = targets.every((t) => t.entry.kind === 'unreadable');
  const anyPending = targets.some((t) => state.pending.some((c) => pendingKeyOf(c) === t.key));
  const items: ReactNode[] = [];
  if (!onlyUnreadable) {
    items.push(
      <Item key="trust" icon={<VerifiedUserOutlinedIcon fontSize="small" color="success" />} label="Trust" secondary={count ? `${targets.length} selected` : undefined} disabled={!wouldMove('trust', targets)} onClick={run(() => actions.requestChange('trust', targets))} />,
      <Item key="reject" icon={<DoNotDisturbOnOutlinedIcon fontSize="small" color="error" />} label="Reject" secondary={count ? `${targets.length} selected` : undefined} disabled={!wouldMove('reject', targets)} onClick={run(() => actions.requestChange('reject', targets))} />,
    );
    const canIssuers = targets.some((t) => canStage('move-to-issuers', t.entry) && foldersOf(t.store).includes('issuers'));
    if (canIssuers) {
      items.push(<Item key="issuers" icon={<AccountTreeOutlinedIcon fontSize="small" />} label="Move to Issuers" disabled={!wouldMove('move-to-issuers', targets)} onClick={run(() => actions.requestChange('move-to-issuers', targets))} />);
    }
  }
  items.push(<Item key="delete" icon={<DeleteOutlineIcon fontSize="small" />} label="Delete…" secondary={count ? `${targets.length} selected` : undefined} onClick={run(() => actions.requestChange('delete', targets))} />);
  if (anyPending) {
    items.push(<Item key="undo" icon={<UndoIcon fontSize="small" />} label="Undo pending change" onClick={run(() => state.unstage(targets.map((t) => t.key)))} />);
  }
  items.push(<Divider key="d1" />);
  if (!onlyUnreadable) {
    items.push(
      <Item key="export" icon={<FileDownloadOutlinedIcon fontSize="small" />} label="Export…" disabled={!single || single.entry.kind === 'unreadable'} onClick={run(() => single && actions.askExport(single))} />,
      <Item
        key="copy"
        icon={<ContentCopyIcon fontSize="small" />}
        label="Copy thumbprint"
        secondary={single?.entry.kind === 'certificate' ? 'SHA-1, as OPC UA uses it' : undefined}
        disabled={!single || single.entry.kind !== 'certificate'}
        onClick={run(() => single?.entry.kind === 'certificate' && void actions.copyText(single.entry.sha1.toUpperCase(), 'SHA-1 thumbprint'))}
      />,
    );
  }
  items.push(<Item key="details" icon={<InfoOutlinedIcon fontSize="small" />} label="Details" onClick={run(() => showDetails(row.key))} />);
  return items;
}

function storeItems(row: StoreRow, close: () => void): ReactNode[] {
  const state = appStore.getState();
  const run = (fn: () => void) => () => {
    close();
    fn();
  };
  // The demo server's own endpoint, when it runs; other servers' endpoints are not known to the app.
  const demo = state.demo?.storeId === row.store.id ? state.demo : null;
  const endpointUrl = demo?.state === 'running' ? (demo.endpointUrl ?? undefined) : undefined;
  return [
    ...(row.store.role === 'server'
      ? [
          <Item key="test" icon={<CableOutlinedIcon fontSize="small" />} label="Test connection…" secondary={endpointUrl} onClick={run(() => connectActions.open(endpointUrl ? { endpointUrl } : {}))} />,
          <Divider key="d0" />,
        ]
      : []),
    <Item key="import" icon={<FileUploadOutlinedIcon fontSize="small" />} label="Import…" disabled={!row.store.writable} onClick={run(() => state.openImportDialog({ storeId: row.store.id, folder: 'trusted' }))} />,
    <Item key="toggle" icon={<UnfoldMoreIcon fontSize="small" />} label={row.expanded ? 'Collapse' : 'Expand'} onClick={run(() => state.setExpanded(row.key, !row.expanded))} />,
    <Item key="copy" icon={<ContentCopyIcon fontSize="small" />} label="Copy path" onClick={run(() => void actions.copyText(row.store.root, 'Path'))} />,
    <Divider key="d1" />,
    <Item
      key="remove"
      icon={<PlaylistRemoveIcon fontSize="small" />}
      label="Remove from list"
      secondary={row.store.builtIn ? 'Built-in: cannot be removed' : 'The files stay on disk'}
      disabled={row.store.builtIn}
      onClick={run(() => void actions.removeStore(row.store.id))}
    />,
  ];
}

function folderItems(row: FolderRow, close: () => void): ReactNode[] {
  const state = appStore.getState();
  const run = (fn: () => void) => () => {
    close();
    fn();
  };
  // A remote server takes imports into its trust list (Part 12), never into its rejected list.
  const importable = row.folder !== 'own' && row.store.writable && !(row.store.role === 'remote' && row.folder === 'rejected');
  return [
    <Item
      key="import"
      icon={<FileUploadOutlinedIcon fontSize="small" />}
      label="Import…"
      secondary={importable ? `into ${FOLDER_LABEL[row.folder]}` : undefined}
      disabled={!importable}
      onClick={run(() => row.folder !== 'own' && state.openImportDialog({ storeId: row.store.id, folder: row.folder }))}
    />,
    <Item key="toggle" icon={<UnfoldMoreIcon fontSize="small" />} label={row.expanded ? 'Collapse' : 'Expand'} disabled={row.count === 0} onClick={run(() => state.setExpanded(row.key, !row.expanded))} />,
    // The app's own certificates are managed in their own view; other stores' own folders belong to their stack.
    ...(row.folder === 'own' && row.store.id === state.appInfo?.appStoreId
      ? [<Divider key="d-own" />, <Item key="own" icon={<BadgeOutlinedIcon fontSize="small" />} label="Own certificates…" onClick={run(() => ownCertActions.open())} />]
      : []),
  ];
}

/** The right-click (Shift+F10, menu key) menu of a tree node; on certificates it acts on the whole selection. */
export function TreeContextMenu({ request, onClose }: { request: MenuRequest | null; onClose: () => void }) {
  const row = request?.row;
  const items = !row
    ? []
    : row.type === 'entry'
      ? entryItems(row, onClose)
      : row.type === 'store'
        ? row.store.remote
          ? remoteStoreItems(row, onClose, Item)
          : storeItems(row, onClose)
        : folderItems(row, onClose);
  return (
    <Menu
      open={request !== null}
      onClose={onClose}
      anchorReference="anchorPosition"
      anchorPosition={request?.position}
      slotProps={{ list: { dense: true, 'aria-label': row ? 'Actions' : undefined }, paper: { sx: { minWidth: 220 } } }}
    >
      {items}
    </Menu>
  );
}
