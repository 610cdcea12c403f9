import { Box, Chip, Stack, Typography } from '@mui/material';
import type { CertSummary } from '../../../../shared/types/cert';
import { Field, orDash, Section } from '../../components/field-list';
import { ThumbprintsSection } from '../../components/thumbprints-section';
import { StatusMark } from '../../components/status-mark';
import { entryStatus, STATUS_TEXT } from '../../lib/entry-status';
import { joinStorePath } from '../../lib/paths';
import { useAppStore } from '../../store';
import { selectIsNew, selectPendingFor, type LocatedEntry } from '../../store/selectors';
import { STATUS_COLOR } from '../../theme';
import { FOLDER_LABEL } from '../stores-tree/tree-model';
import { pendingText } from '../stores-tree/tree-row';
import { CertificateTabs } from './certificate-tabs';
import { EntryActions } from './entry-actions';
import { ProblemsList } from './problems-list';
import { ValidityBar } from './validity-bar';

export function EntryHeader({ located, title, subtitle }: { located: LocatedEntry; title: string; subtitle?: string | null }) {
  const pending = useAppStore(selectPendingFor(located.key));
  const isNew = useAppStore(selectIsNew(located.store.id, located.entry.file));
  const status = entryStatus(located.entry);
  return (
    <Box sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
        <StatusMark status={status} size={20} />
        <Typography variant="h6" component="h2" sx={{ wordBreak: 'break-word' }}>
          {title}
        </Typography>
      </Stack>
      {subtitle && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 0.75 }}>
          {subtitle}
        </Typography>
      )}
      <Stack direction="row" spacing={0.75} sx={{ mb: 1.25, flexWrap: 'wrap', rowGap: 0.75 }}>
        <Chip label={`In ${FOLDER_LABEL[located.entry.folder]}`} variant="outlined" />
        <Chip label={STATUS_TEXT[status]} sx={{ bgcolor: STATUS_COLOR[status], color: '#fff' }} />
        {isNew && <Chip label="New" color="primary" />}
        {pending && <Chip label={`Pending: ${pendingText(pending)} (on Sync)`} color="warning" variant="outlined" />}
        <Chip label={located.store.name} variant="outlined" sx={{ color: 'text.secondary' }} />
      </Stack>
      <EntryActions located={located} />
    </Box>
  );
}

/** Everything a user checks before trusting a certificate. */
export function CertDetails({ located, cert }: { located: LocatedEntry; cert: CertSummary }) {
  const selfSigned = cert.selfSigned;
  return (
    <>
      <EntryHeader located={located} title={cert.subject.cn ?? cert.subject.text} subtitle={cert.subject.o} />
      <CertificateTabs located={located} cert={cert}>
        <Section title="Problems">
          <Box sx={{ gridColumn: '1 / -1' }}>
            <ProblemsList problems={cert.problems} />
          </Box>
        </Section>
        <Section title="Identity">
          <Field label="Subject">{cert.subject.text}</Field>
          <Field label="Issuer">{selfSigned ? `${cert.issuer.text} (self-signed)` : cert.issuer.text}</Field>
          <Field label="ApplicationUri" mono copy={cert.applicationUri ?? undefined}>
            {orDash(cert.applicationUri)}
          </Field>
          <Field label="DNS names">{orDash(cert.dns.join(', '))}</Field>
          <Field label="IP addresses">{orDash(cert.ip.join(', '))}</Field>
          <Field label="Serial number" mono>
            {cert.serialNumber}
          </Field>
        </Section>
        <Section title="Validity">
          <Box sx={{ gridColumn: '1 / -1' }}>
            <ValidityBar notBefore={cert.notBefore} notAfter={cert.notAfter} />
          </Box>
        </Section>
        <Section title="Key and signature">
          <Field label="Key">{`${cert.keyType} ${cert.keySize} bits`}</Field>
          <Field label="Signature algorithm">{cert.signatureAlgorithm}</Field>
          <Field label="Key usage">
            {cert.keyUsage.length ? (
              <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                {cert.keyUsage.map((u) => (
                  <Chip key={u} label={u} variant="outlined" sx={{ height: 20, fontWeight: 500 }} />
                ))}
              </Stack>
            ) : (
              orDash(null)
            )}
          </Field>
          <Field label="Extended key usage">{orDash(cert.extendedKeyUsage.join(', '))}</Field>
          <Field label="Certificate authority">{cert.isCA ? 'yes (CA)' : 'no'}</Field>
        </Section>
        <ThumbprintsSection sha1={cert.sha1} sha256={cert.sha256} />
        <FileSection located={located} format={cert.format} extra={cert.bundleSiblings ? `one of ${cert.bundleSiblings + 1} certificates in this file` : undefined} />
      </CertificateTabs>
    </>
  );
}

export function FileSection({ located, format, extra }: { located: LocatedEntry; format?: string; extra?: string }) {
  const path = joinStorePath(located.store.root, located.entry.file);
  return (
    <Section title="File">
      <Field label="File path" mono copy={path}>
        {path}
      </Field>
      <Field label="Folder">{`${FOLDER_LABEL[located.entry.folder]} (${located.entry.file.includes('/') ? located.entry.file.slice(0, located.entry.file.lastIndexOf('/')) : '.'})`}</Field>
      {format && <Field label="Format">{format.toUpperCase()}</Field>}
      {extra && <Field label="Bundle">{extra}</Field>}
    </Section>
  );
}
