// Worker: the client's CPU cost at Iterable's ceiling. The stand-in (its own process) enforces
// 5 bulkUpdate requests/second; the client runs with its defaults (5 requests/second, 5 in flight),
// so the sync lasts as long as the limit makes it, and this process's CPU time is what one
// production sync costs per profile.
import { loadSdk } from './paths.js';
import { generateProfiles } from './profiles.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface CeilingInput {
  readonly profiles: number;
  /**
   * Profiles synced first, at the ceiling too, and not measured: a service that syncs project after
   * project runs warm (its code optimized, its connections open). 0 measures a fresh process.
   */
  readonly warmup?: number;
}

/** What one sync at the ceiling cost. */
export interface CeilingResult {
  readonly profiles: number;
  readonly warmup: number;
  readonly wallMs: number;
  /** CPU time (user + system) of this process during the sync. */
  readonly cpuMs: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly succeeded: number;
}

const input = workerInput<CeilingInput>();
const standIn = await startStandIn({ rateLimits: true, recordRequests: false });
const { IterableClient } = await loadSdk();
const client = new IterableClient({ apiKey: standIn.apiKey, baseUrl: standIn.url });

const warmup = input.warmup ?? 0;
if (warmup > 0) await client.syncProfiles(generateProfiles(warmup, 'ceiling-warmup'));

const cpu = process.cpuUsage();
const started = performance.now();
const report = await client.syncProfiles(generateProfiles(input.profiles, 'ceiling'));
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
await standIn.close();

emit({
  profiles: input.profiles,
  warmup,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  requests: report.requests,
  rateLimited: report.rateLimited,
  succeeded: report.succeeded,
} satisfies CeilingResult);
