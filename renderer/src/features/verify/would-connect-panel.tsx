import { useEffect } from 'react';
import { Alert, Box, Typography } from '@mui/material';
import type { CertSummary } from '../../../../shared/types/cert';
import { JUDGE_NOUN, sameCertificate } from '../../lib/verify-request';
import { useAppStore, verifyActions } from '../../store';
import { selectStoreById, type LocatedEntry } from '../../store/selectors';
import { VerifyFormFields } from './verify-form';
import { VerifyReport } from './verify-report';

/**
 * "Would this connect?": what the application of a chosen PKI folder decides when this certificate
 * is presented to it, step by step (OPC UA Part 4 §6.1.3), before anyone connects.
 */
export function WouldConnectPanel({ located, cert }: { located: LocatedEntry; cert: CertSummary }) {
  const storeId = located.store.id;
  useEffect(() => verifyActions.showFor(storeId, cert), [storeId, cert]);
  const target = useAppStore((s) => s.verifyTarget);
  const form = useAppStore((s) => s.verifyForm);
  const result = useAppStore((s) => s.verifyResult);
  const running = useAppStore((s) => s.verifyRunning);
  const judge = useAppStore(selectStoreById(form?.judgeStoreId));
  const pendingHere = useAppStore((s) => s.pending.some((c) => c.storeId === storeId || c.storeId === s.verifyForm?.judgeStoreId));
  // Until the effect has caught up with a newly selected certificate, the form is the previous one's.
  if (!form || !sameCertificate(target, { storeId, id: cert.id })) return null;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        What the {JUDGE_NOUN[form.role]} whose PKI folder you choose would answer when this certificate is presented to it: the checks of OPC UA Part 4 on the files as they are now, before anyone connects.
      </Typography>
      <VerifyFormFields form={form} running={running} />
      {!judge && (
        <Alert severity="warning" sx={{ mt: 1, py: 0, fontSize: 12.5 }}>
          The PKI folder that was to check it is no longer in the list: choose another.
        </Alert>
      )}
      {pendingHere && (
        <Alert severity="info" variant="outlined" sx={{ mt: 1, py: 0, fontSize: 12.5 }}>
          Pending changes are not on disk yet: the check sees the folders as they are now. Sync to include them.
        </Alert>
      )}
      <Box component="section" aria-label="Check result" aria-live="polite" aria-busy={running} sx={{ mt: 1.5, opacity: running && result ? 0.55 : 1, transition: 'opacity 120ms' }}>
        {result ? (
          <VerifyReport result={result} storeName={judge?.name ?? 'the PKI folder'} />
        ) : (
          !running && (
            <Typography variant="body2" color="text.secondary" sx={{ borderTop: 1, borderColor: 'divider', pt: 1.5 }}>
              Press Check to see the verdict and every step. After that, the check runs again by itself when you change a setting or a folder changes.
            </Typography>
          )
        )}
      </Box>
    </Box>
  );
}
