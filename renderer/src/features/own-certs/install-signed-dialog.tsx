import { useEffect, useState } from 'react';
import { Dialog, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import type { OwnCertFile, OwnCertView } from '../../../../shared/types/own-certs';
import { ownCertActions, useAppStore } from '../../store';
import { FilesPicker } from './file-picker';
import { DialogButtons } from '../../components/dialog-buttons';

/** Install signed certificate…: what the CA sent back for this certificate's signing request, with its issuers and CRLs. */
export function InstallSignedDialog({ view, onClose }: { view: OwnCertView | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  const [files, setFiles] = useState<OwnCertFile[]>([]);
  useEffect(() => {
    if (view) setFiles([]);
  }, [view]);

  async function submit() {
    if (view && (await ownCertActions.installSigned(view.id, files))) onClose();
  }

  return (
    <Dialog open={view !== null} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="own-install-title">
      <DialogTitle id="own-install-title">Install the signed certificate of “{view?.name}”</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            Choose the certificate your CA signed for this certificate’s signing request, and its CA certificates and CRLs if you have them (one file or several; PEM or DER).
          </Typography>
          <FilesPicker label="Signed certificate and issuer files…" accept=".der,.pem,.crt,.cer,.crl,.p7b" files={files} onFiles={setFiles} multiple />
          <Typography variant="body2" color="text.secondary">
            The certificate must belong to this key and name {view?.applicationUri ? <strong>{view.applicationUri}</strong> : 'the same ApplicationUri'}; otherwise nothing is installed. Issuer certificates and CRLs go to the Issuers folder. The current certificate is kept as a backup; the private key stays as it is.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} label="Install" busy={busy} disabled={files.length === 0} onAct={submit} />
    </Dialog>
  );
}
