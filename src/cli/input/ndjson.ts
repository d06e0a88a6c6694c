import { splitLines } from './chunks.js';
import {
  type InputMeter,
  type InputRecord,
  MAX_RECORD_CHARS,
  oversizedMessage,
  parseJsonRecord,
  unreadable,
} from './record.js';

/**
 * Reads NDJSON (one JSON value per line) line by line. Blank lines are skipped; a line that is not
 * JSON becomes an unreadable record with its line number, and reading goes on.
 *
 * @param text - The input as text chunks.
 * @param meter - Advanced by each line's size in bytes.
 */
export async function* readNdjson(
  text: AsyncIterable<string>,
  meter: InputMeter,
): AsyncGenerator<InputRecord, void, undefined> {
  for await (const line of splitLines(text, MAX_RECORD_CHARS)) {
    meter.position += line.bytes;
    if (line.oversized) yield unreadable(line.line, oversizedMessage('the line'));
    else if (line.text.trim() !== '') yield parseJsonRecord(line.text, line.line);
  }
}
