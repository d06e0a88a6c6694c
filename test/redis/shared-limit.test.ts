import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { connect, describeWithRedis, maxInWindow, REDIS_URL, uniquePrefix } from './support.js';
import type { WorkerConfig } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKERS = 3;
const BATCHES = 15;
/**
 * The stand-in runs in this process and stamps a request's arrival when its one event loop gets to
 * it: after up to ~150 ms spent on the previous 1,000-user bulkUpdate (measured on a 2-CPU runner).
 * That delay is the stand-in's, not the network's, and Iterable does not add it: the workers here
 * space their starts with a margin that covers it. With the default (50 ms), about one run in three
 * saw one 429 here.
 */
const MARGIN_FOR_THE_STAND_IN_MS = 150;

interface WorkerReport {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly durationMs: number;
  readonly firstFailure?: string;
}

/** Starts one worker process and resolves once it is ready for `go`. */
function startWorker(config: WorkerConfig, apiKey: string) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, JSON.stringify(config)],
    { cwd: ROOT, env: { ...process.env, ITERABLE_API_KEY: apiKey } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<WorkerReport>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`worker ${config.worker} exited with ${code}:\n${stderr}${stdout}`));
      } else resolve(JSON.parse(last) as WorkerReport);
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (stdout.includes('ready\n')) {
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    exited.catch(reject);
  });
  return { child, ready, exited };
}

interface RunFigures {
  readonly requests: number;
  readonly accepted: number;
  readonly rejected429: number;
  /** Most bulkUpdate requests that arrived in any one-second window, 429s included. */
  readonly maxPerSecond: number;
  /** Accepted requests per second, from the first arrival to the last. */
  readonly acceptedPerSecond: number;
  /** Requests per second, 429s included, from the first arrival to the last. */
  readonly sentPerSecond: number;
  readonly seconds: number;
  readonly usersFailed: number;
  readonly reports: readonly WorkerReport[];
  /** Arrival of each bulkUpdate, in ms after the first, with its status. */
  readonly timeline: readonly string[];
}

/** Three worker processes, started and waiting for `go`, and the stand-in they write to. */
interface Crew {
  readonly iterable: FakeIterable;
  readonly workers: readonly ReturnType<typeof startWorker>[];
}

/** Starts a fresh stand-in and three workers for it; resolves once all of them wait for `go`. */
async function prepare(settings: Pick<WorkerConfig, 'mode' | 'keyPrefix' | 'marginMs'>): Promise<Crew> {
  const iterable = await startFakeIterable({ recordRequests: 'metadata' });
  const workers = Array.from({ length: WORKERS }, (_, worker) =>
    startWorker(
      {
        ...settings,
        baseUrl: iterable.url,
        redisUrl: REDIS_URL,
        key: 'project-under-test',
        worker,
        batches: BATCHES,
      },
      iterable.apiKey,
    ),
  );
  await Promise.all(workers.map((w) => w.ready));
  return { iterable, workers };
}

/** Lets the three workers go at once and measures what their stand-in received. */
async function measure({ iterable, workers }: Crew): Promise<RunFigures> {
  for (const w of workers) w.child.stdin.end('go\n');
  const reports = await Promise.all(workers.map((w) => w.exited));
  const bulk = iterable.requests.filter((request) => request.endpoint === 'bulkUpdate');
  const arrivals = bulk.map((request) => request.receivedAt);
  const first = Math.min(...arrivals);
  const acceptedTimes = bulk.filter((request) => request.status === 200).map((request) => request.receivedAt);
  const span = (Math.max(...arrivals) - first) / 1000;
  return {
    requests: bulk.length,
    accepted: acceptedTimes.length,
    rejected429: bulk.filter((request) => request.status === 429).length,
    maxPerSecond: maxInWindow(arrivals),
    acceptedPerSecond: (acceptedTimes.length - 1) / span,
    sentPerSecond: (bulk.length - 1) / span,
    seconds: span,
    usersFailed: reports.reduce((sum, report) => sum + report.failed, 0),
    reports,
    timeline: bulk.map((request) => `${request.receivedAt - first}:${request.status}`),
  };
}

function print(label: string, figures: RunFigures): void {
  console.log(
    `${label}: ${figures.requests} bulkUpdate requests in ${figures.seconds.toFixed(1)} s ` +
      `(${figures.sentPerSecond.toFixed(2)}/s sent), ${figures.accepted} accepted ` +
      `(${figures.acceptedPerSecond.toFixed(2)}/s combined), ${figures.rejected429} answered 429, ` +
      `at most ${figures.maxPerSecond} in any one-second window, ${figures.usersFailed} users failed`,
  );
  if (figures.rejected429 > 0 || figures.maxPerSecond > 5) {
    console.log(`  arrivals (ms after the first:status): ${figures.timeline.join(' ')}`);
  }
}

describeWithRedis('three worker processes writing to one project', () => {
  const keyPrefix = uniquePrefix('shared-limit');
  let shared: Crew | undefined;
  let separate: Crew | undefined;

  // Both crews start up together (loading TypeScript takes a few seconds), then run one after the
  // other, so that neither disturbs the other's timing.
  beforeAll(async () => {
    [shared, separate] = await Promise.all([
      prepare({ mode: 'redis', keyPrefix, marginMs: MARGIN_FOR_THE_STAND_IN_MS }),
      prepare({ mode: 'memory', keyPrefix, marginMs: undefined }),
    ]);
  });
  afterAll(async () => {
    for (const crew of [shared, separate]) {
      for (const w of crew?.workers ?? []) if (w.child.exitCode === null) w.child.kill();
      await crew?.iterable.close();
    }
    const redis = connect();
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('stay within 5 requests/second together with the Redis limiter: no 429, no window over 5', async () => {
    const crew = shared as Crew;
    const figures = await measure(crew);
    print('shared Redis limiter', figures);
    expect(figures.rejected429).toBe(0);
    expect(figures.maxPerSecond).toBeLessThanOrEqual(5);
    expect(figures.accepted).toBe(WORKERS * BATCHES);
    expect(figures.usersFailed).toBe(0);
    expect(crew.iterable.users.size).toBe(WORKERS * BATCHES * 1000);
    for (const report of figures.reports) expect(report.rateLimited).toBe(0);
  });

  it('get 429s with one in-memory limiter each (why the shared limiter exists)', async () => {
    const figures = await measure(separate as Crew);
    print('in-memory limiter per process', figures);
    expect(figures.rejected429).toBeGreaterThan(0);
    expect(figures.maxPerSecond).toBeGreaterThan(5);
  });
});
