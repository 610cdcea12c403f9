import { Alert, Box, Dialog, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { OwnCertView } from '../../../../shared/types/own-certs';
import { plural } from '../../lib/format';
import { ownCertActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

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
      <DialogButtons
        onCancel={onClose}
        label="Delete"
        busy={busy}
        disabled={!view}
        color="error"
        onAct={async () => {
          if (view && (await ownCertActions.remove(view.id))) onClose();
        }}
      />
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
      <DialogButtons
        onCancel={onClose}
        label="Download private key"
        busy={busy}
        disabled={!view}
        color="warning"
        onAct={async () => {
          if (view && (await ownCertActions.downloadPrivateKey(view.id))) onClose();
        }}
      />
    </Dialog>
  );
}

/** Regenerate…: says what stays (name, ApplicationUri, assignments) and that the old pair is kept as a backup. */
export function RegenerateOwnDialog({ view, onClose }: { view: OwnCertView | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  const caSigned = view?.certificate ? !view.certificate.selfSigned : false;
  const connections = view?.assignments.length ?? 0;
  return (
    <Dialog open={view !== null} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="own-regenerate-title">
      <DialogTitle id="own-regenerate-title">Regenerate “{view?.name}”?</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1.5 }}>
          A new private key and a new self-signed certificate replace the current ones. The name, the ApplicationUri ({view?.applicationUri}), the host names
          {connections ? ` and the ${plural(connections, 'assigned connection')}` : ''} stay as they are{view?.isDefault ? '; it stays the default' : ''}.
        </Typography>
        <Alert severity="info" sx={{ mb: caSigned ? 1.5 : 0 }}>
          The current certificate and key are kept as a backup (own/certs/backup, own/private/backup) until you delete this certificate.
        </Alert>
        {caSigned && (
          <Alert severity="warning">
            The current certificate is signed by {view?.certificate?.issuer.cn ?? 'a CA'}; the new one is self-signed. Servers that accept it through its CA refuse the new one until you have it signed again.
          </Alert>
        )}
        {!caSigned && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
            Servers that trusted the old certificate must trust the new one: it will land in their rejected folder at the next connection.
          </Typography>
        )}
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        label="Regenerate"
        busy={busy}
        disabled={!view}
        onAct={() => {
          // The progress shows in the row; the dialog closes at once.
          if (view) void ownCertActions.regenerate(view.id);
          onClose();
        }}
      />
    </Dialog>
  );
}
