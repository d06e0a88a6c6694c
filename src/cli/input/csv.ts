import type { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { splitLines } from './chunks.js';
import {
  InputError,
  type InputMeter,
  type InputRecord,
  MAX_RECORD_CHARS,
  oversizedMessage,
  unreadable,
} from './record.js';

/** The columns a CSV header may name: the keys of a `SubsetsProfile`. */
export const CSV_COLUMNS: readonly string[] = [
  'userId',
  'experimentId',
  'experimentName',
  'addedAt',
  'assignment',
  'churnRisk',
];

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

/** What the parser's error codes mean, for a person. */
const CSV_PROBLEMS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is not closed on its line (a stray quote?)',
  INVALID_OPENING_QUOTE:
    'a quote inside a cell that does not start with one (quote the whole cell and double the quote)',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a cell',
};

/**
 * The cells of one line: split at commas when it holds no quote (most lines), else parsed by
 * csv-parse on its own, so that a broken quote cannot reach into the lines after it.
 */
function cellsOf(text: string): string[] | { readonly problem: string } {
  if (!text.includes('"')) return text.split(',').map((cell) => cell.trim());
  try {
    const rows = parse(text, { trim: true, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch (error) {
    const { code, message } = error as CsvError;
    return { problem: CSV_PROBLEMS[code] ?? message.replace(/ at line 1\b/, '') };
  }
}

/** The profile of one row: empty cells are left out, but an empty `userId` is kept so that it is named. */
function profileOf(header: readonly string[], cells: readonly string[]): Record<string, string> {
  const profile: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const column = header[i] as string;
    if (cell !== '' || column === 'userId') profile[column] = cell;
  });
  return profile;
}

/**
 * Reads CSV one line at a time: each line is one row, so every line is accounted for and a row
 * that cannot be read (a stray quote, the wrong number of cells) is reported on its own line while
 * the rows after it are read as usual. Quoted cells (`"Win-back, November"`, `""` for a quote) are
 * read by csv-parse; a cell cannot span lines (no profile value holds a line break). The first row is
 * the header, naming `SubsetsProfile` keys (`userId, experimentId, experimentName, addedAt,
 * assignment, churnRisk`, in any order, any subset with `userId`). Cells are kept as strings (the
 * schema accepts numeric strings for `churnRisk` and ISO strings for `addedAt`); empty cells are
 * left out of the profile, except `userId`; blank rows are skipped.
 *
 * @param text - The input as text chunks.
 * @param meter - Advanced by each line's size in bytes.
 * @throws InputError when the header is missing or cannot be read, or names an unknown, empty or
 *   repeated column.
 */
export async function* readCsv(
  text: AsyncIterable<string>,
  meter: InputMeter,
): AsyncGenerator<InputRecord, void, undefined> {
  let header: string[] | undefined;
  for await (const { line, text: row, bytes, oversized } of splitLines(text, MAX_RECORD_CHARS)) {
    meter.position += bytes;
    if (oversized) {
      if (header === undefined) throw new InputError(oversizedMessage('the CSV header'), line);
      yield unreadable(line, oversizedMessage('the CSV row'));
      continue;
    }
    if (row.trim() === '') continue;
    const cells = cellsOf(row);
    if (!Array.isArray(cells)) {
      if (header === undefined) throw new InputError(`the CSV header cannot be read: ${cells.problem}`, line);
      yield unreadable(line, `the CSV row cannot be read: ${cells.problem}`);
      continue;
    }
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
    yield { kind: 'profile', value: profileOf(header, cells), line };
  }
}
