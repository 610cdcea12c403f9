import { Chip, Stack } from '@mui/material';
import type { OwnCertView } from '../../../../shared/types/own-certs';
import { OWN_STATUS_COLOR, OWN_STATUS_TEXT } from '../../lib/own-cert-status';

/** Valid / Expiring soon / Expired / Missing files, as small coloured chips. */
export function OwnStatusBadges({ view }: { view: Pick<OwnCertView, 'statuses'> }) {
  return (
    <Stack direction="row" spacing={0.5}>
      {/* "Valid" next to "Missing files" would read as a contradiction: the dates are fine, the certificate is not usable. */}
      {view.statuses.filter((status) => status !== 'valid' || !view.statuses.includes('missing-files')).map((status) => (
        <Chip key={status} size="small" variant="outlined" color={OWN_STATUS_COLOR[status]} label={OWN_STATUS_TEXT[status]} sx={{ height: 20, fontSize: 11.5 }} />
      ))}
    </Stack>
  );
}
