import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IterableClient, SyncAbortedError, untypedProfiles } from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import {
  between,
  expectNoKey,
  recordingLogger,
  rejectionOf,
  SECRET_KEY,
  SETUP_FIELDS,
  scaled,
  seededRandom,
} from './support.js';

const MOMENTS = scaled(50, 200);

let iterable: FakeIterable;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  iterable = await startFakeIterable({
    apiKey: SECRET_KEY,
    rateLimits: false,
    fields: SETUP_FIELDS,
    faults: {
      seed: 7,
      endpoints: ['bulkUpdate'],
      serverError: 0.1,
      rateLimitBurst: 0.03,
      connectionReset: 0.03,
      hang: 0.03,
      latency: { minMs: 2, maxMs: 30 },
    },
  });
});

afterAll(async () => {
  await iterable.close();
  process.off('unhandledRejection', onUnhandled);
});

/** An endless source of churn refreshes and experiments: the sync can only end by the abort. */
function* endless(run: number) {
  for (let i = 0; ; i += 1) {
    const userId = `abort-${run}-${i}`;
    if (i % 3 === 0) {
      yield { userId, experimentId: 'e', experimentName: 'n', addedAt: i * 1000, assignment: 'control' };
    } else yield { userId, churnRisk: (i % 100) / 100 };
  }
}

/**
 * The requests of run `run` the stand-in received. A request of an earlier run that was still on its
 * way may arrive after the reset, so requests are told apart by the users they carry.
 */
function received(run: number): number {
  const prefix = `abort-${run}-`;
  return iterable.requests.filter((request) => {
    const users = (request.body as { users?: { userId?: string }[] } | undefined)?.users;
    return users?.[0]?.userId?.startsWith(prefix) === true;
  }).length;
}

/** How one aborted sync went, as seen from `fetch`. */
interface Starts {
  /** Requests handed to fetch with a live signal before the abort. */
  before: number;
  /** Requests handed to fetch with a live signal after the abort: each one would be a request started late. */
  after: number;
  /** fetch calls made with a signal already aborted (fetch sends nothing for them). */
  deadOnArrival: number;
}

describe(`abort at ${MOMENTS} seeded random moments`, () => {
  it(
    'rejects with SyncAbortedError whose report adds up, and starts no request after the abort',
    async () => {
      const random = seededRandom(20_261_129);
      const outcomes: string[] = [];
      for (let run = 0; run < MOMENTS; run += 1) {
        iterable.reset();
        const controller = new AbortController();
        let abortedAt: number | undefined;
        let abortedAtMs = 0;
        const starts: Starts = { before: 0, after: 0, deadOnArrival: 0 };
        const logger = recordingLogger();
        const client = new IterableClient({
          apiKey: SECRET_KEY,
          baseUrl: iterable.url,
          timeout: 10_000,
          concurrency: between(random, 1, 6),
          rateLimit: between(random, 50, 400),
          retry: { retries: 4, minDelayMs: 15, maxDelayMs: 120 },
          logger,
          fetch: (input, init) => {
            const signal = input instanceof Request ? input.signal : init?.signal;
            if (signal?.aborted) starts.deadOnArrival += 1;
            else if (abortedAt === undefined) starts.before += 1;
            else starts.after += 1;
            return globalThis.fetch(input, init);
          },
        });
        const reason = random() < 0.5 ? undefined : new Error(`stopped by run ${run}`);
        const abort = () => {
          if (abortedAt !== undefined) return;
          abortedAt = received(run);
          abortedAtMs = performance.now();
          controller.abort(reason);
        };
        // Two kinds of moment: a timer anywhere in the first 250 ms (while requests, retries and rate
        // limiter waits are pending), or from inside onProgress after a random number of batches.
        const byProgress = random() < 0.3;
        const afterBatches = between(random, 1, 8);
        const delayMs = between(random, 0, 250);
        const timer = byProgress ? undefined : setTimeout(abort, delayMs);
        const sync = client.syncProfiles(untypedProfiles(endless(run)), {
          batchSize: between(random, 5, 60),
          signal: controller.signal,
          onProgress: (progress) => {
            if (byProgress && progress.batches >= afterBatches) abort();
          },
        });
        const error = await rejectionOf(sync);
        const stoppedAfterMs = performance.now() - abortedAtMs;
        clearTimeout(timer);

        expect(error).toBeInstanceOf(SyncAbortedError);
        // Requests in flight (some hung, with a 10 s timeout) and waits end at the abort: a generous bound.
        expect(stoppedAfterMs).toBeLessThan(3000);
        const { report } = error as SyncAbortedError;
        expect((error as SyncAbortedError).cause).toBe(controller.signal.reason);
        expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
        expect(report.invalid).toBe(0);
        // Every user counted as updated is in the stand-in (some counted aborted may be too: their
        // request was handled, but its answer came after the abort).
        const stored = [...iterable.users.keys()].filter((id) => id.startsWith(`abort-${run}-`)).length;
        expect(stored).toBeGreaterThanOrEqual(report.succeeded);

        // No request started after the abort: fetch was never handed a live request once the signal
        // had aborted, and the stand-in received no request that had not started before it.
        expect(starts.after, `run ${run}: requests started after the abort`).toBe(0);
        // A request already written to the socket may still arrive after the abort (the stand-in
        // records a request once its body is in); give those a moment, then count.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received(run)).toBeLessThanOrEqual(starts.before);
        expectNoKey(error, report);
        for (const line of logger.lines) expect(line).not.toContain(SECRET_KEY);
        outcomes.push(
          `${byProgress ? `after ${afterBatches} batches` : `${delayMs} ms`}: ${report.succeeded}/${report.total}, ` +
            `${abortedAt} requests arrived before the abort, ${received(run) - (abortedAt ?? 0)} after, ` +
            `${starts.deadOnArrival} never sent`,
        );
      }
      expect(outcomes).toHaveLength(MOMENTS);
      if (process.env.RELIABILITY_FIGURES) console.log(outcomes.join('\n'));
      expect(unhandled).toEqual([]);
    },
    scaled(60_000, 240_000),
  );
});
