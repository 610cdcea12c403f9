import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ChangeStatus } from '../../../../shared/types/changes';
import { plural } from '../../lib/format';
import { appStore, useAppStore } from '../../store';

const STATUS_CHIP: Record<ChangeStatus, { label: string; color: 'success' | 'default' | 'warning' | 'error' }> = {
  done: { label: 'done', color: 'success' },
  unchanged: { label: 'unchanged', color: 'default' },
  conflict: { label: 'conflict', color: 'warning' },
  failed: { label: 'failed', color: 'error' },
};

/** Troubles first: they are what the user has to read. */
const ORDER: Record<ChangeStatus, number> = { conflict: 0, failed: 1, unchanged: 2, done: 3 };

const KIND_TEXT = { trust: 'Trust', reject: 'Reject', delete: 'Delete', 'move-to-issuers': 'Move to Issuers' } as const;

/** What Sync did, item by item; conflicts were left alone and say why. */
export function SyncReportDialog() {
  const items = useAppStore((s) => s.syncReport);
  const stores = useAppStore((s) => s.stores);
  const close = () => appStore.getState().showSyncReport(null);
  const results = [...(items ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const count = (status: ChangeStatus) => results.filter((r) => r.status === status).length;
  const conflicts = count('conflict');
  const failed = count('failed');
  return (
    <Dialog open={items !== null} onClose={close} fullWidth maxWidth="md" aria-labelledby="sync-report-title">
      <DialogTitle id="sync-report-title">Sync results</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1.5 }} role="status">
          {plural(count('done'), 'change')} done, {plural(conflicts, 'conflict')}, {failed} failed{count('unchanged') ? `, ${count('unchanged')} unchanged` : ''}.
        </Typography>
        {conflicts > 0 && (
          <Alert severity="warning" sx={{ mb: 1.5 }}>
            Conflicts were left alone: the files changed on disk after you staged the change. The tree now shows what is on disk; stage the change again if it still applies.
          </Alert>
        )}
        {failed > 0 && (
          <Alert severity="error" sx={{ mb: 1.5 }}>
            Failed changes are still pending: fix the cause and Sync again, or Discard them.
          </Alert>
        )}
        <Box sx={{ overflow: 'auto', maxHeight: 380, border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Table size="small" stickyHeader aria-label="Results per change">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 110 }}>Result</TableCell>
                <TableCell sx={{ width: 250 }}>Certificate</TableCell>
                <TableCell>What happened</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.map((r, i) => (
                <TableRow key={`${r.storeId}-${r.file}-${r.id}-${i}`} sx={{ verticalAlign: 'top', bgcolor: r.status === 'conflict' ? 'rgba(178,106,0,0.07)' : r.status === 'failed' ? 'rgba(198,40,40,0.07)' : undefined }}>
                  <TableCell>
                    <Chip label={STATUS_CHIP[r.status].label} color={STATUS_CHIP[r.status].color} variant={r.status === 'done' ? 'filled' : 'outlined'} />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                      {r.label}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {KIND_TEXT[r.kind]} · {stores.find((s) => s.id === r.storeId)?.name ?? r.storeId}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ fontSize: 12.5, overflowWrap: 'anywhere' }}>{r.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={close}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
