import { Alert, Box, Button, Drawer, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import type { OwnCertView } from '../../../../shared/types/own-certs';
import { Field, orDash, Section } from '../../components/field-list';
import { formatDateTime, groupHex, plural } from '../../lib/format';
import { MONO_FONT } from '../../theme';
import { expiresText } from '../../lib/own-cert-status';
import { appStore, ownCertActions, useAppStore } from '../../store';
import { OwnStatusBadges } from './own-status-badges';

const ORIGIN_TEXT: Record<OwnCertView['origin'], string> = { adopted: 'Created by the app on its first start', generated: 'Generated here', uploaded: 'Uploaded' };

/** Details: what the certificate says, its files, and the connections that use it. */
export function OwnCertDrawer({ actions }: { actions: (view: OwnCertView) => React.ReactNode }) {
  const view = useAppStore((s) => s.ownCerts.find((c) => c.id === s.ownDetailsId) ?? null);
  const busy = useAppStore((s) => s.ownBusy);
  const close = () => appStore.getState().showOwnDetails(null);
  const cert = view?.certificate ?? null;
  return (
    <Drawer anchor="right" open={view !== null} onClose={close} sx={{ zIndex: (theme) => theme.zIndex.modal + 1 }} slotProps={{ paper: { sx: { width: 560, p: 2 }, role: 'region', 'aria-label': 'Certificate details' } as never }}>
      {view && (
        <>
          <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
              {view.isDefault ? '★ ' : ''}
              {view.name}
            </Typography>
            <Tooltip title="Close">
              <IconButton aria-label="Close details" onClick={close}>
                <CloseIcon />
              </IconButton>
            </Tooltip>
          </Stack>
          <Box sx={{ mb: 1.5 }}>
            <OwnStatusBadges view={view} />
          </Box>
          {view.fileProblems.length > 0 && (
            <Alert severity="error" sx={{ mb: 1.5 }}>
              {view.fileProblems.join('; ')}
            </Alert>
          )}
          <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
            {actions(view)}
          </Stack>
          <Section title="Certificate">
            <Field label="Common name">{orDash(cert?.subject.cn)}</Field>
            <Field label="Subject">{orDash(cert?.subject.text)}</Field>
            <Field label="ApplicationUri" mono copy={view.applicationUri}>
              {view.applicationUri}
            </Field>
            <Field label="DNS names">{orDash(cert?.dns.join(', '))}</Field>
            <Field label="IP addresses">{orDash(cert?.ip.join(', '))}</Field>
            <Field label="Valid from">{orDash(formatDateTime(cert?.notBefore))}</Field>
            <Field label="Valid until">{cert ? `${formatDateTime(cert.notAfter)} (${expiresText(view)})` : orDash(null)}</Field>
            <Field label="Key">{cert ? `${cert.keyType} ${cert.keySize}` : orDash(null)}</Field>
            <Field label="Signature">{orDash(cert?.signatureAlgorithm)}</Field>
            <Field label="Key usage">{orDash(cert?.keyUsage.join(', '))}</Field>
            <Field label="Extended key usage">{orDash(cert?.extendedKeyUsage.join(', '))}</Field>
            <Field label="Issuer">{cert ? (cert.selfSigned ? 'Self-signed' : cert.issuer.text) : orDash(null)}</Field>
            <Field label="Serial number" mono>
              {orDash(cert?.serialNumber)}
            </Field>
            <Field label="SHA-1 thumbprint" mono copy={cert?.sha1}>
              {cert ? groupHex(cert.sha1) : orDash(null)}
            </Field>
          </Section>
          <Section title="Where it is used">
            {/* Not a Field: the list takes the whole value column, with Unassign at its right edge. */}
            <Box component="dt" sx={{ color: 'text.secondary', fontSize: 12.5, pt: '1px' }}>
              Connections
            </Box>
            <Box component="dd" sx={{ m: 0, minWidth: 0, fontSize: 13 }}>
              {view.assignments.length === 0
                ? view.isDefault
                  ? 'Every connection without its own certificate (default)'
                  : 'Used by no connection'
                : `Used by ${plural(view.assignments.length, 'connection')}${view.isDefault ? ', and by every connection without its own certificate' : ''}`}
              {view.assignments.length > 0 && (
                <Box component="ul" aria-label="Assigned connections" sx={{ listStyle: 'none', p: 0, m: 0, mt: 0.5 }}>
                  {view.assignments.map((a) => (
                    <Box component="li" key={a.connection} sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25, borderTop: 1, borderColor: 'divider' }}>
                      <Box sx={{ flex: 1, minWidth: 0 }}>
                        <Box sx={{ fontFamily: MONO_FONT, fontSize: 12.5, wordBreak: 'break-all' }}>{a.connection}</Box>
                        <Typography variant="caption" color="text.secondary">
                          {a.securityMode === 'Sign' ? 'Sign' : 'Sign & encrypt'}
                        </Typography>
                      </Box>
                      <Button size="small" disabled={busy} aria-label={`Unassign ${a.connection}`} onClick={() => void ownCertActions.unassign(a.connection)}>
                        Unassign
                      </Button>
                    </Box>
                  ))}
                </Box>
              )}
            </Box>
          </Section>
          <Section title="Files">
            <Field label="Certificate" mono>
              {view.certificateFile} {view.files.certificate !== 'ok' && `(${view.files.certificate})`}
            </Field>
            <Field label="Private key" mono>
              {view.privateKeyFile} {view.files.privateKey !== 'ok' && `(${view.files.privateKey})`}
            </Field>
            <Field label="Origin">{ORIGIN_TEXT[view.origin]}</Field>
            <Field label="Description">{orDash(view.description)}</Field>
            <Field label="Backups">{view.backups.length === 0 ? orDash(null) : view.backups.map((b) => <div key={b.id}>{`${formatDateTime(b.createdAt)} — ${b.certificateFile}`}</div>)}</Field>
          </Section>
          <Button onClick={close}>Close</Button>
        </>
      )}
    </Drawer>
  );
}
