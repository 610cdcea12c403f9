import { Alert, Box, Button, Stack } from '@mui/material';
import type { RemoteStatus } from '../../../../shared/types/remote';
import type { StoreView } from '../../../../shared/types/store';
import { Field, orDash, Section } from '../../components/field-list';
import { formatDate, formatDateTime, groupHex } from '../../lib/format';
import { appStore, remoteActions, useAppStore } from '../../store';
import { certificateExpiry, expiryText } from '../../store/remote-selectors';
import { ReachabilityMark, REACHABILITY_MEANING } from './reachability';
import { needsPassword } from './remote-store-row';

const PASSWORD_TEXT: Record<RemoteStatus['passwordStorage'], string> = {
  keychain: 'kept in the OS keychain',
  memory: 'kept in memory for this session',
  none: 'needed: not known in this session',
};

/** A remote server in the details pane: how it is reached, how it answered, its certificate, and its actions. */
export function RemoteServerSection({ store, remote }: { store: StoreView; remote: RemoteStatus }) {
  const refreshing = useAppStore((s) => s.remoteRefreshing.includes(store.id));
  const cert = remote.serverCertificate;
  const expiry = certificateExpiry(cert);
  const passwordMissing = needsPassword(remote);
  return (
    <>
      {passwordMissing && (
        <Alert
          severity="warning"
          sx={{ mb: 1.5 }}
          action={
            <Button color="inherit" size="small" onClick={() => appStore.getState().setRemotePasswordFor(store.id)}>
              Set password…
            </Button>
          }
        >
          The admin password is needed to read or change this server’s trust list.
        </Alert>
      )}
      {remote.lastError && !passwordMissing && (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          Last call failed: {remote.lastError}
          {remote.lastStatus && !remote.lastError.includes(remote.lastStatus) ? ` (${remote.lastStatus})` : ''}
        </Alert>
      )}
      <Section title="Remote server">
        <Field label="Endpoint URL" mono copy={remote.endpointUrl}>
          {remote.endpointUrl}
        </Field>
        <Field label="Security">{`${remote.securityPolicy} · ${remote.securityMode}`}</Field>
        <Field label="Admin user">{remote.userName}</Field>
        <Field label="Password">{PASSWORD_TEXT[remote.passwordStorage]}</Field>
        <Field label="Reachability">
          <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
            <ReachabilityMark reachability={remote.reachability} />
            <Box component="span" sx={{ color: 'text.secondary', fontSize: 12 }}>
              {REACHABILITY_MEANING[remote.reachability]}
            </Box>
          </Box>
        </Field>
        <Field label="Last read">{formatDateTime(remote.lastReadAt)}</Field>
        <Field label="Last sync">{formatDateTime(remote.lastSyncAt)}</Field>
        <Field label="Rejected waiting">{remote.rejectedCount}</Field>
      </Section>
      <Section title="Server certificate">
        {cert ? (
          <>
            <Field label="Subject">{cert.subject.text}</Field>
            <Field label="Valid to">
              {formatDate(cert.notAfter)}
              {expiry && (
                <Box component="span" sx={{ ml: 1, fontWeight: 600, color: expiry.level === 'ok' ? 'success.main' : expiry.level === 'soon' ? 'warning.main' : 'error.main' }}>
                  {expiryText(expiry)}
                </Box>
              )}
            </Field>
            <Field label="SHA-1" mono copy={cert.sha1.toUpperCase()}>
              {groupHex(cert.sha1)}
            </Field>
          </>
        ) : (
          <Field label="Certificate">{orDash(null)}</Field>
        )}
      </Section>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <Button variant="outlined" disabled={refreshing || passwordMissing} onClick={() => void remoteActions.refresh(store.id)}>
          Refresh from server
        </Button>
        <Button variant="outlined" disabled={passwordMissing} onClick={() => remoteActions.openRenew(store.id)}>
          Renew server certificate…
        </Button>
        <Button variant="outlined" onClick={() => appStore.getState().setRemotePasswordFor(store.id)}>
          Set password…
        </Button>
      </Stack>
    </>
  );
}
