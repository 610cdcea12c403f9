import { createTheme } from '@mui/material/styles';
import type { EntryStatus } from './lib/entry-status';

export const MONO_FONT = '"JetBrains Mono", "Cascadia Mono", "SF Mono", Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

/** Status colours, one place: tree marks, chips and the validity bar use these. */
export const STATUS_COLOR: Record<EntryStatus, string> = {
  valid: '#2e7d32',
  expiring: '#b26a00',
  warning: '#b26a00',
  expired: '#c62828',
  'not-yet-valid': '#c62828',
  problem: '#c62828',
  unreadable: '#6d4c41',
};

/** Light, dense, engineering-tool look: small controls, tight rows, clear type. */
export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f5fbf' },
    secondary: { main: '#5c6bc0' },
    success: { main: '#2e7d32' },
    warning: { main: '#b26a00' },
    error: { main: '#c62828' },
    background: { default: '#f3f5f8', paper: '#ffffff' },
    divider: '#dde2ea',
    text: { primary: '#1b2330', secondary: '#5a6575' },
  },
  shape: { borderRadius: 6 },
  spacing: 6,
  typography: {
    fontFamily: '"Segoe UI Variable", "Segoe UI", system-ui, -apple-system, "Inter", Roboto, "Helvetica Neue", Arial, sans-serif',
    fontSize: 13,
    body1: { fontSize: 13 },
    body2: { fontSize: 12.5 },
    caption: { fontSize: 11.5 },
    button: { textTransform: 'none', fontWeight: 600 },
    h6: { fontSize: 16, fontWeight: 650 },
    subtitle2: { fontSize: 11.5, fontWeight: 700, letterSpacing: 0.4, textTransform: 'uppercase' },
  },
  components: {
    MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
    MuiIconButton: { defaultProps: { size: 'small' } },
    MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
    MuiSelect: { defaultProps: { size: 'small' } },
    MuiFormControl: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' }, styleOverrides: { root: { fontWeight: 600 } } },
    MuiTooltip: { defaultProps: { disableInteractive: true, enterDelay: 400 } },
    MuiMenuItem: { styleOverrides: { root: { fontSize: 13, minHeight: 32 } } },
    MuiListItemIcon: { styleOverrides: { root: { minWidth: 32 } } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: 16, fontWeight: 650 } } },
    MuiAppBar: { defaultProps: { elevation: 0, color: 'inherit' } },
    MuiLinearProgress: { styleOverrides: { root: { height: 6, borderRadius: 3 } } },
  },
});
