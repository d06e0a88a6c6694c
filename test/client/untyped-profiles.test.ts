import { afterAll, beforeAll, expect, it } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import { untypedProfiles } from '../../src/client/untyped-profiles.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';

let iterable: FakeIterable;
beforeAll(async () => {
  iterable = await startFakeIterable({ rateLimits: false });
});
afterAll(() => iterable.close());

function client(): IterableClient {
  return new IterableClient({
    apiKey: iterable.apiKey,
    baseUrl: iterable.url,
    rateLimit: false,
    retry: false,
  });
}

it('syncs the valid rows of parsed JSON and reports the others, each validated as it is read', async () => {
  const rows: unknown = JSON.parse(
    '[{"userId":"json-1","churnRisk":0.4},42,{"userId":"json-2","churnrisk":0.5},null,{"userId":"json-3","churnRisk":"0.9"}]',
  );
  if (!Array.isArray(rows)) throw new Error('the fixture is an array');
  const report = await client().syncProfiles(untypedProfiles(rows));
  expect(report).toMatchObject({ total: 5, succeeded: 2, invalid: 3, failed: 0 });
  expect(report.failures.map((f) => [f.index, f.reason])).toEqual([
    [1, 'validation'],
    [2, 'validation'],
    [3, 'validation'],
  ]);
  expect(iterable.users.get('json-1')?.dataFields).toMatchObject({ subsetsSubscriberChurnRisk: '0.4' });
  expect(iterable.users.get('json-3')?.dataFields).toMatchObject({ subsetsSubscriberChurnRisk: '0.9' });
  expect(iterable.users.has('json-2')).toBe(false);
});

it('reads an async source lazily, like any other source', async () => {
  let read = 0;
  async function* lines(): AsyncGenerator<unknown> {
    for (const line of ['{"userId":"line-1","churnRisk":0.1}', '{"userId":"line-2","churnRisk":0.2}']) {
      read += 1;
      yield JSON.parse(line);
    }
  }
  const wrapped = untypedProfiles(lines());
  expect(read).toBe(0);
  const report = await client().syncProfiles(wrapped);
  expect(read).toBe(2);
  expect(report).toMatchObject({ total: 2, succeeded: 2 });
});

it('refuses a source that is not iterable with a TypeError', () => {
  for (const value of [42, null, undefined, { userId: 'u' }]) {
    expect(() => untypedProfiles(value as never)).toThrow(TypeError);
  }
});
