import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { OwnCertView } from '../../../../shared/types/own-certs';
import { plural } from '../../lib/format';
import { ownCertActions, useAppStore } from '../../store';

/** Delete…: says first which connections fall back to the default certificate. */
export function DeleteOwnDialog({ view, onClose }: { view: OwnCertView | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  const fallback = useAppStore((s) => s.ownCerts.find((c) => c.isDefault));
  const connections = view?.assignments ?? [];
  return (
    <Dialog open={view !== null} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="own-delete-title">
      <DialogTitle id="own-delete-title">Delete “{view?.name}”?</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1.5 }}>
          The certificate and its private key are removed from own/certs and own/private, with their backups.
        </Typography>
        {connections.length > 0 ? (
          <Alert severity="warning">
            {plural(connections.length, 'connection')} will use the default certificate “{fallback?.name}” instead:
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
              {connections.map((a) => (
                <li key={a.connection}>
                  {a.connection} ({a.securityMode})
                </li>
              ))}
            </Box>
          </Alert>
        ) : (
          <Typography variant="body2" color="text.secondary">
            No connection is assigned to it.
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          disabled={busy || !view}
          onClick={async () => {
            if (view && (await ownCertActions.remove(view.id))) onClose();
          }}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The private key leaves the app only through this explicit confirmation. */
export function ExportKeyDialog({ view, onClose }: { view: OwnCertView | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  return (
    <Dialog open={view !== null} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="own-key-title">
      <DialogTitle id="own-key-title">Download the private key of “{view?.name}”?</DialogTitle>
      <DialogContent>
        <Alert severity="warning">
          Whoever has this file can act as this application towards every server that trusts its certificate. Keep it out of mail, chat and shared folders, and delete it when you no longer need it. It is saved unencrypted, as PEM.
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="warning"
          variant="contained"
          disabled={busy || !view}
          onClick={async () => {
            if (view && (await ownCertActions.downloadPrivateKey(view.id))) onClose();
          }}
        >
          Download private key
        </Button>
      </DialogActions>
    </Dialog>
  );
}
