import { useEffect, useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Radio, RadioGroup, Typography } from '@mui/material';
import { actions, appStore, useAppStore } from '../../store';

/** Export…: DER by default (what most stacks import), PEM on request. */
export function ExportDialog() {
  const request = useAppStore((s) => s.exportDialog);
  const [format, setFormat] = useState<'der' | 'pem'>('der');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (request) setFormat('der');
  }, [request]);
  const close = () => appStore.getState().openExportDialog(null);
  return (
    <Dialog open={request !== null} onClose={close} fullWidth maxWidth="xs" aria-labelledby="export-title">
      <DialogTitle id="export-title">Export {request?.label}</DialogTitle>
      <DialogContent>
        <RadioGroup aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as 'der' | 'pem')}>
          <FormControlLabel value="der" control={<Radio size="small" />} label="DER (binary, .der)" />
          <FormControlLabel value="pem" control={<Radio size="small" />} label="PEM (Base64 text, .pem)" />
        </RadioGroup>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Only the certificate is exported; private keys never leave the store.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="contained"
          disabled={busy || !request}
          onClick={async () => {
            if (!request) return;
            setBusy(true);
            const done = await actions.exportEntry(request, format);
            setBusy(false);
            if (done) close();
          }}
        >
          Export
        </Button>
      </DialogActions>
    </Dialog>
  );
}
