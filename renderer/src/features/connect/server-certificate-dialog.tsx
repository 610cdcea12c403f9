import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import GppMaybeOutlinedIcon from '@mui/icons-material/GppMaybeOutlined';
import { Field, orDash, Section } from '../../components/field-list';
import { ThumbprintsSection } from '../../components/thumbprints-section';
import { connectActions, useAppStore } from '../../store';
import type { ServerDecision } from '../../store/connect-actions';
import type { ServerDecisionRequest } from '../../store/connect-slice';
import type { VerifyResult } from '../../../../shared/types/verify';
import { ProblemsList } from '../cert-details/problems-list';
import { ValidityBar } from '../cert-details/validity-bar';
import { FullCheck } from '../verify/full-check';

/**
 * The first-connection warning (Qt OPC UA's certificate dialog): the server's certificate in full,
 * then Trust permanently, Accept once or Cancel. Cancel has the focus, and Escape answers Cancel.
 */
export function ServerCertificateDialog() {
  const request = useAppStore((s) => s.serverDecision);
  // The engine's verdict on this very certificate, when the test that asked the question made one.
  const check = useAppStore((s) => s.connectResult?.verification.serverCertificate ?? null);
  return <ServerCertificatePrompt request={request} check={check} onDecide={connectActions.decideServer} />;
}

interface PromptProps {
  request: ServerDecisionRequest | null;
  /** A verification that may be of this certificate: shown when its chain starts with it. */
  check?: VerifyResult | null;
  /** Answers the question; the dialog stays open (its buttons disabled) until this settles. */
  onDecide(decision: ServerDecision): Promise<unknown>;
  /** Offer "Accept once" (not for a remote server, which the app manages across sessions). */
  allowAcceptOnce?: boolean;
}

/** The warning dialog itself, for any question about a server's certificate (Test connection, Add remote server). */
export function ServerCertificatePrompt({ request, check = null, onDecide, allowAcceptOnce = true }: PromptProps) {
  const appStoreName = useAppStore((s) => s.stores.find((x) => x.id === s.appInfo?.appStoreId)?.name ?? 'this app');
  const [busy, setBusy] = useState<ServerDecision | null>(null);
  // Keeps showing the certificate while the dialog fades out.
  const [shown, setShown] = useState(request);
  if (request && request !== shown) setShown(request);
  const cert = (request ?? shown)?.certificate;
  const fullCheck = check && cert && check.chain[0]?.sha256 === cert.sha256 ? check : null;

  async function decide(decision: ServerDecision) {
    if (busy) return;
    setBusy(decision);
    await onDecide(decision);
    setBusy(null);
  }

  return (
    <Dialog
      open={request !== null}
      onClose={(_, reason) => {
        // A click beside the dialog is no answer; Escape is Cancel.
        if (reason === 'escapeKeyDown') void decide('cancel');
      }}
      fullWidth
      maxWidth="md"
      aria-labelledby="server-cert-title"
      aria-describedby="server-cert-intro"
    >
      <DialogTitle id="server-cert-title" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <GppMaybeOutlinedIcon color="warning" />
        Unknown server certificate
      </DialogTitle>
      <DialogContent>
        {cert && (
          <>
            <Alert id="server-cert-intro" severity="warning" sx={{ mb: 2 }}>
              The server at <strong>{(request ?? shown)?.endpointUrl}</strong> presented a certificate that this app does not trust yet. Compare its thumbprint with the one its administrator gives you
              before you trust it.
            </Alert>
            <Section title="Server certificate">
              <Field label="Subject">{cert.subject.text}</Field>
              <Field label="ApplicationUri" mono copy={cert.applicationUri ?? undefined}>
                {orDash(cert.applicationUri)}
              </Field>
              <Field label="DNS names">{orDash(cert.dns.join(', '))}</Field>
              <Field label="IP addresses">{orDash(cert.ip.join(', '))}</Field>
              <Field label="Issuer">{cert.selfSigned ? `${cert.issuer.text} (self-signed)` : cert.issuer.text}</Field>
              <Field label="Key">{`${cert.keyType} ${cert.keySize} bits`}</Field>
              <Field label="Signature algorithm">{cert.signatureAlgorithm}</Field>
            </Section>
            <Section title="Validity">
              <Box sx={{ gridColumn: '1 / -1' }}>
                <ValidityBar notBefore={cert.notBefore} notAfter={cert.notAfter} />
              </Box>
            </Section>
            <ThumbprintsSection sha1={cert.sha1} sha256={cert.sha256} />
            <Section title="Problems found">
              <Box sx={{ gridColumn: '1 / -1' }}>
                <ProblemsList problems={cert.problems} />
              </Box>
            </Section>
            {fullCheck && (
              <Box sx={{ mb: 2 }}>
                <FullCheck title="The server’s certificate, as we check it" result={fullCheck} storeName={appStoreName} />
              </Box>
            )}
            <Typography variant="caption" color="text.secondary" component="p">
              <strong>Trust permanently</strong> copies the certificate into Trusted of {appStoreName}.{' '}
              {allowAcceptOnce ? (
                <>
                  <strong>Accept once</strong> trusts it until the app closes; nothing is written to disk.{' '}
                </>
              ) : (
                'A remote server is managed again after every restart, so trusting it only once is not offered. '
              )}
              <strong>Cancel</strong> trusts nothing and does not connect.
            </Typography>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void decide('cancel')} disabled={busy !== null} autoFocus>
          Cancel
        </Button>
        {allowAcceptOnce && (
          <Button variant="outlined" onClick={() => void decide('accept-once')} disabled={busy !== null}>
            Accept once
          </Button>
        )}
        <Button variant="contained" onClick={() => void decide('trust-permanently')} disabled={busy !== null}>
          Trust permanently
        </Button>
      </DialogActions>
    </Dialog>
  );
}
