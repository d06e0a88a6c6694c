import {
  InputError,
  type InputMeter,
  type InputRecord,
  MAX_RECORD_CHARS,
  oversizedMessage,
  parseJsonRecord,
  unreadable,
} from './record.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === NEWLINE;
}

/**
 * Where the reader is: before the `[`, expecting the first element or `]`, expecting the next
 * element after a comma, inside an element, or after the closing `]`.
 */
type State = 'before' | 'first' | 'next' | 'element' | 'after';

/**
 * Reads a JSON array of profiles element by element, without holding more than one element in
 * memory. It scans the text once, tracking strings, escapes and nesting depth, cuts the array at
 * its top-level commas, and parses each element with `JSON.parse`. An element that is not valid JSON
 * becomes an unreadable record with the line it starts on, and reading goes on.
 *
 * @param text - The input as text chunks.
 * @param meter - Set to the character offset of the end of each element handed out.
 * @throws InputError when the input is not an array, the array is not closed, or text follows it.
 */
export async function* readJsonArray(
  text: AsyncIterable<string>,
  meter: InputMeter,
): AsyncGenerator<InputRecord, void, undefined> {
  let state = 'before' as State;
  let line = 1;
  let offset = 0;
  // The element being read.
  let element = '';
  let elementLine = 0;
  let oversized = false;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const keep = (piece: string) => {
    if (oversized) return;
    if (element.length + piece.length > MAX_RECORD_CHARS) {
      oversized = true;
      element = '';
    } else element += piece;
  };
  const finish = (): InputRecord => {
    const record = oversized
      ? unreadable(elementLine, oversizedMessage('the array element'))
      : parseJsonRecord(element, elementLine);
    element = '';
    oversized = false;
    return record;
  };

  for await (const chunk of text) {
    let start = state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const code = chunk.charCodeAt(i);
      if (code === NEWLINE) line += 1;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (code === BACKSLASH) escaped = true;
          else if (code === QUOTE) inString = false;
          continue;
        }
        if (code === QUOTE) inString = true;
        else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
        else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) depth -= 1;
        else if (depth === 0 && (code === COMMA || code === CLOSE_BRACKET)) {
          keep(chunk.slice(start, i));
          meter.position = offset + i + 1;
          yield finish();
          state = code === COMMA ? 'next' : 'after';
        }
        continue;
      }
      if (isBlank(code)) continue;
      if (state === 'before') {
        if (code !== OPEN_BRACKET) {
          throw new InputError(
            `a JSON input must be an array of profiles, starting with '[' (found ${JSON.stringify(chunk[i])}); ` +
              'for one profile per line use NDJSON (--format ndjson)',
            line,
          );
        }
        state = 'first';
      } else if (state === 'after') {
        throw new InputError(
          `unexpected text after the end of the JSON array: ${JSON.stringify(chunk[i])}`,
          line,
        );
      } else if (code === CLOSE_BRACKET) {
        // `[]`, or a trailing comma before `]`, which is tolerated.
        state = 'after';
      } else if (code === COMMA) {
        yield unreadable(line, 'empty array element (two commas in a row)');
      } else {
        state = 'element';
        start = i;
        elementLine = line;
        depth = 0;
        inString = false;
        escaped = false;
        // Read this character again as the element's first.
        i -= 1;
      }
    }
    if (state === 'element') keep(chunk.slice(start));
    offset += chunk.length;
  }
  if (state === 'before') throw new InputError('the input is empty: expected a JSON array of profiles');
  if (state !== 'after') {
    throw new InputError(`the JSON array is not closed: the input ended inside it, at line ${line}`);
  }
}
