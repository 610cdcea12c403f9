import { useEffect, useState } from 'react';
import { Dialog, DialogContent, DialogTitle, FormControlLabel, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import type { OwnCertFile } from '../../../../shared/types/own-certs';
import { FilePicker } from './file-picker';
import { ownCertActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

/** Upload…: a certificate with its PEM private key, or a PKCS#12 (.pfx) with its password; checked to match before anything is written. */
export function UploadDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  const [kind, setKind] = useState<'pem' | 'pfx'>('pem');
  const [name, setName] = useState('');
  const [certificate, setCertificate] = useState<OwnCertFile | null>(null);
  const [privateKey, setPrivateKey] = useState<OwnCertFile | null>(null);
  const [pfx, setPfx] = useState<OwnCertFile | null>(null);
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (!open) return;
    setKind('pem');
    setName('');
    setCertificate(null);
    setPrivateKey(null);
    setPfx(null);
    setPassword('');
  }, [open]);

  const valid = name.trim() !== '' && (kind === 'pem' ? certificate !== null && privateKey !== null : pfx !== null);

  async function submit() {
    const done =
      kind === 'pem'
        ? await ownCertActions.upload({ name: name.trim(), certificate: certificate!, privateKey: privateKey!, ...(password ? { privateKeyPassword: password } : {}) })
        : await ownCertActions.upload({ name: name.trim(), pfx: pfx!, ...(password ? { pfxPassword: password } : {}) });
    if (done) onClose();
  }

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="own-upload-title">
      <DialogTitle id="own-upload-title">Upload own certificate</DialogTitle>
      <DialogContent>
        <Stack spacing={1.75} sx={{ pt: 1 }}>
          <TextField label="Name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          <RadioGroup row aria-label="What to upload" value={kind} onChange={(e) => setKind(e.target.value as 'pem' | 'pfx')}>
            <FormControlLabel value="pem" control={<Radio size="small" />} label="Certificate + private key" />
            <FormControlLabel value="pfx" control={<Radio size="small" />} label="PKCS#12 (.pfx)" />
          </RadioGroup>
          {kind === 'pem' ? (
            <>
              <FilePicker label="Certificate file…" accept=".der,.pem,.crt,.cer" file={certificate} onFile={setCertificate} />
              <FilePicker label="Private key file…" accept=".pem,.key" file={privateKey} onFile={setPrivateKey} />
              <TextField label="Key password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} helperText="Only for an encrypted key" />
            </>
          ) : (
            <>
              <FilePicker label="PKCS#12 file…" accept=".pfx,.p12" file={pfx} onFile={setPfx} />
              <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </>
          )}
          <Typography variant="body2" color="text.secondary">
            The key must belong to the certificate; nothing is written otherwise. The key is stored in own/private, readable by you only.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} label="Upload" busy={busy} disabled={!valid} onAct={submit} />
    </Dialog>
  );
}
