import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import SyncIcon from '@mui/icons-material/Sync';
import VerifiedUserOutlinedIcon from '@mui/icons-material/VerifiedUserOutlined';
import type { DiagnosisFix, DiagnosisItem } from '../../../../shared/types/connect';
import { actions, connectActions, useAppStore } from '../../store';
import { selectTrustFixState } from '../../store/selectors';
import { StatusCodeChip } from './status-code-chip';

type StoreFix = Extract<DiagnosisFix, { kind: 'trust-in-server-store' }>;

/** "Trust it" in the server's store: staged like right-click → Trust, then Sync, then Test again. */
function TrustInStoreFix({ fix }: { fix: StoreFix }) {
  const state = useAppStore(selectTrustFixState(fix));
  const storeName = useAppStore((s) => s.stores.find((x) => x.id === fix.storeId)?.name ?? fix.storeId);
  const syncing = useAppStore((s) => s.syncing);
  if (state === 'done') {
    return (
      <Alert severity="success" variant="outlined" sx={{ py: 0, fontSize: 12.5 }}>
        Our certificate is in Trusted of {storeName}. Press Test to connect again; the server picks it up without a restart.
      </Alert>
    );
  }
  if (state === 'staged') {
    return (
      <Alert
        severity="warning"
        variant="outlined"
        sx={{ py: 0, fontSize: 12.5, alignItems: 'center' }}
        action={
          <Button variant="contained" size="small" startIcon={<SyncIcon />} disabled={syncing} onClick={() => void actions.sync()}>
            Sync
          </Button>
        }
      >
        Trust staged in {storeName}. Sync to apply it, then press Test again.
      </Alert>
    );
  }
  return (
    <Button variant="contained" color="success" startIcon={<VerifiedUserOutlinedIcon />} onClick={() => connectActions.applyFix(fix)} sx={{ alignSelf: 'flex-start' }}>
      {fix.label}
    </Button>
  );
}

function FixAction({ fix }: { fix: DiagnosisFix }) {
  if (fix.kind === 'trust-in-server-store') return <TrustInStoreFix fix={fix} />;
  return (
    <Button variant="outlined" startIcon={<VerifiedUserOutlinedIcon />} onClick={() => connectActions.applyFix(fix)} sx={{ alignSelf: 'flex-start' }}>
      {fix.label}…
    </Button>
  );
}

/** Why the connection failed, in plain words, each with its status code and the fix as a button. */
export function DiagnosisList({ items }: { items: DiagnosisItem[] }) {
  if (items.length === 0) return null;
  return (
    <Box component="ul" aria-label="Diagnosis" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}>
      {items.map((item, index) => (
        <Box component="li" key={`${item.status}-${index}`} aria-label={item.title} sx={{ border: 1, borderColor: 'divider', borderLeft: 4, borderLeftColor: item.fix ? 'warning.main' : 'error.main', borderRadius: 1, px: 1.5, py: 1 }}>
          <Stack spacing={0.75}>
            <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1, rowGap: 0.5 }}>
              <Typography variant="body1" component="h4" sx={{ fontWeight: 650, flex: '1 1 260px' }}>
                {item.title}
              </Typography>
              <StatusCodeChip status={item.status} hex={item.statusHex} />
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {item.explanation}
            </Typography>
            {item.fix && <FixAction fix={item.fix} />}
          </Stack>
        </Box>
      ))}
    </Box>
  );
}
