// The CPU profile of one warm sync at Iterable's ceiling (5 requests/second), to see where the SDK
// spends its time when the rate limit, not the CPU, sets the pace: a first sync warms the process,
// then only the second is profiled.
//
// Run:  npm run build && npx tsx test/bench/ceiling-profile.ts [profiles]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { summarizeProfile } from './cpu-profile.js';
import { loadSdk, ROOT } from './paths.js';
import { generateProfiles } from './profiles.js';
import { startStandIn } from './stand-in.js';

process.env.BENCH_ROOT = ROOT; // the stand-in runs compiled from elsewhere
const profiles = Number(process.argv[2] ?? 50_000);
const standIn = await startStandIn({ rateLimits: true, recordRequests: false });
const { IterableClient } = await loadSdk();
const client = new IterableClient({ apiKey: standIn.apiKey, baseUrl: standIn.url });
await client.syncProfiles(generateProfiles(20_000, 'warmup'));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
await client.syncProfiles(generateProfiles(profiles, 'ceiling'));
const { profile } = await session.post('Profiler.stop');
session.disconnect();
await standIn.close();

const file = path.join(os.tmpdir(), 'subsets-ceiling.cpuprofile');
writeFileSync(file, JSON.stringify(profile));
const summary = summarizeProfile(file, 25);
console.log(
  `${profiles} profiles: main thread busy ${(summary.busyMs / (profiles / 1000)).toFixed(2)} ms per 1,000 (under the TypeScript loader); profile in ${file}`,
);
for (const entry of summary.top) {
  console.log(
    `${entry.selfMs.toFixed(0).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}  ${entry.where}`,
  );
}
