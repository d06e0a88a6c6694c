import { describe, expect, it } from 'vitest';
import { IterableClient, SUBSETS_FIELDS } from '../../src/index.js';
import { maxInAnySecond, startStandInChild } from '../support/stand-in-child.js';

const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string']));

describe('syncProfiles pacing against the stand-in', () => {
  it('syncs 20,000 profiles with default options: no 429, never more than 5 bulkUpdate starts in a second', async () => {
    // The stand-in runs in its own process here, so that the arrival times it records are not
    // held up by this process's own work, as with a real, remote Iterable.
    const child = await startStandInChild({ fields: STRING_FIELDS });
    try {
      const client = new IterableClient({ apiKey: child.apiKey, baseUrl: child.url });
      const profiles = Array.from({ length: 20_000 }, (_, i) => ({
        userId: `user-${i}`,
        experimentId: 'exp-1',
        experimentName: 'Winback',
        addedAt: '2026-11-29T01:40:43Z',
        assignment: i % 2 === 0 ? ('treatment' as const) : ('control' as const),
        churnRisk: (i % 100) / 100,
      }));
      const report = await client.syncProfiles(profiles);
      const record = await child.record();
      const bulk = record.requests.filter((r) => r.endpoint === 'bulkUpdate');
      expect(bulk.filter((r) => r.status === 429)).toHaveLength(0);
      expect(report).toMatchObject({
        total: 20_000,
        succeeded: 20_000,
        rateLimited: 0,
        requests: 20,
        batches: 20,
      });
      expect(maxInAnySecond(bulk.map((r) => r.receivedAt))).toBeLessThanOrEqual(5);
      expect(record.users).toBe(20_000);
    } finally {
      await child.close();
    }
  });
});
