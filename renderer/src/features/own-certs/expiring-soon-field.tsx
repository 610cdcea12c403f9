import { useEffect, useState } from 'react';
import { Button, Stack, TextField } from '@mui/material';
import { EXPIRING_SOON_LIMITS } from '../../../../shared/types/settings';
import { ownCertActions, useAppStore } from '../../store';

/** The "Expiring soon" threshold in days: saved in the app's settings, the badges follow at once. */
export function ExpiringSoonField() {
  const saved = useAppStore((s) => s.appSettings?.expiringSoonDays ?? null);
  const busy = useAppStore((s) => s.ownBusy);
  const [text, setText] = useState('');
  useEffect(() => {
    if (saved !== null) setText(String(saved));
  }, [saved]);
  const days = Number(text);
  const valid = /^\d+$/.test(text.trim()) && days >= EXPIRING_SOON_LIMITS.min && days <= EXPIRING_SOON_LIMITS.max;
  const changed = saved !== null && valid && days !== saved;
  const save = () => changed && void ownCertActions.setExpiringSoonDays(days);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        size="small"
        label="“Expiring soon” within (days)"
        value={text}
        disabled={saved === null}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && save()}
        error={text !== '' && !valid}
        helperText={text !== '' && !valid ? `${EXPIRING_SOON_LIMITS.min} to ${EXPIRING_SOON_LIMITS.max} days` : undefined}
        slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        sx={{ width: 220 }}
      />
      <Button size="small" variant="outlined" disabled={!changed || busy} onClick={save} sx={{ mt: 0.5 }}>
        Apply
      </Button>
    </Stack>
  );
}
