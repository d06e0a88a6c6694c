import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IterableAuthError,
  IterableClient,
  IterableNetworkError,
  IterableTimeoutError,
  SyncAbortedError,
} from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { transportOptions } from '../support/transport.js';
import { type HostileServer, json, startHostileServer } from './hostile-server.js';
import {
  type ChildRun,
  ensureBuilt,
  expectNoKey,
  recordingLogger,
  rejectionOf,
  runCli,
  SECRET_KEY,
  SETUP_FIELDS,
  scratchDir,
} from './support.js';

const scratch = scratchDir();
let iterable: FakeIterable;
let hostile: HostileServer;

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({ apiKey: SECRET_KEY, rateLimits: false, fields: SETUP_FIELDS });
  hostile = await startHostileServer();
}, 240_000);

afterAll(async () => {
  await Promise.all([iterable.close(), hostile.close()]);
  scratch.remove();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectQuiet(run: ChildRun) {
  expect(run.stdout).not.toContain(SECRET_KEY);
  expect(run.stderr).not.toContain(SECRET_KEY);
}

describe('plain http: is refused for any host that is not loopback', () => {
  it.each([
    'http://example.com',
    'http://api.iterable.com',
    'HTTP://API.EU.ITERABLE.COM',
    'http://0.0.0.0:8080',
    'http://10.0.0.1',
    'http://192.168.1.1:80',
    'http://127.0.0.1.nip.io',
    'http://localhost.example.com',
    'http://[::ffff:7f00:1]',
    'ws://127.0.0.1:1',
    'ftp://127.0.0.1',
  ])('%s', (baseUrl) => {
    let error: unknown;
    try {
      new IterableClient({ apiKey: SECRET_KEY, baseUrl });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/baseUrl must use https/);
    expectNoKey(error);
  });

  it.each([
    'http://127.0.0.1:1',
    'http://127.1.2.3:1',
    'http://localhost:1',
    'http://[::1]:1',
    'https://example.com',
  ])('but %s is allowed', (baseUrl) => {
    expect(new IterableClient({ apiKey: SECRET_KEY, baseUrl }).baseUrl).toBe(baseUrl);
  });

  it('and credentials in the URL are refused without being repeated', () => {
    let error: unknown;
    try {
      new IterableClient({ apiKey: SECRET_KEY, baseUrl: `https://user:${SECRET_KEY}@example.com` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expectNoKey(error);
  });

  it('the CLI refuses it too, from the flag or the environment, and exits 2', async () => {
    const input = scratch.file('one.ndjson', '{"userId":"s-1","churnRisk":0.5}\n');
    for (const args of [
      ['sync', input, '--base-url', 'http://example.com'],
      ['fields', '--base-url', 'http://10.0.0.1:8080'],
    ]) {
      // The flag wins over ITERABLE_BASE_URL, which points at the stand-in.
      const run = await runCli([...args, '--verbose'], iterable.url);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/must use https/);
      expectQuiet(run);
    }
    expect(iterable.requests).toHaveLength(0);
  });
});

describe('the key never appears in an error, however it is printed', () => {
  it('from a rejected key, a refused connection, a timeout, an abort and a bad argument', async () => {
    const logger = recordingLogger();
    const other = await startFakeIterable({ apiKey: 'another-project-key', rateLimits: false });
    const port = await closedPort();
    const errors: unknown[] = [];
    try {
      const rejected = new IterableClient({
        apiKey: SECRET_KEY,
        ...transportOptions(),
        baseUrl: other.url,
        logger,
        rateLimit: false,
      });
      errors.push(await rejectionOf(rejected.getFields()));
      errors.push(await rejectionOf(rejected.syncProfiles([{ userId: 's-1', churnRisk: 0.5 }])));
      const refused = new IterableClient({
        apiKey: SECRET_KEY,
        ...transportOptions(),
        baseUrl: `http://127.0.0.1:${port}`,
        retry: { retries: 1, minDelayMs: 1 },
        logger,
      });
      errors.push(await rejectionOf(refused.getFields()));
      hostile.answer(() => {
        // Never answers.
      });
      const slow = new IterableClient({
        apiKey: SECRET_KEY,
        ...transportOptions(),
        baseUrl: hostile.url,
        timeout: 200,
        retry: false,
        logger,
      });
      errors.push(await rejectionOf(slow.getFields()));
      const controller = new AbortController();
      const sync = slow.syncProfiles([{ userId: 's-2', churnRisk: 0.1 }], { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('stop')), 50);
      errors.push(await rejectionOf(sync));
      errors.push(
        await rejectionOf(slow.bulkUpdate(Array.from({ length: 1001 }, (_, i) => ({ userId: `u-${i}` })))),
      );
    } finally {
      await other.close();
    }
    expect(errors.map((error) => (error as Error).constructor)).toEqual([
      IterableAuthError,
      IterableAuthError,
      IterableNetworkError,
      IterableTimeoutError,
      SyncAbortedError,
      RangeError,
    ]);
    for (const error of errors) {
      expectNoKey(error);
      expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(SECRET_KEY);
    }
    // Only the logger of the clients that got an answer or retried: the two 401s and one retry.
    // (`fetch` names itself before the cause; node:http gives the cause alone.)
    const shown = (line: string) =>
      line
        .replace(/\d+ ms/, 'N ms')
        .replace(/:\d+$/, ':PORT')
        .replace('fetch failed: ', '');
    expect(logger.lines.map(shown)).toEqual([
      'debug: GET /api/users/getFields → 401 in N ms',
      'debug: POST /api/users/bulkUpdate → 401 in N ms',
      'debug: retrying GET /api/users/getFields in N ms: GET /api/users/getFields failed before Iterable ' +
        'answered: connect ECONNREFUSED 127.0.0.1:PORT',
    ]);
    for (const line of logger.lines) expect(line).not.toContain(SECRET_KEY);
  });
});

describe('the key never appears in what the CLI prints, with --verbose too', () => {
  it('through a sync that meets faults, with its report file', async () => {
    const faulty = await startFakeIterable({
      apiKey: SECRET_KEY,
      rateLimits: false,
      fields: SETUP_FIELDS,
      faults: { seed: 3, serverError: 0.15, connectionReset: 0.1, rateLimitBurst: 0.05, truncatedJson: 0.1 },
    });
    try {
      const lines = Array.from({ length: 200 }, (_, i) =>
        JSON.stringify({ userId: `s-${i}`, churnRisk: 0.5 }),
      );
      const input = scratch.file('faults.ndjson', `${lines.join('\n')}\n{"userId":"bad","churnRisk":7}\n`);
      const reportPath = scratch.file('faults-report.json', '');
      const run = await runCli(
        ['sync', input, '--batch-size', '50', '--rate', '1000', '--verbose', '--report', reportPath],
        faulty.url,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/debug: retrying/);
      expectQuiet(run);
      expect(readFileSync(reportPath, 'utf8')).not.toContain(SECRET_KEY);
    } finally {
      await faulty.close();
    }
  });

  it('through a server that echoes the key in errors and in a success', async () => {
    let calls = 0;
    hostile.answer((request, response, body) => {
      calls += 1;
      if (calls === 1)
        json(500, { code: 'GenericError', msg: `try again later, ${SECRET_KEY}` })(request, response, body);
      else
        json(200, { successCount: 1, failCount: 0, createdFields: [SECRET_KEY], note: SECRET_KEY })(
          request,
          response,
          body,
        );
    });
    const input = scratch.file('echo.ndjson', '{"userId":"s-1","churnRisk":0.5}\n');
    const run = await runCli(['sync', input, '--verbose'], hostile.url);
    expect(calls).toBe(2);
    expect(run.code).toBe(0);
    expectQuiet(run);
  });

  it('through a rejected key and a successful check', async () => {
    const other = await startFakeIterable({ apiKey: 'another-project-key', rateLimits: false });
    try {
      const rejected = await runCli(['fields', '--verbose'], other.url);
      expect(rejected.code).toBe(2);
      expect(rejected.stderr).toMatch(/\n\s+at /);
      expectQuiet(rejected);
    } finally {
      await other.close();
    }
    const checked = await runCli(['check', '--test-user-id', 'secret-check-user', '--verbose'], iterable.url);
    expect(checked.code, checked.stderr).toBe(0);
    expectQuiet(checked);
  });
});
