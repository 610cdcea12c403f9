import { useState } from 'react';
import { Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, ListItemIcon, ListItemText, Menu, MenuItem, Stack, Typography } from '@mui/material';
import CloudUploadOutlinedIcon from '@mui/icons-material/CloudUploadOutlined';
import DescriptionOutlinedIcon from '@mui/icons-material/DescriptionOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import PublishOutlinedIcon from '@mui/icons-material/PublishOutlined';
import VerifiedOutlinedIcon from '@mui/icons-material/VerifiedOutlined';
import type { LocalCaInfo } from '../../../../shared/types/own-certs';
import { Field, Section } from '../../components/field-list';
import { formatDate, formatDateTime, groupHex, relativeTime } from '../../lib/format';
import { appStore, caActions, useAppStore } from '../../store';
import { CreateCaForm } from './create-ca-form';
import { DeployDialog, DeployReport } from './deploy-dialog';
import { IssuedTable } from './issued-table';
import { SignOwnDialog, SignRequestDialog } from './sign-dialogs';

type Sub = 'sign-request' | 'sign-own' | 'deploy' | null;

const DOWNLOADS = [
  { what: 'certificate', format: 'der', label: 'CA certificate (DER)' },
  { what: 'certificate', format: 'pem', label: 'CA certificate (PEM)' },
  { what: 'crl', format: 'der', label: 'CRL (DER)' },
  { what: 'crl', format: 'pem', label: 'CRL (PEM)' },
] as const;

/** Saves the CA certificate or its CRL alone, for servers the app does not manage (deploy covers the others). */
function CaDownloadMenu({ info, busy }: { info: LocalCaInfo; busy: boolean }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        startIcon={<FileDownloadOutlinedIcon />}
        disabled={busy}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        aria-controls={anchor ? 'ca-download-menu' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ mb: 0.25 }}
      >
        Download
      </Button>
      <Menu id="ca-download-menu" open={anchor !== null} anchorEl={anchor} onClose={() => setAnchor(null)} slotProps={{ list: { dense: true, 'aria-label': 'Download' } }}>
        {DOWNLOADS.map((d) => (
          <MenuItem
            key={`${d.what}-${d.format}`}
            dense
            disabled={d.what === 'crl' && !info.crl}
            onClick={() => {
              setAnchor(null);
              void caActions.download(d.what, d.format);
            }}
          >
            <ListItemIcon>
              <FileDownloadOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText primary={d.label} secondary={d.what === 'crl' && !info.crl ? 'No CRL yet: publish the CRL first' : undefined} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

/** The CA's facts: subject, validity, key, thumbprint and the CRL last published. */
function CaFacts({ info, busy }: { info: LocalCaInfo; busy: boolean }) {
  const crl = info.crl;
  const crlOverdue = crl ? Date.parse(crl.nextUpdate) < Date.now() : false;
  return (
    <Section title="Certificate authority" action={<CaDownloadMenu info={info} busy={busy} />}>
      <Field label="Subject">{info.subject}</Field>
      <Field label="Valid">{`${formatDate(info.notBefore)} to ${formatDate(info.notAfter)}`}</Field>
      <Field label="Key">RSA {info.keySize}</Field>
      <Field label="SHA-1 thumbprint" mono copy={info.sha1}>
        {groupHex(info.sha1)}
      </Field>
      <Field label="Issued">{`${info.issued} certificate${info.issued === 1 ? '' : 's'}, ${info.revoked} revoked; next serial ${info.nextSerial}`}</Field>
      <Field label="CRL">
        {crl
          ? `#${crl.crlNumber}, published ${formatDateTime(crl.thisUpdate)}, ${crl.revokedSerials.length} revoked; ${crlOverdue ? 'out of date since' : 'next update due'} ${formatDateTime(crl.nextUpdate)} (${relativeTime(crl.nextUpdate)})`
          : 'not published yet'}
      </Field>
      <Field label="Folder" mono>
        {info.dir}
      </Field>
    </Section>
  );
}

/** Local CA…: create the CA, sign requests and own certificates, revoke, publish the CRL, deploy it to the stores or download it. */
export function LocalCaDialog() {
  const open = useAppStore((s) => s.caOpen);
  const ca = useAppStore((s) => s.ca);
  const busy = useAppStore((s) => s.caBusy);
  const report = useAppStore((s) => s.caDeployReport);
  const [sub, setSub] = useState<Sub>(null);
  const close = () => appStore.getState().setCaOpen(false);
  const info = ca?.info ?? null;

  return (
    <>
      <Dialog open={open} onClose={close} fullWidth maxWidth="lg" aria-labelledby="local-ca-title" slotProps={{ paper: { sx: { height: '85vh' } } }}>
        <DialogTitle component="div" sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Box sx={{ flex: 1, minWidth: 260 }}>
            <Typography id="local-ca-title" variant="h6" component="h2">
              Local CA
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Sign the certificates of your applications; servers that trust the CA accept them until you revoke them.
            </Typography>
          </Box>
          {info && (
            <>
              <Button variant="contained" startIcon={<VerifiedOutlinedIcon />} disabled={busy} onClick={() => setSub('sign-own')}>
                Sign own certificate…
              </Button>
              <Button variant="outlined" startIcon={<DescriptionOutlinedIcon />} disabled={busy} onClick={() => setSub('sign-request')}>
                Sign request file…
              </Button>
              <Button variant="outlined" startIcon={<PublishOutlinedIcon />} disabled={busy} onClick={() => void caActions.publishCrl()}>
                Publish CRL
              </Button>
              <Button variant="outlined" startIcon={<CloudUploadOutlinedIcon />} disabled={busy} onClick={() => setSub('deploy')}>
                Deploy…
              </Button>
            </>
          )}
        </DialogTitle>
        <DialogContent dividers>
          {ca === null ? (
            <Box sx={{ display: 'flex', justifyContent: 'center', py: 4 }}>
              <CircularProgress size={24} aria-label="Reading the local CA" />
            </Box>
          ) : info === null ? (
            <CreateCaForm />
          ) : (
            <Stack spacing={2}>
              {report && <DeployReport reports={report} />}
              <CaFacts info={info} busy={busy} />
              <Box>
                <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
                  Issued certificates
                </Typography>
                <IssuedTable issued={ca.issued} />
              </Box>
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Close</Button>
        </DialogActions>
      </Dialog>
      <SignRequestDialog open={sub === 'sign-request'} onClose={() => setSub(null)} />
      <SignOwnDialog open={sub === 'sign-own'} onClose={() => setSub(null)} />
      <DeployDialog open={sub === 'deploy'} onClose={() => setSub(null)} />
    </>
  );
}
