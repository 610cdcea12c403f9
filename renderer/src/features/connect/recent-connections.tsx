import { Box, List, ListItemButton, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import GppMaybeOutlinedIcon from '@mui/icons-material/GppMaybeOutlined';
import type { RecentConnection } from '../../../../shared/types/demo';
import { securityText } from '../../lib/connect-request';
import { relativeTime } from '../../lib/format';
import { connectActions, useAppStore } from '../../store';

const OUTCOME_TEXT: Record<RecentConnection['outcome'], string> = {
  connected: 'connected',
  failed: 'failed',
  'server-untrusted': 'server not trusted',
};

function OutcomeMark({ outcome }: { outcome: RecentConnection['outcome'] }) {
  if (outcome === 'connected') return <CheckCircleIcon sx={{ fontSize: 16, color: 'success.main' }} />;
  if (outcome === 'server-untrusted') return <GppMaybeOutlinedIcon sx={{ fontSize: 16, color: 'warning.main' }} />;
  return <CancelIcon sx={{ fontSize: 16, color: 'error.main' }} />;
}

/** "just now" for a test of the last minute, then "3 min ago", "2 days ago". */
function whenText(iso: string): string {
  return Date.now() - Date.parse(iso) < 60_000 ? 'just now' : relativeTime(iso);
}

/** The connections tested before (kept in settings, passwords never): one click runs one again. */
export function RecentConnections({ onNeedsPassword }: { onNeedsPassword: () => void }) {
  const recent = useAppStore((s) => s.recentConnections);
  const running = useAppStore((s) => s.connectRunning);
  return (
    <Box component="section" aria-labelledby="recent-connections-title">
      <Typography id="recent-connections-title" variant="subtitle2" component="h3" color="text.secondary" sx={{ mb: 0.5 }}>
        Recent
      </Typography>
      {recent.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          Connections you test appear here, to run them again with one click.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Recent connections" sx={{ maxHeight: 360, overflow: 'auto' }}>
          {recent.map((r) => {
            const security = securityText(r.securityPolicy, r.securityMode);
            const who = r.userName ? `user ${r.userName}` : 'anonymous';
            return (
              <ListItemButton
                key={`${r.endpointUrl}|${r.securityPolicy}|${r.securityMode}|${r.userName ?? ''}`}
                disabled={running}
                aria-label={`Run again: ${r.endpointUrl}, ${security}, ${who}, last ${OUTCOME_TEXT[r.outcome]}`}
                onClick={() => {
                  if (!connectActions.rerun(r)) onNeedsPassword();
                }}
                sx={{ borderRadius: 1, alignItems: 'flex-start', px: 0.75 }}
              >
                <ListItemIcon sx={{ minWidth: 24, mt: '3px' }}>
                  <OutcomeMark outcome={r.outcome} />
                </ListItemIcon>
                <ListItemText
                  primary={r.endpointUrl}
                  secondary={`${security} · ${who} · ${OUTCOME_TEXT[r.outcome]}${r.status ? ` (${r.status})` : ''} · ${whenText(r.at)}`}
                  slotProps={{ primary: { sx: { fontSize: 12.5, fontWeight: 600, overflowWrap: 'anywhere' } }, secondary: { sx: { fontSize: 11, overflowWrap: 'anywhere' } } }}
                />
              </ListItemButton>
            );
          })}
        </List>
      )}
    </Box>
  );
}
