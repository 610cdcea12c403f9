import { useEffect } from 'react';
import { Box, Typography } from '@mui/material';
import { onEventStreamState, subscribe, whenEventsConnected } from './api';
import { AppToolbar } from './components/app-toolbar';
import { Notifications } from './components/notifications';
import { StatusBar } from './components/status-bar';
import { AddStoreDialog } from './features/add-store/add-store-dialog';
import { DetailsPane } from './features/cert-details/details-pane';
import { ConfirmDeleteDialog } from './features/changes/confirm-delete-dialog';
import { SyncReportDialog } from './features/changes/sync-report-dialog';
import { StoresTree } from './features/stores-tree/stores-tree';
import { ExportDialog } from './features/transfer/export-dialog';
import { ImportDialog, ImportInput } from './features/transfer/import-files';
import { TestConnectionDialog } from './features/connect/test-connection-dialog';
import { ServerCertificateDialog } from './features/connect/server-certificate-dialog';
import { OwnCertsDialog } from './features/own-certs/own-certs-dialog';
import { AddRemoteDialog } from './features/remote/add-remote-dialog';
import { FleetDialog } from './features/remote/fleet-dialog';
import { RemoteEntryPoints } from './features/remote/remote-entry-points';
import { RenewDialog } from './features/remote/renew-dialog';
import { SetPasswordDialog } from './features/remote/set-password-dialog';
import { actions, connectActions, demoActions, ownCertActions, remoteActions } from './store';

export function App() {
  useEffect(() => {
    const stops = [
      subscribe('stores:changed', actions.onStoreChanged),
      subscribe('connect:progress', connectActions.onProgress),
      subscribe('demo:status', demoActions.onStatus),
      subscribe('own:progress', ownCertActions.onProgress),
      subscribe('remote:progress', remoteActions.onProgress),
      onEventStreamState((state) => {
        actions.onEventStreamState(state);
        // Events may have been missed while the stream was down.
        if (state === 'reconnected') void demoActions.load();
      }),
    ];
    void whenEventsConnected().then(() => Promise.all([actions.loadAll(), demoActions.load(), connectActions.loadRecent()]));
    return () => {
      for (const stop of stops) stop();
    };
  }, []);

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <AppToolbar />
      <Box component="main" sx={{ flex: 1, minHeight: 0, display: 'flex', gap: 1, p: 1 }}>
        <Box component="nav" aria-label="PKI folders" sx={{ width: 480, flexShrink: 0, display: 'flex', flexDirection: 'column', bgcolor: 'background.paper', border: 1, borderColor: 'divider', borderRadius: 1.5, overflow: 'hidden' }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, pl: 1.5, pr: 0.75, pt: 0.75, pb: 0.25 }}>
            <Typography variant="subtitle2" color="text.secondary" sx={{ flex: 1 }}>
              PKI folders
            </Typography>
            <RemoteEntryPoints />
          </Box>
          <Box sx={{ flex: 1, minHeight: 0 }}>
            <StoresTree />
          </Box>
        </Box>
        <Box sx={{ flex: 1, minWidth: 0, bgcolor: 'background.paper', border: 1, borderColor: 'divider', borderRadius: 1.5, overflow: 'hidden' }}>
          <DetailsPane />
        </Box>
      </Box>
      <StatusBar />
      <AddStoreDialog />
      <ImportDialog />
      <ImportInput />
      <ExportDialog />
      <ConfirmDeleteDialog />
      <SyncReportDialog />
      <TestConnectionDialog />
      <ServerCertificateDialog />
      <OwnCertsDialog />
      <FleetDialog />
      <AddRemoteDialog />
      <SetPasswordDialog />
      <RenewDialog />
      <Notifications />
    </Box>
  );
}
