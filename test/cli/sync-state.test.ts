import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import {
  CLI,
  cleanEnv,
  ensureBuilt,
  READY_FIELDS,
  ROOT,
  runCli,
  scratchDir,
  startCli,
} from './cli-harness.js';

interface Counts {
  total: number;
  succeeded: number;
  unchanged: number;
  failed: number;
  invalid: number;
  aborted: number;
  requests: number;
}

const USERS = 1000;
const BATCH = ['--batch-size', '100', '--rate', '1000'];
const scratch = scratchDir();
const stands: FakeIterable[] = [];

/** NDJSON of `USERS` churn scores; users whose index `changed` picks get 0.9 instead of 0.5. */
function profiles(name: string, changed: (i: number) => boolean = () => false): string {
  let text = '';
  for (let i = 0; i < USERS; i += 1) {
    text += `${JSON.stringify({ userId: `st-${i}`, churnRisk: changed(i) ? 0.9 : 0.5 })}\n`;
  }
  return scratch.file(name, text);
}

async function standIn(): Promise<FakeIterable> {
  const iterable = await startFakeIterable({ rateLimits: false, fields: READY_FIELDS });
  stands.push(iterable);
  return iterable;
}

/** The userIds of every bulkUpdate request the stand-in received since `from`. */
function sentUserIds(iterable: FakeIterable, from = 0): string[] {
  return iterable.requests
    .slice(from)
    .filter((request) => request.endpoint === 'bulkUpdate')
    .flatMap((request) => (request.body as { users: { userId: string }[] }).users.map((user) => user.userId));
}

/** Runs `sync FILE --json ...args` against `iterable` and returns its exit code, counts and stderr. */
async function sync(iterable: FakeIterable, file: string, args: readonly string[]) {
  const result = await runCli(['sync', file, '--json', ...BATCH, ...args], {
    env: { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url },
  });
  const counts = result.stdout.trim() === '' ? undefined : (JSON.parse(result.stdout) as Counts);
  return { code: result.code, counts, stderr: result.stderr };
}

beforeAll(async () => {
  await ensureBuilt();
}, 240_000);

afterAll(async () => {
  await Promise.all(stands.map((iterable) => iterable.close()));
  scratch.remove();
});

describe('sync --state', { timeout: 60_000 }, () => {
  it('sends everything once, then nothing for the same file, then only the changed rows', async () => {
    const iterable = await standIn();
    const state = join(scratch.dir, 'state-runs');
    const same = profiles('same.ndjson');

    const first = await sync(iterable, same, ['--state', state]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.counts).toMatchObject({ total: USERS, succeeded: USERS, unchanged: 0, requests: 10 });
    expect(new Set(sentUserIds(iterable)).size).toBe(USERS);
    expect(existsSync(join(state, 'data.mdb'))).toBe(true);

    let mark = iterable.requests.length;
    const second = await sync(iterable, same, ['--state', state]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.counts).toMatchObject({ total: USERS, succeeded: 0, unchanged: USERS, requests: 0 });
    expect(sentUserIds(iterable, mark)).toEqual([]);

    mark = iterable.requests.length;
    const tenth = profiles('tenth.ndjson', (i) => i % 10 === 3);
    const third = await sync(iterable, tenth, ['--state', state]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.counts).toMatchObject({ total: USERS, succeeded: 100, unchanged: 900, requests: 1 });
    const sent = sentUserIds(iterable, mark);
    expect(sent.sort()).toEqual(Array.from({ length: 100 }, (_, k) => `st-${k * 10 + 3}`).sort());
    expect(iterable.users.get('st-13')?.dataFields.subsetsSubscriberChurnRisk).toBe('0.9');
    expect(iterable.users.get('st-14')?.dataFields.subsetsSubscriberChurnRisk).toBe('0.5');

    mark = iterable.requests.length;
    const resync = await sync(iterable, tenth, ['--state', state, '--resync']);
    expect(resync.code, resync.stderr).toBe(0);
    expect(resync.counts).toMatchObject({ succeeded: USERS, unchanged: 0, requests: 10 });
    expect(new Set(sentUserIds(iterable, mark)).size).toBe(USERS);

    mark = iterable.requests.length;
    const after = await sync(iterable, tenth, ['--state', state]);
    expect(after.counts).toMatchObject({ succeeded: 0, unchanged: USERS });
    expect(sentUserIds(iterable, mark)).toEqual([]);
  });

  it('records nothing in a dry run: the next real run sends everything', async () => {
    const iterable = await standIn();
    const state = join(scratch.dir, 'state-dry');
    const file = profiles('dry.ndjson');
    const dry = await sync(iterable, file, ['--state', state, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(sentUserIds(iterable)).toEqual([]);
    const real = await sync(iterable, file, ['--state', state]);
    expect(real.counts).toMatchObject({ succeeded: USERS, unchanged: 0 });
    expect(new Set(sentUserIds(iterable)).size).toBe(USERS);

    const mark = iterable.requests.length;
    const changed = profiles('dry-tenth.ndjson', (i) => i % 10 === 0);
    const plain = await runCli(['sync', changed, ...BATCH, '--state', state, '--dry-run'], {
      env: { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(
      '1,000 of 1,000 profiles are valid; 100 changed and would go out in 1 request',
    );
    expect(plain.stdout).toMatch(/unchanged +900/);
    expect(sentUserIds(iterable, mark)).toEqual([]);
    const after = await sync(iterable, changed, ['--state', state]);
    expect(after.counts).toMatchObject({ succeeded: 100, unchanged: 900 });
  });

  it('keeps what was confirmed before SIGTERM: the rerun sends only the rest', async () => {
    const iterable = await startFakeIterable({
      rateLimits: false,
      fields: READY_FIELDS,
      faults: { seed: 3, latency: { minMs: 40, maxMs: 80 } },
    });
    stands.push(iterable);
    const state = join(scratch.dir, 'state-term');
    const file = profiles('term.ndjson');
    const env = { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url };
    const first = startCli(['sync', file, '--json', ...BATCH, '--concurrency', '2', '--state', state], {
      env,
    });
    while (sentUserIds(iterable).length < 400 && first.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code, stopped.stderr).toBe(143);
    const confirmed = (JSON.parse(stopped.stdout) as Counts).succeeded;
    expect(confirmed).toBeGreaterThan(0);
    expect(confirmed).toBeLessThan(USERS);
    const mark = iterable.requests.length;
    const again = await sync(iterable, file, ['--state', state]);
    expect(again.code, again.stderr).toBe(0);
    const resent = sentUserIds(iterable, mark);
    // Every user the stopped run counted as updated was recorded before the store closed.
    expect(again.counts?.unchanged).toBe(confirmed);
    expect(again.counts).toMatchObject({ total: USERS, succeeded: resent.length, failed: 0 });
    expect((again.counts?.unchanged ?? 0) + resent.length).toBe(USERS);
    for (let i = 0; i < USERS; i += 1) {
      expect(iterable.users.get(`st-${i}`)?.dataFields.subsetsSubscriberChurnRisk).toBe('0.5');
    }
  });

  it('ends with exit 2 and one line naming the store when the state directory is corrupt', async () => {
    const iterable = await standIn();
    const state = join(scratch.dir, 'state-corrupt');
    mkdirSync(state);
    writeFileSync(join(state, 'data.mdb'), Buffer.alloc(64 * 1024, 0x5a));
    const reportPath = join(scratch.dir, 'corrupt-report.json');
    const result = await runCli(
      ['sync', profiles('corrupt.ndjson'), ...BATCH, '--state', state, '--report', reportPath],
      { env: { ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url } },
    );
    expect(result.code).toBe(2);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`lmdb at ${state}`);
    expect(errors[0]).not.toContain('    at ');
    expect(sentUserIds(iterable)).toEqual([]);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Counts;
    expect(report.succeeded).toBe(0);
    expect(report.total).toBe(
      report.succeeded + (report.unchanged ?? 0) + report.failed + report.invalid + report.aborted,
    );
    expect(report.total).toBeGreaterThan(0);
  });

  it('says in one line to install lmdb when it is missing, and runs without it when --state is not given', async () => {
    // The built CLI next to a node_modules that holds every installed package but lmdb.
    const home = join(scratch.dir, 'no-lmdb');
    mkdirSync(join(home, 'dist'), { recursive: true });
    mkdirSync(join(home, 'node_modules'));
    copyFileSync(CLI, join(home, 'dist', 'cli.js'));
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== 'lmdb' && name !== '.bin')
        symlinkSync(join(ROOT, 'node_modules', name), join(home, 'node_modules', name));
    }
    const file = profiles('no-lmdb.ndjson');
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(home, 'dist', 'cli.js'), ...args], {
        env: cleanEnv(),
      }).then(
        (done) => ({ code: 0, ...done }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const without = await run(['sync', file, '--dry-run']);
    expect(without.code, without.stderr).toBe(0);
    const withState = await run(['sync', file, '--dry-run', '--state', join(home, 'state')]);
    expect(withState.code).toBe(2);
    expect(withState.stderr.trim().split('\n')).toEqual([
      "error: --state needs the package 'lmdb' (an optional dependency): install it with npm install lmdb",
    ]);
    expect(existsSync(join(home, 'state'))).toBe(false);
  });

  it('refuses --resync without --state as a usage error, before reading anything', async () => {
    const iterable = await standIn();
    const result = await sync(iterable, profiles('resync-alone.ndjson'), ['--resync']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--resync needs --state');
    expect(iterable.requests).toHaveLength(0);
  });

  it('shows both options and an example of each in --help', async () => {
    const help = await runCli(['sync', '--help']);
    expect(help.stdout).toContain('--state <dir>');
    expect(help.stdout).toContain('--resync');
    expect(help.stdout).toContain(
      '$ subsets-iterable sync profiles.ndjson --state ./iterable-state --resync',
    );
  });
});
