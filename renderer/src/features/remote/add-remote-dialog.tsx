import { useEffect, useState } from 'react';
import { Box, Checkbox, Dialog, DialogContent, DialogTitle, FormControlLabel, FormHelperText, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { REMOTE_SECURITY_MODES, REMOTE_SECURITY_POLICIES, type RemoteSecurityMode, type RemoteSecurityPolicy } from '../../../../shared/types/remote';
import { endpointUrlProblem } from '../../lib/connect-request';
import { remoteActions, useAppStore } from '../../store';
import { ServerCertificatePrompt } from '../connect/server-certificate-dialog';
import { RemoteProblemAlert } from './remote-problem-alert';
import { DialogButtons } from '../../components/dialog-buttons';

interface AddForm {
  endpointUrl: string;
  securityPolicy: RemoteSecurityPolicy;
  securityMode: RemoteSecurityMode;
  userName: string;
  password: string;
  rememberPassword: boolean;
  name: string;
}

const EMPTY: AddForm = { endpointUrl: '', securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: '', password: '', rememberPassword: false, name: '' };

/** "plc1:4840/UA/Server" from "opc.tcp://plc1:4840/UA/Server": the name a server gets when none is given. */
export function defaultNameOf(url: string): string {
  return endpointUrlProblem(url) ? '' : url.trim().replace(/^opc\.tcp:\/\//i, '');
}

/** Where the password is kept, in the words of the checkbox's helper text. */
export function passwordKeepingText(mode: 'electron' | 'browser' | undefined, remember: boolean): string {
  if (mode !== 'electron') return 'Browser mode: the password is kept only in memory, for this session; you give it again after a restart.';
  return remember ? 'Encrypted by the OS keychain; never written to the settings file.' : 'Kept only in memory: you give it again after a restart.';
}

/** The password field: masked; Enter submits the form. */
export function PasswordField({ value, onChange, autoFocus }: { value: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  return <TextField label="Password" type="password" required autoFocus={autoFocus} value={value} onChange={(e) => onChange(e.target.value)} slotProps={{ htmlInput: { autoComplete: 'off' } }} />;
}

/** Add remote server…: an endpoint, an encrypted security setting and a SecurityAdmin user; the server's certificate is asked about first. */
export function AddRemoteDialog() {
  const open = useAppStore((s) => s.addRemoteOpen);
  const busy = useAppStore((s) => s.addRemoteBusy);
  const problem = useAppStore((s) => s.addRemoteProblem);
  const decision = useAppStore((s) => s.remoteDecision);
  const mode = useAppStore((s) => s.appInfo?.mode);
  const [form, setForm] = useState<AddForm>(EMPTY);
  const [urlTouched, setUrlTouched] = useState(false);

  useEffect(() => {
    // A fresh form when it opens, and the password forgotten when it closes.
    setForm(EMPTY);
    setUrlTouched(false);
  }, [open]);

  const set = (patch: Partial<AddForm>) => setForm((f) => ({ ...f, ...patch }));
  const urlProblem = endpointUrlProblem(form.endpointUrl);
  const canAdd = !urlProblem && form.userName.trim() !== '' && form.password !== '' && !busy && !decision;
  const keychain = mode === 'electron';

  function submit() {
    setUrlTouched(true);
    if (!canAdd) return;
    void remoteActions.add({
      endpointUrl: form.endpointUrl.trim(),
      securityPolicy: form.securityPolicy,
      securityMode: form.securityMode,
      userName: form.userName.trim(),
      password: form.password,
      rememberPassword: keychain && form.rememberPassword,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
    });
  }

  const close = () => {
    if (!busy) remoteActions.closeAdd();
  };

  return (
    <>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="add-remote-title">
        <DialogTitle id="add-remote-title">Add remote server</DialogTitle>
        <Box
          component="form"
          noValidate
          aria-label="Remote server"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <DialogContent sx={{ pt: 0 }}>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              Manage the trust list of an OPC UA server through its push management (OPC UA Part 12): the app signs in as a user with the SecurityAdmin role over an encrypted
              channel.
            </Typography>
            <Stack spacing={2}>
              <TextField
                label="Endpoint URL"
                autoFocus
                required
                value={form.endpointUrl}
                placeholder="opc.tcp://plc1:4840"
                onChange={(e) => set({ endpointUrl: e.target.value })}
                onBlur={() => setUrlTouched(true)}
                error={urlTouched && urlProblem !== null}
                helperText={urlTouched && urlProblem ? urlProblem : 'The server’s certificate is shown before anything is trusted'}
                slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
              />
              <Stack direction="row" spacing={1}>
                <TextField select label="Security policy" value={form.securityPolicy} onChange={(e) => set({ securityPolicy: e.target.value as RemoteSecurityPolicy })} sx={{ flex: 1 }}>
                  {REMOTE_SECURITY_POLICIES.map((p) => (
                    <MenuItem key={p} value={p}>
                      {p}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField select label="Security mode" value={form.securityMode} onChange={(e) => set({ securityMode: e.target.value as RemoteSecurityMode })} sx={{ width: 190 }}>
                  {REMOTE_SECURITY_MODES.map((m) => (
                    <MenuItem key={m} value={m}>
                      {m}
                    </MenuItem>
                  ))}
                </TextField>
              </Stack>
              <Stack direction="row" spacing={1} sx={{ '& > *': { flex: 1 } }}>
                <TextField label="Admin user name" required value={form.userName} onChange={(e) => set({ userName: e.target.value })} slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }} />
                <PasswordField value={form.password} onChange={(password) => set({ password })} />
              </Stack>
              <Box>
                <FormControlLabel
                  control={<Checkbox checked={keychain && form.rememberPassword} disabled={!keychain} onChange={(e) => set({ rememberPassword: e.target.checked })} />}
                  label="Remember password in the OS keychain"
                />
                <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{passwordKeepingText(mode, form.rememberPassword)}</FormHelperText>
              </Box>
              <TextField
                label="Name"
                value={form.name}
                placeholder={defaultNameOf(form.endpointUrl) || 'e.g. Line 3 SCADA server'}
                onChange={(e) => set({ name: e.target.value })}
                helperText={defaultNameOf(form.endpointUrl) ? `How the server is called in the tree (left empty: ${defaultNameOf(form.endpointUrl)})` : 'How the server is called in the tree'}
              />
              {busy && (
                <Box role="status" aria-live="polite">
                  <Typography variant="body2" sx={{ mb: 0.5 }}>
                    Connecting to {form.endpointUrl.trim()}: encrypted session as {form.userName.trim()}, then the trust list and the rejected list…
                  </Typography>
                  <LinearProgress aria-label="Connecting" />
                </Box>
              )}
              {problem && !busy && <RemoteProblemAlert problem={problem} />}
            </Stack>
          </DialogContent>
          <DialogButtons onCancel={close} label="Add" busy={busy} disabled={!canAdd} submit />
        </Box>
      </Dialog>
      <ServerCertificatePrompt request={decision} onDecide={remoteActions.decideServer} allowAcceptOnce={false} />
    </>
  );
}
