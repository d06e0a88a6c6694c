/**
 * Policies are values: a retry policy, a concurrency limiter and a rate limiter, shared by two
 * clients that write to the same Iterable project at the same time. Together they stay within the
 * project's 5 bulkUpdate requests per second and 2 requests in flight.
 *
 * Against the stand-in, one bulkUpdate in five fails with a 500 (seeded, so every run is the
 * same), to show the retries at work.
 *
 *   npx tsx examples/custom-retry-and-shared-limiter.ts
 *   ITERABLE_API_KEY=... npx tsx examples/custom-retry-and-shared-limiter.ts   # run field-setup first
 */
import { createRateLimiter, IterableClient, type RetryOptions, type SyncReport } from '@subsets/iterable';
import pLimit from 'p-limit';
import { openTarget, SUBSETS_FIELDS_READY } from './support/target.js';

const target = await openTarget({
  fields: SUBSETS_FIELDS_READY,
  faults: { seed: 7, endpoints: ['bulkUpdate'], serverError: 0.2 },
});
try {
  // Fewer retries than the default 5, starting sooner, and never waiting more than 5 s between
  // two attempts (nor more than 10 s when Iterable asks for a longer pause).
  const retry: RetryOptions = { retries: 3, minDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 10_000 };
  // One limiter of each kind, shared: both clients draw from the same 2 slots and 5 starts per second.
  const concurrency = pLimit(2);
  const rateLimit = createRateLimiter({ requestsPerSecond: 5 });

  const churnScores = new IterableClient({ ...target.clientOptions, retry, concurrency, rateLimit });
  const experiments = new IterableClient({ ...target.clientOptions, retry, concurrency, rateLimit });

  const started = performance.now();
  const [scores, assignments] = await Promise.all([
    churnScores.syncProfiles(
      Array.from({ length: 1_200 }, (_, i) => ({
        userId: `subsets-example-${i}`,
        churnRisk: (i % 100) / 100,
      })),
      { batchSize: 200 },
    ),
    experiments.syncProfiles(
      Array.from({ length: 1_200 }, (_, i) => ({
        userId: `subsets-example-${i}`,
        experimentId: 'exp-7',
        experimentName: 'Annual plan nudge',
        addedAt: Date.UTC(2026, 10, 29),
        assignment: i % 2 === 0 ? ('treatment' as const) : ('control' as const),
      })),
      { batchSize: 200 },
    ),
  ]);
  const seconds = (performance.now() - started) / 1000;

  const line = (name: string, r: SyncReport) =>
    `  ${name}: ${r.succeeded}/${r.total} updated, ${r.requests} requests for ${r.batches} batches ` +
    `(retries: ${r.retries}, 429 answers: ${r.rateLimited})`;
  console.log(`Two clients, one rate limit, against ${target.description}:`);
  console.log(line('churn scores', scores));
  console.log(line('experiments ', assignments));
  const requests = scores.requests + assignments.requests;
  console.log(
    `  ${requests} requests in ${seconds.toFixed(1)} s: ${(requests / seconds).toFixed(1)} per second`,
  );
} finally {
  await target.close();
}
