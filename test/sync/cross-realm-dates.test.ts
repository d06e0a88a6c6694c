import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { IterableClient, SUBSETS_FIELDS } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]));

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

describe('syncProfiles with dates from another realm', () => {
  it('sends addedAt made by a vm context’s Date, as test environments make them', async () => {
    iterable = await startFakeIterable({ rateLimits: false, fields: STRING_FIELDS });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const addedAt = runInNewContext('new Date(Date.UTC(2026, 10, 29, 1, 40, 43))') as Date;
    expect(addedAt instanceof Date).toBe(false);

    const report = await client.syncProfiles([
      { userId: 'realm-1', experimentId: 'exp-1', experimentName: 'Winback', addedAt, assignment: 'control' },
    ]);

    expect(report).toMatchObject({ total: 1, succeeded: 1, invalid: 0, failures: [] });
    expect(iterable.users.get('realm-1')?.dataFields).toEqual({
      subsetsExperimentId: 'exp-1',
      subsetsExperimentName: 'Winback',
      subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
      subsetsExperimentAssignment: 'control',
    });
  });
});
