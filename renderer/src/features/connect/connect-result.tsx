import { Alert, AlertTitle, Box, Stack, Typography } from '@mui/material';
import { CONNECT_STEPS, type TestConnectionResult } from '../../../../shared/types/connect';
import { Field, orDash, Section } from '../../components/field-list';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { useAppStore } from '../../store';
import { MONO_FONT } from '../../theme';
import { ConnectionChecks } from '../verify/connection-checks';
import { DiagnosisList } from './diagnosis-list';
import { StatusCodeChip } from './status-code-chip';

function securityOf(result: TestConnectionResult): string | null {
  return result.endpoint ? `${result.endpoint.securityPolicy} · ${result.endpoint.securityMode}` : null;
}

function timeTaken(result: TestConnectionResult): string {
  const retried = result.retries > 0 ? ` (${plural(result.retries, 'retry', 'retries')} while the server reloaded its trust list)` : '';
  return `${formatDuration(result.durationMs)}${retried}`;
}

function Connected({ result }: { result: TestConnectionResult }) {
  const status = result.serverStatus;
  return (
    <>
      <Alert severity="success" sx={{ mb: 1.5 }}>
        <AlertTitle sx={{ fontSize: 14, fontWeight: 700, mb: 0.25 }}>Connected</AlertTitle>
        {securityOf(result) ?? result.endpointUrl} in {timeTaken(result)}
      </Alert>
      <Section title="Server status">
        <Field label="State">{orDash(status?.state)}</Field>
        <Field label="Product">{orDash(status?.productName)}</Field>
        <Field label="Server time">{status?.currentTime ? formatDateTime(status.currentTime, true) : orDash(null)}</Field>
        <Field label="Running since">{status?.startTime ? formatDateTime(status.startTime, true) : orDash(null)}</Field>
        <Field label="Endpoint" mono>
          {result.endpointUrl}
        </Field>
        <Field label="Time taken">{timeTaken(result)}</Field>
      </Section>
      <ConnectionChecks verification={result.verification} />
    </>
  );
}

function NotConnected({ result, declined, deciding }: { result: TestConnectionResult; declined: boolean; deciding: boolean }) {
  const untrusted = result.outcome === 'server-untrusted';
  const failedStep = result.steps.find((s) => s.status === 'failed');
  const where = failedStep ? CONNECT_STEPS.find((s) => s.id === failedStep.id)?.label : null;
  const title = untrusted ? 'Not connected: the server’s certificate is not trusted' : 'Not connected';
  const text = untrusted
    ? deciding
      ? 'Check the server’s certificate in the dialog and decide whether to trust it.'
      : declined
        ? 'You did not trust the server’s certificate, so the app did not connect.'
        : 'The app did not connect: its client refuses servers it does not trust.'
    : `Failed${where ? ` at ${where}` : ''} after ${formatDuration(result.durationMs)}.`;
  return (
    <>
      <Alert severity={untrusted ? 'warning' : 'error'} sx={{ mb: 1.5, '& .MuiAlert-message': { flex: 1, minWidth: 0 } }}>
        <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1, rowGap: 0.5, mb: 0.25 }}>
          <AlertTitle sx={{ fontSize: 14, fontWeight: 700, m: 0 }}>{title}</AlertTitle>
          <StatusCodeChip status={result.status} hex={result.statusHex} color={untrusted ? 'warning' : 'error'} />
        </Stack>
        {text}
        {result.rawError && !untrusted && failedStep?.detail !== result.rawError && (
          <Typography component="div" sx={{ fontFamily: MONO_FONT, fontSize: 11.5, mt: 0.5, opacity: 0.85, overflowWrap: 'anywhere' }}>
            {result.rawError}
          </Typography>
        )}
      </Alert>
      {result.diagnosis.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3" color="text.secondary" sx={{ mb: 0.75 }}>
            Diagnosis
          </Typography>
          <DiagnosisList items={result.diagnosis} />
        </>
      )}
      <ConnectionChecks verification={result.verification} />
    </>
  );
}

/** What the last test found: Connected with the server's status, or why not and what to do. */
export function ConnectResult() {
  const result = useAppStore((s) => s.connectResult);
  const running = useAppStore((s) => s.connectRunning);
  const declined = useAppStore((s) => s.serverDeclined);
  const deciding = useAppStore((s) => s.serverDecision !== null);
  return (
    <Box component="section" aria-label="Result" aria-live="polite" aria-busy={running}>
      {result && !running && (result.outcome === 'connected' ? <Connected result={result} /> : <NotConnected result={result} declined={declined} deciding={deciding} />)}
    </Box>
  );
}
