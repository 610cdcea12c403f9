import { Box } from '@mui/material';
import type { RemoteReachability } from '../../../../shared/types/remote';

export const REACHABILITY_TEXT: Record<RemoteReachability, string> = {
  online: 'online',
  offline: 'offline',
  refused: 'refused',
  unknown: 'unknown',
};

/** What each state means, for a tooltip or a screen reader. */
export const REACHABILITY_MEANING: Record<RemoteReachability, string> = {
  online: 'the last call to the server worked',
  offline: 'the server could not be reached',
  refused: 'the server answered but refused the app (password or certificate)',
  unknown: 'not contacted since the app started',
};

const DOT: Record<RemoteReachability, string> = { online: '#2e7d32', offline: '#9aa4b2', refused: '#c62828', unknown: '#c7ced8' };

/** A small pill with a coloured dot: how the server answered last time. */
export function ReachabilityMark({ reachability }: { reachability: RemoteReachability }) {
  return (
    <Box
      component="span"
      title={REACHABILITY_MEANING[reachability]}
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.5,
        flexShrink: 0,
        fontSize: 11,
        fontWeight: 600,
        color: reachability === 'refused' ? 'error.main' : 'text.secondary',
        px: 0.75,
        borderRadius: 8,
        border: 1,
        borderColor: 'divider',
        lineHeight: '16px',
        bgcolor: 'background.paper',
      }}
    >
      <Box component="span" aria-hidden sx={{ width: 7, height: 7, borderRadius: '50%', bgcolor: DOT[reachability] }} />
      {REACHABILITY_TEXT[reachability]}
    </Box>
  );
}
