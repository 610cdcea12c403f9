import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration } from './format';

describe('formatting for the Test connection dialog', () => {
  it('says how long a step took: milliseconds, then seconds', () => {
    expect(formatDuration(97.4)).toBe('97 ms');
    expect(formatDuration(1_404)).toBe('1.40 s');
    expect(formatDuration(15_000)).toBe('15.0 s');
    expect(formatDuration(null)).toBe('');
  });

  it('shows a server’s clock to the second when asked', () => {
    const iso = new Date(2026, 10, 26, 14, 5, 7).toISOString();
    expect(formatDateTime(iso)).toBe('2026-11-26 14:05');
    expect(formatDateTime(iso, true)).toBe('2026-11-26 14:05:07');
  });
});
