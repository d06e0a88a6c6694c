import { utf8Text } from './chunks.js';
import { readCsv } from './csv.js';
import { readJsonArray } from './json-array.js';
import { readNdjson } from './ndjson.js';
import type { InputFormat, InputMeter, InputRecord } from './record.js';

/** The records of an input in the given format, read lazily from its byte chunks. */
export function readRecords(
  format: InputFormat,
  chunks: AsyncIterable<Buffer>,
  meter: InputMeter,
): AsyncGenerator<InputRecord, void, undefined> {
  switch (format) {
    case 'csv':
      return readCsv(utf8Text(chunks), meter);
    case 'json':
      return readJsonArray(utf8Text(chunks), meter);
    case 'ndjson':
      return readNdjson(utf8Text(chunks), meter);
  }
}
