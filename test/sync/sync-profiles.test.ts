import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IterableClient, type SyncReport, untypedProfiles } from '../../src/index.js';
import { BASE, KEY, scriptedBulkServer } from './msw-iterable.js';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function start(answer?: Parameters<typeof scriptedBulkServer>[0]) {
  const scripted = scriptedBulkServer(answer);
  scripted.server.listen({ onUnhandledRequest: 'error' });
  servers.push(scripted.server);
  return scripted;
}

function client(options: ConstructorParameters<typeof IterableClient>[0] = {}) {
  return new IterableClient({
    apiKey: KEY,
    baseUrl: BASE,
    rateLimit: false,
    retry: { minDelayMs: 1 },
    ...options,
  });
}

function expectInvariant(report: SyncReport) {
  expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
}

const EXPERIMENT = { experimentId: 'e', experimentName: 'n', addedAt: 1, assignment: 'treatment' as const };
const churn = (i: number) => ({ userId: `user-${i}`, churnRisk: (i % 100) / 100 });

/** Iterable's answer to any body that writes the churn field where the project holds it as a number. */
const refuseChurnField: NonNullable<Parameters<typeof scriptedBulkServer>[0]> = (body) =>
  body.users.some((u) => 'subsetsSubscriberChurnRisk' in u.dataFields)
    ? HttpResponse.json(
        {
          msg: 'mismatch',
          code: 'RequestFieldsTypesMismatched',
          params: { validationErrors: { 'p:::subsetsSubscriberChurnRisk': { expectedType: 'long' } } },
        },
        { status: 400 },
      )
    : undefined;

describe('syncProfiles', () => {
  it('sends every valid profile once, in batches of at most 1,000, with the key', async () => {
    const { received } = start();
    const profiles = Array.from({ length: 2500 }, (_, i) => churn(i));
    const report = await client().syncProfiles(profiles);
    expect(received.map((b) => b.users.length)).toEqual([1000, 1000, 500]);
    expect(received.every((b) => b.apiKey === KEY && b.createNewFields === true)).toBe(true);
    const ids = received.flatMap((b) => b.users.map((u) => u.userId));
    expect(new Set(ids).size).toBe(2500);
    expect(received[0]?.users[1]).toEqual({
      userId: 'user-1',
      mergeNestedObjects: true,
      dataFields: { subsetsSubscriberChurnRisk: '0.01' },
    });
    expect(report).toMatchObject({
      total: 2500,
      succeeded: 2500,
      failed: 0,
      invalid: 0,
      aborted: 0,
      batches: 3,
    });
    expect(report.requests).toBe(3);
    expectInvariant(report);
  });

  it('reports invalid profiles with a message naming the field and keeps going', async () => {
    const { received } = start();
    const report = await client().syncProfiles(
      untypedProfiles([
        churn(1),
        { userId: 'bad-risk', churnRisk: 1.5 },
        { userId: '', churnRisk: 0.1 },
        'not an object',
        { userId: 'half', experimentId: 'e1' },
        { userId: 'extra', churnRisk: 0.2, colour: 'red' },
        churn(2),
      ]),
    );
    expect(report).toMatchObject({ total: 7, succeeded: 2, invalid: 5, failed: 0 });
    expect(received).toHaveLength(1);
    const byIndex = new Map(report.failures.map((f) => [f.index, f]));
    expect(byIndex.get(1)).toMatchObject({ userId: 'bad-risk', reason: 'validation', field: 'churnRisk' });
    expect(byIndex.get(1)?.message).toMatch(/churnRisk/);
    expect(byIndex.get(2)?.message).toMatch(/userId/);
    expect(byIndex.get(4)?.message).toMatch(/experimentName/);
    expect(byIndex.get(5)?.message).toMatch(/colour/);
    expectInvariant(report);
  });

  it('maps every failedUpdates list, and the deprecated ones, back to its users', async () => {
    start((body) => {
      const ids = body.users.map((u) => u.userId);
      return HttpResponse.json({
        successCount: ids.length - 6,
        failCount: 6,
        failedUpdates: {
          invalidUserIds: [ids[0]],
          conflictUserIds: [ids[1]],
          forgottenUserIds: [ids[2]],
          invalidDataUserIds: [ids[3]],
          notFoundUserIds: [ids[4]],
        },
        invalidUserIds: [ids[5]],
        someNewKey: true,
      });
    });
    const report = await client().syncProfiles(Array.from({ length: 10 }, (_, i) => churn(i)));
    expect(report).toMatchObject({ total: 10, succeeded: 4, failed: 6 });
    expect(report.failures.map((f) => [f.userId, f.reason])).toEqual([
      ['user-0', 'invalid-user-id'],
      ['user-1', 'conflict'],
      ['user-2', 'forgotten'],
      ['user-3', 'invalid-data'],
      ['user-4', 'not-found'],
      ['user-5', 'invalid-user-id'],
    ]);
    expectInvariant(report);
  });

  it('merges duplicate userIds within a batch in input order, later values winning', async () => {
    const { received } = start();
    const report = await client().syncProfiles([
      { userId: 'dup', churnRisk: 0.1 },
      { userId: 'other', churnRisk: 0.3 },
      {
        userId: 'dup',
        experimentId: 'e1',
        experimentName: 'Winback',
        addedAt: 0,
        assignment: 'control',
        churnRisk: 0.9,
      },
    ]);
    expect(received[0]?.users).toHaveLength(2);
    expect(received[0]?.users[0]?.dataFields).toEqual({
      subsetsSubscriberChurnRisk: '0.9',
      subsetsExperimentId: 'e1',
      subsetsExperimentName: 'Winback',
      subsetsExperimentAddedAt: '1970-01-01T00:00:00.000Z',
      subsetsExperimentAssignment: 'control',
    });
    expect(report).toMatchObject({ total: 3, succeeded: 3 });
  });

  it('on a type mismatch resends once without the field and drops it for the rest of the sync', async () => {
    const error = vi.fn();
    const { received } = start((body) => {
      if (body.users.some((u) => 'subsetsSubscriberChurnRisk' in u.dataFields)) {
        return HttpResponse.json(
          {
            msg: 'Request fields types mismatched',
            code: 'RequestFieldsTypesMismatched',
            params: {
              validationErrors: {
                'project1:::subsetsSubscriberChurnRisk': {
                  incomingTypes: ['string'],
                  expectedType: 'double',
                  category: 'user',
                  offendingValue: '0.5',
                },
              },
            },
          },
          { status: 400 },
        );
      }
      return undefined;
    });
    const exp = { experimentId: 'e', experimentName: 'n', addedAt: 1, assignment: 'treatment' as const };
    const profiles = Array.from({ length: 2500 }, (_, i) =>
      i % 2 === 0 ? { userId: `u${i}`, churnRisk: 0.5, ...exp } : { userId: `u${i}`, churnRisk: 0.5 },
    );
    const report = await client({
      concurrency: 1,
      logger: { debug() {}, info() {}, warn() {}, error },
    }).syncProfiles(profiles);
    // Batch 1: refused, then resent without the field. Later batches never carry it.
    expect(received).toHaveLength(4);
    expect(report.requests).toBe(4);
    expect(
      received.slice(1).every((b) => b.users.every((u) => !('subsetsSubscriberChurnRisk' in u.dataFields))),
    ).toBe(true);
    // Users who had only the mistyped field are not sent at all.
    expect(received.slice(1).flatMap((b) => b.users)).toHaveLength(1250);
    expect(report).toMatchObject({ total: 2500, succeeded: 0, failed: 2500 });
    expect(
      report.failures.every((f) => f.reason === 'type-mismatch' && f.field === 'subsetsSubscriberChurnRisk'),
    ).toBe(true);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toMatch(/ensureFields/);
    expectInvariant(report);
  });

  it('keeps preferUserId and mergeNestedObjects on every user of a resend after a type mismatch', async () => {
    const { received } = start(refuseChurnField);
    const report = await client({ concurrency: 1 }).syncProfiles(
      [{ userId: 'u-1', churnRisk: 0.5, ...EXPERIMENT }],
      { createMissingUsers: true },
    );
    const experimentFields = {
      subsetsExperimentId: 'e',
      subsetsExperimentAddedAt: '1970-01-01T00:00:00.001Z',
      subsetsExperimentName: 'n',
      subsetsExperimentAssignment: 'treatment',
    };
    const user = { userId: 'u-1', preferUserId: true, mergeNestedObjects: true };
    expect(received.map((b) => b.users)).toEqual([
      [{ ...user, dataFields: { ...experimentFields, subsetsSubscriberChurnRisk: '0.5' } }],
      [{ ...user, dataFields: experimentFields }],
    ]);
    expect(report.failures).toMatchObject([
      { userId: 'u-1', reason: 'type-mismatch', field: 'subsetsSubscriberChurnRisk' },
    ]);
    expectInvariant(report);
  });

  it('costs at most one extra request per batch on a type mismatch, also with concurrent batches', async () => {
    const { received } = start(refuseChurnField);
    const report = await client({ concurrency: 5 }).syncProfiles(
      Array.from({ length: 5000 }, (_, i) => ({ ...churn(i), ...(i % 2 ? {} : EXPERIMENT) })),
    );
    expect(report.batches).toBe(5);
    expect(received.length).toBeLessThanOrEqual(2 * report.batches);
    expect(report.failed).toBe(5000);
    expectInvariant(report);
  });

  it('fails a batch as request-failed after its retries and goes on', async () => {
    const { received } = start((body) =>
      body.users[0]?.userId === 'user-0'
        ? new HttpResponse('<html>bad gateway</html>', { status: 502 })
        : undefined,
    );
    const report = await client({ retry: { retries: 2, minDelayMs: 1 }, concurrency: 1 }).syncProfiles(
      Array.from({ length: 1500 }, (_, i) => churn(i)),
    );
    expect(received).toHaveLength(3 + 1);
    expect(report).toMatchObject({ total: 1500, succeeded: 500, failed: 1000, requests: 4, retries: 2 });
    expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: true });
    expectInvariant(report);
  });

  it('does not retry other 4xx and reports them as not retryable', async () => {
    const { received } = start(() => HttpResponse.json({ code: 'BadParams', msg: 'nope' }, { status: 400 }));
    const report = await client().syncProfiles([churn(1)]);
    expect(received).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: false });
    expect(report.failures[0]?.message).toMatch(/BadParams/);
  });

  it('stops the whole sync on 401 and throws the API error', async () => {
    const { received } = start(() =>
      HttpResponse.json({ code: 'BadApiKey', msg: 'Invalid API key' }, { status: 401 }),
    );
    await expect(
      client({ concurrency: 1 }).syncProfiles(Array.from({ length: 5000 }, (_, i) => churn(i))),
    ).rejects.toMatchObject({ name: 'IterableAuthError', status: 401 });
    expect(received.length).toBeLessThanOrEqual(2);
  });

  it('dry run validates and batches but sends nothing', async () => {
    const { received } = start();
    const report = await client().syncProfiles([churn(1), { userId: 'x' }, churn(2)], { dryRun: true });
    expect(received).toHaveLength(0);
    expect(report).toMatchObject({
      total: 3,
      succeeded: 2,
      invalid: 1,
      dryRun: true,
      requests: 0,
      batches: 1,
    });
  });

  it('keeps at most maxFailuresInReport failures but counts and calls onFailure for all', async () => {
    start();
    const onFailure = vi.fn();
    const bad = Array.from({ length: 50 }, (_, i) => ({ userId: `b${i}`, churnRisk: 5 }));
    const report = await client().syncProfiles(bad, { maxFailuresInReport: 10, onFailure });
    expect(report.invalid).toBe(50);
    expect(report.failures).toHaveLength(10);
    expect(onFailure).toHaveBeenCalledTimes(50);
  });

  it('calls onProgress after every batch, never overlapping, awaiting a slow consumer', async () => {
    start();
    let active = 0;
    let overlapped = false;
    const seen: number[] = [];
    const report = await client({ concurrency: 4 }).syncProfiles(
      Array.from({ length: 5000 }, (_, i) => churn(i)),
      {
        batchSize: 500,
        onProgress: async (p) => {
          active += 1;
          if (active > 1) overlapped = true;
          seen.push(p.processed);
          await new Promise((r) => setTimeout(r, 5));
          active -= 1;
        },
      },
    );
    expect(overlapped).toBe(false);
    expect(seen).toHaveLength(10);
    expect(seen.at(-1)).toBe(5000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(report.succeeded).toBe(5000);
  });

  it('never pulls more than (concurrency + 1) batches ahead of what has been answered', async () => {
    let pulled = 0;
    let maxAhead = 0;
    let answered = 0;
    start(async (body) => {
      await new Promise((r) => setTimeout(r, 5));
      answered += body.users.length;
      return undefined;
    });
    function* source() {
      for (let i = 0; i < 20_000; i += 1) {
        pulled += 1;
        maxAhead = Math.max(maxAhead, pulled - answered);
        yield churn(i);
      }
    }
    const report = await client({ concurrency: 2 }).syncProfiles(source(), { batchSize: 100 });
    expect(report.succeeded).toBe(20_000);
    expect(maxAhead).toBeLessThanOrEqual((2 + 1) * 100);
  });

  it('rejects with SyncAbortedError whose report counts the unsent users as aborted', async () => {
    const controller = new AbortController();
    const { received } = start(async (_body, call) => {
      if (call === 2) controller.abort(new Error('stop'));
      await new Promise((r) => setTimeout(r, 20));
      return undefined;
    });
    const error = await client({ concurrency: 1 })
      .syncProfiles(
        Array.from({ length: 10_000 }, (_, i) => churn(i)),
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SyncAbortedError' });
    const report = (error as { report: SyncReport }).report;
    expectInvariant(report);
    expect(report.aborted).toBeGreaterThan(0);
    expect(report.succeeded).toBe(1000);
    expect(received.length).toBe(2);
  });
});

describe('syncProfiles with a signal aborted before it starts', () => {
  it('rejects with SyncAbortedError and an empty report, sending nothing', async () => {
    const { received } = start();
    const controller = new AbortController();
    controller.abort(new Error('not today'));
    const error = await client()
      .syncProfiles([churn(1)], { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SyncAbortedError', report: { total: 0, aborted: 0 } });
    expect(received).toHaveLength(0);
  });
});
