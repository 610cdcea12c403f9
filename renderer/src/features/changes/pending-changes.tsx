import { useState } from 'react';
import { Box, Button, IconButton, List, ListItem, ListItemText, Popover, Tooltip, Typography } from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import SyncIcon from '@mui/icons-material/Sync';
import { entryLabel } from '../../lib/entry-status';
import { plural } from '../../lib/format';
import { actions, appStore, useAppStore } from '../../store';
import { pendingKeyOf } from '../../store/changes-slice';
import { locateEntry, selectPendingCount } from '../../store/selectors';
import { FOLDER_LABEL } from '../stores-tree/tree-model';
import { pendingText } from '../stores-tree/tree-row';

/** The toolbar's right end: how many changes wait, Discard and Sync. It turns into an amber bar while changes wait. */
export function PendingChanges() {
  const count = useAppStore(selectPendingCount);
  const syncing = useAppStore((s) => s.syncing);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const waiting = count > 0;
  return (
    <Box
      role="region"
      aria-label="Pending changes"
      sx={{
        display: 'flex',
        alignItems: 'center',
        flexShrink: 0,
        gap: 1,
        pl: 1.5,
        pr: 0.75,
        py: 0.5,
        borderRadius: 1.5,
        bgcolor: waiting ? '#fff4db' : 'transparent',
        border: 1,
        borderColor: waiting ? '#f0c36d' : 'transparent',
        transition: 'background-color 150ms',
      }}
    >
      {waiting ? (
        <Button color="inherit" onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="dialog" sx={{ fontWeight: 650, color: '#6b4a00', px: 0.75 }}>
          {plural(count, 'pending change')}
        </Button>
      ) : (
        <Typography variant="body2" color="text.secondary" sx={{ px: 0.75, whiteSpace: 'nowrap' }}>
          No pending changes
        </Typography>
      )}
      <Button color="inherit" disabled={!waiting || syncing} onClick={() => appStore.getState().discardChanges()}>
        Discard
      </Button>
      <Tooltip describeChild title={waiting ? 'Apply the pending changes to the folders on disk, then re-read them' : 'Re-read every PKI folder'}>
        <span>
          <Button variant={waiting ? 'contained' : 'outlined'} startIcon={<SyncIcon sx={{ animation: syncing ? 'spin 1s linear infinite' : 'none', '@keyframes spin': { to: { transform: 'rotate(360deg)' } } }} />} disabled={syncing} onClick={() => void actions.sync()}>
            Sync
          </Button>
        </span>
      </Tooltip>
      <PendingList anchor={anchor} onClose={() => setAnchor(null)} />
    </Box>
  );
}

function PendingList({ anchor, onClose }: { anchor: HTMLElement | null; onClose: () => void }) {
  const pending = useAppStore((s) => s.pending);
  const stores = useAppStore((s) => s.stores);
  const open = anchor !== null && pending.length > 0;
  return (
    <Popover open={open} anchorEl={anchor} onClose={onClose} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }} slotProps={{ paper: { sx: { width: 420, maxHeight: 420 } } }}>
      <Typography variant="subtitle2" color="text.secondary" sx={{ px: 2, pt: 1.5 }}>
        Applied on Sync
      </Typography>
      <List dense aria-label="Pending changes list">
        {pending.map((change) => {
          const key = pendingKeyOf(change);
          const located = locateEntry({ stores }, key);
          const store = stores.find((s) => s.id === change.storeId);
          return (
            <ListItem
              key={key}
              secondaryAction={
                <Tooltip title="Undo this change">
                  <IconButton edge="end" aria-label={`Undo ${located ? entryLabel(located.entry) : change.file}`} onClick={() => appStore.getState().unstage([key])}>
                    <UndoIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              }
            >
              <ListItemText
                primary={located ? entryLabel(located.entry) : change.file}
                secondary={`${store?.name ?? change.storeId}: ${change.kind === 'delete' ? `delete from ${FOLDER_LABEL[change.from]}` : `${FOLDER_LABEL[change.from]} ${pendingText(change)}`}${located ? '' : ' (file gone: Sync will report a conflict)'}`}
              />
            </ListItem>
          );
        })}
      </List>
    </Popover>
  );
}
