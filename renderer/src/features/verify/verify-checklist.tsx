import { Box, Chip, Stack, Tooltip, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import ToggleOffOutlinedIcon from '@mui/icons-material/ToggleOffOutlined';
import type { VerifyStep, VerifyStepStatus } from '../../../../shared/types/verify';
import { groupTrace, issuerOf, STEP_STATUS_TEXT, suppressedText, traceRowName } from '../../lib/verify-trace';
import { MONO_FONT } from '../../theme';
import { StatusCodeChip } from '../connect/status-code-chip';

const ICON_SX = { flexShrink: 0 } as const;

/** The mark of a step or a row: its meaning is in the row's accessible name. */
export function VerifyStatusMark({ status, size = 17 }: { status: VerifyStepStatus; size?: number }) {
  const sx = { ...ICON_SX, fontSize: size };
  switch (status) {
    case 'passed':
      return <CheckCircleIcon aria-hidden sx={{ ...sx, color: 'success.main' }} />;
    case 'failed':
      return <CancelIcon aria-hidden sx={{ ...sx, color: 'error.main' }} />;
    case 'suppressed':
      return <ToggleOffOutlinedIcon aria-hidden sx={{ ...sx, color: 'warning.main' }} />;
    case 'skipped':
      return <RemoveCircleOutlineIcon aria-hidden sx={{ ...sx, color: 'text.disabled' }} />;
  }
}

const ROW_TINT: Partial<Record<VerifyStepStatus, string>> = {
  failed: 'rgba(198,40,40,0.06)',
  suppressed: 'rgba(178,106,0,0.07)',
};

function TraceRow({ row, withMark }: { row: VerifyStep; withMark: boolean }) {
  const who = issuerOf(row.certificate);
  const suppressed = suppressedText(row);
  const bad = row.status === 'failed' || row.status === 'suppressed';
  return (
    <Box component="li" aria-label={traceRowName(row)} sx={{ display: 'flex', gap: 0.75, alignItems: 'flex-start', minWidth: 0 }}>
      {withMark && (
        <Box sx={{ pt: '2px' }}>
          <VerifyStatusMark status={row.status} size={14} />
        </Box>
      )}
      <Box sx={{ minWidth: 0, flex: 1 }}>
        {bad && (
          <Stack direction="row" sx={{ flexWrap: 'wrap', alignItems: 'center', gap: 0.75, mb: 0.25 }}>
            <StatusCodeChip status={row.statusCode} hex={row.statusHex} color={row.status === 'failed' ? 'error' : 'warning'} />
            {suppressed && <Chip label={suppressed} color="warning" variant="outlined" sx={{ height: 20, fontSize: 11 }} />}
          </Stack>
        )}
        <Typography variant="body2" color={row.status === 'failed' ? 'error.main' : row.status === 'suppressed' ? 'text.primary' : 'text.secondary'} sx={{ overflowWrap: 'anywhere', fontSize: 12.5 }}>
          {(who || withMark) && (
            <Box component="span" sx={{ fontWeight: 650, color: 'text.primary', mr: 0.75 }}>
              {who ? who.cn : 'This certificate'}
              {who && (
                <Box component="span" sx={{ fontFamily: MONO_FONT, fontSize: 11, fontWeight: 500, color: 'text.secondary', ml: 0.5 }}>
                  {who.sha1}
                </Box>
              )}
            </Box>
          )}
          {row.detail}
        </Typography>
        {bad && row.fix && (
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere', fontSize: 12.5, mt: 0.25 }}>
            <Box component="span" sx={{ fontWeight: 700 }}>
              Fix:{' '}
            </Box>
            {row.fix}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

/** The trace as a checklist: the steps of Part 4 §6.1.3 in order, each with what it found for each certificate. */
export function VerifyChecklist({ trace }: { trace: VerifyStep[] }) {
  const groups = groupTrace(trace);
  return (
    <Box component="ol" aria-label="Checks" sx={{ listStyle: 'none', m: 0, p: 0, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }}>
      {groups.map((group, index) => (
        <Box
          component="li"
          key={group.step.id}
          aria-label={`${group.step.label}: ${STEP_STATUS_TEXT[group.status]}`}
          sx={{ display: 'grid', gridTemplateColumns: '18px minmax(110px, 172px) minmax(0, 1fr)', columnGap: 1, alignItems: 'start', px: 1, py: 0.6, borderTop: index ? 1 : 0, borderColor: 'divider', bgcolor: ROW_TINT[group.status] ?? 'transparent' }}
        >
          <Box sx={{ pt: '1px' }}>
            <VerifyStatusMark status={group.status} />
          </Box>
          <Tooltip title={group.step.checks ? `Checks that ${group.step.checks}` : ''} placement="top-start">
            <Typography variant="body2" sx={{ fontWeight: group.status === 'failed' ? 700 : 600, color: group.status === 'skipped' ? 'text.secondary' : 'text.primary', pt: '1px' }}>
              {group.step.label}
            </Typography>
          </Tooltip>
          <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 0.25, minWidth: 0 }}>
            {group.rows.map((row, i) => (
              <TraceRow key={`${row.certificate?.sha1 ?? 'chain'}-${i}`} row={row} withMark={group.rows.length > 1} />
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
