const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

const STEPS: readonly [number, Intl.RelativeTimeFormatUnit][] = [
  [YEAR, 'year'],
  [MONTH, 'month'],
  [WEEK, 'week'],
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago", "in 2 days", "just now": the words of the interface are English. */
export function formatRelativeTime(timestamp: number, now: number): string {
  const delta = timestamp - now;
  const distance = Math.abs(delta);
  if (distance < 45 * SECOND) return 'just now';
  for (const [size, unit] of STEPS) {
    if (distance >= size) return relative.format(Math.round(delta / size), unit);
  }
  return relative.format(Math.round(delta / MINUTE), 'minute');
}

const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

/** Dates and times follow the reader's own locale conventions. Formatters are cached: tables format thousands. */
export function formatAbsoluteTime(timestamp: number, locale?: string, timeZone?: string): string {
  const key = `${locale ?? ''}|${timeZone ?? ''}`;
  let format = absoluteFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
    absoluteFormats.set(key, format);
  }
  return format.format(timestamp);
}

/** "45 s", "8 min", "2 h 5 min", "3 d 4 h": short spans for run durations. */
export function formatDuration(milliseconds: number): string {
  const ms = Math.max(0, milliseconds);
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.round((ms - hours * HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms - days * DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}
