const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-26 13:34" in local time: unambiguous and sortable ("13:34:07" with seconds, e.g. a server's clock). */
export function formatDateTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/** "97 ms", "1.4 s": how long a step or a connection took. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10);
}

/** "in 3 days", "2 hours ago". */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  let text: string;
  if (abs >= DAY * 365 * 2) text = `${Math.round(abs / (DAY * 365))} years`;
  else if (abs >= DAY * 60) text = `${Math.round(abs / (DAY * 30))} months`;
  else if (abs >= DAY) text = `${Math.round(abs / DAY)} day${Math.round(abs / DAY) === 1 ? '' : 's'}`;
  else if (abs >= 3_600_000) text = `${Math.round(abs / 3_600_000)} hour${Math.round(abs / 3_600_000) === 1 ? '' : 's'}`;
  else text = `${Math.max(1, Math.round(abs / 60_000))} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** "ab:cd:ef…": thumbprints read better in pairs. */
export function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?=.)/g, '$1:');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
