/** Formatting shared by the console table and docs/benchmarks.md. */

/** A whole number with thousands separators: `1,234,567`. */
export const int = (value: number): string => Math.round(value).toLocaleString('en-US');

/** A number with `digits` decimals. */
export const fixed = (value: number, digits = 2): string => value.toFixed(digits);

/** Bytes in MiB with one decimal. */
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A share as a percentage with one decimal. */
export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * RSS at a point of a run, read robustly: the median of the readings taken while progress was within
 * `[from, to]` (shares of the run). A single reading moves by ±15% as the heap's young generation
 * and large strings come and go, which would hide whether memory grows.
 */
export function rssBetween(
  readings: readonly { readonly progress: number; readonly rss: number }[],
  from: number,
  to: number,
): number {
  const inside = readings.filter((reading) => reading.progress >= from && reading.progress <= to);
  return inside.length === 0 ? Number.NaN : median(inside.map((reading) => reading.rss));
}

/** The median RSS in each tenth of the run, first to last (`NaN` for a tenth with no reading). */
export function rssByTenth(
  readings: readonly { readonly progress: number; readonly rss: number }[],
): number[] {
  return Array.from({ length: 10 }, (_, tenth) =>
    rssBetween(
      readings.filter((reading) =>
        tenth === 9 ? reading.progress >= 0.9 : reading.progress < (tenth + 1) / 10,
      ),
      tenth / 10,
      (tenth + 1) / 10,
    ),
  );
}

/** The lowest and highest RSS read from `from` (a share of the run) on. */
export function rssRangeFrom(
  readings: readonly { readonly progress: number; readonly rss: number }[],
  from: number,
): [number, number] {
  const rss = readings.filter((reading) => reading.progress >= from).map((reading) => reading.rss);
  return [Math.min(...rss), Math.max(...rss)];
}

/** How a figure compares with its target: `met` or `missed by N%`. */
export function verdict(value: number, target: number, higherIsBetter = true): string {
  const met = higherIsBetter ? value >= target : value <= target;
  if (met) return 'met';
  const gap = higherIsBetter ? (target - value) / target : (value - target) / target;
  return `missed by ${percent(gap)}`;
}

/** One table: a header row and body rows, all strings. */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The table with its columns padded, for the console. */
export function plainTable({ head, rows }: Table): string {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(head), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Whether a cell holds a figure (digits, units, signs), to right-align its column. */
const FIGURE = /^[\d.,\s–+−×%≥]*\d[\d.,\s–+−×%a-zA-Z]*$/;

/** The table in Markdown; columns of figures right-aligned, the others left. */
export function markdownTable({ head, rows }: Table): string {
  const escapePipes = (cell: string) => cell.replaceAll('|', '\\|');
  const figures = head.map(
    (_, i) => i > 0 && rows.every((row) => (row[i] ?? '') === '' || FIGURE.test(row[i] ?? '')),
  );
  return [
    `| ${head.map(escapePipes).join(' | ')} |`,
    `| ${figures.map((figure) => (figure ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapePipes).join(' | ')} |`),
  ].join('\n');
}
