import { useState } from 'react';
import { Alert, Button, Chip, Dialog, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { IssuedCertificate } from '../../../../shared/types/own-certs';
import { formatDate } from '../../lib/format';
import { MONO_FONT } from '../../theme';
import { caActions, useAppStore } from '../../store';
import { DialogButtons } from '../../components/dialog-buttons';

/** Revoke…: says that servers refuse it only once they have the new CRL. */
function RevokeDialog({ issued, onClose }: { issued: IssuedCertificate | null; onClose: () => void }) {
  const busy = useAppStore((s) => s.caBusy);
  return (
    <Dialog open={issued !== null} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="ca-revoke-title">
      <DialogTitle id="ca-revoke-title">Revoke serial {issued?.serial}?</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1.5 }}>
          {issued?.subject}
          {issued?.applicationUri ? ` — ${issued.applicationUri}` : ''}
        </Typography>
        <Alert severity="warning">
          This cannot be undone. A new CRL listing it is published at once; servers refuse the certificate once the CRL is deployed to them (Deploy…).
        </Alert>
      </DialogContent>
      <DialogButtons
        onCancel={onClose}
        label="Revoke"
        busy={busy}
        disabled={!issued}
        color="error"
        onAct={async () => {
          if (issued && (await caActions.revoke(issued.serial))) onClose();
        }}
      />
    </Dialog>
  );
}

/** The certificates the CA issued, newest first, each with its status and Revoke. */
export function IssuedTable({ issued }: { issued: IssuedCertificate[] }) {
  const busy = useAppStore((s) => s.caBusy);
  const [revoking, setRevoking] = useState<IssuedCertificate | null>(null);
  return (
    <>
      <Table size="small" aria-label="Issued certificates">
        <TableHead>
          <TableRow>
            <TableCell>Serial</TableCell>
            <TableCell>Subject</TableCell>
            <TableCell>ApplicationUri</TableCell>
            <TableCell>Issued</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Status</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {issued.map((i) => (
            <TableRow key={i.serial} aria-label={`Serial ${i.serial}`}>
              <TableCell sx={{ fontFamily: MONO_FONT, fontSize: 12 }}>{i.serial}</TableCell>
              <TableCell>{i.subject}</TableCell>
              <TableCell sx={{ fontFamily: MONO_FONT, fontSize: 12, wordBreak: 'break-all' }}>{i.applicationUri ?? '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(i.issuedAt)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(i.notAfter)}</TableCell>
              <TableCell>
                {i.status === 'revoked' ? (
                  <Chip size="small" variant="outlined" color="error" label={`Revoked ${formatDate(i.revokedAt ?? '')}`} sx={{ height: 20, fontSize: 11.5 }} />
                ) : (
                  <Chip size="small" variant="outlined" color="success" label="Valid" sx={{ height: 20, fontSize: 11.5 }} />
                )}
              </TableCell>
              <TableCell align="right">
                <Button size="small" color="error" disabled={busy || i.status === 'revoked'} aria-label={`Revoke serial ${i.serial}`} onClick={() => setRevoking(i)}>
                  Revoke…
                </Button>
              </TableCell>
            </TableRow>
          ))}
          {issued.length === 0 && (
            <TableRow>
              <TableCell colSpan={7}>
                <Typography variant="body2" color="text.secondary" sx={{ py: 1.5, textAlign: 'center' }}>
                  Nothing signed yet: sign a request file or one of the own certificates.
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <RevokeDialog issued={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
