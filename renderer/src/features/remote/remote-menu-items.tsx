import type { ComponentType, ReactNode } from 'react';
import { Divider } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import AutorenewOutlinedIcon from '@mui/icons-material/AutorenewOutlined';
import KeyOutlinedIcon from '@mui/icons-material/KeyOutlined';
import UnfoldMoreIcon from '@mui/icons-material/UnfoldMore';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import PlaylistRemoveIcon from '@mui/icons-material/PlaylistRemove';
import HubOutlinedIcon from '@mui/icons-material/HubOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import { actions, appStore, remoteActions } from '../../store';
import type { ItemProps } from '../stores-tree/tree-context-menu';
import type { StoreRow } from '../stores-tree/tree-model';
import { needsPassword } from './remote-store-row';

/** The right-click menu of a remote server: its certificates keep the usual menu; the server itself is refreshed, renewed, signed in to, removed. */
export function remoteStoreItems(row: StoreRow, close: () => void, Item: ComponentType<ItemProps>): ReactNode[] {
  const { store } = row;
  const remote = store.remote!;
  const state = appStore.getState();
  const refreshing = state.remoteRefreshing.includes(store.id);
  const run = (fn: () => void) => () => {
    close();
    fn();
  };
  const passwordMissing = needsPassword(remote);
  return [
    <Item
      key="refresh"
      icon={<RefreshIcon fontSize="small" />}
      label="Refresh from server"
      secondary={passwordMissing ? 'Needs the password first' : refreshing ? 'Reading…' : 'Trust list, rejected list, certificate'}
      disabled={refreshing || passwordMissing}
      onClick={run(() => void remoteActions.refresh(store.id))}
    />,
    <Item
      key="renew"
      icon={<AutorenewOutlinedIcon fontSize="small" />}
      label="Renew server certificate…"
      disabled={passwordMissing}
      onClick={run(() => remoteActions.openRenew(store.id))}
    />,
    <Item
      key="password"
      icon={<KeyOutlinedIcon fontSize="small" color={passwordMissing ? 'warning' : undefined} />}
      label="Set password…"
      secondary={passwordMissing ? 'Password needed' : remote.passwordStorage === 'keychain' ? 'Kept in the OS keychain' : 'Kept for this session'}
      onClick={run(() => state.setRemotePasswordFor(store.id))}
    />,
    <Item key="fleet" icon={<HubOutlinedIcon fontSize="small" />} label="Remote servers…" onClick={run(() => remoteActions.openFleet())} />,
    <Divider key="d0" />,
    <Item
      key="import"
      icon={<FileUploadOutlinedIcon fontSize="small" />}
      label="Import…"
      secondary={passwordMissing ? 'Needs the password first' : 'Into the server’s trust list, at once'}
      disabled={passwordMissing || !store.writable}
      onClick={run(() => state.openImportDialog({ storeId: store.id, folder: 'trusted' }))}
    />,
    <Item key="toggle" icon={<UnfoldMoreIcon fontSize="small" />} label={row.expanded ? 'Collapse' : 'Expand'} onClick={run(() => state.setExpanded(row.key, !row.expanded))} />,
    <Item key="copy" icon={<ContentCopyIcon fontSize="small" />} label="Copy endpoint URL" onClick={run(() => void actions.copyText(remote.endpointUrl, 'Endpoint URL'))} />,
    <Divider key="d1" />,
    <Item
      key="remove"
      icon={<PlaylistRemoveIcon fontSize="small" />}
      label="Remove from list"
      secondary="The server and its trust list stay as they are"
      onClick={run(() => void actions.removeStore(store.id))}
    />,
  ];
}
