import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IterableClient, type SyncFailure, untypedProfiles } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import {
  type Case,
  deepJson,
  expectOutcome,
  instantiate,
  invalidTemplate,
  mixedTemplates,
  validTemplate,
} from './profile-cases.js';
import { expectNoKey, recordingLogger, SECRET_KEY, SETUP_FIELDS, scaled } from './support.js';

const RUNS = scaled(60, 1000);

let iterable: FakeIterable;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const prototypeKeys = {
  object: Reflect.ownKeys(Object.prototype),
  array: Reflect.ownKeys(Array.prototype),
  function: Reflect.ownKeys(Function.prototype),
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  iterable = await startFakeIterable({ apiKey: SECRET_KEY, rateLimits: false, fields: SETUP_FIELDS });
});

afterAll(async () => {
  await iterable.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  expectNoPollution();
});

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys.object);
  expect(Reflect.ownKeys(Array.prototype)).toEqual(prototypeKeys.array);
  expect(Reflect.ownKeys(Function.prototype)).toEqual(prototypeKeys.function);
}

function client(logger = recordingLogger()) {
  return new IterableClient({
    apiKey: SECRET_KEY,
    baseUrl: iterable.url,
    rateLimit: false,
    retry: { retries: 1, minDelayMs: 1 },
    logger,
  });
}

/** Syncs the cases and checks every one of them against the stand-in and the report. */
async function syncAndCheck(cases: readonly Case[], run: string) {
  iterable.reset();
  const logger = recordingLogger();
  const seen: SyncFailure[] = [];
  const report = await client(logger).syncProfiles(untypedProfiles(cases.map((item) => item.value)), {
    batchSize: 25,
    onFailure: (failure) => seen.push(failure),
  });
  expect(report.total).toBe(cases.length);
  expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
  const failures = new Map(report.failures.map((failure) => [failure.index, failure]));
  expect(failures.size).toBe(report.failures.length);
  expect(seen).toEqual(report.failures);
  const valid = cases.filter((item) => item.expect.kind === 'valid');
  expect(report.succeeded, run).toBe(valid.length);
  expect(report.invalid, run).toBe(cases.length - valid.length);
  cases.forEach((item, index) => {
    const userId = item.expect.kind === 'valid' ? item.expect.userId : undefined;
    const stored = userId === undefined ? undefined : iterable.users.get(userId)?.dataFields;
    expectOutcome(item, stored, failures.get(index), `${run}, profile ${index}`);
  });
  // Nothing else was stored: only the valid profiles' users exist.
  expect(iterable.users.size, run).toBe(valid.length);
  expectNoPollution();
  expectNoKey(report);
  for (const line of logger.lines) expect(line).not.toContain(SECRET_KEY);
  return report;
}

describe('syncProfiles with arbitrary, hostile and edge-case input', () => {
  it(
    'never throws; reports each bad profile as a validation failure naming the field; stores each good one exactly',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(mixedTemplates('js', 30), async (templates) => {
          run += 1;
          await syncAndCheck(instantiate(templates, run), `run ${run}`);
        }),
        { numRuns: RUNS, seed: 20_261_129 },
      );
    },
    scaled(60_000, 600_000),
  );

  it(
    'stores every valid profile, whatever its values (dates in every form, edge numbers, any text)',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(validTemplate('js'), { minLength: 1, maxLength: 40 }),
          async (templates) => {
            run += 1;
            const report = await syncAndCheck(instantiate(templates, run), `valid run ${run}`);
            expect(report.failures).toEqual([]);
          },
        ),
        { numRuns: Math.ceil(RUNS / 2), seed: 7 },
      );
    },
    scaled(60_000, 600_000),
  );

  it(
    'reports every invalid profile and sends nothing for a source of invalid ones only',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(invalidTemplate('js'), { minLength: 1, maxLength: 40 }),
          async (templates) => {
            run += 1;
            const report = await syncAndCheck(instantiate(templates, run), `invalid run ${run}`);
            expect(report.requests).toBe(0);
            expect(iterable.requests).toHaveLength(0);
          },
        ),
        { numRuns: Math.ceil(RUNS / 2), seed: 11 },
      );
    },
    scaled(60_000, 600_000),
  );

  it('keeps own __proto__ and constructor keys from polluting any prototype, however deep', async () => {
    const hostile = [
      JSON.parse('{"__proto__":{"polluted":true},"userId":"p-1","churnRisk":0.5}'),
      JSON.parse('{"userId":"p-2","churnRisk":0.5,"constructor":{"prototype":{"polluted":true}}}'),
      JSON.parse(`{"userId":"p-3","churnRisk":0.5,"__proto__":${deepJson(10_000, 'proto')}}`),
      JSON.parse('{"userId":"__proto__","churnRisk":0.25}'),
      JSON.parse(
        '{"userId":"constructor","experimentId":"__proto__","experimentName":"prototype","addedAt":0,"assignment":"control"}',
      ),
      JSON.parse(`{"userId":"p-4","churnRisk":0.5,"experimentName":${deepJson(100_000, 'proto')}}`),
      JSON.parse(deepJson(100_000, 'proto')),
      JSON.parse(deepJson(100_000, 'array')),
    ];
    iterable.reset();
    const report = await client().syncProfiles(hostile);
    expect(report).toMatchObject({ total: 8, succeeded: 2, invalid: 6, failed: 0 });
    const messages = report.failures.map((failure) => [failure.index, failure.message] as const);
    expect(messages).toEqual([
      [0, expect.stringContaining('__proto__')],
      [1, expect.stringContaining('constructor')],
      [2, expect.stringContaining('__proto__')],
      [5, expect.stringContaining('experimentName')],
      [6, expect.stringContaining('__proto__')],
      [7, expect.stringMatching(/profile/)],
    ]);
    // Users may be called __proto__ or constructor: they are stored as such, as own entries.
    expect(iterable.users.get('__proto__')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.25' });
    expect(iterable.users.get('constructor')?.dataFields).toEqual({
      subsetsExperimentId: '__proto__',
      subsetsExperimentName: 'prototype',
      subsetsExperimentAddedAt: '1970-01-01T00:00:00.000Z',
      subsetsExperimentAssignment: 'control',
    });
    expectNoPollution();
  });
});

describe('ISO-8601 forms of addedAt', () => {
  // ISO 8601 allows an offset of hours alone; Date.parse does not read it, so the SDK rewrites it.
  it('accepts an offset of hours alone, such as +05 or -03', async () => {
    iterable.reset();
    const report = await client().syncProfiles([
      {
        userId: 'h-1',
        experimentId: 'e',
        experimentName: 'n',
        addedAt: '2026-11-29T06:40:43+05',
        assignment: 'control',
      },
      {
        userId: 'h-2',
        experimentId: 'e',
        experimentName: 'n',
        addedAt: '2026-11-28T22:40-03',
        assignment: 'control',
      },
    ]);
    expect(report.failures).toEqual([]);
    expect(iterable.users.get('h-1')?.dataFields.subsetsExperimentAddedAt).toBe('2026-11-29T01:40:43.000Z');
    expect(iterable.users.get('h-2')?.dataFields.subsetsExperimentAddedAt).toBe('2026-11-29T01:40:00.000Z');
  });
});

describe('huge strings', () => {
  /** The largest request body the stand-in received, in UTF-8 bytes. */
  function largestBody(): number {
    const bodies = iterable.requests.filter((request) => request.endpoint === 'bulkUpdate');
    return Math.max(0, ...bodies.map((request) => Buffer.byteLength(JSON.stringify(request.body))));
  }

  const experiment = (userId: string, experimentName: string) => ({
    userId,
    experimentId: 'exp-huge',
    experimentName,
    addedAt: '2026-11-29T01:40:43Z',
    assignment: 'treatment' as const,
  });

  it.each([
    ['just over 4,000,000 bytes', 4_050_000],
    ['over the 4 MiB Iterable takes', 4_300_000],
    ['many megabytes', 12_000_000],
  ])(
    'a profile too large for any request (%s) is reported as invalid, naming the field, and not sent',
    async (_what, size) => {
      iterable.reset();
      const report = await client().syncProfiles([
        { userId: 'small-1', churnRisk: 0.1 },
        experiment('huge', 'n'.repeat(size)),
        { userId: 'small-2', churnRisk: 0.2 },
      ]);
      expect(report).toMatchObject({ total: 3, succeeded: 2, invalid: 1, failed: 0 });
      expect(report.failures).toEqual([
        expect.objectContaining({
          index: 1,
          userId: 'huge',
          reason: 'validation',
          field: 'experimentName',
          retryable: false,
          message: expect.stringContaining('experimentName'),
        }),
      ]);
      expect(iterable.users.has('huge')).toBe(false);
      expect([...iterable.users.keys()].sort()).toEqual(['small-1', 'small-2']);
      expect(largestBody()).toBeLessThanOrEqual(4_000_000);
    },
  );

  it('profiles just under the limit each go alone, and all land', async () => {
    iterable.reset();
    const name = 'é'.repeat(1_950_000); // 3.9 MB of UTF-8 each
    const report = await client().syncProfiles([experiment('big-1', name), experiment('big-2', name)]);
    expect(report).toMatchObject({ succeeded: 2, batches: 2 });
    expect(iterable.users.get('big-2')?.dataFields.subsetsExperimentName).toBe(name);
    expect(largestBody()).toBeLessThanOrEqual(4_000_000);
  });

  it('a user merged from two profiles of one batch never makes the request larger than 4,000,000 bytes', async () => {
    iterable.reset();
    const report = await client().syncProfiles([
      experiment('grows', 'a'.repeat(1_000)),
      experiment('other', 'b'.repeat(2_900_000)),
      // Later values win: the user's entry in the batch grows by 2.5 MB.
      experiment('grows', 'c'.repeat(2_500_000)),
    ]);
    expect(report).toMatchObject({ total: 3, succeeded: 3, failed: 0, invalid: 0 });
    expect(iterable.users.get('grows')?.dataFields.subsetsExperimentName).toBe('c'.repeat(2_500_000));
    expect(iterable.users.get('other')?.dataFields.subsetsExperimentName).toBe('b'.repeat(2_900_000));
    expect(largestBody()).toBeLessThanOrEqual(4_000_000);
  });
});
