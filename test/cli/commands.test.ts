import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, lines, runCli, scratchDir, startCli } from './cli-harness.js';

const scratch = scratchDir();

beforeAll(ensureBuilt, 240_000);
afterAll(() => scratch.remove());

const envFor = (iterable: FakeIterable) => ({
  ITERABLE_API_KEY: iterable.apiKey,
  ITERABLE_BASE_URL: iterable.url,
});

describe('fields and check', { timeout: 60_000 }, () => {
  let iterable: FakeIterable;
  beforeAll(async () => {
    iterable = await startFakeIterable({ rateLimits: false });
  });
  afterAll(() => iterable.close());

  it('list the fields read-only, create them with --ensure, then check the integration', async () => {
    const listed = await runCli(['fields'], { env: envFor(iterable) });
    expect(listed.code).toBe(1);
    expect(listed.stdout.match(/ missing$/gm)).toHaveLength(5);
    expect(iterable.requests.every((r) => r.method === 'GET')).toBe(true);

    const planned = await runCli(['fields', '--ensure', '--setup-user-id', 'setup-1', '--dry-run'], {
      env: envFor(iterable),
    });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Would create 5 field(s)');
    expect(iterable.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(iterable.fields.size).toBe(0);

    const checkedEarly = await runCli(['check', '--test-user-id', 'tester-1'], { env: envFor(iterable) });
    expect(checkedEarly.code).toBe(1);
    expect(checkedEarly.stdout).toMatch(/FAILED\s+fields/);

    const ensured = await runCli(['fields', '--ensure', '--setup-user-id', 'setup-1'], {
      env: envFor(iterable),
    });
    expect(ensured.code).toBe(0);
    expect(ensured.stdout.match(/ created$/gm)).toHaveLength(5);
    expect([...iterable.fields.values()]).toEqual(['string', 'string', 'string', 'string', 'string']);

    const again = await runCli(['fields'], { env: envFor(iterable) });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('All five fields are ready.');

    const checked = await runCli(['check', '--test-user-id', 'tester-1'], { env: envFor(iterable) });
    expect(checked.code).toBe(0);
    expect(checked.stdout.match(/^ {2}passed /gm)).toHaveLength(4);
    expect(iterable.users.has('tester-1')).toBe(true);
  });

  it('check exits 2 when the key is rejected, without printing it', async () => {
    const result = await runCli(['check', '--test-user-id', 'tester-2'], {
      env: { ITERABLE_API_KEY: 'not-the-key-5e1f', ITERABLE_BASE_URL: iterable.url },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/FAILED\s+api-key/);
    expect(result.stdout + result.stderr).not.toContain('not-the-key-5e1f');
  });
});

describe.concurrent('fields with a conflicting type', { timeout: 60_000 }, () => {
  it('lists the conflict and refuses to ensure, with exit 1', async () => {
    const iterable = await startFakeIterable({ fields: { subsetsSubscriberChurnRisk: 'double' } });
    try {
      const listed = await runCli(['fields'], { env: envFor(iterable) });
      expect(listed.code).toBe(1);
      expect(listed.stdout).toMatch(/subsetsSubscriberChurnRisk\s+double\s+CONFLICT/);

      const ensured = await runCli(['fields', '--ensure', '--setup-user-id', 'setup-1'], {
        env: envFor(iterable),
      });
      expect(ensured.code).toBe(1);
      expect(lines(ensured.stderr)).toEqual([
        expect.stringMatching(/^error: .*subsetsSubscriberChurnRisk is double/),
      ]);
      expect(iterable.requests.some((r) => r.method === 'POST')).toBe(false);
    } finally {
      await iterable.close();
    }
  });
});

describe.concurrent('stand-in and demo', { timeout: 60_000 }, () => {
  it('stand-in prints its URL and key, serves the CLI, and stops on Ctrl-C with exit 0', async () => {
    const standIn = startCli(['stand-in', '--port', '0']);
    await standIn.waitFor(/Press Ctrl-C to stop/);
    const url = /listening at (http:\/\/\S+)/.exec(standIn.stdout())?.[1];
    const key = /^API key: (\S+)$/m.exec(standIn.stdout())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(key).toMatch(/^fake-[0-9a-f]{32}$/);
    expect(standIn.stdout()).toContain(`export ITERABLE_API_KEY=${key} ITERABLE_BASE_URL=${url}`);

    const ensured = await runCli(['fields', '--ensure', '--setup-user-id', 'setup-1'], {
      env: { ITERABLE_API_KEY: key, ITERABLE_BASE_URL: url },
    });
    expect(ensured.code).toBe(0);
    await standIn.waitFor(/POST \/api\/users\/update → 200/);

    standIn.child.kill('SIGINT');
    const result = await standIn.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Stand-in stopped after \d+ requests/);
  });

  it('demo creates the fields, syncs, and explains the outcome', async () => {
    const reportPath = scratch.file('demo-report.json');
    const started = Date.now();
    const result = await runCli(['demo', '--profiles', '3000', '--report', reportPath]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(result.stdout.match(/ created$/gm)).toHaveLength(5);
    expect(result.stdout).toMatch(/Synced the generated profiles in .*of 3,000 profiles updated/);
    expect(result.stdout).toMatch(/forgotten\s+\d+ +the user was forgotten/);
    expect(result.stdout).toMatch(/validation\s+\d+ +the profile broke/);
    // Three requests paced 203 ms apart can take under a second, too short for a rate to mean anything.
    expect(result.stdout).toMatch(
      /Rate: ([\d.]+ requests\/s|too few requests for a rate) over the whole sync, against Iterable's ceiling of 5 requests\/s \(3 requests, /,
    );
    expect(result.stderr).toMatch(/^progress: /m);

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Record<
      'total' | 'succeeded' | 'failed' | 'invalid' | 'aborted',
      number
    >;
    expect(report.total).toBe(3000);
    // The demo's profiles and its forgotten users are seeded: the same outcome every run.
    expect(report).toMatchObject({ total: 3000, succeeded: 2897, failed: 2, invalid: 101, aborted: 0 });
  });
});
