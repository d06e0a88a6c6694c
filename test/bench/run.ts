// `npm run bench`: builds the package (the npm script does), then measures the built `dist` in five
// parts and profiles the sync, prints the figures, and writes docs/benchmarks.md.
// `BENCH_QUICK=1 npm run bench` runs a smaller smoke version and writes no document.
// `BENCH_PARTS=memory,saturation` runs only the parts named (see PARTS in paths.ts), writing no document;
// `BENCH_MEMORY_PROFILES=10000000` sets the memory runs' size, `BENCH_SATURATION_RUNS=10` the number
// of saturation runs.
//
// Every comparison runs its contenders side by side in one process, alternating, so that a noisy
// machine slows them alike and the ratios hold. The stand-in always runs in a process of its own,
// so the measured process holds only the client.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CeilingInput, CeilingResult } from './ceiling.js';
import { cliMemory } from './cli-memory.js';
import type { ContenderName } from './contenders.js';
import { type ProfileSummary, summarizeProfile } from './cpu-profile.js';
import type { IncrementalInput, IncrementalResult } from './incremental.js';
import type { MemoryInput, MemoryResult } from './memory-sdk.js';
import { type CpuRatio, whatChanged } from './notes.js';
import type { OverheadInput, OverheadRun } from './overhead.js';
import { CACHE, envCount, PARTS, type Part, QUICK, ROOT, SELECTED } from './paths.js';
import { type RedisStateInput, type RedisStateResult, redisServerAvailable } from './redis-state-memory.js';
import {
  fixed,
  int,
  markdownTable,
  median,
  mib,
  percent,
  plainTable,
  type Table,
  verdict,
} from './report.js';
import type { SaturationInput, SaturationResult } from './saturation.js';
import { type BundleSize, consumerBundle, entrySizes, type FileSize } from './size.js';
import { runStateLookup, type StateLookupResult } from './state-lookup.js';
import type { TransportsInput, TransportsResult } from './transports.js';
import { runWorker } from './worker.js';

const SIZES = QUICK
  ? {
      overhead: 20_000,
      rounds: 3,
      small: 10_000,
      ceiling: 10_000,
      ceilingWarmup: 5_000,
      ceilingRuns: 1,
      memory: envCount('BENCH_MEMORY_PROFILES', 100_000),
      saturation: 30,
      saturationRuns: envCount('BENCH_SATURATION_RUNS', 1),
      transports: 20,
      transportRounds: 2,
      incremental: 20_000,
      state: 20_000,
      profile: 20_000,
    }
  : {
      overhead: 200_000,
      // Single rounds' CPU ratios spread by ±20% on this kind of machine: nine rounds give a median
      // that moves by a few percent from run to run, three by over ten.
      rounds: 9,
      small: 100_000,
      ceiling: 100_000,
      ceilingWarmup: 20_000,
      // The same build's figure moves by a fifth and more from run to run: the target is read on the
      // median of three.
      ceilingRuns: 3,
      memory: envCount('BENCH_MEMORY_PROFILES', 1_000_000),
      saturation: 150,
      saturationRuns: envCount('BENCH_SATURATION_RUNS', 5),
      transports: 100,
      transportRounds: 5,
      incremental: 200_000,
      state: 1_000_000,
      profile: 200_000,
    };
/** bulkUpdate requests/second of the incremental part's stand-in and client. */
const INCREMENTAL_RATE = 10;
const CONCURRENCY = 5;
const CONTENDERS: readonly ContenderName[] = ['syncProfiles', 'naive loop', '@iterable/api'];
const COMMAND = 'npm run bench';

// Measure a copy of dist taken now: a build started elsewhere meanwhile (the tests rebuild) would
// otherwise swap files under a running benchmark. Kept under node_modules so that the copy still
// resolves the package's dependencies.
const snapshot = path.join(CACHE, 'dist');
rmSync(snapshot, { recursive: true, force: true });
cpSync(path.join(ROOT, 'dist'), snapshot, { recursive: true });
process.env.BENCH_DIST = snapshot;
process.env.BENCH_ROOT = ROOT;

const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  memory: os.totalmem(),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
  loadBefore: os.loadavg(),
};
const started = performance.now();
const problems: string[] = [];

async function part<T>(which: Part, name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (!SELECTED.has(which)) return undefined;
  const from = performance.now();
  console.log(`\n== ${name}`);
  try {
    const result = await run();
    console.log(`   (${fixed((performance.now() - from) / 1000, 0)} s)`);
    return result;
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
    console.error(`   failed: ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}

// 1. Overhead
const overhead = await part(
  'overhead',
  '1. overhead: syncProfiles against a naive loop and @iterable/api',
  () =>
    runWorker<OverheadRun[]>('overhead.ts', {
      contenders: CONTENDERS,
      profiles: SIZES.overhead,
      rounds: SIZES.rounds,
      warmup: Math.round(SIZES.overhead / 10),
      concurrency: CONCURRENCY,
      small: { profiles: SIZES.small, rounds: SIZES.rounds },
    } satisfies OverheadInput),
);

// 1b. The transports alone
const transports = await part(
  'transports',
  '1b. transports: fetch, node:http and undici on the same bodies',
  () =>
    runWorker<TransportsResult>('transports.ts', {
      requests: SIZES.transports,
      rounds: SIZES.transportRounds,
      concurrency: CONCURRENCY,
    } satisfies TransportsInput),
);

/** The run whose `value` is the median of the runs' (the upper middle one of an even count). */
function medianRun<T>(runs: readonly T[], value: (run: T) => number): T | undefined {
  return runs.slice().sort((a, b) => value(a) - value(b))[Math.floor(runs.length / 2)];
}

/** The share of one core a ceiling run's process used. */
const coreShare = (run: CeilingResult): number => run.cpuMs / run.wallMs;

// 2. CPU at the production ceiling, in fresh processes and in warm ones, alternating
const ceiling = await part(
  'ceiling',
  `2. CPU per profile at 5 requests/second, ${SIZES.ceilingRuns} fresh and ${SIZES.ceilingRuns} warm runs`,
  async () => {
    const runs: CeilingResult[] = [];
    for (let run = 0; run < SIZES.ceilingRuns; run += 1) {
      for (const warmup of [0, SIZES.ceilingWarmup]) {
        const result = await runWorker<CeilingResult>('ceiling.ts', {
          profiles: SIZES.ceiling,
          warmup,
        } satisfies CeilingInput);
        console.log(
          `  ${warmup === 0 ? 'fresh' : 'warm'} run ${run + 1}: ${percent(coreShare(result))} of one core`,
        );
        runs.push(result);
      }
    }
    return runs;
  },
);
/** The fresh runs and the warm runs at the ceiling, each kind with its median run. */
const ceilingKinds = ceiling
  ? (['fresh', 'warm'] as const).map((kind) => {
      const runs = ceiling.filter((run) => (run.warmup === 0) === (kind === 'fresh'));
      return { kind, runs, shares: runs.map(coreShare), middle: medianRun(runs, coreShare) as CeilingResult };
    })
  : [];

// 3. Memory
const memory = await part('memory', `3a. memory: ${int(SIZES.memory)} profiles from a generator`, () =>
  runWorker<MemoryResult>('memory-sdk.ts', { profiles: SIZES.memory } satisfies MemoryInput),
);
const cli = await part('memory', `3b. memory: the CLI on a ${int(SIZES.memory)}-line NDJSON file`, () =>
  cliMemory(SIZES.memory),
);

// 4. Saturation
const saturationRuns = await part(
  'saturation',
  `4. saturation: 5 requests/second with 50–300 ms latency, ${SIZES.saturationRuns} runs`,
  async () => {
    const runs: SaturationResult[] = [];
    for (let run = 0; run < SIZES.saturationRuns; run += 1) {
      const result = await runWorker<SaturationResult>('saturation.ts', {
        requests: SIZES.saturation,
      } satisfies SaturationInput);
      console.log(`  run ${run + 1}: ${percent(result.perSecond / 5)} of 5/s, ${result.rejected} 429s`);
      runs.push(result);
    }
    return runs;
  },
);
/** The run with the median share of 5 requests/second. */
const saturation = saturationRuns && medianRun(saturationRuns, (run) => run.perSecond);
const saturation429s = saturationRuns?.reduce((sum, run) => sum + run.rejected, 0) ?? 0;

// 5. Size
const size = await part('size', '5. size', async () => ({
  entries: entrySizes(),
  bundle: await consumerBundle(),
}));

// 6. Incremental sync
const incremental = await part(
  'incremental',
  `6. incremental: a second sync of ${int(SIZES.incremental)} profiles, 10% changed, LMDB state`,
  () =>
    runWorker<IncrementalResult>('incremental.ts', {
      profiles: SIZES.incremental,
      changedShare: 0.1,
      requestsPerSecond: INCREMENTAL_RATE,
      store: 'lmdb',
    } satisfies IncrementalInput),
);

// 7. State stores
const stores = await part(
  'state',
  `7. state stores: lookups and records of ${int(SIZES.state)} users, two passes; Redis memory per user`,
  async (): Promise<{ lookups: StateLookupResult[]; redis: RedisStateResult | string }> => {
    const lookups = await runStateLookup(SIZES.state);
    const redis = redisServerAvailable()
      ? await runWorker<RedisStateResult>('redis-state-memory.ts', {
          users: SIZES.state,
          userIds: 'short',
        } satisfies RedisStateInput)
      : 'not measured: redis-server is not on the PATH (test/redis/start-redis.sh installs it)';
    return { lookups, redis };
  },
);

// Profile of the overhead run
const profile = await part('profile', 'profile: where syncProfiles spends its time', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'subsets-bench-prof-'));
  try {
    await runWorker<OverheadRun[]>(
      'overhead.ts',
      {
        contenders: ['syncProfiles'],
        profiles: SIZES.profile,
        rounds: 2,
        warmup: Math.round(SIZES.profile / 10),
        concurrency: CONCURRENCY,
      } satisfies OverheadInput,
      { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] },
    );
    // The largest profile is the main thread's (the loader thread writes a small one).
    const files = readdirSync(dir)
      .map((name) => path.join(dir, name))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    if (files[0] === undefined) throw new Error('no .cpuprofile was written');
    return summarizeProfile(files[0], 12);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const elapsedS = (performance.now() - started) / 1000;
const loadAfter = os.loadavg();

// ---- Figures ----

interface Contender {
  readonly name: ContenderName;
  readonly rates: number[];
  readonly cpuPerProfile: number[];
  readonly standInBusy: number[];
}

function contenders(runs: readonly OverheadRun[], comparison: OverheadRun['comparison']): Contender[] {
  const names = [...new Set(runs.filter((run) => run.comparison === comparison).map((run) => run.contender))];
  return names.map((name) => {
    const mine = runs.filter((run) => run.comparison === comparison && run.contender === name);
    return {
      name,
      rates: mine.map((run) => run.profiles / (run.wallMs / 1000)),
      cpuPerProfile: mine.map((run) => (run.cpuMs * 1000) / run.profiles),
      standInBusy: mine.map((run) => run.standInCpuMs / run.wallMs),
    };
  });
}

/** syncProfiles' throughput over another's, round by round (each round ran both back to back), median. */
function ratio(sdk: Contender, other: Contender): number {
  return median(sdk.rates.map((rate, round) => rate / (other.rates[round] as number)));
}

/** syncProfiles' CPU per profile over another's, round by round: the median, and in how many rounds it was lower. */
function cpuRatio(sdk: Contender, other: Contender): CpuRatio {
  const ratios = sdk.cpuPerProfile.map((cpu, round) => cpu / (other.cpuPerProfile[round] as number));
  return { median: median(ratios), lowerIn: ratios.filter((each) => each < 1).length, rounds: ratios.length };
}

/** A CPU ratio as the tables write it: `0.97 (lower in 7 of 9 rounds)`. */
const cpuRatioText = ({ median, lowerIn, rounds }: CpuRatio): string =>
  `${fixed(median)} (lower in ${lowerIn} of ${rounds} rounds)`;

function overheadTable(list: readonly Contender[]): Table {
  return {
    head: [
      'contender',
      'profiles/s (median)',
      'slowest – fastest round',
      'client CPU µs/profile',
      'stand-in CPU busy',
    ],
    rows: list.map((each) => [
      each.name,
      int(median(each.rates)),
      `${int(Math.min(...each.rates))} – ${int(Math.max(...each.rates))}`,
      fixed(median(each.cpuPerProfile)),
      percent(median(each.standInBusy)),
    ]),
  };
}

const main = overhead ? contenders(overhead, 'main') : [];
const small = overhead ? contenders(overhead, 'small') : [];
const find = (list: readonly Contender[], name: ContenderName) => list.find((each) => each.name === name);
const sdk = find(main, 'syncProfiles');
const naive = find(main, 'naive loop');
const iterableApi = find(main, '@iterable/api');
const smallSdk = find(small, 'syncProfiles');
const smallNaive = find(small, 'naive loop');
const vsNaive = sdk && naive ? ratio(sdk, naive) : undefined;
const vsApi = sdk && iterableApi ? ratio(sdk, iterableApi) : undefined;
const smallVsNaive = smallSdk && smallNaive ? ratio(smallSdk, smallNaive) : undefined;
const cpuVsApi = sdk && iterableApi ? cpuRatio(sdk, iterableApi) : undefined;

const ratioTable: Table = {
  head: [
    'comparison',
    'throughput ratio (median of rounds)',
    'client CPU per profile, syncProfiles ÷ other (median of rounds)',
    'target',
    'verdict',
  ],
  rows: [
    ...(vsNaive !== undefined && sdk && naive
      ? [
          [
            `syncProfiles ÷ naive loop, ${int(SIZES.overhead)} profiles`,
            fixed(vsNaive),
            cpuRatioText(cpuRatio(sdk, naive)),
            '≥ 0.85',
            verdict(vsNaive, 0.85),
          ],
        ]
      : []),
    ...(vsApi !== undefined && cpuVsApi !== undefined
      ? [
          [
            `syncProfiles ÷ @iterable/api, ${int(SIZES.overhead)} profiles`,
            fixed(vsApi),
            cpuRatioText(cpuVsApi),
            '≥ 1.00',
            verdict(vsApi, 1),
          ],
        ]
      : []),
    ...(smallVsNaive !== undefined && smallSdk && smallNaive
      ? [
          [
            `syncProfiles ÷ naive loop, ${int(SIZES.small)} profiles`,
            fixed(smallVsNaive),
            cpuRatioText(cpuRatio(smallSdk, smallNaive)),
            '≥ 0.85',
            verdict(smallVsNaive, 0.85),
          ],
        ]
      : []),
  ],
};

const ceilingTable: Table | undefined = ceiling && {
  head: [
    'process',
    'profiles',
    'requests',
    'duration',
    'SDK CPU',
    'CPU per 1,000 profiles',
    'share of one core',
    '429s',
  ],
  rows: ceiling.map((run) => [
    run.warmup === 0 ? 'fresh' : `warm (after a first sync of ${int(run.warmup)})`,
    int(run.profiles),
    int(run.requests),
    `${fixed(run.wallMs / 1000, 1)} s`,
    `${int(run.cpuMs)} ms`,
    `${fixed(run.cpuMs / (run.profiles / 1000))} ms`,
    percent(coreShare(run)),
    int(run.rateLimited),
  ]),
};

/** The transports' figures, one row each, medians of the rounds. */
const transportTable: Table | undefined = transports && {
  head: ['transport', 'users/s (median)', 'client CPU µs/user', 'CPU ms/request', 'CPU ÷ fetch'],
  rows: (() => {
    const names = [...new Set(transports.runs.map((run) => run.transport))];
    const cpuPerUser = (name: string) =>
      median(
        transports.runs
          .filter((run) => run.transport === name)
          .map((run) => (run.cpuMs * 1000) / (run.requests * transports.usersPerRequest)),
      );
    const fetchCpu = cpuPerUser('fetch');
    return names.map((name) => {
      const mine = transports.runs.filter((run) => run.transport === name);
      return [
        name,
        int(median(mine.map((run) => (run.requests * transports.usersPerRequest) / (run.wallMs / 1000)))),
        fixed(cpuPerUser(name), 3),
        fixed(median(mine.map((run) => run.cpuMs / run.requests))),
        fixed(cpuPerUser(name) / fetchCpu),
      ];
    });
  })(),
};

const flat = (at20: number, at100: number) => Math.abs(at100 - at20) / at20;
const memoryRows: string[][] = [];
if (memory) {
  const change = flat(memory.rssAt20, memory.rssAt100);
  memoryRows.push([
    `syncProfiles, generator (rate limit off)`,
    `${int(memory.profiles)}`,
    mib(memory.peakRss),
    mib(memory.rssAt20),
    mib(memory.rssAt100),
    `${memory.rssAt100 >= memory.rssAt20 ? '+' : '−'}${percent(change)}`,
    change <= 0.1 ? 'yes' : 'no',
    `${mib(memory.rssRange[0])} – ${mib(memory.rssRange[1])}`,
  ]);
}
if (cli) {
  const change = flat(cli.rssAt20, cli.rssAt100);
  memoryRows.push([
    `node dist/cli.js sync file.ndjson (exit ${cli.exitCode})`,
    `${int(cli.synced)}`,
    mib(cli.peakRss),
    mib(cli.rssAt20),
    mib(cli.rssAt100),
    `${cli.rssAt100 >= cli.rssAt20 ? '+' : '−'}${percent(change)}`,
    change <= 0.1 ? 'yes' : 'no',
    `${mib(cli.rssRange[0])} – ${mib(cli.rssRange[1])}`,
  ]);
}
const memoryTable: Table = {
  head: [
    'run',
    'profiles synced',
    'peak RSS',
    'RSS at 20%',
    'RSS at 100%',
    '20% → 100%',
    'flat (±10%)',
    'lowest – highest from 20%',
  ],
  rows: memoryRows,
};

const tenthsTable: Table = {
  head: ['median RSS in each tenth of the run', ...Array.from({ length: 10 }, (_, i) => `${(i + 1) * 10}%`)],
  rows: [
    ...(memory
      ? [['syncProfiles, generator', ...memory.rssByTenth.map((rss) => fixed(rss / 2 ** 20, 0))]]
      : []),
    ...(cli ? [['CLI, NDJSON file', ...cli.rssByTenth.map((rss) => fixed(rss / 2 ** 20, 0))]] : []),
  ],
};

const saturationTable: Table | undefined = saturationRuns && {
  head: [
    'run',
    'bulkUpdate requests',
    'accepted (200)',
    '429s',
    'requests/s (server arrivals)',
    'share of 5/s',
    'most in any 1 s',
    'requests/s (client wall clock)',
  ],
  rows: saturationRuns.map((run, index) => [
    `${index + 1}${run === saturation ? ' (median)' : ''}`,
    int(run.requests),
    int(run.accepted),
    int(run.rejected),
    fixed(run.perSecond, 3),
    percent(run.perSecond / 5),
    int(run.maxInOneSecond),
    fixed(run.perSecondWall, 3),
  ]),
};

const summaryRows: string[][] = [];
if (vsNaive !== undefined) {
  summaryRows.push([
    'throughput, syncProfiles ÷ naive loop',
    '≥ 0.85',
    fixed(vsNaive),
    verdict(vsNaive, 0.85),
  ]);
}
if (vsApi !== undefined) {
  summaryRows.push(['throughput, syncProfiles ÷ @iterable/api', '≥ 1.00', fixed(vsApi), verdict(vsApi, 1)]);
}
if (cpuVsApi !== undefined) {
  summaryRows.push([
    'client CPU per profile, syncProfiles ÷ @iterable/api',
    '≤ 1.00',
    cpuRatioText(cpuVsApi),
    verdict(cpuVsApi.median, 1, false),
  ]);
}
if (smallVsNaive !== undefined) {
  summaryRows.push([
    `throughput on ${int(SIZES.small)} profiles, syncProfiles ÷ naive loop`,
    '≥ 0.85',
    fixed(smallVsNaive),
    verdict(smallVsNaive, 0.85),
  ]);
}
for (const { kind, runs, shares, middle: run } of ceilingKinds) {
  const share = coreShare(run);
  const spread =
    runs.length > 1 ? `; runs ${fixed(Math.min(...shares) * 100, 1)}–${percent(Math.max(...shares))}` : '';
  summaryRows.push([
    `SDK CPU at 5 requests/second, ${kind} process${runs.length > 1 ? ` (median of ${runs.length} runs)` : ''}: share of one core (per 1,000 profiles)`,
    '≤ 3%',
    `${percent(share)} (${fixed(run.cpuMs / (run.profiles / 1000))} ms${spread})`,
    share <= 0.03 ? 'met' : `missed by ${fixed((share - 0.03) * 100, 1)} points`,
  ]);
}
for (const [name, run] of [
  ['syncProfiles', memory],
  ['CLI', cli],
] as const) {
  if (!run) continue;
  const change = flat(run.rssAt20, run.rssAt100);
  summaryRows.push([
    `memory flat over ${int(run.profiles)} profiles, ${name}`,
    '±10%',
    `${run.rssAt100 >= run.rssAt20 ? '+' : '−'}${percent(change)}`,
    change <= 0.1 ? 'met' : `missed by ${fixed((change - 0.1) * 100, 1)} points`,
  ]);
}
if (memory) {
  summaryRows.push([`peak RSS, ${int(memory.profiles)}-profile generator run`, '', mib(memory.peakRss), '']);
}
if (saturation && saturationRuns) {
  const share = saturation.perSecond / 5;
  summaryRows.push([
    `saturation: share of 5 requests/second (median of ${saturationRuns.length} runs)`,
    '≥ 97%',
    percent(share),
    verdict(share, 0.97),
  ]);
  summaryRows.push([
    `saturation: 429 answers in ${saturationRuns.length} runs`,
    '≤ 1 in 10 runs',
    int(saturation429s),
    saturation429s * 10 <= saturationRuns.length ? 'met' : 'missed',
  ]);
}
if (size) {
  summaryRows.push([
    'consumer bundle with `IterableClient`, minified (gzipped)',
    '',
    `${int(size.bundle.bytes)} B (${int(size.bundle.gzip)} B)`,
    '',
  ]);
}
if (incremental) {
  const { first, second } = incremental;
  summaryRows.push([
    'incremental: requests of a second sync, 10% changed',
    `≤ ${int(incremental.requestBudget)}`,
    int(incremental.secondArrivals),
    incremental.secondArrivals <= incremental.requestBudget ? 'met' : 'missed',
  ]);
  const ratio = second.wallMs / first.wallMs;
  summaryRows.push([
    `incremental: wall time, second sync ÷ first (${INCREMENTAL_RATE} requests/second)`,
    '≤ 0.15',
    fixed(ratio),
    verdict(ratio, 0.15, false),
  ]);
}
const lmdbStore = stores?.lookups.find((result) => result.store === 'lmdb');
if (lmdbStore) {
  const cpu = lmdbStore.second.cpuUsPerProfile;
  summaryRows.push([
    `LMDB state: added CPU per profile, second sync of ${int(lmdbStore.users)} (10% changed)`,
    '≤ 2 µs',
    `${fixed(cpu)} µs`,
    verdict(cpu, 2, false),
  ]);
  const change = flat(lmdbStore.rssAt20, lmdbStore.rssAt100);
  summaryRows.push([
    'LMDB state: RSS from 20% to 100% of that sync',
    '±10%',
    `${lmdbStore.rssAt100 >= lmdbStore.rssAt20 ? '+' : '−'}${percent(change)}`,
    change <= 0.1 ? 'met' : `missed by ${fixed((change - 0.1) * 100, 1)} points`,
  ]);
}
if (stores && typeof stores.redis !== 'string') {
  summaryRows.push([
    `Redis state: memory per user at ${int(stores.redis.users)} users`,
    '',
    `${fixed(stores.redis.bytesPerUser, 1)} B`,
    '',
  ]);
}
const summaryTable: Table = { head: ['figure', 'target', 'this run', 'verdict'], rows: summaryRows };

function sizeTables(entries: readonly FileSize[], bundle: BundleSize): [Table, Table] {
  return [
    {
      head: ['file', 'bytes', 'with its chunks', 'gzipped'],
      rows: [
        ...entries.map((entry) => [entry.file, int(entry.bytes), int(entry.withChunks), int(entry.gzip)]),
        [
          'consumer bundle: `import { IterableClient }`, minified, dependencies included',
          int(bundle.bytes),
          '',
          int(bundle.gzip),
        ],
      ],
    },
    {
      head: ['package in the consumer bundle', 'bytes', 'share'],
      rows: bundle.packages
        .slice(0, 8)
        .map((entry) => [entry.name, int(entry.bytes), percent(entry.bytes / bundle.bytes)]),
    },
  ];
}

const storesTable: Table | undefined = stores && {
  head: [
    'store',
    'users',
    '1st sync: wall / CPU µs per profile',
    '2nd sync, 10% changed: wall / CPU µs per profile',
    'records (1st, 2nd)',
    'RSS at 20% → 100% of the 2nd',
    'peak RSS',
    'data file',
  ],
  rows: stores.lookups.map((r) => [
    r.store,
    int(r.users),
    `${fixed(r.first.wallUsPerProfile)} / ${fixed(r.first.cpuUsPerProfile)}`,
    `${fixed(r.second.wallUsPerProfile)} / ${fixed(r.second.cpuUsPerProfile)}`,
    `${int(r.first.records)}, ${int(r.second.records)}`,
    `${mib(r.rssAt20)} → ${mib(r.rssAt100)}`,
    mib(r.peakRss),
    r.fileBytes === undefined ? '' : mib(r.fileBytes),
  ]),
};

/** The state stores' section of the page. */
function storesSection(): string[] {
  const title = '## 7. State stores';
  if (stores === undefined || storesTable === undefined) return [title, '', '_not measured_', ''];
  const { redis } = stores;
  return [
    title,
    '',
    `What the incremental sync adds per profile with each store, measured on the store's calls alone, as the sync makes them:`,
    `one bulk lookup per group of 1,000 profiles, and one bulk record per answered request of 1,000 users. A first pass over`,
    `${int(stores.lookups[0]?.users ?? 0)} users records them all; a second, with 10% of the fingerprints changed, looks every user up and`,
    'records the changed ones. Each store runs in a fresh process; CPU counts all threads (LMDB commits on threads of its own).',
    '',
    markdownTable(storesTable),
    '',
    typeof redis === 'string'
      ? `Redis: ${redis}.`
      : `Redis ${redis.redisVersion}, \`createRedisState\` with ${int(redis.users)} users (userIds \`user-N\`, 16-character fingerprints): ` +
        `**${fixed(redis.bytesPerUser, 1)} bytes of Redis memory per user** (\`INFO memory\` used_memory before and after; ${int(redis.keys)} keys, ` +
        `${redis.encoding}), against ${fixed(redis.plainHashBytesPerUser, 1)} bytes in one plain hash per scope. Store calls over loopback, ` +
        `1,000 users each: set ${fixed(redis.setUsPerUser)} µs and get ${fixed(redis.getUsPerUser)} µs per user (wall).`,
    '',
  ];
}

function profileTable(summary: ProfileSummary): Table {
  return {
    head: ['function', 'where', 'self time', 'share of busy time'],
    rows: summary.top.map((entry) => [
      entry.name,
      entry.where,
      `${int(entry.selfMs)} ms`,
      percent(entry.share),
    ]),
  };
}

// ---- Console ----

const sections: { title: string; tables: Table[] }[] = [
  { title: 'Summary', tables: [summaryTable] },
  {
    title: `1. Overhead: ${int(SIZES.overhead)} profiles, concurrency ${CONCURRENCY}, rate limit off, ${SIZES.rounds} alternating rounds`,
    tables: [overheadTable(main), ratioTable, overheadTable(small)],
  },
  {
    title: '2. CPU per profile at the production ceiling (5 requests/second)',
    tables: ceilingTable ? [ceilingTable] : [],
  },
  {
    title: '1b. Transports: the same 1,000-user bodies, 5 in flight, no SDK',
    tables: transportTable ? [transportTable] : [],
  },
  { title: '3. Memory', tables: [memoryTable, tenthsTable] },
  {
    title: '4. Saturation (rate limits on, 50–300 ms latency)',
    tables: saturationTable ? [saturationTable] : [],
  },
  { title: '5. Size', tables: size ? sizeTables(size.entries, size.bundle) : [] },
  { title: '7. State stores', tables: storesTable ? [storesTable] : [] },
  {
    title: 'Profile of syncProfiles (top self time)',
    tables: profile ? [profileTable(profile)] : [],
  },
];
console.log(`\n${'='.repeat(100)}`);
console.log(
  `${machine.cpu}, ${machine.cores} cores, ${mib(machine.memory)}, Node ${machine.node}; ` +
    `load average ${machine.loadBefore.map((load) => fixed(load)).join(' ')} → ${loadAfter.map((load) => fixed(load)).join(' ')}; ` +
    `${fixed(elapsedS, 0)} s${QUICK ? ' (BENCH_QUICK)' : ''}`,
);
for (const section of sections) {
  console.log(`\n${section.title}\n`);
  for (const table of section.tables) console.log(`${plainTable(table)}\n`);
}
if (problems.length > 0) console.error(`\nFailed parts:\n${problems.join('\n')}`);

// ---- docs/benchmarks.md ----

/** The incremental-sync section of the page. */
function incrementalSection(): string[] {
  if (incremental === undefined) return ['## 6. Incremental sync', '', '_not measured_', ''];
  const { first, second } = incremental;
  return [
    '## 6. Incremental sync',
    '',
    `A first sync of ${int(incremental.profiles)} profiles records every user in an LMDB state; a second sync of the same`,
    `profiles, ${int(incremental.changed)} of them with a new churn risk, sends only what changed. Both syncs run against a stand-in in its own`,
    `process that enforces ${INCREMENTAL_RATE} bulkUpdate requests/second (raised from Iterable's 5 to keep the run short), and the client paces to the same.`,
    '',
    markdownTable({
      head: ['sync', 'bulkUpdate requests', 'succeeded', 'unchanged', 'wall time'],
      rows: [
        [
          'first (full)',
          int(first.requests),
          int(first.succeeded),
          '0',
          `${fixed(first.wallMs / 1000, 2)} s`,
        ],
        [
          'second (10% changed)',
          int(incremental.secondArrivals),
          int(second.succeeded),
          int(second.unchanged),
          `${fixed(second.wallMs / 1000, 2)} s`,
        ],
      ],
    }),
    '',
    `Requests of the second sync: ${int(incremental.secondArrivals)}, within the budget of ceil(changed / 1,000) + 5 = ${int(incremental.requestBudget)}`,
    `${incremental.secondArrivals <= incremental.requestBudget ? '(met)' : '(**missed**)'}. Wall time of the second ÷ the first: **${fixed(second.wallMs / first.wallMs, 2)}**`,
    `(target ≤ 0.15; at Iterable's own 5 requests/second the first sync would take ${int(first.requests / 5)} s, and the ratio would fall accordingly).`,
    'Some rows changed to the value they had (a churn risk of 0.5 flipped is 0.5): those count as unchanged.',
    '',
  ];
}

function document(): string {
  const [entryTable, packageTable] = size ? sizeTables(size.entries, size.bundle) : [undefined, undefined];
  const lines = [
    '---',
    'title: Benchmarks',
    '---',
    '',
    '# Benchmarks',
    '',
    'What `@subsets/iterable` costs next to writing to Iterable by hand: throughput, CPU per profile,',
    'memory on long syncs, how close it runs to Iterable’s rate limit, and its size. Everything runs',
    'against the local stand-in (`@subsets/iterable/testing`), never against Iterable.',
    '',
    'Reproduce with:',
    '',
    '```sh',
    COMMAND,
    '```',
    '',
    `It builds the package, measures the built \`dist\`, prints the figures and rewrites this page. It takes about ${Math.max(1, Math.round(elapsedS / 60))} minutes`,
    '(build included: a minute more). `BENCH_QUICK=1 npm run bench` is a smaller smoke run that leaves this page alone.',
    '',
    '## Machine',
    '',
    markdownTable({
      head: ['', ''],
      rows: [
        ['CPU', `${machine.cpu}, ${machine.cores} cores`],
        ['memory', mib(machine.memory)],
        ['Node.js', machine.node],
        ['system', machine.platform],
        ['date', machine.date],
        [
          'load average (1, 5, 15 min) before → after',
          `${machine.loadBefore.map((load) => fixed(load)).join(', ')} → ${loadAfter.map((load) => fixed(load)).join(', ')}`,
        ],
      ],
    }),
    '',
    'The machine is shared with other work (tests running alongside), so absolute figures move from run',
    'to run by 20% and more. Read the ratios: each comparison runs its contenders in one process,',
    'alternating (the order rotates every round), so the noise falls on all of them alike, and each',
    'ratio is the median of the per-round ratios. The stand-in always runs in a process of its own,',
    'so its work never counts as the client’s; its CPU use is shown next to each figure.',
    '',
    '## Summary',
    '',
    markdownTable(summaryTable),
    '',
    'Where a target is missed, the last two sections say where the time goes and what would close the gap.',
    '',
    `## 1. Overhead: ${int(SIZES.overhead)} profiles`,
    '',
    `The same ${int(SIZES.overhead)} profiles (full experiment group plus churn risk, made by a generator as`,
    'they are read) written three ways, all with 5 requests in flight and batches of 1,000 users, to a',
    'stand-in with its rate limits off and nothing recorded:',
    '',
    '- **syncProfiles**: `client.syncProfiles(profiles)` with `rateLimit: false`. It validates every',
    '  profile, normalises the values, batches by count and bytes, and maps each answer back to its users.',
    '- **naive loop**: chunks of 1,000, `dataFields` built by hand from fields trusted as they are,',
    '  `JSON.stringify`, `fetch`. No validation, no byte limit, no retry, no failure mapping.',
    '- **@iterable/api**: Iterable’s own TypeScript client (axios), `bulkUpdateUsers` on the same',
    '  hand-made chunks. It validates nothing on the way out.',
    '',
    `Before timing, every user is written once (so every timed request updates existing users) and each`,
    `contender sends ${int(Math.round(SIZES.overhead / 10))} profiles to warm up.`,
    '',
    markdownTable(overheadTable(main)),
    '',
    markdownTable(ratioTable),
    '',
    `The same comparison on a smaller run, ${int(SIZES.small)} profiles (syncProfiles and the naive loop only):`,
    '',
    markdownTable(overheadTable(small)),
    '',
    '“Client CPU” is the CPU time of the measured process (all threads) per profile; “stand-in CPU',
    'busy” is the stand-in process’s CPU time over the run’s duration (near 100% means the stand-in,',
    'not the client, set the pace).',
    '',
    '## 2. CPU per profile at the production ceiling',
    '',
    `syncProfiles with its defaults (5 requests/second, 5 in flight) writing ${int(SIZES.ceiling)} profiles to a`,
    'stand-in that enforces Iterable’s 5 requests/second. The SDK process’s CPU time (`process.cpuUsage()`,',
    `every thread), in fresh processes and in processes that have already synced ${int(SIZES.ceilingWarmup)} profiles the same`,
    `way, as a service syncing project after project does (its code optimized, its connections open); ${SIZES.ceilingRuns} of each,`,
    'alternating. The summary reads each kind on its median run:',
    '',
    ceilingTable ? markdownTable(ceilingTable) : '_not measured_',
    '',
    '## 1b. Transports',
    '',
    `The SDK’s transports alone, without the SDK: ${int(SIZES.transports)} prebuilt bulkUpdate bodies of 1,000 users (${transports ? `${int(transports.bodyBytes)} bytes each` : 'about 300 KB each'}), 5 in flight, to`,
    `the same stand-in, ${SIZES.transportRounds} rounds alternating. \`fetch\` is what the SDK uses on Bun, Deno or with a \`fetch\` given; \`node:http\``,
    'with a `Buffer` body is what it uses on Node.js otherwise; undici’s `Pool` is measured when the `undici` package can be',
    `loaded (${transports?.undiciVersion ? `here ${transports.undiciVersion}, installed for the measurement only` : (transports?.skipped ?? 'not in this run')}); the SDK does not depend on it.`,
    '',
    transportTable ? markdownTable(transportTable) : '_not measured_',
    '',
    '## 3. Memory',
    '',
    `${int(SIZES.memory)} profiles through \`syncProfiles\` from a generator in a process of its own (rate limit`,
    'off; RSS read after every batch, peak from the process’s high-water mark), and a',
    `${int(SIZES.memory)}-line NDJSON file through \`node dist/cli.js sync file.ndjson --rate 100000 --quiet\` (the`,
    'CLI’s limiter has no “off”; that rate is beyond anything the stand-in answers), with VmRSS and VmHWM',
    `read from \`/proc/<pid>/status\` every ${cli?.intervalMs ?? 100} ms and progress taken from the stand-in’s user count. Both`,
    'write to a stand-in in another process, rate limits off, nothing recorded.',
    '',
    'A single RSS reading moves by ±15% as the young generation and the large request strings come',
    'and go, so “RSS at 20%” is the median of the readings between 15% and 25% of the run, and “RSS at',
    '100%” the median over its last 10%. Flat means the second within 10% of the first.',
    '',
    markdownTable(memoryTable),
    '',
    'Median RSS (MiB) in each tenth of the run, to tell a heap still warming up from one that keeps growing:',
    '',
    markdownTable(tenthsTable),
    '',
    memory
      ? `Peak RSS of the ${int(memory.profiles)}-profile generator run, **${mib(memory.peakRss)}**.`
      : '',
    '',
    '## 4. Saturation',
    '',
    `${int(SIZES.saturationRuns)} runs, each of ${int(SIZES.saturation)} bulkUpdate requests (${int(SIZES.saturation * 1000)} profiles) through \`syncProfiles\` with its defaults, to a stand-in in its own`,
    'process that enforces 5 requests/second and delays every answer by 50–300 ms. The rate is what the',
    'server saw: accepted requests per second from the first arrival to the last.',
    '',
    saturationTable ? markdownTable(saturationTable) : '_not measured_',
    '',
    'The client’s limiter starts requests on an even beat, (1,000 + 15) / 5 = 203 ms apart (15 ms of margin',
    'a second for jitter), so its ceiling is 4.93 requests/second, 98.5% of 5. A request that reaches the server',
    'more than the margin later than the fifth one after it is counted in the wrong second and answered 429.',
    'Two things keep that rare: on a loaded machine, where requests reach the server late, the limiter’s own',
    'timers fire late too, and that lateness (beyond 2 ms, the worst recent, fading by half every 10 s) is',
    'added to the margin; and after a 429 the client waits as told, retries, and widens its margin by 25 ms',
    'for the next 10 minutes (logged once), so that one late request does not become several 429s. Each run',
    'above is a fresh process; the target is the median of the runs, and at most one 429 in ten runs.',
    saturation429s > 0
      ? `These runs met ${int(saturation429s)} 429s in all: the figures above include the waits they caused.`
      : '',
    '',
    '## 5. Size',
    '',
    entryTable ? markdownTable(entryTable) : '_not measured_',
    '',
    packageTable ? markdownTable(packageTable) : '',
    '',
    size
      ? `zod is ${percent((size.bundle.packages.find((entry) => entry.name === 'zod')?.bytes ?? 0) / size.bundle.bytes)} of that bundle: \`SubsetsProfile\` is a tree-shakable \`zod/mini\` schema, and the sync path checks profiles and reads answers without zod. \`npm run test:package\` holds consumer bundles to their budgets (60 KB for \`IterableClient\` + \`syncProfiles\`, 10 KB for an error class alone).`
      : '',
    '',
    ...incrementalSection(),
    ...storesSection(),
    '## Where the time goes',
    '',
    `A CPU profile (\`node --cpu-prof\`) of a process running part 1’s syncProfiles contender alone (start-up, priming, warm-up and two`,
    `timed runs of ${int(SIZES.profile)} profiles), the functions with the most self time. Names are those of the built \`dist/index.js\`;`,
    '“(garbage collector)”, “(program)” and unnamed entries are V8’s own.',
    '',
    profile ? markdownTable(profileTable(profile)) : '_not measured_',
    '',
    ...whatChanged({
      cpuOverNaive: sdk && naive ? median(sdk.cpuPerProfile) / median(naive.cpuPerProfile) : undefined,
      othersStandInBusy:
        naive && iterableApi
          ? Math.min(median(naive.standInBusy), median(iterableApi.standInBusy))
          : undefined,
      ceilingShare: ceilingKinds[0] && coreShare(ceilingKinds[0].middle),
      cpuVsApi,
    }),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

if (problems.length > 0) {
  console.error('\ndocs/benchmarks.md was not written: some parts failed.');
  process.exitCode = 1;
} else if (QUICK || SELECTED.size < PARTS.length) {
  console.log('\nBENCH_QUICK or BENCH_PARTS: docs/benchmarks.md was not written.');
} else {
  writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), document());
  console.log('\nWrote docs/benchmarks.md');
}
