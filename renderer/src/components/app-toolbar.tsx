import { AppBar, Box, Button, Chip, Divider, Toolbar, Typography } from '@mui/material';
import CreateNewFolderOutlinedIcon from '@mui/icons-material/CreateNewFolderOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import ShieldOutlinedIcon from '@mui/icons-material/ShieldOutlined';
import CableOutlinedIcon from '@mui/icons-material/CableOutlined';
import BadgeOutlinedIcon from '@mui/icons-material/BadgeOutlined';
import { PendingChanges } from '../features/changes/pending-changes';
import { defaultImportTarget } from '../features/transfer/import-files';
import { appStore, connectActions, ownCertActions, useAppStore } from '../store';

export function AppToolbar() {
  const mode = useAppStore((s) => s.appInfo?.mode);
  const hasWritable = useAppStore((s) => s.stores.some((x) => x.writable));
  return (
    <AppBar position="static" sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar variant="dense" sx={{ gap: 1, minHeight: 52, '& .MuiButton-root': { whiteSpace: 'nowrap', flexShrink: 0 } }}>
        <ShieldOutlinedIcon color="primary" />
        <Typography variant="h6" component="h1" sx={{ mr: 1, whiteSpace: 'nowrap' }}>
          OPC UA Trust Manager
        </Typography>
        {mode === 'browser' && <Chip label="browser mode" variant="outlined" sx={{ color: 'text.secondary' }} />}
        <Divider orientation="vertical" flexItem sx={{ mx: 1, my: 1.25 }} />
        <Button startIcon={<CreateNewFolderOutlinedIcon />} onClick={() => appStore.getState().setAddStoreOpen(true)}>
          Add PKI folder…
        </Button>
        <Button
          startIcon={<FileUploadOutlinedIcon />}
          disabled={!hasWritable}
          onClick={() => {
            const target = defaultImportTarget();
            if (target) appStore.getState().openImportDialog(target);
          }}
        >
          Import…
        </Button>
        <Button startIcon={<CableOutlinedIcon />} onClick={() => connectActions.open()}>
          Test connection…
        </Button>
        <Button startIcon={<BadgeOutlinedIcon />} onClick={() => ownCertActions.open()}>
          Own certificates…
        </Button>
        <Box sx={{ flex: 1 }} />
        <PendingChanges />
      </Toolbar>
    </AppBar>
  );
}
