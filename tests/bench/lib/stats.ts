/** Medians, ranges and the results table of the bench. */

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export type Unit = 'ms' | 'MB' | 'fps';

export interface Peer {
  name: string;
  stats: Stats;
}

/** One line of the table: our figure, the peer measured in the same run, and the goal. */
export interface Row {
  case: string;
  measure: string;
  unit: Unit;
  ours: Stats | null;
  peer?: Peer | null;
  /** Peer median / ours median for times (how many times faster we are), ours / peer otherwise; see ratioText. */
  ratio?: number | null;
  ratioText?: string;
  goal: string;
  met: boolean | null;
  note?: string;
}

export function summarize(samples: number[]): Stats {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: samples.length };
}

function num(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'fps') return value.toFixed(0);
  if (unit === 'MB') return value.toFixed(0);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function formatStats(stats: Stats | null | undefined, unit: Unit): string {
  if (!stats || stats.n === 0) return '–';
  const range = stats.n > 1 ? ` (${num(stats.min, unit)}–${num(stats.max, unit)})` : '';
  return `${num(stats.median, unit)} ${unit}${range}`;
}

/** A failed case still gets its line, so the table always has every case. */
export function failedRow(caseName: string, measure: string, goal: string, error: unknown): Row {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return { case: caseName, measure, unit: 'ms', ours: null, goal, met: null, note: `failed: ${message}` };
}

/** Plain-text table (also valid Markdown). */
export function formatTable(rows: Row[]): string {
  const header = ['case', 'measure', 'ours: median (min–max)', 'peer', 'peer median', 'ratio', 'goal', 'met?'];
  const lines = rows.map((r) => [
    r.case,
    r.measure,
    formatStats(r.ours, r.unit),
    r.peer?.name ?? '–',
    r.peer ? formatStats(r.peer.stats, r.unit) : '–',
    r.ratioText ?? (r.ratio != null && Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '–'),
    r.goal,
    r.met === null ? (r.note?.startsWith('failed') ? 'FAILED' : 'n/a') : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

/** "5.6× faster" / "1.3× slower" from two medians of a time (lower is better). */
export function speedRatio(ours: Stats | null, peer: Stats | null | undefined): { ratio: number | null; ratioText: string } {
  if (!ours || !peer || !(ours.median > 0) || !(peer.median > 0)) return { ratio: null, ratioText: '–' };
  const ratio = peer.median / ours.median;
  return { ratio, ratioText: ratio >= 1 ? `${ratio.toFixed(2)}× faster` : `${(1 / ratio).toFixed(2)}× slower` };
}
