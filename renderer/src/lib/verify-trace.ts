import type { FolderKind } from '../../../shared/types/cert';
import { VERIFY_STEPS, type VerifyCertificateRef, type VerifyChainLink, type VerifyResult, type VerifyStep, type VerifyStepInfo, type VerifyStepStatus } from '../../../shared/types/verify';
import { JUDGE_NOUN, SUPPRESSION_SHORT } from './verify-request';

/** One step of Part 4 with its rows (one per certificate of the chain it looked at). */
export interface TraceGroup {
  step: VerifyStepInfo;
  /** The worst of its rows: failed, then suppressed, then passed; skipped when nothing was checked. */
  status: VerifyStepStatus;
  rows: VerifyStep[];
}

export const STEP_STATUS_TEXT: Record<VerifyStepStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'not checked',
  suppressed: 'suppressed',
};

const WORST_FIRST: VerifyStepStatus[] = ['failed', 'suppressed', 'passed', 'skipped'];

export function groupStatus(rows: readonly VerifyStep[]): VerifyStepStatus {
  return WORST_FIRST.find((status) => rows.some((r) => r.status === status)) ?? 'skipped';
}

/** The trace by step, in the order of Part 4 §6.1.3 (a step the engine did not report is left out). */
export function groupTrace(trace: readonly VerifyStep[]): TraceGroup[] {
  const known = VERIFY_STEPS.map((step) => ({ step, rows: trace.filter((r) => r.id === step.id) }));
  const unknownIds = [...new Set(trace.map((r) => r.id))].filter((id) => !VERIFY_STEPS.some((s) => s.id === id));
  const unknown = unknownIds.map((id) => {
    const rows = trace.filter((r) => r.id === id);
    return { step: { id, label: rows[0]!.label, checks: '' }, rows };
  });
  return [...known, ...unknown].filter((g) => g.rows.length > 0).map((g) => ({ ...g, status: groupStatus(g.rows) }));
}

/** "F2FFA2F7": enough of a SHA-1 thumbprint to tell two certificates with the same name apart. */
export function shortSha1(sha1: string): string {
  return sha1.slice(0, 8).toUpperCase();
}

/** The CN and short SHA-1 of an issuer a row is about; null for the certificate checked itself (the panel is about it). */
export function issuerOf(ref: VerifyCertificateRef | null): { cn: string; sha1: string } | null {
  if (!ref || ref.index === 0) return null;
  return { cn: ref.cn ?? 'no CN', sha1: shortSha1(ref.sha1) };
}

/** "Plant CA · F2FFA2F7" for an issuer; null for the certificate checked itself. */
export function certificateText(ref: VerifyCertificateRef | null): string | null {
  const issuer = issuerOf(ref);
  return issuer ? `${issuer.cn} · ${issuer.sha1}` : null;
}

export function suppressedText(row: Pick<VerifyStep, 'suppressedBy'>): string | null {
  return row.suppressedBy ? `suppressed by “${SUPPRESSION_SHORT[row.suppressedBy]}”` : null;
}

/** What a screen reader hears for a row: the step, the certificate, the outcome, the code, the switch, what was found. */
export function traceRowName(row: VerifyStep): string {
  const who = certificateText(row.certificate);
  const code = row.statusCode && row.statusCode !== 'Good' ? `${row.statusCode} ${row.statusHex ?? ''}`.trim() : null;
  return [`${row.label}${who ? ` (${who})` : ''}: ${STEP_STATUS_TEXT[row.status]}`, code, suppressedText(row), row.detail].filter(Boolean).join(', ');
}

const FOLDER_WORD: Record<FolderKind, string> = { own: 'Own', trusted: 'Trusted', issuers: 'Issuers', rejected: 'Rejected' };

/** Where a link of the chain is in the judging store: "in Trusted", "in Trusted and Issuers", or not there. */
export function chainPlace(link: Pick<VerifyChainLink, 'folders'>): string {
  if (link.folders.length === 0) return 'not in this PKI folder';
  return `in ${link.folders.map((f) => FOLDER_WORD[f]).join(' and ')}`;
}

export interface VerdictText {
  good: boolean;
  /** "Good", or the status name. */
  title: string;
  hex: string;
  /** "at Trust list check" when refused. */
  where: string | null;
  /** "The server would refuse this client certificate (Basic256Sha256)." */
  sentence: string;
  /** For a client certificate: what the client reads, e.g. "The client will only read BadSecurityChecksFailed 0x80130000". */
  wire: string | null;
}

export function verdictText(result: VerifyResult): VerdictText {
  const { role, securityPolicy } = result.context;
  const good = result.verdict === 'Good';
  const failed = result.failedStep ? (result.trace.find((r) => r.id === result.failedStep && r.status === 'failed')?.label ?? VERIFY_STEPS.find((s) => s.id === result.failedStep)?.label ?? null) : null;
  let wire: string | null = null;
  if (role === 'client' && !good && result.wireStatus) {
    const status = `${result.wireStatus}${result.wireStatusHex ? ` ${result.wireStatusHex}` : ''}`;
    wire = result.wireStatus === result.verdict ? `The client reads ${status}` : `The client will only read ${status}`;
  }
  return {
    good,
    title: result.verdict,
    hex: result.verdictHex,
    where: failed ? `at ${failed}` : null,
    sentence: `The ${JUDGE_NOUN[role]} would ${good ? 'accept' : 'refuse'} this ${role} certificate (${securityPolicy}).`,
    wire,
  };
}
