import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IterableClient } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { transportOptions } from '../support/transport.js';
import { SECRET_KEY, SETUP_FIELDS } from './support.js';

let iterable: FakeIterable;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeAll(async () => {
  process.on('warning', onWarning);
  // Every request fails once in a while, so that many batches wait in their backoff at once.
  iterable = await startFakeIterable({
    apiKey: SECRET_KEY,
    rateLimits: false,
    fields: SETUP_FIELDS,
    faults: { seed: 9, serverError: 0.5, latency: { minMs: 5, maxMs: 20 } },
  });
});

afterAll(async () => {
  await iterable.close();
  process.off('warning', onWarning);
});

describe('a sync with many requests in flight', () => {
  it('waits on its signal once per batch without Node warning of a listener leak', async () => {
    const client = new IterableClient({
      apiKey: SECRET_KEY,
      ...transportOptions(),
      baseUrl: iterable.url,
      concurrency: 24,
      rateLimit: 400,
      retry: { retries: 6, minDelayMs: 40, maxDelayMs: 80 },
    });
    const profiles = Array.from({ length: 2400 }, (_, i) => ({ userId: `l-${i}`, churnRisk: 0.5 }));
    const report = await client.syncProfiles(profiles, { batchSize: 20 });
    expect(report.retries).toBeGreaterThan(24);
    expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
    // Node warns past 10 listeners on one signal: many batches in flight wait on the sync's signal
    // at once (for the rate limiter or a backoff), which is expected, and each wait removes its own.
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });
});
