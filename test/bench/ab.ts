// A/B of two builds of the SDK in one process: the same profiles synced by build A and build B in
// alternating rounds against one stand-in in its own process (rate limit off), so that the
// machine's noise falls on both alike. Prints client CPU µs per profile and throughput for each,
// and B ÷ A: the median of the rounds' own ratios (each round runs A and B back to back), with how
// many rounds B used less CPU in, so that a difference smaller than the noise reads as one. Each
// optimisation is measured this way before it lands.
//
// AB_WARMUP sets the profiles each build syncs before the rounds (a tenth of a round by default);
// AB_VERBOSE=1 prints each round's user and system CPU µs per profile.
// With AB_CEILING=1 the stand-in enforces Iterable's 5 requests/second and the clients run with
// their default rate limit: the cost per profile at the ceiling, where the CPU mostly waits.
//
// Run:  npx tsx test/bench/ab.ts <A: a built index.js> <B: a built index.js> [profiles] [rounds]
// e.g.  git worktree add /tmp/base HEAD && (cd /tmp/base && ln -s "$PWD/node_modules" . && npx tsup)
//       npx tsx test/bench/ab.ts /tmp/base/dist/index.js dist/index.js 200000 6
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';
import { generateProfiles } from './profiles.js';
import { median, plainTable } from './report.js';
import { startStandIn } from './stand-in.js';

type Sdk = typeof import('../../src/index.js');

const [fileA, fileB, profilesArg, roundsArg] = process.argv.slice(2);
if (fileA === undefined || fileB === undefined) {
  console.error('usage: npx tsx test/bench/ab.ts <A index.js> <B index.js> [profiles] [rounds]');
  process.exit(2);
}
const profiles = Number(profilesArg ?? 200_000);
const rounds = Number(roundsArg ?? 6);
const load = async (file: string): Promise<Sdk> => import(pathToFileURL(path.resolve(file)).href);

process.env.BENCH_ROOT = ROOT; // the stand-in runs compiled from elsewhere
const ceiling = process.env.AB_CEILING === '1';
const standIn = await startStandIn({ rateLimits: ceiling, recordRequests: false });
const builds = [
  { name: 'A', file: fileA, sdk: await load(fileA), cpuUs: [] as number[], rates: [] as number[] },
  { name: 'B', file: fileB, sdk: await load(fileB), cpuUs: [] as number[], rates: [] as number[] },
];
const clientOf = (sdk: Sdk) =>
  new sdk.IterableClient({
    apiKey: standIn.apiKey,
    baseUrl: standIn.url,
    ...(ceiling ? {} : { rateLimit: false as const }),
    concurrency: 5,
  });

const warmup = Number(process.env.AB_WARMUP ?? profiles / 10);
for (const build of builds) await clientOf(build.sdk).syncProfiles(generateProfiles(warmup, 'warmup'));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const build of order) {
    const client = clientOf(build.sdk);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await client.syncProfiles(generateProfiles(profiles, `round-${round}`));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (report.succeeded !== profiles)
      throw new Error(`${build.name}: ${report.succeeded} of ${profiles} succeeded`);
    build.cpuUs.push((used.user + used.system) / profiles);
    if (process.env.AB_VERBOSE === '1')
      console.log(round, build.name, (used.user / profiles).toFixed(2), (used.system / profiles).toFixed(2));
    build.rates.push(profiles / (wallMs / 1000));
  }
}
await standIn.close();

const summarize = (build: (typeof builds)[number]) => ({
  name: build.name,
  file: build.file,
  cpu: median(build.cpuUs),
  rate: median(build.rates),
});
const a = summarize(builds[0] as (typeof builds)[number]);
const b = summarize(builds[1] as (typeof builds)[number]);
console.log(
  plainTable({
    head: ['build', 'file', 'client CPU µs/profile (median)', 'profiles/s (median)'],
    rows: [a, b].map((x) => [x.name, x.file, x.cpu.toFixed(2), Math.round(x.rate).toLocaleString('en-US')]),
  }),
);
const [aRuns, bRuns] = builds.map((build) => build.cpuUs) as [number[], number[]];
const ratios = bRuns.map((cpu, round) => cpu / (aRuns[round] as number));
const fewer = ratios.filter((ratio) => ratio < 1).length;
console.log(
  `\nB ÷ A per round: CPU median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}); B used less CPU in ${fewer} of ${rounds} rounds`,
);
console.log(
  `B ÷ A: CPU ${(b.cpu / a.cpu).toFixed(3)}, throughput ${(b.rate / a.rate).toFixed(3)} (${rounds} rounds of ${profiles.toLocaleString('en-US')}${ceiling ? ', at 5 requests/second' : ''})`,
);
