import type { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { splitLines, type TextLine } from './chunks.js';
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

/** The most lines one row may span through quoted cells that hold line breaks. */
const MAX_ROW_LINES = 20;

const UNCLOSED = CSV_PROBLEMS.CSV_QUOTE_NOT_CLOSED as string;

/** A line's text with the line break it ended with, `\r\n` or `\n`. */
function withBreak(line: TextLine): string {
  return `${line.text}${line.bytes - Buffer.byteLength(line.text) === 2 ? '\r\n' : '\n'}`;
}

/**
 * The row that starts on `first`, whose quoted cell is not closed on its line: joined with the
 * lines after it while the cell stays open, up to {@link MAX_ROW_LINES}. It is a row when the joined
 * text reads as exactly `columns` cells; otherwise the quote was a stray one and `undefined` is
 * returned, the lines taken being left in `taken` to be read on their own.
 */
async function spanningRow(
  first: TextLine,
  columns: number,
  next: () => Promise<TextLine | undefined>,
  taken: TextLine[],
): Promise<string[] | undefined> {
  let text = withBreak(first);
  while (taken.length < MAX_ROW_LINES - 1) {
    const line = await next();
    if (line === undefined) return undefined;
    taken.push(line);
    if (line.oversized) return undefined;
    const cells = cellsOf(text + line.text);
    if (Array.isArray(cells)) return cells.length === columns ? cells : undefined;
    if (cells.problem !== UNCLOSED) return undefined;
    text += withBreak(line);
  }
  return undefined;
}

/**
 * Reads CSV row by row, one line being one row unless a quoted cell holds a line break. A row that
 * cannot be read (a stray quote, the wrong number of cells) is reported on the line it starts on,
 * and the lines after it are read as usual: an unclosed quote takes the lines after it only when
 * they close it into a row of the header's width (at most 20 lines), so every line is accounted
 * for. Quoted cells (`"Win-back, November"`, `""` for a quote) are read by csv-parse. The first row
 * is the header, naming `SubsetsProfile` keys (`userId, experimentId, experimentName, addedAt,
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
  const source = splitLines(text, MAX_RECORD_CHARS)[Symbol.asyncIterator]();
  const again: TextLine[] = [];
  const next = async () => again.shift() ?? (await source.next()).value ?? undefined;
  let header: string[] | undefined;
  for (let current = await next(); current !== undefined; current = await next()) {
    const { line, text: row, bytes, oversized } = current;
    meter.position += bytes;
    if (oversized) {
      if (header === undefined) throw new InputError(oversizedMessage('the CSV header'), line);
      yield unreadable(line, oversizedMessage('the CSV row'));
      continue;
    }
    if (row.trim() === '') continue;
    let cells = cellsOf(row);
    if (!Array.isArray(cells) && header !== undefined && cells.problem === UNCLOSED) {
      const taken: TextLine[] = [];
      const spanning = await spanningRow(current, header.length, next, taken);
      if (spanning === undefined) again.unshift(...taken);
      else {
        for (const part of taken) meter.position += part.bytes;
        cells = spanning;
      }
    }
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
