import type { ReactNode } from 'react';
import { Box, IconButton, Tooltip, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { actions } from '../store';
import { MONO_FONT } from '../theme';

/** A titled group of label/value rows: the details pane is made of these. */
export function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Box component="section" aria-label={title} sx={{ mb: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 0.75, borderBottom: 1, borderColor: 'divider', pb: 0.25 }}>
        <Typography variant="subtitle2" component="h3" color="text.secondary" sx={{ flex: 1 }}>
          {title}
        </Typography>
        {action}
      </Box>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: '150px minmax(0, 1fr)', columnGap: 2, rowGap: 0.6, m: 0 }}>
        {children}
      </Box>
    </Box>
  );
}

interface FieldProps {
  label: string;
  children: ReactNode;
  mono?: boolean;
  /** Text a copy button puts on the clipboard; the button is named "Copy <label>". */
  copy?: string;
}

export function Field({ label, children, mono, copy }: FieldProps) {
  return (
    <>
      <Box component="dt" sx={{ color: 'text.secondary', fontSize: 12.5, pt: '1px' }}>
        {label}
      </Box>
      <Box component="dd" sx={{ m: 0, display: 'flex', alignItems: 'flex-start', gap: 0.5, minWidth: 0 }}>
        <Box sx={{ fontFamily: mono ? MONO_FONT : undefined, fontSize: mono ? 12 : 13, wordBreak: 'break-all', userSelect: 'text', minWidth: 0 }}>{children}</Box>
        {copy !== undefined && (
          <Tooltip title={`Copy ${label}`}>
            <IconButton aria-label={`Copy ${label}`} onClick={() => void actions.copyText(copy, label)} sx={{ p: 0.25, mt: '-2px' }}>
              <ContentCopyIcon sx={{ fontSize: 14 }} />
            </IconButton>
          </Tooltip>
        )}
      </Box>
    </>
  );
}

/** "—" for nothing, so an empty value is visibly empty rather than missing. */
export function orDash(value: ReactNode): ReactNode {
  return value === null || value === undefined || value === '' ? <Box component="span" sx={{ color: 'text.disabled' }}>—</Box> : value;
}
