import { statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import { VERIFY_STEPS, type VerifyCertificateRef, type VerifyStep, type VerifyStepId, type VerifySuppression } from '../../../shared/types/verify';
import type { ChainCertificate } from './material';

const LABELS = new Map(VERIFY_STEPS.map((s) => [s.id, s.label]));

/** A link of the chain with its place, as the rows of the trace name it. */
export interface Link {
  certificate: ChainCertificate;
  index: number;
}

export function refOf(link: Link | null): VerifyCertificateRef | null {
  return link ? { cn: link.certificate.parsed.subject.cn, sha1: link.certificate.parsed.sha1, index: link.index } : null;
}

/** How the trace names a certificate to a user: its CN, else its whole subject. */
export function nameOf(certificate: ChainCertificate): string {
  return `"${certificate.parsed.subject.cn ?? certificate.parsed.subject.text}"`;
}

/** The checklist being written: rows in Part 4 order, failures turned into `suppressed` by the switches. */
export class Trace {
  readonly rows: VerifyStep[] = [];
  /** How other stacks would decide differently here (see stack-notes.ts). */
  readonly notes = new Set<string>();

  constructor(private readonly suppress: ReadonlySet<VerifySuppression>) {}

  passed(id: VerifyStepId, link: Link | null, detail: string): void {
    this.add(id, link, 'passed', null, detail, null, null);
  }

  skipped(id: VerifyStepId, link: Link | null, detail: string): void {
    this.add(id, link, 'skipped', null, detail, null, null);
  }

  /** A failure; shown as `suppressed` when the judge's settings switch this check off. */
  failed(id: VerifyStepId, link: Link | null, code: CertificateStatusName, detail: string, fix: string, suppression?: VerifySuppression): void {
    const suppressed = suppression !== undefined && this.suppress.has(suppression);
    this.add(id, link, suppressed ? 'suppressed' : 'failed', code, detail, fix, suppressed ? suppression : null);
  }

  note(text: string): void {
    this.notes.add(text);
  }

  /** The first failure that is not suppressed decides the verdict. */
  firstFailure(): VerifyStep | null {
    return this.rows.find((r) => r.status === 'failed') ?? null;
  }

  private add(id: VerifyStepId, link: Link | null, status: VerifyStep['status'], code: CertificateStatusName | null, detail: string, fix: string | null, suppressedBy: VerifySuppression | null): void {
    this.rows.push({
      id,
      label: LABELS.get(id) ?? id,
      status,
      certificate: refOf(link),
      statusCode: code,
      statusHex: code ? statusHex(code) : null,
      detail,
      fix,
      suppressedBy,
    });
  }
}
