import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatDuration, formatRelativeTime } from './time';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('formatRelativeTime', () => {
  it('says "just now" for the last few seconds', () => {
    expect(formatRelativeTime(NOW - 10_000, NOW)).toBe('just now');
  });

  it('rounds to the largest unit that fits', () => {
    expect(formatRelativeTime(NOW - 5 * 60_000, NOW)).toBe('5 minutes ago');
    expect(formatRelativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 hours ago');
    expect(formatRelativeTime(NOW - 24 * 3_600_000, NOW)).toBe('yesterday');
    expect(formatRelativeTime(NOW - 400 * 86_400_000, NOW)).toBe('last year');
  });

  it('handles the future', () => {
    expect(formatRelativeTime(NOW + 2 * 86_400_000, NOW)).toBe('in 2 days');
  });
});

describe('formatAbsoluteTime', () => {
  it('formats in the given locale and zone', () => {
    expect(formatAbsoluteTime(NOW, 'en-GB', 'UTC')).toBe('22 Nov 2026, 12:00');
  });
});

describe('formatDuration', () => {
  it('uses the shortest readable unit', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(8 * 60_000)).toBe('8 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });
});
