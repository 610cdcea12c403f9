import { useState } from 'react';
import { Alert, Box, Button, Checkbox, Chip, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AddLinkIcon from '@mui/icons-material/AddLink';
import RefreshIcon from '@mui/icons-material/Refresh';
import PublishIcon from '@mui/icons-material/Publish';
import type { FleetPushResult, FleetRow, RemoteProgress } from '../../../../shared/types/remote';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { appStore, remoteActions, useAppStore } from '../../store';
import { certificateExpiry, expiryText } from '../../store/remote-selectors';
import { PushPickerDialog } from './push-picker-dialog';
import { ReachabilityMark } from './reachability';

const EXPIRY_COLOR = { ok: 'success.main', soon: 'warning.main', expired: 'error.main' } as const;

function ExpiryCell({ row }: { row: FleetRow }) {
  const expiry = certificateExpiry(row.serverCertificate);
  if (!expiry || !row.serverCertificate) return <Typography variant="body2" color="text.disabled">—</Typography>;
  return (
    <Box>
      <Typography variant="body2" sx={{ color: EXPIRY_COLOR[expiry.level], fontWeight: 600, whiteSpace: 'nowrap' }}>
        {expiryText(expiry)}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {formatDateTime(row.serverCertificate.notAfter).slice(0, 10)}
      </Typography>
    </Box>
  );
}

/** This run's state for one server: its live step, then its result. */
function PushCell({ progress, result }: { progress: RemoteProgress | undefined; result: FleetPushResult | undefined }) {
  if (result) {
    return (
      <Box>
        <Chip label={result.ok ? 'ok' : 'failed'} color={result.ok ? 'success' : 'error'} variant={result.ok ? 'filled' : 'outlined'} sx={{ height: 20 }} />
        <Typography variant="caption" component="div" sx={{ mt: 0.25, overflowWrap: 'anywhere', color: result.ok ? 'text.secondary' : 'error.main' }}>
          {result.message}
          {result.status && !result.message.includes(result.status) ? ` (${result.status})` : ''} · {formatDuration(result.durationMs)}
        </Typography>
      </Box>
    );
  }
  if (!progress) return null;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
      {progress.status === 'running' && <CircularProgress size={12} aria-hidden />}
      <Typography variant="caption" sx={{ color: progress.status === 'failed' ? 'error.main' : 'text.secondary' }}>
        {progress.status === 'waiting' ? 'waiting' : progress.step}
        {progress.message ? `: ${progress.message}` : ''}
      </Typography>
    </Box>
  );
}

/** Remote servers: the fleet at a glance, and one push of a CA certificate + CRL (or a client certificate) to several servers. */
export function FleetDialog() {
  const open = useAppStore((s) => s.fleetOpen);
  const rows = useAppStore((s) => s.fleetRows);
  const loaded = useAppStore((s) => s.fleetLoaded);
  const selected = useAppStore((s) => s.fleetSelected);
  const run = useAppStore((s) => s.fleetRun);
  const outcome = useAppStore((s) => s.fleetOutcome);
  const [picking, setPicking] = useState(false);
  const pushing = run !== null && outcome === null;
  const state = appStore.getState;

  const allSelected = rows.length > 0 && rows.every((r) => selected.includes(r.storeId));
  const toggle = (storeId: string) => state().setFleetSelected(selected.includes(storeId) ? selected.filter((id) => id !== storeId) : [...selected, storeId]);
  const resultFor = (storeId: string) => outcome?.results.find((r) => r.storeId === storeId);
  const showRun = run !== null;
  const failed = outcome?.results.filter((r) => !r.ok).length ?? 0;

  return (
    <>
      <Dialog open={open} onClose={() => state().setFleetOpen(false)} fullWidth maxWidth="xl" aria-labelledby="fleet-title">
        <DialogTitle id="fleet-title" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Box sx={{ flex: 1 }}>Remote servers</Box>
          <Button startIcon={<AddLinkIcon />} onClick={() => remoteActions.openAdd()}>
            Add remote server…
          </Button>
          <Button startIcon={<RefreshIcon />} onClick={() => void remoteActions.loadFleet()} disabled={pushing}>
            Refresh
          </Button>
          <Button variant="contained" startIcon={<PublishIcon />} disabled={selected.length === 0 || pushing} onClick={() => setPicking(true)}>
            Push certificate/CRL…
          </Button>
        </DialogTitle>
        <DialogContent>
          {outcome && (
            <Alert severity={failed ? 'warning' : 'success'} sx={{ mb: 1.5 }} role="status">
              Pushed to {outcome.results.length - failed} of {plural(outcome.results.length, 'server')}
              {failed ? `; ${failed} failed and kept ${failed === 1 ? 'its' : 'their'} trust list` : ''} in {formatDuration(outcome.durationMs)}.
            </Alert>
          )}
          {loaded && rows.length === 0 ? (
            <Box sx={{ p: 3 }}>
              <Typography variant="body1" sx={{ fontWeight: 600 }}>
                No remote servers yet
              </Typography>
              <Typography variant="body2" color="text.secondary">
                Add remote server… registers an OPC UA server whose trust list the app manages through push management (OPC UA Part 12).
              </Typography>
            </Box>
          ) : (
            <Box sx={{ overflow: 'auto', maxHeight: '62vh', border: 1, borderColor: 'divider', borderRadius: 1 }}>
              <Table size="small" stickyHeader aria-label="Remote servers">
                <TableHead>
                  <TableRow>
                    <TableCell padding="checkbox">
                      <Checkbox
                        checked={allSelected}
                        indeterminate={selected.length > 0 && !allSelected}
                        disabled={rows.length === 0 || pushing}
                        onChange={() => state().setFleetSelected(allSelected ? [] : rows.map((r) => r.storeId))}
                        slotProps={{ input: { 'aria-label': 'Select all servers' } }}
                      />
                    </TableCell>
                    <TableCell sx={{ minWidth: 210 }}>Server</TableCell>
                    <TableCell>Reachability</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>Certificate</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>Rejected waiting</TableCell>
                    <TableCell>Last sync</TableCell>
                    <TableCell>Last error</TableCell>
                    {showRun && <TableCell sx={{ minWidth: 200 }}>Push</TableCell>}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.storeId} hover selected={selected.includes(row.storeId)} aria-label={row.name} sx={{ verticalAlign: 'top' }}>
                      <TableCell padding="checkbox">
                        <Checkbox checked={selected.includes(row.storeId)} disabled={pushing} onChange={() => toggle(row.storeId)} slotProps={{ input: { 'aria-label': `Select ${row.name}` } }} />
                      </TableCell>
                      <TableCell>
                        <Typography variant="body2" sx={{ fontWeight: 600 }}>
                          {row.name}
                        </Typography>
                        <Typography variant="caption" color="text.secondary" component="div" sx={{ whiteSpace: 'nowrap' }}>
                          {row.endpointUrl}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        <ReachabilityMark reachability={row.reachability} />
                      </TableCell>
                      <TableCell>
                        <ExpiryCell row={row} />
                      </TableCell>
                      <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: row.rejectedCount ? 700 : 400, color: row.rejectedCount ? 'warning.main' : 'text.secondary' }}>
                        {row.rejectedCount}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap', fontSize: 12.5 }}>{formatDateTime(row.lastSyncAt)}</TableCell>
                      <TableCell title={row.lastError ?? undefined} sx={{ fontSize: 12.5, minWidth: 160, maxWidth: 280, color: row.lastError ? 'error.main' : 'text.disabled' }}>
                        {/* Three lines at most: the full text is in the tooltip and in the server's details. */}
                        <Box sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden', overflowWrap: 'anywhere' }}>{row.lastError ?? '—'}</Box>
                      </TableCell>
                      {showRun && (
                        <TableCell>
                          <PushCell progress={run?.progress[row.storeId]} result={resultFor(row.storeId)} />
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1, pl: 2 }}>
            {selected.length ? `${plural(selected.length, 'server')} selected` : 'Select servers to push a certificate or CRL to them'}
          </Typography>
          <Button variant="outlined" onClick={() => state().setFleetOpen(false)}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
      <PushPickerDialog
        open={picking}
        serverCount={selected.length}
        onClose={() => setPicking(false)}
        onPush={(items, to) => {
          setPicking(false);
          void remoteActions.push(
            selected,
            items.map((c) => ({ storeId: c.storeId, file: c.entry.file, id: c.entry.id })),
            to,
          );
        }}
      />
    </>
  );
}
