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

const KIND_TEXT = { trust: 'Trust', reject: 'Reject', delete: 'Delete', 'move-to-issuers': 'Move to Issuers' } as const;

/** What Sync did, item by item; conflicts were left alone and say why. */
export function SyncReportDialog() {
  const reports = useAppStore((s) => s.syncReport);
  const stores = useAppStore((s) => s.stores);
  const close = () => appStore.getState().showSyncReport(null);
  const results = (reports ?? []).flatMap((r) => r.results.map((x) => ({ ...x, storeId: r.storeId })));
  const count = (status: ChangeStatus) => results.filter((r) => r.status === status).length;
  const conflicts = count('conflict');
  const failed = count('failed');
  return (
    <Dialog open={reports !== null} onClose={close} fullWidth maxWidth="md" aria-labelledby="sync-report-title">
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
        <Box sx={{ overflow: 'auto', maxHeight: 360 }}>
          <Table size="small" stickyHeader aria-label="Results per change">
            <TableHead>
              <TableRow>
                <TableCell>Result</TableCell>
                <TableCell>Change</TableCell>
                <TableCell>File</TableCell>
                <TableCell>Message</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.map((r, i) => (
                <TableRow key={`${r.storeId}-${r.file}-${r.id}-${i}`} sx={{ bgcolor: r.status === 'conflict' ? 'rgba(178,106,0,0.08)' : r.status === 'failed' ? 'rgba(198,40,40,0.08)' : undefined }}>
                  <TableCell>
                    <Chip label={STATUS_CHIP[r.status].label} color={STATUS_CHIP[r.status].color} variant={r.status === 'done' ? 'filled' : 'outlined'} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {KIND_TEXT[r.kind]}
                    <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {stores.find((s) => s.id === r.storeId)?.name ?? r.storeId}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ wordBreak: 'break-all', fontSize: 12 }}>{r.to ? `${r.file} → ${r.to}` : r.file}</TableCell>
                  <TableCell sx={{ fontSize: 12.5 }}>{r.message}</TableCell>
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
