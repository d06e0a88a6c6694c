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
  const scanner = new JsonArrayScanner(meter);
  for await (const chunk of text) yield* scanner.scan(chunk);
  scanner.end();
}

/** The scan behind {@link readJsonArray}: chunks in, one record per array element out. */
class JsonArrayScanner {
  readonly #meter: InputMeter;
  #state: State = 'before';
  #line = 1;
  /** Characters of the chunks scanned before the current one. */
  #offset = 0;
  // The element being read: its text so far, where it starts, and where the scan is inside it.
  #element = '';
  #elementLine = 0;
  #oversized = false;
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(meter: InputMeter) {
    this.#meter = meter;
  }

  /** Scans one chunk, handing out each element that ends in it. */
  *scan(chunk: string): Generator<InputRecord, void, undefined> {
    let start = this.#state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const code = chunk.charCodeAt(i);
      if (code === NEWLINE) this.#line += 1;
      if (this.#state === 'element') {
        if (!this.#endsElement(code)) continue;
        this.#keep(chunk.slice(start, i));
        this.#meter.position = this.#offset + i + 1;
        yield this.#finish();
        this.#state = code === COMMA ? 'next' : 'after';
      } else if (!isBlank(code)) {
        if (this.#state === 'before') this.#open(chunk[i] as string);
        else if (this.#state === 'after') {
          throw new InputError(
            `unexpected text after the end of the JSON array: ${JSON.stringify(chunk[i])}`,
            this.#line,
          );
        } else if (code === CLOSE_BRACKET) {
          // `[]`, or a trailing comma before `]`, which is tolerated.
          this.#state = 'after';
        } else if (code === COMMA) {
          yield unreadable(this.#line, 'empty array element (two commas in a row)');
        } else {
          this.#begin();
          start = i;
          // Read this character again as the element's first.
          i -= 1;
        }
      }
    }
    if (this.#state === 'element') this.#keep(chunk.slice(start));
    this.#offset += chunk.length;
  }

  /**
   * Checks that the input ended after the array.
   * @throws InputError when it was empty or ended inside the array.
   */
  end(): void {
    if (this.#state === 'before')
      throw new InputError('the input is empty: expected a JSON array of profiles');
    if (this.#state !== 'after') {
      throw new InputError(`the JSON array is not closed: the input ended inside it, at line ${this.#line}`);
    }
  }

  /** The first character that is not blank must open the array. */
  #open(character: string): void {
    if (character !== '[') {
      throw new InputError(
        `a JSON input must be an array of profiles, starting with '[' (found ${JSON.stringify(character)}); ` +
          'for one profile per line use NDJSON (--format ndjson)',
        this.#line,
      );
    }
    this.#state = 'first';
  }

  #begin(): void {
    this.#state = 'element';
    this.#elementLine = this.#line;
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
  }

  /** Follows strings, escapes and nesting; whether `code` is the comma or `]` that ends the element. */
  #endsElement(code: number): boolean {
    if (this.#inString) {
      if (this.#escaped) this.#escaped = false;
      else if (code === BACKSLASH) this.#escaped = true;
      else if (code === QUOTE) this.#inString = false;
      return false;
    }
    if (code === QUOTE) this.#inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.#depth += 1;
    else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && this.#depth > 0) this.#depth -= 1;
    else return this.#depth === 0 && (code === COMMA || code === CLOSE_BRACKET);
    return false;
  }

  #keep(piece: string): void {
    if (this.#oversized) return;
    if (this.#element.length + piece.length > MAX_RECORD_CHARS) {
      this.#oversized = true;
      this.#element = '';
    } else this.#element += piece;
  }

  #finish(): InputRecord {
    const record = this.#oversized
      ? unreadable(this.#elementLine, oversizedMessage('the array element'))
      : parseJsonRecord(this.#element, this.#elementLine);
    this.#element = '';
    this.#oversized = false;
    return record;
  }
}
