import { useEffect, useState } from 'react';
import { Alert, Autocomplete, Dialog, DialogContent, DialogTitle, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import { ASSIGNMENT_SECURITY_MODES, type AssignmentSecurityMode, type OwnCertView } from '../../../../shared/types/own-certs';
import { ownCertActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

const ENDPOINT = /^opc\.tcp:\/\/\S+$/i;

const MODE_TEXT: Record<AssignmentSecurityMode, string> = {
  Sign: 'Sign — messages signed, not encrypted',
  SignAndEncrypt: 'Sign & encrypt — signed and encrypted',
};

/** The same normalisation the host applies (lower-case scheme and host, no trailing slash), to find an existing assignment. */
function normalized(url: string): string {
  const match = /^(opc\.tcp:\/\/)([^/:]+)(.*)$/i.exec(url.trim());
  return match ? `${match[1].toLowerCase()}${match[2].toLowerCase()}${match[3]}`.replace(/\/+$/, '') : url.trim();
}

/** Endpoint URLs the user has used: recent test connections and the demo server. */
function useKnownEndpoints(): string[] {
  const recent = useAppStore((s) => s.recentConnections);
  const demo = useAppStore((s) => s.demo?.endpointUrl ?? null);
  return [...new Set([...(demo ? [demo] : []), ...recent.map((r) => r.endpointUrl)])];
}

/** Assign to connection…: which endpoint presents this certificate, and with which security mode. */
export function AssignDialog({ view, onClose }: { view: OwnCertView | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.ownBusy);
  const certificates = useAppStore((s) => s.ownCerts);
  const known = useKnownEndpoints();
  const [endpointUrl, setEndpointUrl] = useState('');
  const [mode, setMode] = useState<AssignmentSecurityMode>('SignAndEncrypt');
  useEffect(() => {
    if (!view) return;
    setEndpointUrl(known[0] ?? '');
    setMode('SignAndEncrypt');
    // Pre-filled once per opening, not each time the list of known endpoints changes.
  }, [view]);

  const valid = ENDPOINT.test(endpointUrl.trim());
  const current = valid ? certificates.find((c) => c.assignments.some((a) => a.connection === normalized(endpointUrl))) : undefined;
  const fallback = certificates.find((c) => c.isDefault);

  async function submit() {
    if (view && (await ownCertActions.assign(view.id, endpointUrl.trim(), mode))) onClose();
  }

  return (
    <Dialog open={view !== null} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="own-assign-title">
      <DialogTitle id="own-assign-title">Assign “{view?.name}” to a connection</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            Test connection to this endpoint then presents this certificate instead of the default{fallback ? ` (“${fallback.name}”)` : ''}.
          </Typography>
          <Autocomplete
            freeSolo
            options={known}
            value={endpointUrl}
            onInputChange={(_, value) => setEndpointUrl(value)}
            renderInput={(params) => (
              <TextField
                {...params}
                label="Endpoint URL"
                autoFocus
                error={endpointUrl !== '' && !valid}
                helperText={endpointUrl !== '' && !valid ? 'An endpoint URL like opc.tcp://host:4840' : 'A recent connection, or type one'}
                slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, spellCheck: false } }}
              />
            )}
          />
          <div>
            <FormLabel id="own-assign-mode">Security mode</FormLabel>
            <RadioGroup aria-labelledby="own-assign-mode" value={mode} onChange={(e) => setMode(e.target.value as AssignmentSecurityMode)}>
              {ASSIGNMENT_SECURITY_MODES.map((m) => (
                <FormControlLabel key={m} value={m} control={<Radio size="small" />} label={MODE_TEXT[m]} />
              ))}
            </RadioGroup>
          </div>
          {current && current.id !== view?.id && (
            <Alert severity="info">
              This connection uses “{current.name}” now; it will use “{view?.name}” instead.
            </Alert>
          )}
          {current && current.id === view?.id && <Alert severity="info">This connection uses this certificate already; assigning again changes its security mode.</Alert>}
          {view?.statuses.some((s) => s === 'expired' || s === 'missing-files') && <Alert severity="warning">This certificate cannot connect as it is: {view.fileProblems.join('; ') || 'it has expired'}.</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} label="Assign" busy={busy} disabled={!valid} onAct={submit} />
    </Dialog>
  );
}
