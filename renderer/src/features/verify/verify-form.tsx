import { useState } from 'react';
import { Box, Button, CircularProgress, Collapse, FormControlLabel, FormGroup, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import FactCheckOutlinedIcon from '@mui/icons-material/FactCheckOutlined';
import { VERIFY_ROLES, type VerifyRole } from '../../../../shared/types/verify';
import type { SecurityPolicyName } from '../../../../shared/types/connect';
import type { StoreView } from '../../../../shared/types/store';
import { plural } from '../../lib/format';
import { JUDGE_NOUN, ROLE_LABEL, SUPPRESSION_LABEL, suppressionsFor, toggleSuppression, VERIFY_POLICY_CHOICES, VERIFY_POLICY_LABEL, type VerifyForm } from '../../lib/verify-request';
import { useAppStore, verifyActions } from '../../store';

const STORE_ROLE_TEXT: Record<StoreView['role'], string> = { server: 'server', client: 'client', 'app-own': 'this app', remote: 'remote' };

/** The judge's switches: collapsed, since every check is on unless the application was configured otherwise. */
function JudgeSettings({ form, open }: { form: VerifyForm; open: boolean }) {
  const title = `${JUDGE_NOUN[form.role] === 'server' ? 'Server' : 'Client'} settings`;
  return (
    <Collapse in={open} id="verify-judge-settings" unmountOnExit>
      <FormGroup aria-label={title} sx={{ mt: 0.5, pl: 1, display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, columnGap: 2 }}>
        {suppressionsFor(form.role).map((which) => (
          <FormControlLabel
            key={which}
            control={<Switch size="small" checked={form.suppress.includes(which)} onChange={(e) => verifyActions.setForm({ suppress: toggleSuppression(form.suppress, which, e.target.checked) })} />}
            label={SUPPRESSION_LABEL[which]}
            slotProps={{ typography: { sx: { fontSize: 12.5 } } }}
            sx={{ mr: 0, minHeight: 30 }}
          />
        ))}
      </FormGroup>
    </Collapse>
  );
}

/** Who checks the certificate, as what, under which policy and settings; Check asks the engine. */
export function VerifyFormFields({ form, running }: { form: VerifyForm; running: boolean }) {
  const stores = useAppStore((s) => s.stores);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const set = verifyActions.setForm;
  const judgeListed = stores.some((s) => s.id === form.judgeStoreId);
  const off = suppressionsFor(form.role).filter((s) => form.suppress.includes(s)).length;
  const settingsTitle = `${JUDGE_NOUN[form.role] === 'server' ? 'Server' : 'Client'} settings`;
  return (
    <Box
      component="form"
      noValidate
      aria-label="What to check"
      onSubmit={(event) => {
        event.preventDefault();
        void verifyActions.check();
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          select
          label="Checked by (PKI folder)"
          value={judgeListed ? form.judgeStoreId : ''}
          onChange={(e) => set({ judgeStoreId: e.target.value })}
          slotProps={{ select: { renderValue: (id) => stores.find((s) => s.id === id)?.name ?? '' } }}
          sx={{ flex: 1, minWidth: 0 }}
        >
          {stores.map((s) => (
            <MenuItem key={s.id} value={s.id} disabled={s.error !== null}>
              {s.name}
              <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                {s.error ? 'cannot be read' : STORE_ROLE_TEXT[s.role]}
              </Typography>
            </MenuItem>
          ))}
        </TextField>
        <TextField select label="The certificate is" value={form.role} onChange={(e) => set({ role: e.target.value as VerifyRole })} sx={{ flex: 1, minWidth: 0 }}>
          {VERIFY_ROLES.map((role) => (
            <MenuItem key={role} value={role}>
              {ROLE_LABEL[role]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mt: 1.5 }}>
        <TextField select label="Security policy" value={form.securityPolicy} onChange={(e) => set({ securityPolicy: e.target.value as SecurityPolicyName })} sx={{ width: 200, flexShrink: 0 }}>
          {VERIFY_POLICY_CHOICES.map((p) => (
            <MenuItem key={p} value={p}>
              {VERIFY_POLICY_LABEL[p]}
            </MenuItem>
          ))}
        </TextField>
        {form.role === 'server' && (
          <TextField
            label="Endpoint host"
            value={form.endpointHost}
            placeholder="host of opc.tcp://host:4840"
            onChange={(e) => set({ endpointHost: e.target.value })}
            helperText="Empty: not compared"
            slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
            sx={{ width: 190, flexShrink: 0 }}
          />
        )}
        <TextField
          label="Expected ApplicationUri"
          value={form.applicationUri}
          onChange={(e) => set({ applicationUri: e.target.value })}
          placeholder="the URI the application announces"
          helperText="Empty: not compared"
          slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          sx={{ flex: 1, minWidth: 0 }}
        />
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5 }}>
        <Button
          color="inherit"
          aria-expanded={settingsOpen}
          aria-controls="verify-judge-settings"
          onClick={() => setSettingsOpen((v) => !v)}
          startIcon={<ExpandMoreIcon sx={{ transform: settingsOpen ? 'rotate(180deg)' : 'none', transition: 'transform 150ms' }} />}
          sx={{ color: 'text.primary', px: 0.75 }}
        >
          {settingsTitle}
        </Button>
        <Typography variant="caption" color={off ? 'warning.main' : 'text.secondary'} sx={{ fontWeight: off ? 650 : 400 }}>
          {off ? `${plural(off, 'check')} switched off` : 'every check on'}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button
          type="submit"
          variant="contained"
          disabled={!judgeListed}
          startIcon={running ? <CircularProgress size={14} color="inherit" aria-hidden /> : <FactCheckOutlinedIcon />}
          sx={{ minWidth: 96 }}
        >
          Check
        </Button>
      </Stack>
      <JudgeSettings form={form} open={settingsOpen} />
    </Box>
  );
}
