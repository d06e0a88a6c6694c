import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, READY_FIELDS, refreshes, scratchDir, startCli } from './cli-harness.js';

let iterable: FakeIterable;
const scratch = scratchDir();

beforeAll(async () => {
  await ensureBuilt();
  // Every answer takes 150–250 ms, so a sync of many small batches is slow enough to interrupt.
  iterable = await startFakeIterable({
    rateLimits: false,
    fields: READY_FIELDS,
    faults: { latency: { minMs: 150, maxMs: 250 } },
  });
}, 240_000);

afterAll(async () => {
  await iterable.close();
  scratch.remove();
});

describe.concurrent('Ctrl-C (SIGINT) during a sync', { timeout: 60_000 }, () => {
  it('stops cleanly, writes the report, and exits 130', async () => {
    const reportPath = scratch.file('interrupted.json');
    const cli = startCli(
      [
        'sync',
        scratch.file('slow.ndjson', refreshes(5000, 'int')),
        '--batch-size',
        '50',
        '--concurrency',
        '2',
        '--report',
        reportPath,
      ],
      { env: { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url } },
    );
    await cli.waitFor(/^progress: /m);
    const interruptedAt = Date.now();
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    expect(result.stderr).toContain('Ctrl-C: stopping');
    expect(result.stdout).toMatch(/Stopped after .* were not sent/);
    expect(result.stdout).toContain('Running the same sync again is safe');

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Record<string, number | boolean>;
    expect(report.interrupted).toBe(true);
    expect(report.total).toBe(
      (report.succeeded as number) +
        (report.failed as number) +
        (report.invalid as number) +
        (report.aborted as number),
    );
    expect(report.succeeded).toBeGreaterThanOrEqual(50);
    expect(report.aborted).toBeGreaterThan(0);
    expect(report.total).toBeLessThan(5000);
  });

  it('counts only the requests that went out, so the rate after Ctrl-C is the one the host saw', async () => {
    const host = await startFakeIterable({
      rateLimits: false,
      fields: READY_FIELDS,
      recordRequests: 'metadata',
    });
    try {
      const reportPath = scratch.file('interrupted-rate.json');
      // The client's own limit (5 requests/s) keeps requests waiting to be sent when Ctrl-C comes.
      const cli = startCli(
        [
          'sync',
          scratch.file('waiting.ndjson', refreshes(5000, 'wait')),
          '--batch-size',
          '50',
          '--report',
          reportPath,
        ],
        { env: { ITERABLE_API_KEY: host.apiKey, ITERABLE_BASE_URL: host.url } },
      );
      await cli.waitFor(/^progress: /m);
      await new Promise((resolve) => setTimeout(resolve, 500));
      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(130);
      const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { requests: number; aborted: number };
      const received = host.requests.filter((request) => request.endpoint === 'bulkUpdate').length;
      expect(report.aborted).toBeGreaterThan(0);
      expect(report.requests).toBe(received);
    } finally {
      await host.close();
    }
  });

  it('ends even while stdin is still open', async () => {
    const cli = startCli(['sync', '-', '--format', 'ndjson', '--batch-size', '10'], {
      env: { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url },
      input: refreshes(25, 'open-stdin'),
      keepStdinOpen: true,
    });
    await cli.waitFor(/^progress: /m);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/Stopped after/);
  });
});
