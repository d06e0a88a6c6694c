import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueProjectSync } from '../../src/fleet/index.js';
import type { SyncReport } from '../../src/sync/report.js';
import { describeWithRedis } from '../redis/support.js';
import { bulkRequests, type FleetRun, startFleetRun, wrongUsers } from './support/fleet-run.js';
import { startWorkerProcess, type WorkerProcess } from './support/processes.js';

const PROJECT = 'acme';
const USERS = 20_000;
/** The client's default `concurrency`: at most this many batches are in flight at the kill. */
const IN_FLIGHT = 5;

describeWithRedis('a worker process killed mid-job', () => {
  let run: FleetRun;
  let workers: WorkerProcess[] = [];
  let victim: WorkerProcess | undefined;
  let processedAtKill = 0;
  let report: SyncReport;

  beforeAll(async () => {
    // The stand-in's own limits are off: this test is about resuming, the limit tests are elsewhere.
    run = await startFleetRun('crash', [PROJECT], { rateLimits: false });
    const config = run.workerConfig({ lockDuration: 1500, stalledInterval: 1000 });
    workers = [startWorkerProcess(config), startWorkerProcess(config)];
    await Promise.all(workers.map((worker) => worker.ready));
    const job = await enqueueProjectSync(run.queue, { project: PROJECT, source: { count: USERS, round: 1 } });
    const line = await Promise.race(
      workers.map((worker) =>
        worker
          .waitFor((text) => text.startsWith('progress ') && Number(text.split(' ')[3]) >= 6000)
          .then((text) => ({ worker, text })),
      ),
    );
    victim = line.worker;
    victim.child.kill('SIGKILL');
    processedAtKill = Number(line.text.split(' ')[3]);
    await victim.exited;
    report = (await job.waitUntilFinished(run.events, 60_000)) as SyncReport;
    // The survivor prints its `done` line just after BullMQ announces the completion.
    await workers.find((worker) => worker !== victim)?.waitFor((text) => text.startsWith('done '));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await run?.close();
  });

  it('the job is finished by the other worker, which resumes from the state', () => {
    const survivor = workers.find((worker) => worker !== victim);
    expect(victim?.lines.some((line) => line.startsWith('done '))).toBe(false);
    expect(survivor?.lines.some((line) => line.startsWith('done '))).toBe(true);
    expect(report.total).toBe(USERS);
    expect(report.failed).toBe(0);
    // What was confirmed before the kill is not sent again.
    expect(report.unchanged).toBeGreaterThanOrEqual(processedAtKill);
    expect(report.succeeded + report.unchanged).toBe(USERS);
  });

  it('resends at most the batches that were in flight, and every user ends with the right values', () => {
    const stand = run.stands.get(PROJECT);
    if (stand === undefined) throw new Error('no stand-in');
    const accepted = bulkRequests(stand).filter((request) => request.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(USERS / 1000);
    expect(accepted).toBeLessThanOrEqual(USERS / 1000 + IN_FLIGHT);
    expect(wrongUsers(stand, PROJECT, USERS, 1)).toEqual([]);
  });
});
