import { pipeline, Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import { InputError, type InputMeter, type InputRecord, MAX_RECORD_CHARS, unreadable } from './record.js';

/** The columns a CSV header may name: the keys of a `SubsetsProfile`. */
export const CSV_COLUMNS: readonly string[] = [
  'userId',
  'experimentId',
  'experimentName',
  'addedAt',
  'assignment',
  'churnRisk',
];

/** What the parser hands out: a row with where it was read, or a row it had to skip. */
type ParsedRow = { readonly record: string[]; readonly info: Info } | { readonly skipped: CsvError };

/** Checks the header row and returns the column names. */
function readHeader(cells: readonly string[], line: number): string[] {
  const expected = `expected columns: ${CSV_COLUMNS.join(', ')}`;
  const seen = new Set<string>();
  cells.forEach((cell, i) => {
    if (cell === '') throw new InputError(`CSV header column ${i + 1} is empty; ${expected}`, line);
    if (!CSV_COLUMNS.includes(cell)) {
      const near = CSV_COLUMNS.find((column) => column.toLowerCase() === cell.toLowerCase());
      const hint = near ? ` (did you mean ${near}?)` : '';
      throw new InputError(
        `CSV header has an unknown column ${JSON.stringify(cell)}${hint}; ${expected}`,
        line,
      );
    }
    if (seen.has(cell)) throw new InputError(`CSV header names the column ${cell} twice`, line);
    seen.add(cell);
  });
  if (!seen.has('userId')) throw new InputError(`CSV header has no userId column; ${expected}`, line);
  return [...cells];
}

/** The line a row starts on: `info.lines` is the line it ends on, after any line breaks in quoted cells. */
function startLine(cells: readonly string[], info: Info): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks += 1;
  }
  return info.lines - breaks;
}

/**
 * Reads CSV through csv-parse's streaming parser. The first row is the header, naming
 * `SubsetsProfile` keys (`userId, experimentId, experimentName, addedAt, assignment, churnRisk`, in
 * any order, any subset with `userId`). Cells are kept as strings (the schema accepts numeric strings
 * for `churnRisk` and ISO strings for `addedAt`); empty cells are left out of the profile; blank
 * rows are skipped. A row with the wrong number of cells, or one the parser cannot read (a stray
 * quote), becomes an unreadable record with its line number, and reading goes on.
 *
 * @param bytes - The input as byte chunks.
 * @param meter - Set to the parser's byte position after each row.
 * @throws InputError when the header is missing or names an unknown, empty or repeated column.
 */
export async function* readCsv(
  bytes: AsyncIterable<Buffer>,
  meter: InputMeter,
): AsyncGenerator<InputRecord, void, undefined> {
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  // A skipped row is pushed into the parser's own output, so it arrives in order with the rows.
  parser.on('skip', (error: CsvError) => {
    parser.push({ skipped: error } satisfies ParsedRow);
  });
  // pipeline() ends the reading when the parser stops early, and hands a read error to the parser.
  pipeline(Readable.from(bytes, { objectMode: false }), parser, () => {});

  let header: string[] | undefined;
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) {
      if ('skipped' in row) {
        const line = (row.skipped as CsvError & { lines?: number }).lines ?? 0;
        if (header === undefined)
          throw new InputError(`the CSV header cannot be read: ${row.skipped.message}`, line);
        yield unreadable(line, `the CSV row cannot be read: ${row.skipped.message}`);
        continue;
      }
      const { record: cells, info } = row;
      meter.position = info.bytes;
      const line = startLine(cells, info);
      if (header === undefined) {
        header = readHeader(cells, line);
        continue;
      }
      if (cells.every((cell) => cell === '')) continue;
      if (cells.length !== header.length) {
        yield unreadable(
          line,
          `the CSV row has ${cells.length} cells but the header has ${header.length} columns`,
        );
        continue;
      }
      const profile: Record<string, string> = {};
      cells.forEach((cell, i) => {
        if (cell !== '') profile[header?.[i] as string] = cell;
      });
      yield { kind: 'profile', value: profile, line };
    }
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
}
