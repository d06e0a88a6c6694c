import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, lines, ROOT, runCli, scratchDir } from './cli-harness.js';

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

let iterable: FakeIterable;
const scratch = scratchDir();

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({ rateLimits: false });
}, 240_000);

afterAll(async () => {
  await iterable.close();
  scratch.remove();
});

describe.concurrent('subsets-iterable --version and --help', { timeout: 60_000 }, () => {
  it('prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageVersion);
  });

  it('lists every command, the environment and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['sync', 'fields', 'check', 'stand-in', 'demo'])
      expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('ITERABLE_API_KEY');
    expect(result.stdout).toMatch(/130/);
  });

  it.each([
    [
      'sync',
      [
        '--format',
        '--dry-run',
        '--report',
        '--concurrency',
        '--rate',
        '--batch-size',
        '--create-missing-users',
      ],
    ],
    ['fields', ['--ensure', '--setup-user-id', '--dry-run']],
    ['check', ['--test-user-id']],
    ['stand-in', ['--port']],
    ['demo', ['--profiles']],
  ])('documents the options of %s', async (command, options) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    for (const option of options) expect(result.stdout).toContain(option);
    if (command !== 'stand-in' && command !== 'demo') {
      expect(result.stdout).toContain('--region');
      expect(result.stdout).toContain('--base-url');
      expect(result.stdout).toContain('ITERABLE_BASE_URL');
    }
    expect(result.stdout).not.toMatch(/--api-key/);
  });
});

describe.concurrent('usage errors exit 2 with one line', { timeout: 60_000 }, () => {
  it('rejects an unknown option', async () => {
    const result = await runCli(['sync', 'x.ndjson', '--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
  });

  it('rejects a bad number', async () => {
    const result = await runCli(['sync', 'x.ndjson', '--batch-size', '5000']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/--batch-size.*from 1 to 1000/);
  });

  it('rejects a missing command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
  });

  it('needs --test-user-id for check', async () => {
    const result = await runCli(['check'], {
      env: { ITERABLE_API_KEY: 'k', ITERABLE_BASE_URL: iterable.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--test-user-id');
  });

  it('needs --setup-user-id with fields --ensure, and sends nothing', async () => {
    const own = await startFakeIterable();
    try {
      const result = await runCli(['fields', '--ensure'], {
        env: { ITERABLE_API_KEY: own.apiKey, ITERABLE_BASE_URL: own.url },
      });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toEqual([expect.stringContaining('--setup-user-id')]);
      expect(own.requests).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('refuses a plain-http base URL that is not loopback', async () => {
    const result = await runCli(['fields', '--base-url', 'http://example.com'], {
      env: { ITERABLE_API_KEY: 'k' },
    });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: --base-url must use https/)]);
  });
});

describe.concurrent('the API key', { timeout: 60_000 }, () => {
  const profiles = () => scratch.file('one.ndjson', '{"userId":"u-1","churnRisk":0.2}\n');

  it.each([
    ['sync', () => ['sync', profiles()]],
    ['fields', () => ['fields']],
    ['check', () => ['check', '--test-user-id', 't-1']],
  ])('is required by %s: exit 2 with one line naming ITERABLE_API_KEY', async (_name, args) => {
    const result = await runCli(args(), { env: { ITERABLE_BASE_URL: iterable.url } });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: ITERABLE_API_KEY is not set/)]);
  });

  it('is required even when blank', async () => {
    const result = await runCli(['fields'], {
      env: { ITERABLE_API_KEY: '  ', ITERABLE_BASE_URL: iterable.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ITERABLE_API_KEY is not set/);
  });

  it.each([
    ['sync', () => ['sync', profiles()]],
    ['fields', () => ['fields']],
  ])(
    'when wrong, ends %s with exit 2, the 401 message on one line, no stack, and never prints the key',
    async (_name, args) => {
      const badKey = 'bad-key-7d1c0b5e9a';
      const result = await runCli(args(), {
        env: { ITERABLE_API_KEY: badKey, ITERABLE_BASE_URL: iterable.url },
      });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^error: Iterable rejected the API key .*401/),
      ]);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout + result.stderr).not.toContain(badKey);
    },
  );

  it('is not printed with --verbose either, which adds the stack trace', async () => {
    const badKey = 'bad-key-verbose-3f9e2d';
    const result = await runCli(['fields', '--verbose'], {
      env: { ITERABLE_API_KEY: badKey, ITERABLE_BASE_URL: iterable.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stdout + result.stderr).not.toContain(badKey);
  });
});
