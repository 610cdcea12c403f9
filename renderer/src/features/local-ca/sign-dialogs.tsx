import { useEffect, useState } from 'react';
import { Alert, Dialog, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { OwnCertFile } from '../../../../shared/types/own-certs';
import { caActions, useAppStore } from '../../store';
import { FilePicker } from '../own-certs/file-picker';
import { DialogButtons } from '../../components/dialog-buttons';

function ValidityField({ value, onChange, valid }: { value: string; onChange: (value: string) => void; valid: boolean }) {
  return (
    <TextField
      label="Validity (days)"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={!valid}
      helperText={valid ? 'No longer than the CA itself' : '1 to 36500 days'}
      slotProps={{ htmlInput: { inputMode: 'numeric' } }}
      sx={{ width: 200 }}
    />
  );
}

const validDays = (text: string) => Number.isInteger(Number(text)) && Number(text) >= 1 && Number(text) <= 36500;

/** Sign request file…: a PKCS#10 request from any application; the signed certificate is saved with the CA certificate. */
export function SignRequestDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const busy = useAppStore((s) => s.caBusy);
  const [csr, setCsr] = useState<OwnCertFile | null>(null);
  const [days, setDays] = useState('365');
  useEffect(() => {
    if (!open) return;
    setCsr(null);
    setDays('365');
  }, [open]);
  const valid = csr !== null && validDays(days);
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="ca-sign-request-title">
      <DialogTitle id="ca-sign-request-title">Sign a request file</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2">
            A certificate signing request (PKCS#10, PEM or DER) with an ApplicationUri, from this app (Create signing request) or any OPC UA application. Its subject, ApplicationUri, DNS names and IP addresses are kept; key usages are the OPC UA ones.
          </Typography>
          <FilePicker label="Request file…" accept=".csr,.pem,.der,.req" file={csr} onFile={setCsr} />
          <ValidityField value={days} onChange={setDays} valid={validDays(days)} />
          <Typography variant="body2" color="text.secondary">
            The signed certificate is saved as a PEM file followed by the CA certificate: install both where the request was made.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        label="Sign"
        busy={busy}
        disabled={!valid}
        onAct={async () => {
          if (csr && (await caActions.signRequest(csr, Number(days)))) onClose();
        }}
      />
    </Dialog>
  );
}

/** Sign own certificate…: a request made for the certificate's key, signed and installed in one step. */
export function SignOwnDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const busy = useAppStore((s) => s.caBusy);
  const certificates = useAppStore((s) => s.ownCerts);
  const usable = certificates.filter((c) => c.files.privateKey === 'ok' && c.applicationUri);
  const [id, setId] = useState('');
  const [days, setDays] = useState('365');
  useEffect(() => {
    if (!open) return;
    setId(usable.find((c) => c.certificate?.selfSigned)?.id ?? usable[0]?.id ?? '');
    setDays('365');
    // Chosen once per opening.
  }, [open]);
  const chosen = usable.find((c) => c.id === id);
  const valid = chosen !== undefined && validDays(days);
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="ca-sign-own-title">
      <DialogTitle id="ca-sign-own-title">Sign an own certificate</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1.5 }}>
          <TextField select label="Own certificate" value={id} onChange={(e) => setId(e.target.value)}>
            {usable.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.isDefault ? '★ ' : ''}
                {c.name} — {c.applicationUri}
              </MenuItem>
            ))}
          </TextField>
          <ValidityField value={days} onChange={setDays} valid={validDays(days)} />
          <Typography variant="body2" color="text.secondary">
            A signing request is made for its key and signed; the signed certificate replaces the current one (kept as a backup), and the CA certificate and CRL go to this app’s Issuers folder. Name, key and assignments stay.
          </Typography>
          {chosen && !chosen.certificate?.selfSigned && chosen.certificate && <Alert severity="info">It is signed by {chosen.certificate.issuer.cn} now; it will be signed by this CA instead.</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        label="Sign
        and
        install"
        busy={busy}
        disabled={!valid}
        onAct={async () => {
          if (chosen && (await caActions.signOwn(chosen.id, Number(days)))) onClose();
        }}
      />
    </Dialog>
  );
}
