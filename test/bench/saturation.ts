// Worker: saturation. The stand-in (its own process) enforces Iterable's 5 bulkUpdate
// requests/second and answers each request 50–300 ms late; the client runs with its defaults. What
// counts is what the server saw: the requests it let through per second, and the 429s it answered.
import { loadSdk } from './paths.js';
import { generateProfiles } from './profiles.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface SaturationInput {
  /** bulkUpdate requests to make (1,000 profiles each). */
  readonly requests: number;
}

/** What the server saw. */
export interface SaturationResult {
  readonly requests: number;
  /** Requests answered 200. */
  readonly accepted: number;
  /** Requests answered 429. */
  readonly rejected: number;
  /** Accepted requests per second, from the first arrival to the last. */
  readonly perSecond: number;
  /** Accepted requests per second over the whole sync, as the client timed it (from start to last answer). */
  readonly perSecondWall: number;
  /** Most accepted requests whose arrivals fall within any one second. */
  readonly maxInOneSecond: number;
  readonly clientRateLimited: number;
  readonly wallMs: number;
}

/** Most arrival times within any window of one second. */
function maxInAnySecond(times: readonly number[]): number {
  let max = 0;
  let from = 0;
  for (let to = 0; to < times.length; to += 1) {
    while ((times[to] as number) - (times[from] as number) >= 1000) from += 1;
    max = Math.max(max, to - from + 1);
  }
  return max;
}

const input = workerInput<SaturationInput>();
const standIn = await startStandIn({
  rateLimits: true,
  recordRequests: 'metadata',
  faults: { latency: { probability: 1, minMs: 50, maxMs: 300 }, seed: 7 },
});
const { IterableClient } = await loadSdk();
const client = new IterableClient({ apiKey: standIn.apiKey, baseUrl: standIn.url });

const started = performance.now();
const report = await client.syncProfiles(generateProfiles(input.requests * 1000, 'saturation'));
const wallMs = performance.now() - started;
const bulk = (await standIn.requests()).filter((request) => request.endpoint === 'bulkUpdate');
await standIn.close();

const arrivals = bulk
  .filter((request) => request.status === 200)
  .map((request) => request.receivedAt)
  .sort((a, b) => a - b);
const span = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
emit({
  requests: bulk.length,
  accepted: arrivals.length,
  rejected: bulk.filter((request) => request.status === 429).length,
  perSecond: span > 0 ? (arrivals.length - 1) / span : 0,
  perSecondWall: arrivals.length / (wallMs / 1000),
  maxInOneSecond: maxInAnySecond(arrivals),
  clientRateLimited: report.rateLimited,
  wallMs,
} satisfies SaturationResult);
