import { afterEach, describe, expect, it } from 'vitest';
import { IterableClient, SUBSETS_FIELDS, type SyncFailure } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

const ADDED_AT = 'subsetsExperimentAddedAt';
const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]));

const full = (i: number) => ({
  userId: `full-${i}`,
  experimentId: 'exp-1',
  experimentName: 'Winback',
  addedAt: '2026-11-29T01:40:43Z',
  assignment: 'treatment' as const,
  churnRisk: 0.5,
});
const churnOnly = (i: number) => ({ userId: `churn-${i}`, churnRisk: 0.5 });

describe('the field check before the first write of subsetsExperimentAddedAt', () => {
  it('when getFields keeps failing: sends nothing that writes the field, fails those users as retryable, syncs the rest', async () => {
    iterable = await startFakeIterable({
      rateLimits: false,
      fields: STRING_FIELDS,
      faults: { serverError: 1, endpoints: ['getFields'] },
    });
    const client = new IterableClient({
      apiKey: iterable.apiKey,
      baseUrl: iterable.url,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      concurrency: 2,
    });
    const failures: SyncFailure[] = [];
    // Batches of 500: mixed, churn-only, then full users again.
    const profiles = [
      ...Array.from({ length: 500 }, (_, i) => (i % 2 ? full(i) : churnOnly(i))),
      ...Array.from({ length: 500 }, (_, i) => churnOnly(1000 + i)),
      ...Array.from({ length: 500 }, (_, i) => full(1000 + i)),
    ];
    const report = await client.syncProfiles(profiles, {
      batchSize: 500,
      onFailure: (f) => failures.push(f),
    });

    const requests = iterable.requests;
    const writes = requests.filter((r) => r.endpoint === 'bulkUpdate');
    expect(writes.every((r) => !JSON.stringify(r.body).includes(ADDED_AT))).toBe(true);
    // One check, with its retries, never repeated for a later batch.
    expect(requests.filter((r) => r.endpoint === 'getFields')).toHaveLength(3);
    expect(report).toMatchObject({ total: 1500, succeeded: 750, failed: 750, invalid: 0, aborted: 0 });
    expect(failures.map((f) => f.userId).sort()).toEqual(
      profiles
        .filter((p) => 'addedAt' in p)
        .map((p) => p.userId)
        .sort(),
    );
    for (const failure of failures) {
      expect(failure).toMatchObject({ reason: 'request-failed', retryable: true, field: ADDED_AT });
      expect(failure.message).toMatch(/HTTP 500/);
    }
    expect([...iterable.users.keys()].every((id) => id.startsWith('churn-'))).toBe(true);
    expect(iterable.users.size).toBe(750);
  });
});
