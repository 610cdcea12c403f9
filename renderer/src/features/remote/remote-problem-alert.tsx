import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import { groupHex } from '../../lib/format';
import { useAppStore } from '../../store';
import type { RemoteProblem } from '../../store/remote-problem';
import { MONO_FONT } from '../../theme';

/** The app's own client certificate(s), as the app store lists them: what the server has to trust. */
function AppCertificateHint() {
  const own = useAppStore((s) => s.stores.find((x) => x.id === s.appInfo?.appStoreId)?.entries.filter((e) => e.kind === 'certificate' && e.folder === 'own') ?? []);
  if (own.length === 0) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Typography variant="body2">The app presents {own.length === 1 ? 'this certificate' : 'one of these certificates'}:</Typography>
      {own.map((e) =>
        e.kind === 'certificate' ? (
          <Typography key={e.id} variant="body2" component="div" sx={{ mt: 0.25 }}>
            <strong>{e.subject.cn ?? e.subject.text}</strong>, SHA-1{' '}
            <Box component="span" sx={{ fontFamily: MONO_FONT, fontSize: 12, userSelect: 'text', wordBreak: 'break-all' }}>
              {groupHex(e.sha1)}
            </Box>
          </Typography>
        ) : null,
      )}
    </Box>
  );
}

/** Why talking to a remote server failed, inside the dialog that tried: the reason, the server's words, what to do. */
export function RemoteProblemAlert({ problem }: { problem: RemoteProblem }) {
  return (
    <Alert severity={problem.kind === 'declined' ? 'info' : 'error'} role="alert">
      <AlertTitle>{problem.title}</AlertTitle>
      <Typography variant="body2">{problem.hint}</Typography>
      {problem.kind === 'app-not-trusted' && <AppCertificateHint />}
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.75, overflowWrap: 'anywhere' }}>
        {problem.message}
        {problem.status && !problem.message.includes(problem.status) ? ` (${problem.status})` : ''}
      </Typography>
    </Alert>
  );
}
