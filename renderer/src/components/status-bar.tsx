import { useMemo } from 'react';
import { Box } from '@mui/material';
import { entryStatus } from '../lib/entry-status';
import { plural } from '../lib/format';
import { useAppStore } from '../store';

/** One line at the bottom: what is loaded, what needs attention. */
export function StatusBar() {
  const stores = useAppStore((s) => s.stores);
  const info = useAppStore((s) => s.appInfo);
  const newCount = useAppStore((s) => Object.keys(s.newFiles).length);
  const totals = useMemo(() => {
    let certs = 0;
    let expired = 0;
    let rejected = 0;
    for (const store of stores) {
      for (const entry of store.entries) {
        if (entry.kind !== 'certificate') continue;
        certs++;
        if (entryStatus(entry) === 'expired') expired++;
        if (entry.folder === 'rejected') rejected++;
      }
    }
    return { certs, expired, rejected };
  }, [stores]);
  return (
    <Box component="footer" role="status" aria-live="off" sx={{ display: 'flex', gap: 2, px: 1.5, py: 0.4, fontSize: 11.5, color: 'text.secondary', borderTop: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
      <span>{plural(stores.length, 'PKI folder')}</span>
      <span>{plural(totals.certs, 'certificate')}</span>
      <span>{totals.rejected} rejected</span>
      {totals.expired > 0 && <Box component="span" sx={{ color: 'error.main' }}>{totals.expired} expired</Box>}
      {newCount > 0 && <Box component="span" sx={{ color: 'primary.main', fontWeight: 600 }}>{newCount} new</Box>}
      <Box sx={{ flex: 1 }} />
      {info && <span>{`${info.mode === 'browser' ? 'Browser mode' : 'Desktop'} · v${info.version}`}</span>}
    </Box>
  );
}
