import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueProjectSync } from '../../src/fleet/index.js';
import type { SyncReport } from '../../src/sync/report.js';
import { describeWithRedis, maxInWindow } from '../redis/support.js';
import { bulkRequests, type FleetRun, startFleetRun, wrongUsers } from './support/fleet-run.js';
import { startWorkerProcess, type WorkerProcess } from './support/processes.js';
import { type StandInChild, type StandInSnapshot, startStandInChild } from './support/stand-in-child.js';

const PROJECTS = ['acme', 'globex', 'initech', 'umbrella'];
const USERS = 20_000;
const WORKERS = 3;
/**
 * The limiter spaces the starts of requests; the stand-ins see their arrivals. In between, on a
 * 2-CPU machine that runs four stand-in processes (each stamps an arrival only after the
 * 1,000-user bulkUpdate it was parsing) and three workers, the delay varies when
 * the machine is busy. Iterable adds no such delay; the margin covers it, as in
 * test/redis/shared-limit.test.ts.
 */
const MARGIN_FOR_THE_STAND_INS_MS = 150;

describeWithRedis('a fleet of 3 worker processes syncing 4 projects of 20,000 profiles', () => {
  let run: FleetRun;
  let workers: WorkerProcess[] = [];
  const reports = new Map<string, SyncReport>();
  const children = new Map<string, StandInChild>();
  const snapshots = new Map<string, StandInSnapshot>();

  beforeAll(async () => {
    run = await startFleetRun('limits', []);
    for (const project of PROJECTS) {
      children.set(project, await startStandInChild({ recordRequests: 'metadata' }));
    }
    const projects = Object.fromEntries(
      [...children].map(([project, child]) => [project, { baseUrl: child.url, apiKey: child.apiKey }]),
    );
    // Three jobs per worker: the eight jobs all run at once, spread over the three processes.
    workers = Array.from({ length: WORKERS }, () =>
      startWorkerProcess(
        run.workerConfig({ projects, marginMs: MARGIN_FOR_THE_STAND_INS_MS, concurrency: 3 }),
      ),
    );
    await Promise.all(workers.map((worker) => worker.ready));
    // Two jobs per project (each half of its users, as when a nightly sync and an event sync
    // overlap), enqueued one round of projects after the other, so that a project's two jobs
    // land in different processes and share its limit through Redis.
    const half = USERS / 2;
    const jobs = [];
    for (const offset of [0, half]) {
      for (const project of PROJECTS) {
        jobs.push(
          await enqueueProjectSync(run.queue, { project, source: { count: half, round: 1, offset } }),
        );
      }
    }
    const finished = await Promise.all(jobs.map((job) => job.waitUntilFinished(run.events, 60_000)));
    for (const [i, job] of jobs.entries()) {
      const report = finished[i] as SyncReport;
      const previous = reports.get(job.data.project);
      reports.set(
        job.data.project,
        previous === undefined
          ? report
          : {
              ...report,
              succeeded: previous.succeeded + report.succeeded,
              failed: previous.failed + report.failed,
              rateLimited: previous.rateLimited + report.rateLimited,
            },
      );
    }
    // Each process prints its `done` lines just after BullMQ announces the completions.
    const doneLines = () =>
      workers.flatMap((worker) => worker.lines.filter((line) => line.startsWith('done ')));
    while (doneLines().length < jobs.length) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const [project, child] of children) snapshots.set(project, await child.snapshot());
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const child of children.values()) await child.close();
    await run?.close();
  });

  it('per project: no 429, at most 5 requests in any second, every user with its values', () => {
    for (const project of PROJECTS) {
      const stand = snapshots.get(project);
      if (stand === undefined) throw new Error(`no stand-in for ${project}`);
      const bulk = bulkRequests(stand);
      const arrivals = bulk.map((request) => request.receivedAt);
      if (bulk.some((r) => r.status === 429) || maxInWindow(arrivals) > 5) {
        const first = arrivals[0] ?? 0;
        console.log(
          `${project} arrivals (ms:status): ${bulk.map((r) => `${r.receivedAt - first}:${r.status}`).join(' ')}`,
        );
      }
      expect({ project, rejected: bulk.filter((r) => r.status === 429).length }).toEqual({
        project,
        rejected: 0,
      });
      expect({ project, most: maxInWindow(arrivals) <= 5 }).toEqual({ project, most: true });
      expect(bulk.filter((r) => r.status === 200)).toHaveLength(USERS / 1000);
      expect(wrongUsers(stand, project, USERS, 1)).toEqual([]);
      const report = reports.get(project);
      expect(report?.succeeded).toBe(USERS);
      expect(report?.failed).toBe(0);
      expect(report?.rateLimited).toBe(0);
    }
  });

  it('all projects progress at once: every project started before any finished', () => {
    const spans = PROJECTS.map((project) => {
      const arrivals = bulkRequests(snapshots.get(project) as never).map((r) => r.receivedAt);
      return { first: Math.min(...arrivals), last: Math.max(...arrivals) };
    });
    const lastStart = Math.max(...spans.map((span) => span.first));
    const firstEnd = Math.min(...spans.map((span) => span.last));
    expect(lastStart).toBeLessThan(firstEnd);
    // And they overlap for most of their run, not a moment at the edges.
    const shortest = Math.min(...spans.map((span) => span.last - span.first));
    expect(firstEnd - lastStart).toBeGreaterThan(shortest / 2);
  });

  it('projects were synced by several processes at once, sharing their limit', () => {
    const processesOf = (project: string) =>
      workers.filter((worker) =>
        worker.lines.some((line) => line.startsWith('done ') && line.endsWith(` ${project}`)),
      );
    expect(workers.filter((worker) => worker.lines.some((line) => line.startsWith('done '))).length).toBe(
      WORKERS,
    );
    expect(PROJECTS.filter((project) => processesOf(project).length > 1).length).toBeGreaterThan(0);
  });
});
