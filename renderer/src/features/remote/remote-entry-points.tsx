import { Button, Stack } from '@mui/material';
import AddLinkIcon from '@mui/icons-material/AddLink';
import HubOutlinedIcon from '@mui/icons-material/HubOutlined';
import { remoteActions } from '../../store';

/**
 * Add remote server… and the fleet view, in the PKI folders panel's header: remote servers are
 * stores of that tree, and the toolbar has no room left at 1280 px without pushing Sync off-screen.
 */
export function RemoteEntryPoints() {
  return (
    <Stack direction="row" spacing={0.5} sx={{ '& .MuiButton-root': { whiteSpace: 'nowrap', fontSize: 12.5, py: 0.25 } }}>
      <Button size="small" startIcon={<AddLinkIcon />} onClick={() => remoteActions.openAdd()}>
        Add remote server…
      </Button>
      <Button size="small" startIcon={<HubOutlinedIcon />} onClick={() => remoteActions.openFleet()}>
        Remote servers
      </Button>
    </Stack>
  );
}
