import { useEffect, useState } from 'react';
import { Box, Checkbox, Dialog, DialogContent, DialogTitle, FormControlLabel, FormHelperText, LinearProgress, Stack, Typography } from '@mui/material';
import { appStore, remoteActions, useAppStore } from '../../store';
import type { RemoteProblem } from '../../store/remote-problem';
import { passwordKeepingText, PasswordField } from './add-remote-dialog';
import { RemoteProblemAlert } from './remote-problem-alert';
import { DialogButtons } from '../../components/dialog-buttons';

/** Set password…: the admin password again, after a restart (kept in memory only) or after it changed on the server. */
export function SetPasswordDialog() {
  const storeId = useAppStore((s) => s.remotePasswordFor);
  const store = useAppStore((s) => s.stores.find((x) => x.id === s.remotePasswordFor) ?? null);
  const mode = useAppStore((s) => s.appInfo?.mode);
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<RemoteProblem | null>(null);
  const keychain = mode === 'electron';

  useEffect(() => {
    setPassword('');
    setRemember(store?.remote?.passwordStorage === 'keychain');
    setProblem(null);
    // Only when the dialog opens for a store: a live update of the same store keeps what was typed.
  }, [storeId]);

  const close = () => {
    if (!busy) appStore.getState().setRemotePasswordFor(null);
  };

  async function submit() {
    if (!storeId || !password || busy) return;
    setBusy(true);
    setProblem(await remoteActions.setPassword(storeId, password, keychain && remember));
    setBusy(false);
  }

  return (
    <Dialog open={storeId !== null} onClose={close} fullWidth maxWidth="xs" aria-labelledby="set-password-title">
      <DialogTitle id="set-password-title">Set password</DialogTitle>
      <Box
        component="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogContent sx={{ pt: 0 }}>
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              The password of <strong>{store?.remote?.userName ?? 'the admin user'}</strong> on {store?.name ?? 'this server'}
              {store?.remote ? ` (${store.remote.endpointUrl})` : ''}. The app checks it by signing in.
            </Typography>
            <PasswordField value={password} onChange={setPassword} autoFocus />
            <Box>
              <FormControlLabel control={<Checkbox checked={keychain && remember} disabled={!keychain} onChange={(e) => setRemember(e.target.checked)} />} label="Remember password in the OS keychain" />
              <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{passwordKeepingText(mode, remember)}</FormHelperText>
            </Box>
            {busy && <LinearProgress aria-label="Signing in" />}
            {problem && !busy && <RemoteProblemAlert problem={problem} />}
          </Stack>
        </DialogContent>
        <DialogButtons onCancel={close} label="Set password" busy={busy} disabled={!password} submit />
      </Box>
    </Dialog>
  );
}
