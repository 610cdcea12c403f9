import { groupHex } from '../lib/format';
import { Field, Section } from './field-list';

/** SHA-1 (what OPC UA names files and lists by) and SHA-256 thumbprints, each copyable. */
export function ThumbprintsSection({ sha1, sha256 }: { sha1: string; sha256: string }) {
  return (
    <Section title="Thumbprints">
      <Field label="SHA-1 thumbprint" mono copy={sha1.toUpperCase()}>
        {groupHex(sha1)}
      </Field>
      <Field label="SHA-256 thumbprint" mono copy={sha256.toUpperCase()}>
        {groupHex(sha256)}
      </Field>
    </Section>
  );
}
