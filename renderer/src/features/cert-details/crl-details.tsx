import { Box, Typography } from '@mui/material';
import type { CrlSummary, UnreadableEntry } from '../../../../shared/types/cert';
import { Field, orDash, Section } from '../../components/field-list';
import { formatDateTime, groupHex, relativeTime } from '../../lib/format';
import { MONO_FONT } from '../../theme';
import type { LocatedEntry } from '../../store/selectors';
import { EntryHeader, FileSection } from './cert-details';
import { ProblemsList } from './problems-list';

export function CrlDetails({ located, crl }: { located: LocatedEntry; crl: CrlSummary }) {
  return (
    <>
      <EntryHeader located={located} title={`CRL of ${crl.issuer.cn ?? crl.issuer.text}`} subtitle="Certificate revocation list" />
      <Section title="Problems">
        <Box sx={{ gridColumn: '1 / -1' }}>
          <ProblemsList problems={crl.problems} />
        </Box>
      </Section>
      <Section title="Revocation list">
        <Field label="Issuer">{crl.issuer.text}</Field>
        <Field label="This update">{`${formatDateTime(crl.thisUpdate)} (${relativeTime(crl.thisUpdate)})`}</Field>
        <Field label="Next update">{crl.nextUpdate ? `${formatDateTime(crl.nextUpdate)} (${relativeTime(crl.nextUpdate)})` : orDash(null)}</Field>
        <Field label="Signature algorithm">{crl.signatureAlgorithm}</Field>
        <Field label="SHA-256" mono copy={crl.id.toUpperCase()}>
          {groupHex(crl.id)}
        </Field>
      </Section>
      <Section title={`Revoked serials (${crl.revokedSerials.length})`}>
        <Box sx={{ gridColumn: '1 / -1' }}>
          {crl.revokedSerials.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              No certificate is revoked by this list.
            </Typography>
          ) : (
            <Box component="ul" aria-label="Revoked serials" sx={{ m: 0, pl: 2.5, fontFamily: MONO_FONT, fontSize: 12, maxHeight: 240, overflow: 'auto' }}>
              {crl.revokedSerials.map((serial) => (
                <li key={serial}>{serial}</li>
              ))}
            </Box>
          )}
        </Box>
      </Section>
      <FileSection located={located} format={crl.format} />
    </>
  );
}

export function UnreadableDetails({ located, entry }: { located: LocatedEntry; entry: UnreadableEntry }) {
  return (
    <>
      <EntryHeader located={located} title={entry.file.slice(entry.file.lastIndexOf('/') + 1)} subtitle="Unreadable file: not a certificate or CRL the app can read" />
      <Section title="Why it cannot be read">
        <Field label="Reason">{entry.reason}</Field>
        <Field label="Size">{entry.size === null ? orDash(null) : `${entry.size} bytes`}</Field>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <ProblemsList problems={entry.problems} />
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ gridColumn: '1 / -1' }}>
          OPC UA stacks skip or refuse such files. Delete it, or replace it with a DER or PEM certificate.
        </Typography>
      </Section>
      <FileSection located={located} />
    </>
  );
}
