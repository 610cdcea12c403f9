import { useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import WorkspacePremiumOutlinedIcon from '@mui/icons-material/WorkspacePremiumOutlined';
import GppBadOutlinedIcon from '@mui/icons-material/GppBadOutlined';
import { formatDate, plural } from '../../lib/format';
import { useAppStore } from '../../store';
import { defaultPushTarget, pushCandidates, type PushCandidate } from '../../store/remote-selectors';
import { FOLDER_LABEL } from '../stores-tree/tree-model';

/** Long lists are cut: the search narrows them. */
const SHOWN = 300;

interface Props {
  open: boolean;
  serverCount: number;
  onClose(): void;
  onPush(items: PushCandidate[], to: 'trusted' | 'issuers'): void;
}

function secondaryText(c: PushCandidate): string {
  const what = c.entry.kind === 'crl' ? `CRL, next update ${formatDate(c.entry.nextUpdate)}` : `${c.entry.isCA ? 'CA certificate' : 'certificate'}, valid to ${formatDate(c.entry.notAfter)}`;
  return `${what} · ${FOLDER_LABEL[c.folder]} of ${c.storeName}`;
}

/** Push certificate/CRL…: certificates and CRLs from any loaded store (e.g. the local CA's certificate and CRL), and where they go. */
export function PushPickerDialog({ open, serverCount, onClose, onPush }: Props) {
  const stores = useAppStore((s) => s.stores);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Map<string, PushCandidate>>(new Map());
  const [to, setTo] = useState<'trusted' | 'issuers' | null>(null);
  useEffect(() => {
    if (!open) return;
    setQuery('');
    setPicked(new Map());
    setTo(null);
  }, [open]);

  // Remote stores are targets here, not sources.
  const local = useMemo(() => stores.filter((s) => s.role !== 'remote'), [stores]);
  const candidates = useMemo(() => pushCandidates(local, query), [local, query]);
  const items = [...picked.values()];
  const target = to ?? defaultPushTarget(items);

  const toggle = (c: PushCandidate) =>
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(c.key)) next.delete(c.key);
      else next.set(c.key, c);
      return next;
    });

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="push-picker-title">
      <DialogTitle id="push-picker-title">Push certificate/CRL</DialogTitle>
      <DialogContent sx={{ pt: 0 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          Choose what to add to the trust list of {plural(serverCount, 'selected server')}: a CA certificate with its CRL, or one client certificate.
        </Typography>
        <TextField
          label="Search"
          autoFocus
          fullWidth
          value={query}
          placeholder="name, store, CA, CRL, thumbprint"
          onChange={(e) => setQuery(e.target.value)}
          slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
        />
        <Box sx={{ mt: 1, height: 280, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
          {candidates.length === 0 ? (
            <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
              {query ? 'Nothing matches.' : 'No certificates or CRLs in the loaded PKI folders.'}
            </Typography>
          ) : (
            <List dense disablePadding aria-label="Certificates and CRLs">
              {candidates.slice(0, SHOWN).map((c) => (
                <ListItemButton key={c.key} onClick={() => toggle(c)} role="checkbox" aria-checked={picked.has(c.key)} sx={{ py: 0 }}>
                  <ListItemIcon sx={{ minWidth: 34 }}>
                    <Checkbox edge="start" checked={picked.has(c.key)} tabIndex={-1} disableRipple slotProps={{ input: { 'aria-hidden': true } }} />
                  </ListItemIcon>
                  <ListItemIcon sx={{ minWidth: 26 }}>
                    {c.entry.kind === 'crl' ? <GppBadOutlinedIcon sx={{ fontSize: 18 }} /> : <WorkspacePremiumOutlinedIcon sx={{ fontSize: 18 }} />}
                  </ListItemIcon>
                  <ListItemText primary={c.label} secondary={secondaryText(c)} slotProps={{ secondary: { sx: { fontSize: 11.5 } } }} />
                </ListItemButton>
              ))}
            </List>
          )}
        </Box>
        {candidates.length > SHOWN && (
          <Typography variant="caption" color="text.secondary">
            Showing {SHOWN} of {candidates.length}: search to narrow the list.
          </Typography>
        )}
        <Box sx={{ mt: 1.5, display: 'flex', alignItems: 'center', gap: 2 }}>
          <Typography variant="body2" id="push-target-label" sx={{ fontWeight: 600 }}>
            Add to
          </Typography>
          <RadioGroup row value={target} onChange={(e) => setTo(e.target.value as 'trusted' | 'issuers')} aria-labelledby="push-target-label">
            <FormControlLabel value="trusted" control={<Radio />} label="Trusted" />
            <FormControlLabel value="issuers" control={<Radio />} label="Issuers" />
          </RadioGroup>
        </Box>
      </DialogContent>
      <DialogActions>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, pl: 2 }} role="status">
          {items.length ? `${plural(items.length, 'item')} chosen` : 'Nothing chosen yet'}
        </Typography>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={items.length === 0} onClick={() => onPush(items, target)}>
          Push to {plural(serverCount, 'server')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
