import { useEffect, useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, LinearProgress, Radio, RadioGroup, Typography } from '@mui/material';
import type { PeerCertificate } from '../../../../shared/types/connect';
import { Field, Section } from '../../components/field-list';
import { formatDate, groupHex } from '../../lib/format';
import { remoteActions, useAppStore } from '../../store';
import { MONO_FONT } from '../../theme';
import { RemoteProblemAlert } from './remote-problem-alert';

type SignWith = 'local-ca' | 'csr-only';

function CertificateFields({ title, cert }: { title: string; cert: PeerCertificate }) {
  return (
    <Section title={title}>
      <Field label="Subject">{cert.subject.text}</Field>
      <Field label="Issuer">{cert.selfSigned ? `${cert.issuer.text} (self-signed)` : cert.issuer.text}</Field>
      <Field label="Valid">{`${formatDate(cert.notBefore)} to ${formatDate(cert.notAfter)}`}</Field>
      <Field label="SHA-1" mono copy={cert.sha1.toUpperCase()}>
        {groupHex(cert.sha1)}
      </Field>
    </Section>
  );
}

/**
 * Renew server certificate…: CreateSigningRequest on the server, then the local CA signs it and
 * UpdateCertificate + ApplyChanges install it, or only the CSR comes back to be signed elsewhere.
 * The server's private key stays on the server.
 */
export function RenewDialog() {
  const renew = useAppStore((s) => s.renew);
  const store = useAppStore((s) => s.stores.find((x) => x.id === s.renew?.storeId) ?? null);
  const [signWith, setSignWith] = useState<SignWith>('local-ca');
  const storeId = renew?.storeId ?? null;
  useEffect(() => setSignWith('local-ca'), [storeId]);

  const running = renew?.run != null && !renew.outcome && !renew.problem;
  const step = renew?.run && storeId ? renew.run.progress[storeId] : undefined;
  const current = store?.remote?.serverCertificate ?? null;
  const outcome = renew?.outcome ?? null;

  return (
    <Dialog open={renew !== null} onClose={() => remoteActions.closeRenew()} fullWidth maxWidth="sm" aria-labelledby="renew-title">
      <DialogTitle id="renew-title">Renew server certificate</DialogTitle>
      <DialogContent sx={{ pt: 0 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {store?.name ?? 'The server'} creates a new key and a signing request (CreateSigningRequest); its private key never leaves the server.
        </Typography>
        {current && !outcome?.newCertificate && <CertificateFields title="Current certificate" cert={current} />}
        {!outcome && (
          <RadioGroup value={signWith} onChange={(e) => setSignWith(e.target.value as SignWith)} aria-label="How to sign">
            <FormControlLabel value="local-ca" disabled={running} control={<Radio />} label="Sign with the local CA, install it on the server and apply (UpdateCertificate, ApplyChanges)" />
            <FormControlLabel value="csr-only" disabled={running} control={<Radio />} label="Only create the signing request (CSR), to have it signed by another CA" />
          </RadioGroup>
        )}
        {running && (
          <Box role="status" aria-live="polite" sx={{ mt: 1.5 }}>
            <Typography variant="body2" sx={{ mb: 0.5 }}>
              {step ? `${step.step}${step.message ? `: ${step.message}` : ''}…` : 'Starting…'}
            </Typography>
            <LinearProgress aria-label="Renewing" />
          </Box>
        )}
        {renew?.problem && (
          <Box sx={{ mt: 1.5 }}>
            <RemoteProblemAlert problem={renew.problem} />
          </Box>
        )}
        {outcome?.newCertificate && (
          <>
            <Alert severity="success" sx={{ mb: 2 }} role="status">
              The server now uses its new certificate; the app reconnected to it.
            </Alert>
            <CertificateFields title="New certificate" cert={outcome.newCertificate} />
          </>
        )}
        {outcome && !outcome.newCertificate && (
          <Section title="Signing request (PEM)">
            <Box sx={{ gridColumn: '1 / -1' }}>
              <Box
                component="pre"
                aria-label="Signing request"
                tabIndex={0}
                sx={{ m: 0, p: 1, maxHeight: 220, overflow: 'auto', fontFamily: MONO_FONT, fontSize: 11.5, bgcolor: 'action.hover', borderRadius: 1, userSelect: 'text' }}
              >
                {outcome.csrPem}
              </Box>
            </Box>
          </Section>
        )}
      </DialogContent>
      <DialogActions>
        {outcome && !outcome.newCertificate && (
          <Button variant="outlined" onClick={() => remoteActions.saveCsr()}>
            Save CSR
          </Button>
        )}
        <Button onClick={() => remoteActions.closeRenew()} disabled={running}>
          {outcome ? 'Close' : 'Cancel'}
        </Button>
        {!outcome && (
          <Button variant="contained" onClick={() => void remoteActions.renew(signWith)} disabled={running}>
            {signWith === 'local-ca' ? 'Renew' : 'Create CSR'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
