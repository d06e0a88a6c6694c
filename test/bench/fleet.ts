// Fleet throughput: profiles/s summed over 4 projects, synced by 1, 2 and 3 worker processes
// (`createSyncWorker`, test/fleet/support/worker-process.ts) through BullMQ on a real Redis.
// Each project has its own stand-in in a process of its own, with its rate limits off, and the
// workers' shared limiters allow 1,000 requests/s: the CPU, not Iterable's 5/s, is the bound.
// Every job keeps its state in Redis, as a fleet does.
//
// Run: `npm run build && npx tsx test/bench/fleet.ts` with Redis at REDIS_URL (test/redis/start-redis.sh).
// `BENCH_QUICK=1` syncs 10,000 profiles per project instead of 50,000.
import os from 'node:os';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { enqueueProjectSync } from '../../src/fleet/index.js';
import type { SyncReport } from '../../src/sync/report.js';
import { startWorkerProcess } from '../fleet/support/processes.js';
import { QUICK, ROOT } from './paths.js';
import { type StandIn, startStandIn } from './stand-in.js';

// The stand-in processes run compiled copies of their script, which find the repository through this.
process.env.BENCH_ROOT ??= ROOT;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const PROJECTS = ['acme', 'globex', 'initech', 'umbrella'];
const USERS = QUICK ? 10_000 : 50_000;
const WORKER_COUNTS = [1, 2, 3];

interface Figure {
  readonly workers: number;
  readonly seconds: number;
  readonly profilesPerSecond: number;
  readonly standInCpuSeconds: number;
  /** CPU time the worker processes spent from ready to stop, summed. */
  readonly workerCpuSeconds: number;
}

/** The CPU milliseconds a worker process printed last. */
function lastCpu(lines: readonly string[]): number {
  return Number(
    lines
      .filter((line) => line.startsWith('cpu '))
      .at(-1)
      ?.slice(4) ?? Number.NaN,
  );
}

async function measure(workerCount: number, round: number): Promise<Figure> {
  const prefix = `bench:fleet:${process.pid}:${round}`;
  const stands = new Map<string, StandIn>();
  for (const project of PROJECTS) stands.set(project, await startStandIn({ rateLimits: false }));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('iterable-sync', { connection, prefix });
  const events = new QueueEvents('iterable-sync', { connection: connection.duplicate(), prefix });
  const workers = Array.from({ length: workerCount }, () =>
    startWorkerProcess({
      redisUrl: REDIS_URL,
      queue: 'iterable-sync',
      prefix,
      projects: Object.fromEntries([...stands].map(([p, s]) => [p, { baseUrl: s.url, apiKey: s.apiKey }])),
      requestsPerSecond: 1000,
      marginMs: 0,
      firstRequestMarginMs: 0,
    }),
  );
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const workerCpuBefore = await Promise.all(
      workers.map((worker) =>
        worker.waitFor((line) => line.startsWith('cpu ')).then((line) => Number(line.slice(4))),
      ),
    );
    await events.waitUntilReady();
    const cpuBefore = await Promise.all([...stands.values()].map((s) => s.stats()));
    const start = performance.now();
    const jobs = await Promise.all(
      PROJECTS.map((project) => enqueueProjectSync(queue, { project, source: { count: USERS, round } })),
    );
    const reports = (await Promise.all(
      jobs.map((job) => job.waitUntilFinished(events, 600_000)),
    )) as SyncReport[];
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = await Promise.all([...stands.values()].map((s) => s.stats()));
    const succeeded = reports.reduce((sum, report) => sum + report.succeeded, 0);
    if (succeeded !== PROJECTS.length * USERS) throw new Error(`only ${succeeded} profiles succeeded`);
    const standInCpu = cpuAfter.reduce((sum, s, i) => sum + s.cpuMs - (cpuBefore[i]?.cpuMs ?? 0), 0) / 1000;
    await Promise.all(workers.map((worker) => worker.stop()));
    const workerCpu = workers.reduce(
      (sum, worker, i) => sum + lastCpu(worker.lines) - (workerCpuBefore[i] ?? 0),
      0,
    );
    return {
      workers: workerCount,
      seconds,
      profilesPerSecond: succeeded / seconds,
      standInCpuSeconds: standInCpu,
      workerCpuSeconds: workerCpu / 1000,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await events.close();
    await queue.close();
    for (const stand of stands.values()) await stand.close();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    connection.disconnect();
  }
}

const figures: Figure[] = [];
for (const [i, count] of WORKER_COUNTS.entries()) figures.push(await measure(count, i + 1));

console.log(
  `Fleet throughput: ${PROJECTS.length} projects × ${USERS.toLocaleString('en')} profiles, stand-in limits off, ` +
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
);
const base = figures[0]?.profilesPerSecond ?? 1;
for (const figure of figures) {
  console.log(
    `  ${figure.workers} worker process${figure.workers > 1 ? 'es' : ''}: ` +
      `${Math.round(figure.profilesPerSecond).toLocaleString('en')} profiles/s summed over projects ` +
      `(${figure.seconds.toFixed(1)} s, ×${(figure.profilesPerSecond / base).toFixed(2)}; ` +
      `workers used ${figure.workerCpuSeconds.toFixed(1)} s of CPU, ` +
      `${Math.round((PROJECTS.length * USERS) / figure.workerCpuSeconds).toLocaleString('en')} profiles per worker CPU-second; ` +
      `the stand-ins used ${figure.standInCpuSeconds.toFixed(1)} s)`,
  );
}
