import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createSyncWorker, enqueueProjectSync, ProjectSyncIncompleteError } from '../../src/fleet/index.js';
import type { SyncReport } from '../../src/sync/report.js';
import { closedPort, connect, describeWithRedis, recordingLogger } from '../redis/support.js';
import { bullConnection, startFleetRun, wrongUsers } from './support/fleet-run.js';
import { type TestSource, testProfiles } from './support/profiles.js';

const PROJECT = 'acme';

describeWithRedis('fleet workers when Redis is unavailable', () => {
  const closers: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('at start: the worker logs a clear error and sends nothing', async () => {
    const port = await closedPort();
    const dead = (maxRetriesPerRequest: number | null) => {
      const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest });
      client.on('error', () => undefined);
      return client;
    };
    const connection = dead(null);
    const redis = dead(1);
    const run = await startFleetRun('down-at-start', [PROJECT]);
    closers.push(() => run.close());
    const stand = run.stands.get(PROJECT);
    const logger = recordingLogger();
    let resolved = 0;
    const worker = createSyncWorker<TestSource>({
      queue: run.queueName,
      connection,
      redis,
      logger,
      resolve: () => {
        resolved++;
        throw new Error('no job should run');
      },
    });
    closers.push(() => {
      void worker.close(true).catch(() => undefined);
      connection.disconnect();
      redis.disconnect();
    });
    const until = performance.now() + 10_000;
    while (!logger.lines.some((line) => line.startsWith('error: ')) && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const error = logger.lines.find((line) => line.startsWith('error: '));
    expect(error).toMatch(/^error: fleet: worker on queue iterable-sync: .*ECONNREFUSED/);
    expect(error).toContain('No job is taken or finished until Redis answers');
    expect(resolved).toBe(0);
    expect(stand?.requests).toHaveLength(0);
  });

  it('mid-run: nothing is sent without the shared limit, no user is counted that was not sent, and the retry resumes', async () => {
    const users = 10_000;
    const run = await startFleetRun('down-mid-run', [PROJECT], { rateLimits: false });
    closers.push(() => run.close());
    const stand = run.stands.get(PROJECT);
    if (stand === undefined) throw new Error('no stand-in');
    const connection = bullConnection();
    const redis = connect();
    const admin = connect();
    const logger = recordingLogger();
    const worker: Worker = createSyncWorker<TestSource>({
      queue: run.queueName,
      connection,
      redis,
      logger,
      rateLimit: { keyPrefix: `${run.prefix}:limit`, timeoutMs: 300 },
      worker: { prefix: run.prefix },
      resolve: ({ project, source }) => ({
        // One quick retry per request, so that the 2 s outage outlasts the client's retries (its
        // default, 5 retries over 15 s, rides out short outages without failing anyone).
        client: { apiKey: stand.apiKey, baseUrl: stand.url, retry: { retries: 1, minDelayMs: 100 } },
        profiles: testProfiles(project, source),
      }),
    });
    closers.push(async () => {
      await worker.close();
      connection.disconnect();
      redis.disconnect();
      admin.disconnect();
    });

    let paused = false;
    let pausedAt = 0;
    worker.on('progress', (_job, progress) => {
      if (!paused && (progress as { processed: number }).processed >= 3000) {
        paused = true;
        pausedAt = Date.now();
        // Redis stops answering every client for 2 s: to the workers it is gone.
        void admin.call('CLIENT', 'PAUSE', '2000', 'ALL');
      }
    });
    const firstAttempt = new Promise<{ error: Error; usersInIterable: number }>((resolve) => {
      worker.once('failed', (_job, error) => resolve({ error, usersInIterable: stand.users.size }));
    });
    const job = await enqueueProjectSync(
      run.queue,
      { project: PROJECT, source: { count: users, round: 1 } },
      { backoff: { type: 'fixed', delay: 500 } },
    );

    const { error, usersInIterable } = await firstAttempt;
    expect(error).toBeInstanceOf(ProjectSyncIncompleteError);
    expect(error.message).toMatch(/Redis did not answer within 300 ms/);
    expect(error.message).toContain("onRedisError: 'local'");
    // No request started while Redis did not answer (one granted just before may arrive just after).
    const duringPause = stand.requests.filter(
      (request) => request.receivedAt > pausedAt + 300 && request.receivedAt < pausedAt + 1900,
    );
    expect(duringPause).toEqual([]);
    const partial = (error as ProjectSyncIncompleteError).report;
    expect(partial.failed).toBeGreaterThan(0);
    // Exactly the users Iterable received are counted as succeeded, and no failed user was sent.
    expect(partial.succeeded).toBe(usersInIterable);
    for (const failure of partial.failures) expect(stand.users.has(failure.userId as string)).toBe(false);
    expect(
      logger.lines.some((line) =>
        /^error: fleet: job .* \(project acme\) failed: Sync of project acme incomplete/.test(line),
      ),
    ).toBe(true);

    const report = (await job.waitUntilFinished(run.events, 30_000)) as SyncReport;
    expect(report.failed).toBe(0);
    expect(report.unchanged).toBe(partial.succeeded);
    expect(report.succeeded).toBe(users - partial.succeeded);
    expect(wrongUsers(stand, PROJECT, users, 1)).toEqual([]);
  });
});
