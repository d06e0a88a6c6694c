/** Formatting of numbers, durations and sizes for people. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A whole number with thousands separators: `20,000`. */
export function count(value: number): string {
  return integer.format(value);
}

/** `1 profile`, `2 profiles`: a count with a noun that agrees with it. */
export function plural(value: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}

/** A duration: `850 ms`, `4.2 s`, `3.0 s`, `3 min 12 s`, `1 h 02 min`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 59.95) return `${oneDecimal.format(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Least time a rate is measured over; a shorter run shows no rate. */
const MIN_RATE_MS = 1000;

/**
 * Events per second over the elapsed time, the one rate format of the CLI: one decimal under 100
 * (`4.8`), whole numbers with thousands separators from 100 (`4,764`). `undefined` when fewer than
 * two events happened or less than a second passed: such a rate says nothing (one request in 0.1 s
 * is not 10 requests/s).
 */
export function rate(events: number, ms: number): string | undefined {
  if (events < 2 || !(ms >= MIN_RATE_MS)) return undefined;
  const value = (events * 1000) / ms;
  return value < 100 ? oneDecimal.format(value) : integer.format(value);
}

/** `4.8 requests/s`, or `undefined` when {@link rate} has none. */
export function rateOf(events: number, ms: number, unit: string): string | undefined {
  const value = rate(events, ms);
  return value === undefined ? undefined : `${value} ${unit}/s`;
}

/** A byte size: `512 B`, `1.5 KB`, `12.3 MB`, `9.8 GB` (powers of 1,000). */
export function bytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = value;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${decimal.format(size)} ${units[unit]}`;
}

/** A percentage with no decimals: `42%`. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${Math.min(100, Math.floor((part * 100) / whole))}%`;
}
