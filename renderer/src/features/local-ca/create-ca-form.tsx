import { useState } from 'react';
import { Box, Button, LinearProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { OWN_CERT_KEY_SIZES, type OwnCertKeySize } from '../../../../shared/types/own-certs';
import { caActions, useAppStore } from '../../store';

/** Shown while there is no CA: its name, organization, key size and validity. */
export function CreateCaForm() {
  const busy = useAppStore((s) => s.caBusy);
  const [commonName, setCommonName] = useState('OPC UA Trust Manager CA');
  const [organization, setOrganization] = useState('');
  const [keySize, setKeySize] = useState<OwnCertKeySize>(3072);
  const [validityDays, setValidityDays] = useState('3650');
  const days = Number(validityDays);
  const daysValid = Number.isInteger(days) && days >= 1 && days <= 36500;
  const valid = commonName.trim() !== '' && daysValid;

  return (
    <Box component="form" aria-label="Create a local CA" onSubmit={(e) => { e.preventDefault(); if (valid) void caActions.create({ commonName: commonName.trim(), organization, keySize, validityDays: days }); }} sx={{ maxWidth: 560 }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Create a local CA
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        For labs and small plants: one CA signs the certificates of your applications; a server that trusts the CA (and has its CRL) accepts every certificate it signed and did not revoke. The CA key stays in this app’s folder, readable by you only.
      </Typography>
      <Stack spacing={1.75}>
        <TextField label="CA name" required autoFocus value={commonName} onChange={(e) => setCommonName(e.target.value)} helperText="The subject (CN) of the CA certificate" />
        <TextField label="Organization" value={organization} onChange={(e) => setOrganization(e.target.value)} />
        <Stack direction="row" spacing={1.5}>
          <TextField select label="Key size" value={keySize} onChange={(e) => setKeySize(Number(e.target.value) as OwnCertKeySize)} sx={{ width: 160 }}>
            {OWN_CERT_KEY_SIZES.map((size) => (
              <MenuItem key={size} value={size}>
                RSA {size}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Validity (days)"
            value={validityDays}
            onChange={(e) => setValidityDays(e.target.value)}
            error={!daysValid}
            helperText={daysValid ? `About ${Math.round(days / 365)} years` : '1 to 36500 days'}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            sx={{ width: 160 }}
          />
        </Stack>
        <Box>
          <Button type="submit" variant="contained" disabled={!valid || busy}>
            Create CA
          </Button>
        </Box>
        {busy && (
          <Box role="status" aria-label="Progress">
            <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
              Generating the CA key and certificate…{keySize >= 4096 ? ' (a 4096-bit key takes a few seconds)' : ''}
            </Typography>
            <LinearProgress />
          </Box>
        )}
      </Stack>
    </Box>
  );
}
