import { useState, type ReactNode } from 'react';
import {
  Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Divider, IconButton, ListItemIcon, ListItemText, Menu, MenuItem,
  Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import LinkIcon from '@mui/icons-material/Link';
import VerifiedOutlinedIcon from '@mui/icons-material/VerifiedOutlined';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import DescriptionOutlinedIcon from '@mui/icons-material/DescriptionOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import KeyOutlinedIcon from '@mui/icons-material/KeyOutlined';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import StarIcon from '@mui/icons-material/Star';
import StarBorderIcon from '@mui/icons-material/StarBorder';
import type { OwnCertView } from '../../../../shared/types/own-certs';
import { formatDate } from '../../lib/format';
import { expiresText } from '../../lib/own-cert-status';
import { MONO_FONT } from '../../theme';
import { appStore, caActions, ownCertActions, useAppStore } from '../../store';
import { LocalCaDialog } from '../local-ca/local-ca-dialog';
import { AssignDialog } from './assign-dialog';
import { DeleteOwnDialog, ExportKeyDialog, RegenerateOwnDialog } from './confirm-dialogs';
import { ExpiringSoonField } from './expiring-soon-field';
import { InstallSignedDialog } from './install-signed-dialog';
import { GenerateDialog } from './generate-dialog';
import { OwnCertDrawer } from './own-cert-drawer';
import { OwnStatusBadges } from './own-status-badges';
import { UploadDialog } from './upload-dialog';

type Sub = { type: 'generate' } | { type: 'upload' } | { type: 'delete' | 'key' | 'regenerate' | 'assign' | 'install'; view: OwnCertView } | null;

function Item({ icon, label, onClick, disabled, secondary }: { icon: ReactNode; label: string; onClick: () => void; disabled?: boolean; secondary?: string }) {
  return (
    <MenuItem dense onClick={onClick} disabled={disabled}>
      <ListItemIcon>{icon}</ListItemIcon>
      <ListItemText primary={label} secondary={secondary} />
    </MenuItem>
  );
}

/** Own certificates: the app's application instance certificates, Koios-style, with generate, upload, regenerate, delete, default and downloads. */
export function OwnCertsDialog() {
  const open = useAppStore((s) => s.ownCertsOpen);
  const certificates = useAppStore((s) => s.ownCerts);
  const loaded = useAppStore((s) => s.ownCertsLoaded);
  const busy = useAppStore((s) => s.ownBusy);
  const regenerating = useAppStore((s) => s.ownRun?.id ?? null);
  const [sub, setSub] = useState<Sub>(null);
  const [menu, setMenu] = useState<{ anchor: HTMLElement; view: OwnCertView } | null>(null);
  const close = () => appStore.getState().setOwnCertsOpen(false);
  const closeSub = () => setSub(null);

  /** The actions of one certificate: in the row's menu and, as buttons, in the Details drawer. */
  const actionsOf = (view: OwnCertView, close: () => void = () => undefined) => ({
    details: () => { close(); appStore.getState().showOwnDetails(view.id); },
    setDefault: () => { close(); void ownCertActions.setDefault(view.id); },
    regenerate: () => { close(); setSub({ type: 'regenerate', view }); },
    assign: () => { close(); setSub({ type: 'assign', view }); },
    install: () => { close(); setSub({ type: 'install', view }); },
    der: () => { close(); void ownCertActions.download(view.id, 'der'); },
    pem: () => { close(); void ownCertActions.download(view.id, 'pem'); },
    key: () => { close(); setSub({ type: 'key', view }); },
    csr: () => { close(); void ownCertActions.createSigningRequest(view.id); },
    remove: () => { close(); setSub({ type: 'delete', view }); },
  });
  const missing = (view: OwnCertView) => view.statuses.includes('missing-files');

  return (
    <>
      <Dialog open={open} onClose={close} fullWidth maxWidth="xl" aria-labelledby="own-certs-title" slotProps={{ paper: { sx: { height: '85vh' } } }}>
        <DialogTitle component="div" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Box sx={{ flex: 1 }}>
            <Typography id="own-certs-title" variant="h6" component="h2">
              Own certificates
            </Typography>
            <Typography variant="body2" color="text.secondary">
              The certificates this app presents to servers. The default (★) serves every connection without a certificate of its own.
            </Typography>
          </Box>
          <Button variant="contained" startIcon={<AddIcon />} disabled={busy} onClick={() => setSub({ type: 'generate' })}>
            Generate self-signed…
          </Button>
          <Button variant="outlined" startIcon={<FileUploadOutlinedIcon />} disabled={busy} onClick={() => setSub({ type: 'upload' })}>
            Upload…
          </Button>
          <Button variant="outlined" startIcon={<AccountTreeOutlinedIcon />} onClick={() => caActions.open()}>
            Local CA…
          </Button>
        </DialogTitle>
        <DialogContent dividers sx={{ p: 0 }}>
          <TableContainer>
            <Table size="small" stickyHeader aria-label="Own certificates">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox" aria-label="Default" />
                  <TableCell>Name</TableCell>
                  <TableCell>Common name</TableCell>
                  <TableCell>ApplicationUri</TableCell>
                  <TableCell>Expires</TableCell>
                  <TableCell align="right">Connections</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell padding="checkbox" aria-label="Actions" />
                </TableRow>
              </TableHead>
              <TableBody>
                {certificates.map((view) => (
                  <TableRow key={view.id} hover aria-label={view.name} onDoubleClick={() => appStore.getState().showOwnDetails(view.id)} sx={{ cursor: 'default' }}>
                    <TableCell padding="checkbox">
                      {view.isDefault ? (
                        <Tooltip title="Default certificate">
                          <StarIcon titleAccess="Default certificate" sx={{ color: '#f9a825', fontSize: 20, ml: 1 }} />
                        </Tooltip>
                      ) : (
                        <Tooltip title="Set as default">
                          <span>
                            <IconButton size="small" aria-label={`Set ${view.name} as default`} disabled={busy || missing(view)} onClick={() => void ownCertActions.setDefault(view.id)}>
                              <StarBorderIcon fontSize="small" />
                            </IconButton>
                          </span>
                        </Tooltip>
                      )}
                    </TableCell>
                    <TableCell>
                      <Typography variant="body2" sx={{ fontWeight: 500 }}>
                        {view.name}
                      </Typography>
                      {view.description && (
                        <Typography variant="caption" color="text.secondary">
                          {view.description}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{view.certificate?.subject.cn ?? '—'}</TableCell>
                    <TableCell sx={{ fontFamily: MONO_FONT, fontSize: 12, wordBreak: 'break-all' }}>{view.applicationUri}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {view.certificate ? (
                        <>
                          {formatDate(view.certificate.notAfter)}
                          <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                            {expiresText(view)}
                          </Typography>
                        </>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                    <TableCell align="right">
                      <Tooltip title={view.isDefault ? 'Assigned connections; the default also serves every other one' : 'Assigned connections'}>
                        <span>{view.connectionCount}</span>
                      </Tooltip>
                    </TableCell>
                    <TableCell>
                      {regenerating === view.id ? (
                        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} role="status">
                          <CircularProgress size={14} />
                          <Typography variant="caption">Regenerating…</Typography>
                        </Box>
                      ) : (
                        <OwnStatusBadges view={view} />
                      )}
                    </TableCell>
                    <TableCell padding="checkbox">
                      <IconButton size="small" aria-label={`Actions for ${view.name}`} onClick={(e) => setMenu({ anchor: e.currentTarget, view })}>
                        <MoreVertIcon fontSize="small" />
                      </IconButton>
                    </TableCell>
                  </TableRow>
                ))}
                {loaded && certificates.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={8}>
                      <Typography variant="body2" color="text.secondary" sx={{ py: 2, textAlign: 'center' }}>
                        No own certificate yet: generate or upload one.
                      </Typography>
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
        </DialogContent>
        <DialogActions sx={{ justifyContent: 'space-between', px: 3 }}>
          <ExpiringSoonField />
          <Button onClick={close}>Close</Button>
        </DialogActions>
      </Dialog>
      <Menu open={menu !== null} anchorEl={menu?.anchor} onClose={() => setMenu(null)} slotProps={{ list: { dense: true, 'aria-label': 'Certificate actions' } }}>
        {menu &&
          (() => {
            const view = menu.view;
            const a = actionsOf(view, () => setMenu(null));
            return [
              <Item key="details" icon={<InfoOutlinedIcon fontSize="small" />} label="Details" onClick={a.details} />,
              <Item key="default" icon={<StarBorderIcon fontSize="small" />} label="Set as default" disabled={view.isDefault || missing(view)} onClick={a.setDefault} />,
              <Item key="regenerate" icon={<AutorenewIcon fontSize="small" />} label="Regenerate…" secondary="New key, same name and ApplicationUri" disabled={busy} onClick={a.regenerate} />,
              <Item key="assign" icon={<LinkIcon fontSize="small" />} label="Assign to connection…" disabled={missing(view)} onClick={a.assign} />,
              <Divider key="d1" />,
              <Item key="der" icon={<FileDownloadOutlinedIcon fontSize="small" />} label="Download certificate (DER)" disabled={!view.certificate} onClick={a.der} />,
              <Item key="pem" icon={<FileDownloadOutlinedIcon fontSize="small" />} label="Download certificate (PEM)" disabled={!view.certificate} onClick={a.pem} />,
              <Item key="key" icon={<KeyOutlinedIcon fontSize="small" />} label="Download private key…" disabled={view.files.privateKey !== 'ok'} onClick={a.key} />,
              <Item key="csr" icon={<DescriptionOutlinedIcon fontSize="small" />} label="Create signing request (CSR)" disabled={missing(view)} onClick={a.csr} />,
              <Item key="install" icon={<VerifiedOutlinedIcon fontSize="small" />} label="Install signed certificate…" disabled={view.files.privateKey === 'missing' || view.files.privateKey === 'unreadable'} onClick={a.install} />,
              <Divider key="d2" />,
              <Item key="delete" icon={<DeleteOutlineIcon fontSize="small" />} label="Delete…" secondary={view.isDefault ? 'The default cannot be deleted' : undefined} disabled={view.isDefault} onClick={a.remove} />,
            ];
          })()}
      </Menu>
      <OwnCertDrawer
        actions={(view) => {
          const a = actionsOf(view);
          return (
            <>
              <Button size="small" variant="outlined" disabled={view.isDefault || missing(view) || busy} onClick={a.setDefault}>
                Set as default
              </Button>
              <Button size="small" variant="outlined" disabled={busy} onClick={a.regenerate}>
                Regenerate…
              </Button>
              <Button size="small" variant="outlined" disabled={missing(view) || busy} onClick={a.assign}>
                Assign…
              </Button>
              <Button size="small" variant="outlined" disabled={!view.certificate} onClick={a.der}>
                Download DER
              </Button>
              <Button size="small" variant="outlined" disabled={!view.certificate} onClick={a.pem}>
                Download PEM
              </Button>
              <Button size="small" variant="outlined" disabled={view.files.privateKey !== 'ok'} onClick={a.key}>
                Private key…
              </Button>
              <Button size="small" variant="outlined" disabled={missing(view)} onClick={a.csr}>
                Create CSR
              </Button>
              <Button size="small" variant="outlined" disabled={view.files.privateKey === 'missing' || view.files.privateKey === 'unreadable' || busy} onClick={a.install}>
                Install signed…
              </Button>
              <Button size="small" color="error" variant="outlined" disabled={view.isDefault} onClick={a.remove}>
                Delete…
              </Button>
            </>
          );
        }}
      />
      <GenerateDialog open={sub?.type === 'generate'} onClose={closeSub} />
      <UploadDialog open={sub?.type === 'upload'} onClose={closeSub} />
      <DeleteOwnDialog view={sub?.type === 'delete' ? sub.view : null} onClose={closeSub} />
      <ExportKeyDialog view={sub?.type === 'key' ? sub.view : null} onClose={closeSub} />
      <RegenerateOwnDialog view={sub?.type === 'regenerate' ? sub.view : null} onClose={closeSub} />
      <AssignDialog view={sub?.type === 'assign' ? sub.view : null} onClose={closeSub} />
      <InstallSignedDialog view={sub?.type === 'install' ? sub.view : null} onClose={closeSub} />
      <LocalCaDialog />
    </>
  );
}
