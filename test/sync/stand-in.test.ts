import { afterEach, describe, expect, it } from 'vitest';
import { IterableClient, SUBSETS_FIELDS } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]));

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

describe('syncProfiles against the stand-in', () => {
  it('stores exactly the values sent, as strings', async () => {
    // Fields created by ensureFields at setup, as the guide asks: a first value that looks like a
    // date would otherwise make Iterable type subsetsExperimentAddedAt as date.
    iterable = await startFakeIterable({ rateLimits: false, fields: STRING_FIELDS });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    await client.syncProfiles(
      Array.from({ length: 10 }, (_, i) => ({
        userId: `user-${i}`,
        experimentId: 'exp-1',
        experimentName: 'Winback',
        addedAt: '2026-11-29T01:40:43Z',
        assignment: i % 2 === 0 ? ('treatment' as const) : ('control' as const),
        churnRisk: (i % 100) / 100,
      })),
    );
    expect(iterable.users.get('user-7')?.dataFields).toEqual({
      subsetsExperimentId: 'exp-1',
      subsetsExperimentName: 'Winback',
      subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
      subsetsExperimentAssignment: 'control',
      subsetsSubscriberChurnRisk: '0.07',
    });
    for (const field of ['subsetsExperimentId', 'subsetsSubscriberChurnRisk', 'subsetsExperimentAddedAt']) {
      expect(iterable.fields.get(field)).toBe('string');
    }
  });

  it('reports invalid user ids and forgotten users exactly as Iterable lists them', async () => {
    iterable = await startFakeIterable({ rateLimits: false, forgottenUserIds: ['gone-1'] });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const report = await client.syncProfiles([
      { userId: 'ok-1', churnRisk: 0.1 },
      { userId: 'gone-1', churnRisk: 0.2 },
      { userId: 'ok-2', churnRisk: 0.3 },
    ]);
    expect(report).toMatchObject({ succeeded: 2, failed: 1 });
    expect(report.failures).toEqual([
      expect.objectContaining({ userId: 'gone-1', reason: 'forgotten', retryable: false, index: 1 }),
    ]);
    expect(iterable.users.has('gone-1')).toBe(false);
  });

  it('keeps syncing the other fields when the project holds one with another type', async () => {
    iterable = await startFakeIterable({
      rateLimits: false,
      fields: { ...STRING_FIELDS, subsetsSubscriberChurnRisk: 'double' },
    });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const report = await client.syncProfiles([
      {
        userId: 'u-1',
        experimentId: 'e',
        experimentName: 'n',
        addedAt: 0,
        assignment: 'treatment',
        churnRisk: 0.5,
      },
    ]);
    expect(report.failures).toEqual([
      expect.objectContaining({
        userId: 'u-1',
        reason: 'type-mismatch',
        field: 'subsetsSubscriberChurnRisk',
      }),
    ]);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({
      subsetsExperimentId: 'e',
      subsetsExperimentName: 'n',
      subsetsExperimentAddedAt: '1970-01-01T00:00:00.000Z',
      subsetsExperimentAssignment: 'treatment',
    });
    expect(report.requests).toBe(2);
  });

  it('stops before writing subsetsExperimentAddedAt to a project without the field, and says to run ensureFields', async () => {
    iterable = await startFakeIterable({ rateLimits: false });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const error = await client
      .syncProfiles([
        { userId: 'u-1', experimentId: 'e', experimentName: 'n', addedAt: 0, assignment: 'control' },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'FieldSetupRequiredError', missing: ['subsetsExperimentAddedAt'] });
    expect((error as Error).message).toMatch(/ensureFields/);
    expect(iterable.requests.filter((r) => r.endpoint === 'bulkUpdate')).toHaveLength(0);
    expect(iterable.fields.has('subsetsExperimentAddedAt')).toBe(false);
  });

  it('does not read the fields for a churn-score refresh, nor with verifyFields: false', async () => {
    iterable = await startFakeIterable({ rateLimits: false });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const churnOnly = await client.syncProfiles([{ userId: 'u-1', churnRisk: 0.3 }]);
    expect(churnOnly.succeeded).toBe(1);
    const unchecked = await client.syncProfiles(
      [{ userId: 'u-2', experimentId: 'e', experimentName: 'n', addedAt: 0, assignment: 'control' }],
      { verifyFields: false },
    );
    expect(unchecked.succeeded).toBe(1);
    expect(iterable.requests.filter((r) => r.endpoint === 'getFields')).toHaveLength(0);
  });
});
