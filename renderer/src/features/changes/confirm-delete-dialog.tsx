import { Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import { entryLabel } from '../../lib/entry-status';
import { plural } from '../../lib/format';
import { actions, appStore, useAppStore } from '../../store';
import { pendingKeyOf } from '../../store/changes-slice';
import { locateEntry } from '../../store/selectors';
import { FOLDER_LABEL } from '../stores-tree/tree-model';

/** Delete… asks first; the files go when the user clicks Sync. */
export function ConfirmDeleteDialog() {
  const changes = useAppStore((s) => s.confirmDelete);
  const stores = useAppStore((s) => s.stores);
  const close = () => appStore.getState().askDelete(null);
  const count = changes?.length ?? 0;
  return (
    <Dialog open={changes !== null} onClose={close} fullWidth maxWidth="xs" aria-labelledby="delete-title" aria-describedby="delete-text">
      <DialogTitle id="delete-title">Delete {count === 1 ? 'this file' : plural(count, 'file')}?</DialogTitle>
      <DialogContent>
        <Box component="ul" sx={{ m: 0, mb: 1.5, pl: 2.5, maxHeight: 200, overflow: 'auto' }}>
          {(changes ?? []).map((c) => {
            const located = locateEntry({ stores }, pendingKeyOf(c));
            return (
              <li key={pendingKeyOf(c)}>
                <Typography variant="body2">
                  <strong>{located ? entryLabel(located.entry) : c.file}</strong> — {FOLDER_LABEL[c.from]}
                </Typography>
              </li>
            );
          })}
        </Box>
        <DialogContentText id="delete-text" sx={{ fontSize: 13 }}>
          The {count === 1 ? 'file is' : 'files are'} deleted from disk when you click Sync; until then you can Discard. A client whose certificate is deleted is refused again at its next connection and lands in Rejected.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} autoFocus>
          Cancel
        </Button>
        <Button variant="contained" color="error" onClick={actions.confirmDelete}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
