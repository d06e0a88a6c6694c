// Worker: incremental sync. A first, full sync of N profiles records every user in a state; a
// second sync of the same N profiles, of which a share changed, sends only those. The stand-in (its
// own process) enforces a raised bulkUpdate limit, and the client paces to the same, so that the
// run stays short while both syncs are still held to a rate limit, as every real sync is.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, loadSdk } from './paths.js';
import { type BenchProfile, benchProfile } from './profiles.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface IncrementalInput {
  readonly profiles: number;
  /** Share of the profiles whose churn risk changes between the two syncs, from 0 to 1. */
  readonly changedShare: number;
  /** bulkUpdate requests per second, for the stand-in's limit and the client's pacing. */
  readonly requestsPerSecond: number;
  /** Which store keeps the state. */
  readonly store: 'memory' | 'lmdb';
}

/** The two syncs side by side. */
export interface IncrementalResult {
  readonly profiles: number;
  readonly changed: number;
  readonly first: { readonly requests: number; readonly wallMs: number; readonly succeeded: number };
  readonly second: {
    readonly requests: number;
    readonly wallMs: number;
    readonly succeeded: number;
    readonly unchanged: number;
  };
  /** Server-side: bulkUpdate requests the stand-in received in the second sync. */
  readonly secondArrivals: number;
  /** The most requests the issue allows the second sync: ceil(changed / 1,000) + 5. */
  readonly requestBudget: number;
}

const input = workerInput<IncrementalInput>();
const standIn = await startStandIn({
  rateLimits: { bulkUpdate: input.requestsPerSecond },
  recordRequests: 'metadata',
});
const sdk = await loadSdk();
const client = new sdk.IterableClient({
  apiKey: standIn.apiKey,
  baseUrl: standIn.url,
  rateLimit: input.requestsPerSecond,
});
const directory = mkdtempSync(path.join(os.tmpdir(), 'subsets-bench-state-'));
const state =
  input.store === 'memory'
    ? sdk.createMemoryState()
    : (
        (await import(
          pathToFileURL(path.join(distDir(), 'lmdb.js')).href
        )) as typeof import('../../src/lmdb/index.js')
      ).createLmdbState({ path: directory });

const every = Math.round(1 / input.changedShare);
function* profiles(round: number): Generator<BenchProfile> {
  for (let index = 0; index < input.profiles; index += 1) {
    const profile = benchProfile(index, 'incremental');
    // In the second round, every `every`-th user has a new churn risk.
    yield round === 2 && index % every === 0 ? { ...profile, churnRisk: 1 - profile.churnRisk } : profile;
  }
}
const changed = Math.ceil(input.profiles / every);

const arrivals = async () => (await standIn.requests()).filter((r) => r.endpoint === 'bulkUpdate').length;
let started = performance.now();
const first = await client.syncProfiles(profiles(1), { state });
const firstWall = performance.now() - started;
const afterFirst = await arrivals();
started = performance.now();
const second = await client.syncProfiles(profiles(2), { state });
const secondWall = performance.now() - started;
const secondArrivals = (await arrivals()) - afterFirst;
await standIn.close();
if ('close' in state && typeof state.close === 'function') await state.close();
rmSync(directory, { recursive: true, force: true });

emit({
  profiles: input.profiles,
  changed,
  first: { requests: first.requests, wallMs: firstWall, succeeded: first.succeeded },
  second: {
    requests: second.requests,
    wallMs: secondWall,
    succeeded: second.succeeded,
    unchanged: second.unchanged,
  },
  secondArrivals,
  requestBudget: Math.ceil(changed / 1000) + 5,
} satisfies IncrementalResult);
