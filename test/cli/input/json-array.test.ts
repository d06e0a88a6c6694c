import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonArray } from '../../../src/cli/input/json-array.js';
import type { InputMeter, InputRecord } from '../../../src/cli/input/record.js';

async function* chunks(pieces: readonly string[]): AsyncGenerator<string> {
  yield* pieces;
}

/** Every record of `text` cut into `pieces`, with the meter's position after each. */
async function read(pieces: readonly string[]): Promise<{ records: InputRecord[]; positions: number[] }> {
  const meter: InputMeter = { totalBytes: undefined, position: 0 };
  const records: InputRecord[] = [];
  const positions: number[] = [];
  for await (const record of readJsonArray(chunks(pieces), meter)) {
    records.push(record);
    positions.push(meter.position);
  }
  return { records, positions };
}

/** `text` cut at the given offsets. */
function cut(text: string, offsets: readonly number[]): string[] {
  const at = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length)).filter((p) => p !== '');
}

describe('readJsonArray', () => {
  it('hands out each element with the line it starts on and the offset after it', async () => {
    const text = '[\n  {"userId": "a"},\n  {"userId": "b,]\\"c"},\n  [1, {"x": [2]}]\n]\n';
    const { records, positions } = await read([text]);
    expect(records).toEqual([
      { kind: 'profile', value: { userId: 'a' }, line: 2 },
      { kind: 'profile', value: { userId: 'b,]"c' }, line: 3 },
      { kind: 'profile', value: [1, { x: [2] }], line: 4 },
    ]);
    // Each position is just past the comma or bracket that ends the element.
    expect(positions.map((p) => text.slice(p - 3, p))).toEqual(['"},', '"},', ']\n]']);
  });

  it('reads the same records wherever the chunks are cut', async () => {
    const element = fc.oneof(
      fc.record({ userId: fc.string(), churn: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(element, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        async (values, offsets, pretty) => {
          const text = JSON.stringify(values, null, pretty ? 2 : undefined);
          const whole = await read([text]);
          const pieces = await read(cut(text, offsets));
          expect(pieces).toEqual(whole);
          expect(whole.records.map((r) => (r.kind === 'profile' ? r.value : r))).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports an element that is not JSON at its line and reads on', async () => {
    const { records } = await read(['[{"userId": "a"},\n{userId: b},,\n{"userId": "c"}]']);
    expect(records.map((r) => [r.kind, r.line])).toEqual([
      ['profile', 1],
      ['unreadable', 2],
      ['unreadable', 2],
      ['profile', 3],
    ]);
    expect(records[2]).toMatchObject({ message: 'empty array element (two commas in a row)' });
  });

  it('tolerates a trailing comma and reads an empty array as no records', async () => {
    expect((await read(['[{"a":1},]'])).records).toHaveLength(1);
    expect((await read([' [ ] '])).records).toEqual([]);
  });

  it('names what is wrong with the array as a whole', async () => {
    await expect(read([''])).rejects.toThrow('the input is empty: expected a JSON array of profiles');
    await expect(read(['\n{"userId": "a"}'])).rejects.toThrow(
      `a JSON input must be an array of profiles, starting with '[' (found "{"); for one profile per line use NDJSON (--format ndjson) (line 2)`,
    );
    await expect(read(['[{"a":1}', '\n'])).rejects.toThrow(
      'the JSON array is not closed: the input ended inside it, at line 2',
    );
    await expect(read(['[{"a":1}]\n x'])).rejects.toThrow(
      'unexpected text after the end of the JSON array: "x" (line 2)',
    );
  });
});
