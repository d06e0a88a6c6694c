import type { Job, Worker } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createSyncWorker,
  DEFAULT_SYNC_JOB_OPTIONS,
  enqueueProjectSync,
  type ResolvedProjectSync,
} from '../../src/fleet/index.js';
import type { SyncReport } from '../../src/sync/report.js';
import { closedPort, connect, describeWithRedis, recordingLogger } from '../redis/support.js';
import { bullConnection, type FleetRun, startFleetRun } from './support/fleet-run.js';

/** What each test project's resolver returns, besides its profiles. */
type Setup = (stand: { url: string; apiKey: string }) => Omit<ResolvedProjectSync, 'profiles'>;

describeWithRedis('fleet jobs: report, progress, and which failures are retried', () => {
  let run: FleetRun;
  let worker: Worker;
  const logger = recordingLogger();
  const setups = new Map<string, Setup>();
  const redis = connect();
  const connection = bullConnection();

  beforeAll(async () => {
    run = await startFleetRun('outcomes', ['good', 'bad-key', 'no-field', 'offline'], { rateLimits: false });
    const down = await closedPort();
    setups.set('good', (stand) => ({ client: { apiKey: stand.apiKey, baseUrl: stand.url } }));
    setups.set('bad-key', (stand) => ({ client: { apiKey: 'not-the-key', baseUrl: stand.url } }));
    setups.set('no-field', (stand) => ({ client: { apiKey: stand.apiKey, baseUrl: stand.url } }));
    setups.set('offline', (stand) => ({
      client: { apiKey: stand.apiKey, baseUrl: `http://127.0.0.1:${down}`, retry: false },
    }));
    worker = createSyncWorker<{ count: number; experiment?: boolean }>({
      queue: run.queueName,
      connection,
      redis,
      logger,
      rateLimit: { keyPrefix: `${run.prefix}:limit` },
      worker: { prefix: run.prefix },
      resolve: ({ project, source }) => {
        const stand = run.stands.get(project);
        const setup = setups.get(project);
        if (stand === undefined || setup === undefined) throw new TypeError(`unknown project ${project}`);
        const experiment = {
          experimentId: 'exp-1',
          experimentName: 'Winback',
          addedAt: '2026-11-29T01:40:43Z',
          assignment: 'treatment',
        };
        const profiles = Array.from({ length: source.count }, (_, i) => {
          const base = { userId: `${project}-u${i}`, churnRisk: 0.25 };
          return source.experiment ? { ...base, ...experiment } : base;
        });
        return { ...setup(stand), profiles };
      },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await run?.close();
    connection.disconnect();
    redis.disconnect();
  });

  const failureOf = async (job: Job): Promise<Error> => {
    try {
      await job.waitUntilFinished(run.events, 20_000);
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the job to fail');
  };

  it('finishes with the SyncReport as return value, and reports progress through BullMQ', async () => {
    const progress: unknown[] = [];
    const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
      if (jobId === job.id) progress.push(data);
    };
    run.events.on('progress', onProgress);
    const job = await enqueueProjectSync(run.queue, { project: 'good', source: { count: 2500 } });
    const report = (await job.waitUntilFinished(run.events, 20_000)) as SyncReport;
    run.events.off('progress', onProgress);
    expect(report).toMatchObject({ total: 2500, succeeded: 2500, failed: 0, batches: 3 });
    expect(run.stands.get('good')?.users.size).toBe(2500);
    const stored = await run.queue.getJob(job.id as string);
    expect(stored?.returnvalue).toMatchObject({ succeeded: 2500 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ processed: expect.any(Number), succeeded: expect.any(Number) });
  });

  it('a bad key fails the job at once with IterableAuthError, without retry', async () => {
    const job = await enqueueProjectSync(run.queue, { project: 'bad-key', source: { count: 10 } });
    const error = await failureOf(job);
    expect(error.message).toMatch(/^IterableAuthError: /);
    const stored = await run.queue.getJob(job.id as string);
    expect(stored?.attemptsMade).toBe(1);
    expect(stored?.failedReason).toMatch(/^IterableAuthError: /);
    expect(stored?.failedReason).not.toContain(run.stands.get('bad-key')?.apiKey);
    expect(DEFAULT_SYNC_JOB_OPTIONS.attempts).toBeGreaterThan(1);
  });

  it('a missing field fails the job at once with FieldSetupRequiredError, without retry', async () => {
    const job = await enqueueProjectSync(run.queue, {
      project: 'no-field',
      source: { count: 10, experiment: true },
    });
    const error = await failureOf(job);
    expect(error.message).toMatch(/^FieldSetupRequiredError: .*subsetsExperimentAddedAt/);
    expect((await run.queue.getJob(job.id as string))?.attemptsMade).toBe(1);
    expect(run.stands.get('no-field')?.users.size).toBe(0);
  });

  it('a network failure is retried with backoff, as many times as attempts allows', async () => {
    const job = await enqueueProjectSync(
      run.queue,
      { project: 'offline', source: { count: 10 } },
      { attempts: 3, backoff: { type: 'fixed', delay: 100 } },
    );
    const error = await failureOf(job);
    expect(error.message).toMatch(/^Sync of project offline incomplete: 0 succeeded, 0 unchanged, 10 failed/);
    expect((await run.queue.getJob(job.id as string))?.attemptsMade).toBe(3);
    expect(logger.lines.filter((line) => line.includes('(project offline) failed'))).toHaveLength(3);
  });

  it('refuses a project named by an API key', () => {
    expect(() =>
      enqueueProjectSync(run.queue, { project: '0123456789abcdef0123456789abcdef', source: {} }),
    ).toThrow(/project must not be an Iterable API key/);
  });
});
