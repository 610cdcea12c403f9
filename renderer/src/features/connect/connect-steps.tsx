import { Box, CircularProgress, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import { CONNECT_STEPS, type ConnectStep } from '../../../../shared/types/connect';
import { formatDuration } from '../../lib/format';
import { useAppStore } from '../../store';

const LABEL = Object.fromEntries(CONNECT_STEPS.map((s) => [s.id, s.label]));

const STATUS_TEXT: Record<ConnectStep['status'], string> = {
  pending: 'waiting',
  running: 'running',
  ok: 'ok',
  failed: 'failed',
  skipped: 'skipped',
};

function StepMark({ status }: { status: ConnectStep['status'] }) {
  const sx = { fontSize: 18, flexShrink: 0 };
  switch (status) {
    case 'running':
      return <CircularProgress size={15} thickness={5} sx={{ m: '1.5px', flexShrink: 0 }} aria-hidden />;
    case 'ok':
      return <CheckCircleIcon aria-hidden sx={{ ...sx, color: 'success.main' }} />;
    case 'failed':
      return <CancelIcon aria-hidden sx={{ ...sx, color: 'error.main' }} />;
    case 'skipped':
      return <RemoveCircleOutlineIcon aria-hidden sx={{ ...sx, color: 'text.disabled' }} />;
    case 'pending':
      return <RadioButtonUncheckedIcon aria-hidden sx={{ ...sx, color: 'text.disabled' }} />;
  }
}

/** "Secure channel: failed, 612 ms, The connection has been rejected…": what a screen reader hears for a step. */
export function stepAccessibleName(step: ConnectStep): string {
  return [`${LABEL[step.id] ?? step.id}: ${STATUS_TEXT[step.status]}`, formatDuration(step.durationMs), step.detail ?? ''].filter(Boolean).join(', ');
}

/** GetEndpoints → server certificate → secure channel → session → ServerStatus, live while the test runs. */
export function ConnectSteps() {
  const steps = useAppStore((s) => s.connectSteps);
  return (
    <Box component="ol" aria-label="Connection steps" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 0.25 }}>
      {steps.map((step) => (
        <Box
          component="li"
          key={step.id}
          aria-label={stepAccessibleName(step)}
          aria-busy={step.status === 'running' || undefined}
          sx={{ display: 'grid', gridTemplateColumns: '22px 190px minmax(0, 1fr) 64px', alignItems: 'start', columnGap: 1, py: 0.4, px: 0.75, borderRadius: 1, bgcolor: step.status === 'failed' ? 'rgba(198,40,40,0.06)' : step.status === 'running' ? 'rgba(31,95,191,0.06)' : 'transparent' }}
        >
          <StepMark status={step.status} />
          <Typography variant="body2" sx={{ fontWeight: step.status === 'running' || step.status === 'failed' ? 650 : 500, color: step.status === 'pending' || step.status === 'skipped' ? 'text.secondary' : 'text.primary' }}>
            {LABEL[step.id] ?? step.id}
          </Typography>
          <Typography variant="body2" color={step.status === 'failed' ? 'error.main' : 'text.secondary'} sx={{ overflowWrap: 'anywhere', fontSize: 12.5 }}>
            {step.detail ?? (step.status === 'skipped' ? 'skipped' : step.status === 'running' ? 'running…' : '')}
          </Typography>
          <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums', pt: '2px' }}>
            {formatDuration(step.durationMs)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
