import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, lines, READY_FIELDS, refreshes, runCli, scratchDir } from './cli-harness.js';

interface ReportJson {
  total: number;
  succeeded: number;
  failed: number;
  invalid: number;
  aborted: number;
  requests: number;
  batches: number;
  dryRun: boolean;
  interrupted: boolean;
  inputError: string | null;
  format: string;
  failuresByReason: Record<string, number>;
  failures: {
    index: number | null;
    line: number | null;
    userId: string | null;
    reason: string;
    field?: string;
    message: string;
    retryable: boolean;
  }[];
}

const FORGOTTEN = 'nd-forgotten-1';
let iterable: FakeIterable;
const scratch = scratchDir();
const env = () => ({ ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url });
const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ReportJson;
const expectConsistent = (report: ReportJson) =>
  expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({
    rateLimits: false,
    forgottenUserIds: [FORGOTTEN],
    fields: READY_FIELDS,
  });
}, 240_000);

afterAll(async () => {
  await iterable.close();
  scratch.remove();
});

describe.concurrent('sync', { timeout: 60_000 }, () => {
  it('syncs an NDJSON file and exits 0 when every user synced', async () => {
    const file = scratch.file(
      'all-good.ndjson',
      [
        '{"userId":"nd-1","churnRisk":0.27}',
        '{"userId":"nd-2","experimentId":"exp-1","experimentName":"Win-back","addedAt":"2026-11-29T01:40:43Z","assignment":"treatment","churnRisk":"0.5"}',
        '',
        '{"userId":"nd-3","churnRisk":"0.9"}',
      ].join('\n'),
    );
    const result = await runCli(['sync', file], { env: env() });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/3 of 3 profiles updated/);
    expect(iterable.users.get('nd-1')?.dataFields).toMatchObject({ subsetsSubscriberChurnRisk: '0.27' });
    expect(iterable.users.get('nd-2')?.dataFields).toMatchObject({
      subsetsExperimentId: 'exp-1',
      subsetsExperimentName: 'Win-back',
      subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
      subsetsExperimentAssignment: 'treatment',
      subsetsSubscriberChurnRisk: '0.5',
    });
  });

  it('syncs a CSV file: header keys, empty cells left out, numbers kept as strings, quoted cells', async () => {
    const file = scratch.file(
      'profiles.csv',
      'userId,experimentId,experimentName,addedAt,assignment,churnRisk\r\n' +
        'csv-1,exp-2,"Pause, not cancel",2026-11-29T01:40:43Z,control,0.125\r\n' +
        'csv-2,,,,,0.75\r\n' +
        '\r\n' +
        'csv-3,exp-2,"Two\r\nlines",2026-11-29T01:40:43+01:00,treatment,\r\n',
    );
    const result = await runCli(['sync', file], { env: env() });
    expect(result.code).toBe(0);
    expect(iterable.users.get('csv-1')?.dataFields).toMatchObject({
      subsetsExperimentName: 'Pause, not cancel',
      subsetsExperimentAssignment: 'control',
      subsetsSubscriberChurnRisk: '0.125',
    });
    expect(iterable.users.get('csv-2')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.75' });
    expect(iterable.users.get('csv-3')?.dataFields).toMatchObject({
      subsetsExperimentName: 'Two\r\nlines',
      subsetsExperimentAddedAt: '2026-11-29T00:40:43.000Z',
    });
    expect(iterable.users.get('csv-3')?.dataFields).not.toHaveProperty('subsetsSubscriberChurnRisk');
  });

  it('syncs a JSON array file', async () => {
    const file = scratch.file(
      'profiles.json',
      '[\n  {"userId": "json-1", "churnRisk": 0.1},\n  {"userId": "json-2",\n   "churnRisk": "0.2", "experimentId": null}\n]\n',
    );
    const result = await runCli(['sync', file, '--report', scratch.file('json-report.json')], { env: env() });
    expect(result.code).toBe(1);
    expect(iterable.users.get('json-1')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.1' });
    const report = readReport(scratch.file('json-report.json'));
    expect(report).toMatchObject({ format: 'json', total: 2, succeeded: 1, invalid: 1 });
    expect(report.failures).toEqual([expect.objectContaining({ index: 1, line: 3, userId: 'json-2' })]);
  });

  it('reads NDJSON from stdin with -', async () => {
    const result = await runCli(['sync', '-', '--format', 'ndjson'], {
      env: env(),
      input: refreshes(30, 'stdin'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Synced stdin .*30 of 30 profiles updated/);
    expect(iterable.users.has('stdin-29')).toBe(true);
  });

  it('reads a JSON array from stdin, telling the format from its first character', async () => {
    const result = await runCli(['sync', '-'], {
      env: env(),
      input: '  [{"userId":"sniff-1","churnRisk":0.3}]',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('as a JSON array');
    expect(iterable.users.has('sniff-1')).toBe(true);
  });

  it('reads CSV from stdin with --format csv', async () => {
    const result = await runCli(['sync', '-', '--format', 'csv'], {
      env: env(),
      input: 'churnRisk,userId\n0.4,stdin-csv-1\n',
    });
    expect(result.code).toBe(0);
    expect(iterable.users.get('stdin-csv-1')?.dataFields).toEqual({ subsetsSubscriberChurnRisk: '0.4' });
  });

  it('reports a line that is not JSON as an invalid profile with its line number, and goes on (exit 1)', async () => {
    const file = scratch.file(
      'broken.ndjson',
      [
        '{"userId":"br-1","churnRisk":0.1}',
        '',
        'this is not json',
        '{"userId":"br-2","churnRisk":7}',
        '{"userId":"br-3","churnRisk":0.3}',
      ].join('\n'),
    );
    const reportPath = scratch.file('broken-report.json');
    const result = await runCli(['sync', file, '--report', reportPath], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/line 3 .*not valid JSON/);
    expect(result.stdout).toMatch(/line 4 .*br-2 .*churnRisk/);
    expect(iterable.users.has('br-3')).toBe(true);
    const report = readReport(reportPath);
    expectConsistent(report);
    expect(report).toMatchObject({ total: 4, succeeded: 2, failed: 0, invalid: 2, aborted: 0 });
    expect(report.failures).toEqual([
      expect.objectContaining({ index: 1, line: 3, userId: null, reason: 'validation', retryable: false }),
      expect.objectContaining({
        index: 2,
        line: 4,
        userId: 'br-2',
        reason: 'validation',
        field: 'churnRisk',
      }),
    ]);
  });

  it('writes every failure to the report, with lines mapped back through several batches', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 250; i += 1) {
      if (i === 5) rows.push('{oops');
      if (i === 7) rows.push('');
      rows.push(
        JSON.stringify({ userId: i === 180 ? FORGOTTEN : `rep-${i}`, churnRisk: i % 50 === 0 ? 2 : 0.5 }),
      );
    }
    const reportPath = scratch.file('full-report.json');
    const result = await runCli(
      [
        'sync',
        scratch.file('many.ndjson', `${rows.join('\n')}\n`),
        '--batch-size',
        '40',
        '--concurrency',
        '3',
        '--report',
        reportPath,
      ],
      { env: env() },
    );
    expect(result.code).toBe(1);
    const report = readReport(reportPath);
    expectConsistent(report);
    expect(report).toMatchObject({
      total: 251,
      succeeded: 244,
      failed: 1,
      invalid: 6,
      aborted: 0,
      interrupted: false,
    });
    expect(report.failuresByReason).toEqual({ validation: 6, forgotten: 1 });
    expect(report.failures).toHaveLength(7);
    // Profile 180 follows the unreadable line and the blank line: record 181, line 183.
    expect(report.failures.find((f) => f.reason === 'forgotten')).toMatchObject({
      userId: FORGOTTEN,
      index: 181,
      line: 183,
      retryable: false,
    });
    expect(report.failures.find((f) => f.userId === 'rep-200')).toMatchObject({
      index: 201,
      line: 203,
      field: 'churnRisk',
    });
    expect(result.stdout).toContain(`Report with all 7 failures: ${reportPath}`);
  });

  it('sends nothing in a dry run, needs no API key, and says what would be sent', async () => {
    const own = await startFakeIterable({ rateLimits: false });
    try {
      const file = scratch.file('dry.ndjson', `${refreshes(20, 'dry')}{"userId":"dry-bad","churnRisk":-1}\n`);
      const reportPath = scratch.file('dry-report.json');
      const result = await runCli(['sync', file, '--dry-run', '--report', reportPath], {
        env: { ITERABLE_BASE_URL: own.url },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/Dry run .*nothing sent: 20 of 21 profiles are valid/);
      expect(own.requests).toHaveLength(0);
      expect(readReport(reportPath)).toMatchObject({
        dryRun: true,
        total: 21,
        succeeded: 20,
        invalid: 1,
        requests: 0,
      });

      const clean = await runCli(
        ['sync', scratch.file('dry-clean.ndjson', refreshes(5, 'dry')), '--dry-run'],
        {
          env: { ITERABLE_API_KEY: own.apiKey, ITERABLE_BASE_URL: own.url },
        },
      );
      expect(clean.code).toBe(0);
      expect(own.requests).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('prints plain progress lines on stderr when it is not a terminal, and nothing with --quiet', async () => {
    const file = scratch.file('progress.ndjson', refreshes(300, 'prog'));
    const loud = await runCli(['sync', file, '--batch-size', '100', '--progress-interval', '0'], {
      env: env(),
    });
    expect(loud.code).toBe(0);
    const progress = lines(loud.stderr).filter((line) => line.startsWith('progress: '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/300 of ~300 profiles \(100%\) · 300 updated · 0 failed · 0 invalid/);

    const quiet = await runCli(['sync', file, '--quiet'], { env: env() });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
  });
});

describe.concurrent('sync fails with exit 2 and one line', { timeout: 60_000 }, () => {
  it('when the file cannot be read', async () => {
    const result = await runCli(['sync', scratch.file('missing.ndjson')], { env: env() });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^error: cannot read .*missing\.ndjson: no such file$/),
    ]);
  });

  it('when the path is a directory', async () => {
    const result = await runCli(['sync', scratch.dir], { env: env() });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/it is a directory/)]);
  });

  it('when a JSON input is not an array, sending nothing', async () => {
    const own = await startFakeIterable({ rateLimits: false });
    try {
      const result = await runCli(['sync', scratch.file('object.json', '{"userId":"x","churnRisk":0.1}')], {
        env: { ITERABLE_API_KEY: own.apiKey, ITERABLE_BASE_URL: own.url },
      });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toEqual([expect.stringMatching(/must be an array of profiles/)]);
      expect(own.requests).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('when the project lacks the Subsets fields, pointing at fields --ensure', async () => {
    const own = await startFakeIterable({ rateLimits: false });
    try {
      const file = scratch.file(
        'needs-setup.ndjson',
        '{"userId":"ns-1","experimentId":"e","experimentName":"n","addedAt":"2026-11-29T01:40:43Z","assignment":"control"}\n',
      );
      const result = await runCli(['sync', file], {
        env: { ITERABLE_API_KEY: own.apiKey, ITERABLE_BASE_URL: own.url },
      });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^error: .*subsets-iterable fields --ensure/),
      ]);
      expect(own.requests.some((r) => r.endpoint === 'bulkUpdate')).toBe(false);
    } finally {
      await own.close();
    }
  });

  it('when a CSV header names an unknown column', async () => {
    const result = await runCli(['sync', scratch.file('bad-header.csv', 'userid,churnRisk\nx,0.1\n')], {
      env: env(),
    });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/unknown column "userid" \(did you mean userId\?\)/),
    ]);
  });

  it('when a JSON array is cut short, after syncing what came before it', async () => {
    const reportPath = scratch.file('cut-report.json');
    const result = await runCli(['sync', '-', '--format', 'json', '--report', reportPath], {
      env: env(),
      input: '[{"userId":"cut-1","churnRisk":0.1},\n{"userId":"cut-2","churnRisk":0.2},',
    });
    expect(result.code).toBe(2);
    expect(lines(result.stderr).at(-1)).toMatch(/JSON array is not closed/);
    expect(iterable.users.has('cut-2')).toBe(true);
    expect(readReport(reportPath)).toMatchObject({
      total: 2,
      succeeded: 2,
      inputError: expect.stringMatching(/not closed/),
    });
  });
});
