import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import type { FolderKind } from '../../../../shared/types/cert';
import { getLayout, isLayoutId } from '../../../../shared/pki/layouts';
import type { StoreView } from '../../../../shared/types/store';
import { Field, orDash, Section } from '../../components/field-list';
import { entryStatus } from '../../lib/entry-status';
import { formatDateTime, plural } from '../../lib/format';
import { joinStorePath } from '../../lib/paths';
import { actions, appStore, useAppStore } from '../../store';
import type { LocatedEntry } from '../../store/selectors';
import { DemoServerSection } from '../demo-server/demo-server-section';
import { RemoteServerSection } from '../remote/remote-server-section';
import { EMPTY_FOLDER_HINT, entriesByFolder, foldersOf, FOLDER_LABEL } from '../stores-tree/tree-model';

function folderPaths(store: StoreView, folder: FolderKind): string[] {
  if (!isLayoutId(store.layout)) return [];
  const folders = getLayout(store.layout).folders as Record<string, string | undefined>;
  return [folders[`${folder}.certs`], folder === 'own' ? undefined : folders[`${folder}.crl`]].filter((p): p is string => !!p);
}

function countsOf(store: StoreView, folder: FolderKind) {
  const entries = entriesByFolder(store).get(folder) ?? [];
  const statuses = entries.map(entryStatus);
  return {
    total: entries.length,
    certificates: entries.filter((e) => e.kind === 'certificate').length,
    crls: entries.filter((e) => e.kind === 'crl').length,
    unreadable: entries.filter((e) => e.kind === 'unreadable').length,
    expired: statuses.filter((s) => s === 'expired').length,
    troubled: statuses.filter((s) => s === 'problem' || s === 'warning' || s === 'expiring').length,
  };
}

export function StoreDetails({ store }: { store: StoreView }) {
  const layout = isLayoutId(store.layout) ? getLayout(store.layout) : null;
  const isDemo = useAppStore((s) => s.demo?.storeId === store.id);
  return (
    <>
      <Typography variant="h6" component="h2">
        {store.name}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {store.remote ? 'Remote server: its certificate and trust list, read through OPC UA Part 12 push management' : (layout?.description ?? store.layout)}
      </Typography>
      {store.error && (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          This PKI folder cannot be read: {store.error}
        </Alert>
      )}
      {store.missingFolders.length > 0 && (
        <Alert severity="warning" sx={{ mb: 1.5 }}>
          Missing folders: {store.missingFolders.join(', ')}. The stack creates them on its next start, or Sync creates them when needed.
        </Alert>
      )}
      {isDemo && <DemoServerSection />}
      {store.remote && <RemoteServerSection store={store} remote={store.remote} />}
      {!store.remote && (
        <Section title="PKI folder">
          <Field label="Path" mono copy={store.root}>
            {store.root}
          </Field>
          <Field label="Layout">{layout?.label ?? store.layout}</Field>
          <Field label="Role">{store.role}</Field>
          <Field label="Access">{store.writable ? 'read and write' : 'read-only'}</Field>
          <Field label="Last read">{formatDateTime(store.scannedAt)}</Field>
        </Section>
      )}
      <Section title="Content">
        {foldersOf(store).map((folder) => {
          const c = countsOf(store, folder);
          return (
            <Field key={folder} label={FOLDER_LABEL[folder]}>
              {c.total === 0
                ? 'empty'
                : [plural(c.certificates, 'certificate'), c.crls ? plural(c.crls, 'CRL') : '', c.unreadable ? `${c.unreadable} unreadable` : '', c.expired ? `${c.expired} expired` : ''].filter(Boolean).join(', ')}
            </Field>
          );
        })}
      </Section>
      <Stack direction="row" spacing={1}>
        <Button variant="outlined" disabled={!store.writable} onClick={() => appStore.getState().openImportDialog({ storeId: store.id, folder: 'trusted' })}>
          Import into Trusted
        </Button>
        <Button variant="outlined" color="inherit" disabled={store.builtIn} onClick={() => void actions.removeStore(store.id)}>
          Remove from list
        </Button>
      </Stack>
      {store.builtIn && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.75 }}>
          Built-in PKI folders cannot be removed from the list.
        </Typography>
      )}
    </>
  );
}

export function FolderDetails({ store, folder }: { store: StoreView; folder: FolderKind }) {
  const c = countsOf(store, folder);
  const paths = folderPaths(store, folder);
  const importable = folder !== 'own' && store.writable;
  return (
    <>
      <Typography variant="h6" component="h2">
        {FOLDER_LABEL[folder]}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {store.name}
      </Typography>
      {c.total === 0 && (
        <Alert severity="info" variant="outlined" sx={{ mb: 1.5 }}>
          {EMPTY_FOLDER_HINT[folder]}.
        </Alert>
      )}
      <Section title="Folder">
        {paths.map((p, i) => (
          <Field key={p} label={i === 0 ? 'Certificates' : 'CRLs'} mono copy={joinStorePath(store.root, p)}>
            {joinStorePath(store.root, p)}
          </Field>
        ))}
        <Field label="Content">{c.total === 0 ? 'empty' : `${plural(c.certificates, 'certificate')}${c.crls ? `, ${plural(c.crls, 'CRL')}` : ''}${c.unreadable ? `, ${c.unreadable} unreadable` : ''}`}</Field>
        <Field label="Expired">{orDash(c.expired || null)}</Field>
        <Field label="With problems">{orDash(c.troubled || null)}</Field>
      </Section>
      {importable && (
        <>
          <Button variant="outlined" onClick={() => appStore.getState().openImportDialog({ storeId: store.id, folder })}>
            Import into {FOLDER_LABEL[folder]}
          </Button>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.75 }}>
            Or drop .der, .pem, .crt, .cer or .crl files on the folder in the tree.
          </Typography>
        </>
      )}
    </>
  );
}

export function MultiSelectionDetails({ entries }: { entries: LocatedEntry[] }) {
  return (
    <>
      <Typography variant="h6" component="h2">
        {plural(entries.length, 'item')} selected
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        Right-click the selection to trust, reject or delete them together.
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {entries.slice(0, 50).map((e) => (
          <li key={e.key}>
            <Typography variant="body2">
              {e.entry.kind === 'certificate' ? (e.entry.subject.cn ?? e.entry.subject.text) : e.entry.file} — {FOLDER_LABEL[e.entry.folder]} of {e.store.name}
            </Typography>
          </li>
        ))}
      </Box>
      {entries.length > 50 && (
        <Typography variant="caption" color="text.secondary">
          and {entries.length - 50} more
        </Typography>
      )}
    </>
  );
}
