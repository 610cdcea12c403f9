import { useEffect, useState } from 'react';
import { Alert, Box, Checkbox, Dialog, DialogContent, DialogTitle, FormControlLabel, FormLabel, List, ListItem, Radio, RadioGroup, Stack, Typography } from '@mui/material';
import type { CaStoreDeployResult } from '../../../../shared/types/local-ca';
import { plural } from '../../lib/format';
import { MONO_FONT } from '../../theme';
import { appStore, caActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

/** What one store's deploy did, in a line: imported, already there, older CRLs removed, or why it failed. */
function reportLine(report: CaStoreDeployResult): string {
  if (report.error) return `failed: ${report.error}`;
  const imported = report.results.filter((r) => r.status === 'imported').length;
  const present = report.results.filter((r) => r.status === 'exists').length;
  const parts = [imported ? `${plural(imported, 'file')} copied` : null, present ? `${plural(present, 'file')} already there` : null, report.removedCrls.length ? `${plural(report.removedCrls.length, 'older CRL')} removed` : null];
  return `${parts.filter(Boolean).join(', ') || 'nothing to do'} (${report.to})`;
}

/** The per-store report of the last Deploy. */
export function DeployReport({ reports }: { reports: CaStoreDeployResult[] }) {
  const failed = reports.filter((r) => r.error).length;
  return (
    <Alert severity={failed ? 'warning' : 'success'} onClose={() => appStore.getState().setCaDeployReport(null)} closeText="Dismiss the report" role="region" aria-label="Deploy report">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Deployed to {plural(reports.length - failed, 'store')}
        {failed ? `; ${failed} failed` : ''}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {reports.map((r) => (
          <li key={r.storeId}>
            {r.storeName}: {reportLine(r)}
          </li>
        ))}
      </Box>
    </Alert>
  );
}

/** Deploy…: the CA certificate and its current CRL into the trusted or issuers folder of the stores chosen, in one go. */
export function DeployDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const busy = useAppStore((s) => s.caBusy);
  const stores = useAppStore((s) => s.stores);
  const local = stores.filter((s) => s.role !== 'remote');
  const [chosen, setChosen] = useState<string[]>([]);
  const [to, setTo] = useState<'trusted' | 'issuers'>('trusted');
  useEffect(() => {
    if (!open) return;
    setChosen([]);
    setTo('trusted');
  }, [open]);
  const toggle = (id: string) => setChosen((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="ca-deploy-title">
      <DialogTitle id="ca-deploy-title">Deploy the CA certificate and CRL</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <div>
            <FormLabel id="ca-deploy-stores">PKI folders</FormLabel>
            <List dense disablePadding aria-labelledby="ca-deploy-stores">
              {local.map((s) => (
                <ListItem key={s.id} disableGutters>
                  <FormControlLabel
                    disabled={!s.writable}
                    control={<Checkbox size="small" checked={chosen.includes(s.id)} onChange={() => toggle(s.id)} />}
                    label={
                      <span>
                        {s.name}
                        <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block', fontFamily: MONO_FONT }}>
                          {s.root}
                          {s.writable ? '' : ' (read-only)'}
                        </Typography>
                      </span>
                    }
                  />
                </ListItem>
              ))}
            </List>
          </div>
          <div>
            <FormLabel id="ca-deploy-to">Into</FormLabel>
            <RadioGroup aria-labelledby="ca-deploy-to" value={to} onChange={(e) => setTo(e.target.value as 'trusted' | 'issuers')}>
              <FormControlLabel value="trusted" control={<Radio size="small" />} label="Trusted — the application accepts every certificate the CA signed and did not revoke" />
              <FormControlLabel value="issuers" control={<Radio size="small" />} label="Issuers — only completes chains; each certificate must be trusted itself" />
            </RadioGroup>
          </div>
          <Typography variant="body2" color="text.secondary">
            The files are written at once (no Sync needed); an older CRL of this CA in the same folder is replaced. Servers re-read their folders by themselves.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        label={`Deploy to ${plural(chosen.length, 'folder')}`}
        busy={busy}
        disabled={chosen.length === 0}
        onAct={async () => {
          if (await caActions.deploy(chosen, to)) onClose();
        }}
      />
    </Dialog>
  );
}
