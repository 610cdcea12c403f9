import type { ReactNode } from 'react';
import { Button, DialogActions } from '@mui/material';

interface DialogButtonsProps {
  onCancel: () => void;
  /** The action's label, e.g. "Sign" or "Deploy to 2 folders". */
  label: ReactNode;
  /** Work in progress: both buttons wait. */
  busy: boolean;
  /** The action cannot run yet (a field is missing or invalid). */
  disabled?: boolean;
  /** Runs the action; with `submit` the surrounding form's onSubmit does instead. */
  onAct?: () => unknown;
  submit?: boolean;
  color?: 'primary' | 'error' | 'warning';
}

/** The button row of a dialog that does one thing: Cancel, then the action. */
export function DialogButtons({ onCancel, label, busy, disabled = false, onAct, submit = false, color = 'primary' }: DialogButtonsProps) {
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={busy}>
        Cancel
      </Button>
      <Button type={submit ? 'submit' : 'button'} variant="contained" color={color} disabled={disabled || busy} onClick={onAct ? () => void onAct() : undefined}>
        {label}
      </Button>
    </DialogActions>
  );
}
