import { useEffect, useState } from 'react';
import { Box, Dialog, DialogContent, DialogTitle, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { OWN_CERT_KEY_SIZES, type OwnCertKeySize, type OwnCertProgress } from '../../../../shared/types/own-certs';
import { defaultApplicationUri, splitHosts } from '../../lib/own-cert-status';
import { ownCertActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

const STEP_TEXT: Record<OwnCertProgress, string> = {
  'generating-key': 'Generating the RSA key…',
  signing: 'Signing the certificate…',
  writing: 'Writing the files…',
  done: 'Done',
};

/** The host a new certificate names by default: the one of the current default certificate. */
function useDefaultHost(): string {
  return useAppStore((s) => s.ownCerts.find((c) => c.isDefault)?.hostnames[0] ?? '') || 'localhost';
}

/** Generate self-signed…: the OPC UA fields, with the ApplicationUri following host and name until the user edits it. */
export function GenerateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const host = useDefaultHost();
  const busy = useAppStore((s) => s.ownBusy);
  const run = useAppStore((s) => (s.ownRun && s.ownRun.id === null ? s.ownRun : null));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [applicationName, setApplicationName] = useState('OpcUaTrustManager');
  const [hosts, setHosts] = useState(host);
  const [uri, setUri] = useState<string | null>(null);
  const [keySize, setKeySize] = useState<OwnCertKeySize>(2048);
  const [validityDays, setValidityDays] = useState('730');
  useEffect(() => {
    if (!open) return;
    setName('');
    setDescription('');
    setApplicationName('OpcUaTrustManager');
    setHosts(host);
    setUri(null);
    setKeySize(2048);
    setValidityDays('730');
  }, [open, host]);

  const { hostnames, ips } = splitHosts(hosts);
  const applicationUri = uri ?? defaultApplicationUri(hostnames[0] ?? ips[0] ?? '', applicationName);
  const days = Number(validityDays);
  const daysValid = Number.isInteger(days) && days >= 1 && days <= 36500;
  const valid = name.trim() !== '' && applicationUri.trim() !== '' && daysValid && hostnames.length + ips.length > 0;

  async function submit() {
    const done = await ownCertActions.generate({
      name: name.trim(),
      description: description.trim() || undefined,
      applicationName: applicationName.trim() || undefined,
      hostnames,
      ips,
      applicationUri: applicationUri.trim(),
      keySize,
      validityDays: days,
    });
    if (done) onClose();
  }

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="own-generate-title">
      <DialogTitle id="own-generate-title">Generate self-signed certificate</DialogTitle>
      <DialogContent>
        <Stack spacing={1.75} sx={{ pt: 1 }}>
          <TextField label="Name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} helperText="What the list calls it, e.g. “Line 3 client”" />
          <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
          <TextField label="Application name" value={applicationName} onChange={(e) => setApplicationName(e.target.value)} helperText="In the subject (CN) and the ApplicationUri" />
          <TextField label="Hostnames and IP addresses" value={hosts} onChange={(e) => setHosts(e.target.value)} helperText="Separated by commas; they go into the subjectAltName" />
          <TextField
            label="ApplicationUri"
            value={applicationUri}
            onChange={(e) => setUri(e.target.value)}
            helperText={uri === null ? 'urn:<hostname>:<application name> — edit to use another' : 'Must be the ApplicationUri the application sends'}
            slotProps={{ htmlInput: { spellCheck: false } }}
          />
          <Stack direction="row" spacing={1.5}>
            <TextField select label="Key size" value={keySize} onChange={(e) => setKeySize(Number(e.target.value) as OwnCertKeySize)} sx={{ width: 160 }}>
              {OWN_CERT_KEY_SIZES.map((size) => (
                <MenuItem key={size} value={size}>
                  RSA {size}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label="Validity (days)"
              value={validityDays}
              onChange={(e) => setValidityDays(e.target.value)}
              error={!daysValid}
              helperText={daysValid ? undefined : '1 to 36500 days'}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              sx={{ width: 160 }}
            />
          </Stack>
        </Stack>
        {run && (
          <Box role="status" aria-label="Progress" sx={{ mt: 2 }}>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
              {run.step ? STEP_TEXT[run.step] : 'Starting…'}
              {keySize >= 4096 && run.step === 'generating-key' ? ' (a 4096-bit key takes a few seconds)' : ''}
            </Typography>
            <LinearProgress />
          </Box>
        )}
      </DialogContent>
      <DialogButtons onCancel={onClose} label="Generate" busy={busy} disabled={!valid} onAct={submit} />
    </Dialog>
  );
}
