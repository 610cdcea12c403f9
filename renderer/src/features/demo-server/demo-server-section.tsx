import { Alert, Box, Button, Chip, CircularProgress, FormControl, FormControlLabel, FormHelperText, FormLabel, Radio, RadioGroup, Stack, Switch, Typography } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import CableOutlinedIcon from '@mui/icons-material/CableOutlined';
import { CLIENT_VALIDATION_LABELS, type ClientValidationMode, type DemoServerStatus } from '../../../../shared/types/demo';
import { Field, orDash, Section } from '../../components/field-list';
import { demoStatusText, VALIDATION_HINT } from '../../lib/demo-status';
import { connectActions, demoActions, useAppStore } from '../../store';

const MODES = Object.keys(CLIENT_VALIDATION_LABELS) as ClientValidationMode[];

const STATE_COLOR: Record<DemoServerStatus['state'], 'success' | 'default' | 'info' | 'error'> = {
  running: 'success',
  stopped: 'default',
  starting: 'info',
  failed: 'error',
};

function StateChip({ status }: { status: DemoServerStatus }) {
  const text = demoStatusText(status);
  return (
    <Chip
      role="status"
      label={`${text[0]!.toUpperCase()}${text.slice(1)}`}
      color={STATE_COLOR[status.state]}
      variant={status.state === 'running' ? 'filled' : 'outlined'}
      icon={status.state === 'starting' ? <CircularProgress size={12} color="inherit" aria-hidden /> : undefined}
    />
  );
}

/** The "Demo server" section of the Local demo server's details: Start/Stop, its endpoint, how it checks clients. */
export function DemoServerSection() {
  const status = useAppStore((s) => s.demo);
  const busy = useAppStore((s) => s.demoBusy);
  if (!status) {
    return (
      <Section title="Demo server">
        <Typography variant="body2" color="text.secondary" sx={{ gridColumn: '1 / -1' }}>
          Reading the demo server’s status…
        </Typography>
      </Section>
    );
  }
  const running = status.state === 'running';
  const changing = busy || status.state === 'starting';
  const acceptAny = status.validation === 'accept-any';
  return (
    <Section
      title="Demo server"
      action={
        <Stack direction="row" spacing={1} sx={{ mb: 0.5 }}>
          <Button size="small" variant="outlined" color="success" startIcon={<PlayArrowIcon />} disabled={changing || running} onClick={() => void demoActions.start()}>
            Start
          </Button>
          <Button size="small" variant="outlined" color="inherit" startIcon={<StopIcon />} disabled={changing || status.state === 'stopped'} onClick={() => void demoActions.stop()} sx={{ borderColor: 'divider' }}>
            Stop
          </Button>
        </Stack>
      }
    >
      <Field label="State">
        <StateChip status={status} />
      </Field>
      {status.state === 'failed' && status.error && (
        <Alert severity="error" sx={{ gridColumn: '1 / -1', py: 0, fontSize: 12.5 }}>
          {status.error}
        </Alert>
      )}
      <Field label="Endpoint URL" mono={running} copy={running && status.endpointUrl ? status.endpointUrl : undefined}>
        {running ? orDash(status.endpointUrl) : <Box component="span" sx={{ color: 'text.secondary' }}>not running</Box>}
      </Field>
      <Box sx={{ gridColumn: '1 / -1', mt: 0.5 }}>
        <FormControl component="fieldset" disabled={busy}>
          <FormLabel component="legend" id="demo-validation-label" sx={{ fontSize: 12.5, mb: 0.25 }}>
            Client certificates
          </FormLabel>
          <RadioGroup aria-labelledby="demo-validation-label" value={status.validation} onChange={(e) => void demoActions.configure({ validation: e.target.value as ClientValidationMode })}>
            {MODES.map((mode) => (
              <FormControlLabel
                key={mode}
                value={mode}
                control={<Radio size="small" sx={{ py: 0.5 }} />}
                label={
                  <span>
                    {CLIENT_VALIDATION_LABELS[mode]}
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                      {VALIDATION_HINT[mode]}
                    </Typography>
                  </span>
                }
              />
            ))}
          </RadioGroup>
        </FormControl>
        <FormControlLabel
          sx={{ mt: 0.75, display: 'flex' }}
          disabled={busy || acceptAny}
          control={<Switch size="small" checked={status.addRefusedToRejected} onChange={(e) => void demoActions.configure({ addRefusedToRejected: e.target.checked })} />}
          label="Automatically add refused client certificates to rejected"
        />
        <FormHelperText sx={{ ml: 0, mt: 0 }}>
          {acceptAny ? 'In Accept any no client is refused, so none is added.' : 'A refused client then appears under Rejected of this folder: Trust it and Sync to let it in, without a restart.'}
        </FormHelperText>
      </Box>
      <Box sx={{ gridColumn: '1 / -1', mt: 1 }}>
        <Button variant="outlined" startIcon={<CableOutlinedIcon />} disabled={!running} onClick={() => connectActions.open({ endpointUrl: status.endpointUrl ?? undefined })}>
          Test this server…
        </Button>
      </Box>
    </Section>
  );
}
