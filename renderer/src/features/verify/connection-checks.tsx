import { Stack } from '@mui/material';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { useAppStore } from '../../store';
import { FullCheck } from './full-check';

/** The Part 4 checks behind a Test connection: of our certificate by the server's store, of the server's by ours. */
export function ConnectionChecks({ verification }: { verification: TestConnectionResult['verification'] }) {
  const appStoreName = useAppStore((s) => s.stores.find((x) => x.id === s.appInfo?.appStoreId)?.name ?? 'this app’s PKI folder');
  const { ourCertificate, serverCertificate } = verification;
  if (!ourCertificate && !serverCertificate) return null;
  return (
    <Stack spacing={1} sx={{ mt: 1.5 }}>
      {ourCertificate && <FullCheck title="Our certificate, as the server checks it" result={ourCertificate} storeName="the server’s PKI folder" />}
      {serverCertificate && <FullCheck title="The server’s certificate, as we check it" result={serverCertificate} storeName={appStoreName} />}
    </Stack>
  );
}
