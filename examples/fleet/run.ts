/**
 * A fleet on one machine: three Iterable projects (local stand-ins), two worker processes
 * (worker.ts) and a producer that enqueues one sync job per project, then waits for the reports.
 * Every project's 5 requests/s are shared by both workers through Redis, and the projects are
 * synced at the same time.
 *
 * Needs a Redis server: `REDIS_URL` (default `redis://127.0.0.1:6379`). Without one it says so
 * and exits.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/fleet/run.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncReport } from '@subsets/iterable';
import { enqueueProjectSync } from '@subsets/iterable/fleet';
import { type FakeIterable, startFakeIterable } from '@subsets/iterable/testing';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROJECTS = ['acme', 'globex', 'initech'];
const PROFILES = 5_000;
const WORKERS = 2;

const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
probe.on('error', () => {});
try {
  await probe.connect();
} catch {
  console.log(`No Redis at ${REDIS_URL}: start one (redis-server) or set REDIS_URL, then run this again.`);
  process.exit(0);
} finally {
  probe.disconnect();
}

// One stand-in per project, each with Iterable's 5 bulkUpdate requests/s.
const stands = new Map<string, FakeIterable>();
for (const project of PROJECTS) stands.set(project, await startFakeIterable({ recordRequests: 'metadata' }));
const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL };
for (const [project, stand] of stands) {
  env[`ITERABLE_API_KEY_${project.toUpperCase()}`] = stand.apiKey;
  env[`ITERABLE_BASE_URL_${project.toUpperCase()}`] = stand.url;
}

const workers: ChildProcess[] = [];
for (let i = 0; i < WORKERS; i++) {
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), { env });
  workers.push(child);
}

// The producer: a queue, and its events to wait for the results.
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('iterable-sync', { connection });
const events = new QueueEvents('iterable-sync', { connection: connection.duplicate() });
await events.waitUntilReady();

const started = performance.now();
const jobs = await Promise.all(
  PROJECTS.map((project) => enqueueProjectSync(queue, { project, source: { profiles: PROFILES } })),
);
console.log(`Enqueued ${jobs.length} jobs; ${WORKERS} worker processes take them.`);
const reports = (await Promise.all(jobs.map((job) => job.waitUntilFinished(events)))) as SyncReport[];
const seconds = (performance.now() - started) / 1000;

for (const [i, project] of PROJECTS.entries()) {
  const report = reports[i] as SyncReport;
  const received = stands.get(project)?.requests.filter((r) => r.endpoint === 'bulkUpdate') ?? [];
  const tooMany = received.filter((r) => r.status === 429).length;
  console.log(
    `${project}: ${report.succeeded} of ${report.total} profiles updated in ${report.batches} batches, ` +
      `${tooMany} answered 429`,
  );
}
console.log(
  `All ${PROJECTS.length} projects done in ${seconds.toFixed(1)} s (each project: ${PROFILES / 1000} batches at 5 requests/s).`,
);

for (const child of workers) child.kill('SIGTERM');
await Promise.all(workers.map((child) => new Promise((resolve) => child.once('exit', resolve))));
await events.close();
await queue.obliterate({ force: true });
await queue.close();
connection.disconnect();
for (const stand of stands.values()) await stand.close();
