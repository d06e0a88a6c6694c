import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, READY_FIELDS, refreshes, runCli, scratchDir } from './cli-harness.js';

// Items 12 and 13 of the CLI: every CSV line accounted for, stdout for data, EXAMPLES in --help,
// CLI words in messages, one wording for one problem.

interface Failure {
  line: number | null;
  userId: string | null;
  reason: string;
  field?: string;
  message: string;
}

let iterable: FakeIterable;
const scratch = scratchDir();
const env = () => ({ ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url });

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({ fields: READY_FIELDS });
});

afterAll(async () => {
  await iterable.close();
  scratch.remove();
});

describe('a CSV file with a stray quote', () => {
  it('accounts for every row and names the line the bad row starts on', async () => {
    const rows = ['userId,experimentName,churnRisk'];
    for (let i = 0; i < 50_000; i += 1) {
      if (i === 1000) rows.push(`csv-${i},"Win-back,0.5`);
      else if (i === 40_000) rows.push(`"csv-${i}",,0.5`);
      else rows.push(`csv-${i},,0.${i % 10}`);
    }
    const file = scratch.file('stray.csv', `${rows.join('\n')}\n`);
    const result = await runCli(['sync', file, '--dry-run', '--report', '-']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      total: number;
      succeeded: number;
      invalid: number;
      failures: Failure[];
    };
    expect(report.total).toBe(50_000);
    expect(report.succeeded).toBe(49_999);
    expect(report.invalid).toBe(1);
    expect(report.failures).toEqual([
      expect.objectContaining({ line: 1002, reason: 'validation', message: expect.stringMatching(/quote/) }),
    ]);
    expect(result.stderr).toMatch(/^ {2}line 1002 .*quoted cell is not closed/m);
  });

  it('still reads a quoted cell that holds a line break as one row', async () => {
    const file = scratch.file(
      'multiline.csv',
      'userId,experimentId,experimentName,addedAt,assignment\n' +
        'csv-a,e,"Pause, ""not""\ncancel",2026-11-29T01:40:43Z,control\n' +
        'csv-b,"e,n,2026-11-29T01:40:43Z,control\n' +
        'csv-c,e,n,2026-11-29T01:40:43Z,treatment\n',
    );
    const result = await runCli(['sync', file, '--dry-run', '--report', '-']);
    const report = JSON.parse(result.stdout) as { total: number; succeeded: number; failures: Failure[] };
    expect(report.total).toBe(3);
    expect(report.succeeded).toBe(2);
    expect(report.failures).toEqual([expect.objectContaining({ line: 4 })]);
  });
});

describe('stdout for data', () => {
  it('writes the report to stdout with --report -, and the summary to stderr', async () => {
    const file = scratch.file('dash.ndjson', refreshes(5, 'dash'));
    const result = await runCli(['sync', file, '--report', '-'], { env: env() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 5, succeeded: 5, failures: [] });
    expect(result.stderr).toMatch(/^Synced .* 5 of 5 profiles updated\.$/m);
    expect(result.stderr).toMatch(/^Report: written to stdout$/m);
  });

  it('prints a JSON summary with --json, unchanged included', async () => {
    const file = scratch.file('json.ndjson', `${refreshes(4, 'json')}{"userId":""}\n`);
    const result = await runCli(['sync', file, '--json'], { env: env() });
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ total: 5, succeeded: 4, unchanged: 0, invalid: 1, reportPath: null });
    expect(summary.sampleFailures).toEqual([
      expect.objectContaining({ line: 5, message: 'userId must not be empty' }),
    ]);
  });

  it('refuses --json with --report -, which would both write to stdout', async () => {
    const result = await runCli(['sync', scratch.file('json.ndjson'), '--json', '--report', '-'], {
      env: env(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--json and --report - both write to stdout/);
  });
});

describe('help', () => {
  it.each([['sync'], ['fields'], ['check'], ['stand-in'], ['demo'], []])(
    'of %s ends with EXAMPLES',
    async (...command: string[]) => {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      const examples = result.stdout.lastIndexOf('\nEXAMPLES\n');
      expect(examples).toBeGreaterThan(0);
      expect(result.stdout.slice(examples)).toMatch(
        /^\nEXAMPLES\n(( {2}# .*\n( {2}\$ .*subsets-iterable .*\n)+)\n?)+$/,
      );
    },
  );

  it('of stand-in offers only options that apply to it', async () => {
    const result = await runCli(['stand-in', '--help']);
    expect(result.stdout).not.toMatch(/--verbose|--region|--base-url|no progress/);
    expect(result.stdout).toMatch(/-q, --quiet +do not print each request received/);
  });
});

describe('messages in CLI words', () => {
  it('warns when --region and ITERABLE_BASE_URL disagree', async () => {
    const result = await runCli(['fields', '--region', 'eu'], { env: env() });
    expect(result.stderr).toMatch(
      new RegExp(
        `^warning: --region eu and ITERABLE_BASE_URL \\(${iterable.url}\\) disagree: requests go to `,
        'm',
      ),
    );
  });

  it('does not warn when they agree or when --region is not given', async () => {
    const result = await runCli(['fields'], { env: env() });
    expect(result.stderr).not.toMatch(/warning/);
  });

  it('words the same problem the same in CSV and NDJSON, naming a field once', async () => {
    const csv = scratch.file(
      'words.csv',
      'userId,experimentId,addedAt,assignment,churnRisk\n,,,,0.5\nw-1,e,2026-11-29T01:40:43Z,control,\n',
    );
    const ndjson = scratch.file(
      'words.ndjson',
      '{"userId":"","churnRisk":0.5}\n{"userId":"w-1","experimentId":"e","addedAt":"2026-11-29T01:40:43Z","assignment":"control"}\n',
    );
    const messages = async (file: string) => {
      const result = await runCli(['sync', file, '--dry-run', '--report', '-']);
      return (JSON.parse(result.stdout) as { failures: Failure[] }).failures.map((f) => f.message);
    };
    const fromCsv = await messages(csv);
    expect(fromCsv).toEqual(await messages(ndjson));
    expect(fromCsv[0]).toBe('userId must not be empty');
    expect(fromCsv[1]).toMatch(/experimentName/);
    expect(fromCsv[1]?.match(/experimentName/g)).toHaveLength(1);
  });
});
