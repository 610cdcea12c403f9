import { useEffect, useRef, useState, type RefObject } from 'react';
import { Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { endpointUrlProblem, MODE_CHOICES, MODE_LABEL, POLICY_CHOICES, POLICY_LABEL, type ModeChoice, type PolicyChoice } from '../../lib/connect-request';
import { appStore, connectActions, useAppStore } from '../../store';
import { ConnectResult } from './connect-result';
import { ConnectSteps } from './connect-steps';
import { RecentConnections } from './recent-connections';

function ConnectFormFields({ passwordRef }: { passwordRef: RefObject<HTMLInputElement | null> }) {
  const form = useAppStore((s) => s.connectForm);
  const running = useAppStore((s) => s.connectRunning);
  const open = useAppStore((s) => s.connectOpen);
  const demoStarting = useAppStore((s) => s.demo?.state === 'starting');
  const [urlTouched, setUrlTouched] = useState(false);
  useEffect(() => {
    if (open) setUrlTouched(false);
  }, [open]);
  const set = appStore.getState().setConnectForm;
  const problem = endpointUrlProblem(form.endpointUrl);
  const showProblem = urlTouched && problem !== null;
  return (
    <Box
      component="form"
      noValidate
      aria-label="Connection"
      onSubmit={(event) => {
        event.preventDefault();
        setUrlTouched(true);
        void connectActions.test();
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Endpoint URL"
          autoFocus
          value={form.endpointUrl}
          placeholder="opc.tcp://host:4840"
          onChange={(e) => set({ endpointUrl: e.target.value })}
          onBlur={() => setUrlTouched(true)}
          error={showProblem}
          helperText={
            showProblem
              ? problem
              : demoStarting && !form.endpointUrl
                ? 'The demo server is starting: its URL comes here when it runs'
                : 'GetEndpoints runs first: the server’s certificate is shown before anything is trusted'
          }
          slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          sx={{ flex: 1 }}
        />
        <TextField select label="Security policy" value={form.securityPolicy} onChange={(e) => set({ securityPolicy: e.target.value as PolicyChoice })} sx={{ width: 220, flexShrink: 0 }}>
          {POLICY_CHOICES.map((p) => (
            <MenuItem key={p} value={p}>
              {POLICY_LABEL[p]}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="Security mode" value={form.securityMode} onChange={(e) => set({ securityMode: e.target.value as ModeChoice })} sx={{ width: 180, flexShrink: 0 }}>
          {MODE_CHOICES.map((m) => (
            <MenuItem key={m} value={m}>
              {MODE_LABEL[m]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mt: 1.5 }}>
        <TextField label="User name" value={form.userName} placeholder="anonymous" onChange={(e) => set({ userName: e.target.value })} helperText="Optional; empty connects anonymously" slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }} sx={{ flex: 1 }} />
        <TextField
          label="Password"
          type="password"
          value={form.password}
          inputRef={passwordRef}
          onChange={(e) => set({ password: e.target.value })}
          helperText="Sent with the user name; never stored"
          slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
          sx={{ flex: 1 }}
        />
        <Button
          type="submit"
          variant="contained"
          disabled={running || problem !== null}
          startIcon={running ? <CircularProgress size={14} color="inherit" aria-hidden /> : <PlayArrowIcon />}
          sx={{ mt: '2px', minWidth: 96, flexShrink: 0 }}
        >
          Test
        </Button>
      </Stack>
    </Box>
  );
}

/** Test connection…: the form, the five steps live, then Connected or the diagnosis; recent connections on the side. */
export function TestConnectionDialog() {
  const open = useAppStore((s) => s.connectOpen);
  const passwordRef = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      onClose={connectActions.close}
      fullWidth
      maxWidth="lg"
      aria-labelledby="connect-title"
      // Anchored at the top: the dialog grows as the steps and the diagnosis come in, and should not jump.
      sx={{ '& .MuiDialog-container': { alignItems: 'flex-start' } }}
      slotProps={{ paper: { sx: { maxWidth: 1080, mt: 5 } } }}
    >
      <DialogTitle id="connect-title">Test connection</DialogTitle>
      <DialogContent sx={{ pt: '6px !important' }}>
        <ConnectFormFields passwordRef={passwordRef} />
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 280px', columnGap: 3, mt: 2 }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="subtitle2" component="h3" color="text.secondary" sx={{ mb: 0.5 }}>
              Steps
            </Typography>
            <Box sx={{ mb: 2 }}>
              <ConnectSteps />
            </Box>
            <ConnectResult />
          </Box>
          <Box sx={{ borderLeft: 1, borderColor: 'divider', pl: 2, minWidth: 0 }}>
            <RecentConnections onNeedsPassword={() => passwordRef.current?.focus()} />
          </Box>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={connectActions.close}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
