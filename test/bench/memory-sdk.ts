// Worker: memory of a long sync. Profiles come from a generator, one at a time, through
// syncProfiles with the rate limit off, to a stand-in in another process. RSS is read after every
// batch; the peak is the kernel's high-water mark for this process.
import { loadSdk } from './paths.js';
import { generateProfiles } from './profiles.js';
import { rssBetween, rssByTenth, rssRangeFrom } from './report.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface MemoryInput {
  readonly profiles: number;
}

/** RSS over one long sync, in bytes. */
export interface MemoryResult {
  readonly profiles: number;
  readonly succeeded: number;
  readonly wallMs: number;
  /** RSS around 20% of the run: the median of the readings between 15% and 25%. */
  readonly rssAt20: number;
  /** RSS at the end of the run: the median of the readings over its last 10%. */
  readonly rssAt100: number;
  /** The lowest and highest readings from 20% of the run on. */
  readonly rssRange: readonly [number, number];
  /** The median reading in each tenth of the run. */
  readonly rssByTenth: readonly number[];
  /** RSS readings taken (one after every batch). */
  readonly readings: number;
  /** Peak RSS of the process (its high-water mark). */
  readonly peakRss: number;
  /** RSS before the sync started (client, stand-in connection and module code). */
  readonly rssBefore: number;
}

const input = workerInput<MemoryInput>();
const standIn = await startStandIn({ rateLimits: false, recordRequests: false });
const { IterableClient } = await loadSdk();
const client = new IterableClient({ apiKey: standIn.apiKey, baseUrl: standIn.url, rateLimit: false });

const rssBefore = process.memoryUsage.rss();
const readings: { progress: number; rss: number }[] = [];
const started = performance.now();
const report = await client.syncProfiles(generateProfiles(input.profiles, 'memory'), {
  onProgress: ({ processed }) => {
    readings.push({ progress: processed / input.profiles, rss: process.memoryUsage.rss() });
  },
});
const wallMs = performance.now() - started;
await standIn.close();

emit({
  profiles: input.profiles,
  succeeded: report.succeeded,
  wallMs,
  rssAt20: rssBetween(readings, 0.15, 0.25),
  rssAt100: rssBetween(readings, 0.9, 1),
  rssRange: rssRangeFrom(readings, 0.2),
  rssByTenth: rssByTenth(readings),
  readings: readings.length,
  // `maxRSS` is in kilobytes.
  peakRss: process.resourceUsage().maxRSS * 1024,
  rssBefore,
} satisfies MemoryResult);
