import { Chip } from '@mui/material';
import { MONO_FONT } from '../../theme';

/** "BadSecurityChecksFailed 0x80130000": the name and the hex engineers search logs and manuals for. */
export function StatusCodeChip({ status, hex, color = 'error' }: { status: string | null; hex: string | null; color?: 'error' | 'warning' }) {
  if (!status) return null;
  const label = hex ? `${status} ${hex}` : status;
  return <Chip label={label} color={color} variant="outlined" sx={{ fontFamily: MONO_FONT, fontSize: 11.5, fontWeight: 600, height: 22, bgcolor: 'background.paper' }} />;
}
