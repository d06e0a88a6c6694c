import { afterEach, describe, expect, it } from 'vitest';
import {
  IterableClient,
  type StateEntry,
  StateStoreError,
  SUBSETS_FIELDS,
  type SubsetsProfile,
  SyncAbortedError,
  type SyncReport,
  type SyncState,
} from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]));

/** A store kept in a map, with every call it received. */
function recordingState() {
  const data = new Map<string, string>();
  const gets: string[][] = [];
  const sets: StateEntry[][] = [];
  const state: SyncState = {
    name: 'test map',
    async get(scope, userIds) {
      gets.push([...userIds]);
      return userIds.map((id) => data.get(`${scope}\n${id}`));
    },
    async set(scope, entries) {
      sets.push([...entries]);
      for (const { userId, fingerprint } of entries) data.set(`${scope}\n${userId}`, fingerprint);
    },
  };
  const recorded = () => new Set([...data.keys()].map((key) => key.slice(key.indexOf('\n') + 1)));
  return { state, data, gets, sets, recorded };
}

const churn = (i: number, risk = 0.25) => ({ userId: `user-${i}`, churnRisk: risk });
const bulkWrites = () => (iterable?.requests ?? []).filter((r) => r.endpoint === 'bulkUpdate');
const sentUserIds = (from = 0) =>
  bulkWrites()
    .slice(from)
    .flatMap((r) => (r.body as { users: { userId: string }[] }).users.map((u) => u.userId));

function expectInvariant(report: SyncReport) {
  expect(report.total).toBe(
    report.succeeded + report.unchanged + report.failed + report.invalid + report.aborted,
  );
}

async function standIn(options: Parameters<typeof startFakeIterable>[0] = {}) {
  iterable = await startFakeIterable({ rateLimits: false, fields: STRING_FIELDS, ...options });
  return new IterableClient({
    apiKey: iterable.apiKey,
    baseUrl: iterable.url,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
  });
}

describe('incremental sync with a state', () => {
  it('sends only the profiles that changed since the last confirmed sync', async () => {
    const client = await standIn();
    const { state, gets } = recordingState();
    const first = await client.syncProfiles(
      Array.from({ length: 2500 }, (_, i) => churn(i)),
      { state },
    );
    expect(first).toMatchObject({ total: 2500, succeeded: 2500, unchanged: 0, batches: 3 });
    // Looked up in groups of one batch, never one call per profile.
    expect(gets.map((ids) => ids.length)).toEqual([1000, 1000, 500]);

    const before = bulkWrites().length;
    // 10% changed: every tenth user has a new risk.
    const second = await client.syncProfiles(
      Array.from({ length: 2500 }, (_, i) => churn(i, i % 10 === 0 ? 0.75 : 0.25)),
      { state },
    );
    expect(second).toMatchObject({ total: 2500, succeeded: 250, unchanged: 2250, failed: 0, batches: 1 });
    expect(bulkWrites().length - before).toBe(1);
    expect(sentUserIds(before)).toEqual(Array.from({ length: 250 }, (_, i) => `user-${i * 10}`));
    expect(iterable?.users.get('user-10')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.75' });
    expectInvariant(second);

    // Nothing changed: nothing sent.
    const third = await client.syncProfiles(
      Array.from({ length: 2500 }, (_, i) => churn(i, i % 10 === 0 ? 0.75 : 0.25)),
      { state },
    );
    expect(third).toMatchObject({ succeeded: 0, unchanged: 2500, requests: 0, batches: 0 });
  });

  it('tells churn-only and full profiles apart, and a missing field from an empty one', async () => {
    const client = await standIn();
    const { state } = recordingState();
    const experiment = {
      experimentId: 'e-1',
      experimentName: 'Winback',
      addedAt: '2026-11-29T01:40:43Z',
      assignment: 'control' as const,
    };
    await client.syncProfiles([{ userId: 'a', churnRisk: 0.5 }], { state });
    const report = await client.syncProfiles([{ userId: 'a', churnRisk: 0.5, ...experiment }], { state });
    expect(report).toMatchObject({ succeeded: 1, unchanged: 0 });
    const again = await client.syncProfiles([{ userId: 'a', churnRisk: 0.5, ...experiment }], { state });
    expect(again).toMatchObject({ succeeded: 0, unchanged: 1 });
  });

  it('records nothing for users Iterable did not confirm: listed failures, 5xx after retries', async () => {
    const client = await standIn({ forgottenUserIds: ['user-3'] });
    const { state, recorded } = recordingState();
    const report = await client.syncProfiles(
      Array.from({ length: 6 }, (_, i) => churn(i)),
      { state },
    );
    expect(report).toMatchObject({ succeeded: 5, failed: 1 });
    expect([...recorded()].sort()).toEqual(['user-0', 'user-1', 'user-2', 'user-4', 'user-5']);

    await iterable?.close();
    const failing = await standIn({ faults: { serverError: 1, endpoints: ['bulkUpdate'] } });
    const other = recordingState();
    const failed = await failing.syncProfiles([churn(1)], { state: other.state });
    expect(failed).toMatchObject({ failed: 1, succeeded: 0 });
    expect(other.recorded().size).toBe(0);
  });

  it('records nothing for a user only partly written: a mistyped field was left out', async () => {
    const fields = { ...STRING_FIELDS, subsetsSubscriberChurnRisk: 'long' };
    const client = await standIn({ fields });
    const { state, recorded } = recordingState();
    const profile = {
      userId: 'u-1',
      experimentId: 'e',
      experimentName: 'n',
      addedAt: 1,
      assignment: 'treatment' as const,
      churnRisk: 0.5,
    };
    const report = await client.syncProfiles(
      [
        profile,
        { userId: 'u-2', experimentId: 'e', experimentName: 'n', addedAt: 1, assignment: 'control' as const },
      ],
      { state },
    );
    expect(report).toMatchObject({ succeeded: 1, failed: 1 });
    expect([...recorded()]).toEqual(['u-2']);
  });

  it('records nothing in a dry run, but counts what is unchanged', async () => {
    const client = await standIn();
    const { state, data, sets } = recordingState();
    await client.syncProfiles([churn(1), churn(2)], { state });
    const snapshot = new Map(data);
    const report = await client.syncProfiles([churn(1), churn(2, 0.9), churn(3)], { state, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, succeeded: 2, unchanged: 1 });
    expect(data).toEqual(snapshot);
    expect(sets).toHaveLength(1);
  });

  it('resync sends every profile and records them again', async () => {
    const client = await standIn();
    const { state, gets, sets } = recordingState();
    await client.syncProfiles([churn(1), churn(2)], { state });
    const before = bulkWrites().length;
    const report = await client.syncProfiles([churn(1), churn(2)], { state, resync: true });
    expect(report).toMatchObject({ succeeded: 2, unchanged: 0 });
    expect(sentUserIds(before)).toEqual(['user-1', 'user-2']);
    expect(gets).toHaveLength(1);
    expect(sets).toHaveLength(2);
  });

  it('records the merged values of a user given twice in one batch', async () => {
    const client = await standIn();
    const { state } = recordingState();
    await client.syncProfiles([churn(1, 0.1), churn(1, 0.2)], { state });
    expect(iterable?.users.get('user-1')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.2' });
    // The last value sent is what the state holds: sending it alone is now unchanged.
    const report = await client.syncProfiles([churn(1, 0.2)], { state });
    expect(report).toMatchObject({ unchanged: 1, succeeded: 0 });
    const changed = await client.syncProfiles([churn(1, 0.1)], { state });
    expect(changed).toMatchObject({ unchanged: 0, succeeded: 1 });
  });

  it('keeps projects apart: another API key starts with an empty state', async () => {
    const client = await standIn();
    const { state } = recordingState();
    await client.syncProfiles([churn(1)], { state });
    const url = iterable?.url as string;
    const otherKey = new IterableClient({ apiKey: 'another-key', baseUrl: url });
    const lookedUp: string[] = [];
    const spy: SyncState = {
      name: 'scope spy',
      get: async (scope, ids) => {
        lookedUp.push(scope);
        return state.get(scope, ids);
      },
      set: async () => undefined,
    };
    await client.syncProfiles([churn(1)], { state: spy, dryRun: true });
    await otherKey.syncProfiles([churn(1)], { state: spy, dryRun: true });
    expect(lookedUp).toHaveLength(2);
    expect(lookedUp[0]).not.toBe(lookedUp[1]);
    expect(lookedUp.join(' ')).not.toContain(iterable?.apiKey);
    expect(lookedUp[0]).toMatch(/^127\.0\.0\.1:\d+\/[0-9a-f]{16}$/);
  });

  it('stops with the store error when the state cannot be read, counting no user as sent', async () => {
    const client = await standIn();
    const broken: SyncState = {
      name: 'broken',
      get: async () => {
        throw new Error('state broken: disk gone');
      },
      set: async () => undefined,
    };
    const error = await client
      .syncProfiles(
        Array.from({ length: 1500 }, (_, i) => churn(i)),
        { state: broken },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    expect(error).toMatchObject({
      store: 'broken',
      message: 'State store broken: get failed: state broken: disk gone',
      report: { total: 1000, succeeded: 0, unchanged: 0, failed: 0, aborted: 1000, requests: 0 },
    });
    expect(bulkWrites()).toHaveLength(0);
  });

  it('stops with the store error when confirmed users cannot be recorded; the report counts what was sent', async () => {
    const client = await standIn();
    const { state } = recordingState();
    const readOnly: SyncState = {
      name: 'read-only',
      get: state.get,
      set: async () => Promise.reject(new Error('read-only file system')),
    };
    const error = await client
      .syncProfiles(
        Array.from({ length: 3000 }, (_, i) => churn(i)),
        { state: readOnly, batchSize: 1000 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateStoreError);
    const report = (error as StateStoreError).report as SyncReport;
    expectInvariant(report);
    // Whatever Iterable confirmed counts as succeeded, and nothing else does.
    expect(report.succeeded).toBe(iterable?.users.size);
    expect(report.succeeded).toBe(sentUserIds().length);
  });

  it('records nothing for the users of an aborted sync that were never answered', async () => {
    const client = await standIn({ faults: { latency: { minMs: 200, maxMs: 200 } } });
    const { state, recorded } = recordingState();
    const controller = new AbortController();
    const profiles: SubsetsProfile[] = Array.from({ length: 3000 }, (_, i) => churn(i));
    const run = client.syncProfiles(profiles, { state, signal: controller.signal, batchSize: 100 });
    setTimeout(() => controller.abort(), 300);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAbortedError);
    const report = (error as SyncAbortedError).report;
    expectInvariant(report);
    expect(recorded().size).toBe(report.succeeded);
    expect(report.aborted).toBeGreaterThanOrEqual(1);
  });
});
