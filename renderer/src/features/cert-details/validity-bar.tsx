import { Box, LinearProgress, Typography } from '@mui/material';
import { validityProgress } from '../../lib/entry-status';
import { formatDateTime, relativeTime } from '../../lib/format';

/** Elapsed share of the validity period: green, amber in the last 30 days, red once expired. */
export function ValidityBar({ notBefore, notAfter }: { notBefore: string; notAfter: string }) {
  const now = Date.now();
  const value = validityProgress(notBefore, notAfter, now);
  const end = Date.parse(notAfter);
  const start = Date.parse(notBefore);
  const expired = now > end;
  const notYet = now < start;
  const soon = !expired && end - now < 30 * 86_400_000;
  const color = expired || notYet ? 'error' : soon ? 'warning' : 'success';
  const summary = expired ? `expired ${relativeTime(notAfter, now)}` : notYet ? `valid ${relativeTime(notBefore, now)}` : `expires ${relativeTime(notAfter, now)}`;
  return (
    <Box sx={{ width: '100%', maxWidth: 520 }}>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        <span>{formatDateTime(notBefore)}</span>
        <span>{formatDateTime(notAfter)}</span>
      </Box>
      <LinearProgress
        variant="determinate"
        value={value}
        color={color}
        aria-label="Elapsed share of the validity period"
        aria-valuetext={`${Math.round(value)}% of the validity period elapsed, ${summary}`}
        sx={{ my: 0.5 }}
      />
      <Typography variant="caption" color={color === 'success' ? 'text.secondary' : `${color}.main`} sx={{ fontWeight: color === 'success' ? 400 : 600 }}>
        {Math.round(value)}% elapsed · {summary}
      </Typography>
    </Box>
  );
}
