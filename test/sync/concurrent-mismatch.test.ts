import { afterEach, describe, expect, it } from 'vitest';
import { IterableClient, SUBSETS_FIELDS, type SyncFailure } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

const CHURN = 'subsetsSubscriberChurnRisk';

describe('a field type conflict with several batches in flight', () => {
  it('resends every refused batch without the field: every other field lands, each user reported once', async () => {
    // The project holds the churn field as a number; the other four are strings, as ensureFields makes them.
    const fields = Object.fromEntries(
      SUBSETS_FIELDS.map((field) => [field.name, field.name === CHURN ? 'long' : 'string']),
    );
    iterable = await startFakeIterable({ rateLimits: false, fields });
    const failures: SyncFailure[] = [];
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url, concurrency: 5 });
    const profiles = Array.from({ length: 6000 }, (_, i) => ({
      userId: `user-${i}`,
      experimentId: 'exp-9',
      experimentName: 'Winback',
      addedAt: '2026-11-29T01:40:43Z',
      assignment: i % 2 === 0 ? ('treatment' as const) : ('control' as const),
      churnRisk: 0.25,
    }));
    const report = await client.syncProfiles(profiles, { onFailure: (f) => failures.push(f) });

    // Every user got the four experiment fields, and none got the mistyped one.
    expect(iterable.users.size).toBe(6000);
    for (const user of iterable.users.values()) {
      expect(user.dataFields).toEqual({
        subsetsExperimentId: 'exp-9',
        subsetsExperimentName: 'Winback',
        subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
        subsetsExperimentAssignment: Number(user.userId?.slice(5)) % 2 === 0 ? 'treatment' : 'control',
      });
    }
    // Each user once, as a type mismatch naming the field.
    expect(failures).toHaveLength(6000);
    expect(new Set(failures.map((f) => f.userId)).size).toBe(6000);
    expect(failures.every((f) => f.reason === 'type-mismatch' && f.field === CHURN && !f.retryable)).toBe(
      true,
    );
    expect(report).toMatchObject({
      total: 6000,
      succeeded: 0,
      failed: 6000,
      invalid: 0,
      aborted: 0,
      batches: 6,
    });
    // At most one extra request per batch.
    const writes = iterable.requests.filter((r) => r.endpoint === 'bulkUpdate');
    expect(writes.length).toBe(report.requests);
    expect(report.requests).toBeLessThanOrEqual(2 * report.batches);
  });
});
