import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import BlockIcon from '@mui/icons-material/Block';
import { Tooltip } from '@mui/material';
import { STATUS_TEXT, type EntryStatus } from '../lib/entry-status';
import { STATUS_COLOR } from '../theme';

const ICONS: Record<EntryStatus, typeof CheckCircleIcon> = {
  valid: CheckCircleIcon,
  expiring: ScheduleIcon,
  warning: WarningAmberIcon,
  expired: BlockIcon,
  'not-yet-valid': ScheduleIcon,
  problem: ErrorIcon,
  unreadable: HelpOutlineIcon,
};

/** A small coloured mark with its meaning as text (tooltip and accessible name). */
export function StatusMark({ status, size = 14 }: { status: EntryStatus; size?: number }) {
  const Icon = ICONS[status];
  return (
    <Tooltip title={STATUS_TEXT[status]}>
      <Icon role="img" aria-label={STATUS_TEXT[status]} sx={{ fontSize: size, color: STATUS_COLOR[status], flexShrink: 0 }} />
    </Tooltip>
  );
}
