import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import {
  type Case,
  expectOutcome,
  instantiate,
  invalidTemplate,
  type Mode,
  PROFILE_KEYS,
  type ReportedFailure,
  type Template,
  validTemplate,
} from './profile-cases.js';
import {
  type ChildRun,
  ensureBuilt,
  runCli,
  SECRET_KEY,
  SETUP_FIELDS,
  scaled,
  scratchDir,
} from './support.js';

const RUNS = scaled(4, 25);
/** The longest line or row the CLI reads (see src/cli/input/record.ts). */
const MAX_RECORD_CHARS = 1_000_000;

let iterable: FakeIterable;
const scratch = scratchDir();

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({ apiKey: SECRET_KEY, rateLimits: false, fields: SETUP_FIELDS });
}, 240_000);

afterAll(async () => {
  await iterable.close();
  scratch.remove();
});

/** A failure as the `--report` file lists it. */
interface FileFailure extends ReportedFailure {
  readonly index: number;
  readonly line: number;
}

/** One record of the input file: a profile, or a line that is not JSON at all. */
type Item = Case;

/** Lines that are not JSON: cut short, stray bytes, a BOM in the middle of the file. */
const garbage: fc.Arbitrary<Template> = fc
  .oneof(
    fc.constantFrom(
      '{"userId":',
      '{"userId":"g","churnRisk":0.5',
      '\ufeff{"userId":"g","churnRisk":0.5}',
      "{'userId':'g'}",
      '{"userId":"g",}',
      'NaN',
      '\u0000\u0001',
      ']',
    ),
    fc
      .string({ unit: 'binary', minLength: 1, maxLength: 60 })
      .filter((text) => !/[\r\n]/.test(text) && text.trim() !== '' && !parses(text)),
  )
  .map((text) => {
    const template: Template = () => ({
      value: text,
      json: text,
      expect: { kind: 'invalid', field: undefined },
    });
    return Object.assign(template, { [fc.toStringMethod]: () => `garbage ${fc.stringify(text)}` });
  });

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const QUOTE = /"/g;

/** A CSV row of the six columns, every cell quoted; an absent value is an empty cell. */
function csvRow(value: unknown): string {
  const record = value as Record<string, unknown>;
  return PROFILE_KEYS.map((key) => {
    const cell = record[key];
    return cell === undefined ? '' : `"${String(cell).replace(QUOTE, '""')}"`;
  }).join(',');
}

/** Writes the cases as an input file of `mode`; NDJSON takes garbage lines as they are. */
function writeInput(items: readonly Item[], mode: Mode, run: number): string {
  if (mode === 'csv') {
    const rows = items.map((item) => csvRow(item.value));
    return scratch.file(`run-${run}.csv`, `${PROFILE_KEYS.join(',')}\n${rows.join('\n')}\n`);
  }
  const lines = items.map((item) => item.json ?? JSON.stringify(item.value));
  return scratch.file(`run-${run}.ndjson`, `${lines.join('\n')}\n`);
}

async function syncFile(items: readonly Item[], mode: Mode, run: number) {
  iterable.reset();
  const input = writeInput(items, mode, run);
  const reportPath = `${input}.report.json`;
  const result: ChildRun = await runCli(
    ['sync', input, '--report', reportPath, '--batch-size', '50', '--rate', '1000', '--verbose'],
    iterable.url,
  );
  const what = `${mode} run ${run}`;
  // Never a crash: a summary, exit 0 or 1, no stack trace, and never the key.
  expect(result.stderr, what).not.toMatch(/\n\s+at /);
  expect(result.stdout + result.stderr, what).not.toContain(SECRET_KEY);
  const allValid = items.every((item) => item.expect.kind === 'valid');
  expect(result.code, `${what}: ${result.stderr.slice(0, 2000)}`).toBe(allValid ? 0 : 1);
  const reportText = readFileSync(reportPath, 'utf8');
  expect(reportText).not.toContain(SECRET_KEY);
  const report = JSON.parse(reportText) as {
    total: number;
    succeeded: number;
    invalid: number;
    failed: number;
    aborted: number;
    failures: FileFailure[];
  };
  expect(report.total, what).toBe(items.length);
  expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
  expect(report.failed, what).toBe(0);
  const failures = new Map(report.failures.map((failure) => [failure.index, failure]));
  items.forEach((item, index) => {
    const label = `${what}, record ${index}`;
    const tooLong = mode !== 'csv' && (item.json ?? JSON.stringify(item.value)).length > MAX_RECORD_CHARS;
    if (tooLong) {
      // A line this long is not read at all; it is reported with its line number.
      expect(failures.get(index), label).toMatchObject({ reason: 'validation', message: /longer than/ });
      return;
    }
    const userId = item.expect.kind === 'valid' ? item.expect.userId : undefined;
    const stored = userId === undefined ? undefined : iterable.users.get(userId)?.dataFields;
    expectOutcome(item, stored, failures.get(index), label);
  });
  expect(iterable.users.size, what).toBe(items.filter((item) => item.expect.kind === 'valid').length);
}

describe('the CLI with arbitrary, hostile and edge-case input files', () => {
  it(
    'NDJSON: every bad line is an invalid record naming the field, every good one lands, no crash',
    async () => {
      let run = 0;
      const line = fc.oneof(
        { arbitrary: validTemplate('json'), weight: 4 },
        { arbitrary: invalidTemplate('json'), weight: 4 },
        { arbitrary: garbage, weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 120 }), async (templates) => {
          run += 1;
          await syncFile(instantiate(templates, run), 'json', run);
        }),
        { numRuns: RUNS, seed: 31 },
      );
    },
    scaled(60_000, 600_000),
  );

  it(
    'CSV: every bad row is an invalid record naming the field, every good one lands, no crash',
    async () => {
      let run = 0;
      const row = fc.oneof(validTemplate('csv'), invalidTemplate('csv'));
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), async (templates) => {
          run += 1;
          await syncFile(instantiate(templates, 1000 + run), 'csv', run);
        }),
        { numRuns: RUNS, seed: 37 },
      );
    },
    scaled(60_000, 600_000),
  );
});
