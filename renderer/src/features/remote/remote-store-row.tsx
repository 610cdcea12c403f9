import { Box, CircularProgress } from '@mui/material';
import CloudOutlinedIcon from '@mui/icons-material/CloudOutlined';
import KeyOutlinedIcon from '@mui/icons-material/KeyOutlined';
import type { RemoteStatus } from '../../../../shared/types/remote';
import type { StoreView } from '../../../../shared/types/store';
import { appStore, useAppStore } from '../../store';
import { ReachabilityMark, REACHABILITY_TEXT } from './reachability';

/** The admin password is not known in this session (kept in memory only, and the app restarted). */
export function needsPassword(remote: RemoteStatus): boolean {
  return remote.passwordStorage === 'none';
}

/** What a screen reader says after a remote server's name. */
export function remoteStatusText(remote: RemoteStatus): string {
  return `remote server ${remote.endpointUrl}, ${REACHABILITY_TEXT[remote.reachability]}${needsPassword(remote) ? ', password needed' : ''}`;
}

/** A remote server's row in the tree: a cloud, its name and endpoint, how it answered last, and "password needed". */
export function RemoteStoreContent({ store, remote }: { store: StoreView; remote: RemoteStatus }) {
  const refreshing = useAppStore((s) => s.remoteRefreshing.includes(store.id));
  const troubled = remote.reachability === 'refused' || store.error !== null;
  return (
    <>
      <CloudOutlinedIcon sx={{ fontSize: 16, color: troubled ? 'error.main' : 'primary.main', flexShrink: 0 }} />
      <Box component="span" sx={{ fontWeight: 650, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flexShrink: 0, maxWidth: '45%' }}>
        {store.name}
      </Box>
      <Box component="span" title={remote.endpointUrl} sx={{ color: 'text.secondary', fontSize: 11.5, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }}>
        {remote.endpointUrl.replace(/^opc\.tcp:\/\//i, '')}
      </Box>
      <Box sx={{ flex: 1 }} />
      {refreshing && <CircularProgress size={11} aria-hidden sx={{ flexShrink: 0 }} />}
      {needsPassword(remote) && (
        // A mouse shortcut only: the keyboard reaches Set password… through the row's menu and the details pane.
        <Box
          component="span"
          title="The admin password is needed: click to give it"
          onClick={(event) => {
            event.stopPropagation();
            appStore.getState().setRemotePasswordFor(store.id);
          }}
          sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, flexShrink: 0, fontSize: 11, fontWeight: 600, color: 'warning.main', px: 0.75, borderRadius: 8, border: 1, borderColor: 'warning.main', lineHeight: '16px', cursor: 'pointer', '&:hover': { bgcolor: 'rgba(178,106,0,0.08)' } }}
        >
          <KeyOutlinedIcon sx={{ fontSize: 12 }} aria-hidden />
          password needed
        </Box>
      )}
      <ReachabilityMark reachability={remote.reachability} />
    </>
  );
}
