import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import type { Logger } from '../../src/client/logger.js';
import type { IterableClientOptions } from '../../src/client/options.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { recordingLogger } from '../support/recording-logger.js';

// Every request to getFields answers 503, so each call is retried and then fails.
let failing: FakeIterable;
let healthy: FakeIterable;
beforeAll(async () => {
  failing = await startFakeIterable({
    rateLimits: false,
    faults: { endpoints: ['getFields'], serviceUnavailable: 1 },
  });
  healthy = await startFakeIterable({ rateLimits: false });
});
afterAll(async () => {
  await failing.close();
  await healthy.close();
});
beforeEach(() => {
  failing.reset();
  healthy.reset();
});

function clientOf(iterable: FakeIterable, options: IterableClientOptions): IterableClient {
  return new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url, rateLimit: false, ...options });
}

/** A real `Console` writing into a string, as a terminal would show it. */
function capturedConsole(): { console: Console; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { console: new Console({ stdout: sink, stderr: sink, colorMode: false }), text: () => text };
}

describe('retries', () => {
  it('each retry line carries attempt, delayMs and status as fields, and the same facts in its text', async () => {
    const logger = recordingLogger();
    const client = clientOf(failing, { logger, retry: { retries: 2, minDelayMs: 5, maxDelayMs: 5 } });
    await expect(client.getFields()).rejects.toMatchObject({ status: 503 });

    const retries = logger.entries.filter((entry) => entry.fields?.event === 'retry');
    expect(retries.map((entry) => entry.fields)).toEqual([
      {
        event: 'retry',
        method: 'GET',
        path: '/api/users/getFields',
        attempt: 1,
        retries: 2,
        delayMs: expect.any(Number),
        status: 503,
        error: expect.stringContaining('503'),
      },
      expect.objectContaining({ event: 'retry', attempt: 2, retries: 2, status: 503 }),
    ]);
    for (const { level, message, fields } of retries) {
      expect(level).toBe('debug');
      expect(fields?.delayMs).toBeGreaterThanOrEqual(0);
      expect(fields?.delayMs).toBeLessThanOrEqual(5);
      expect(message).toBe(`retrying GET /api/users/getFields in ${fields?.delayMs} ms: ${fields?.error}`);
    }
    // The stand-in saw the three attempts the log speaks of.
    expect(failing.requests.filter((r) => r.path === '/api/users/getFields')).toHaveLength(3);
  });

  it('a request line carries method, path, status and durationMs', async () => {
    const logger = recordingLogger();
    await clientOf(healthy, { logger, retry: false }).getFields();
    expect(logger.entries).toEqual([
      {
        level: 'debug',
        message: expect.stringMatching(/^GET \/api\/users\/getFields → 200 in \d+ ms$/),
        fields: {
          event: 'request',
          method: 'GET',
          path: '/api/users/getFields',
          status: 200,
          durationMs: expect.any(Number),
        },
        arity: 2,
      },
    ]);
  });

  it('leaves out fields without a value: a network failure has no status', async () => {
    const logger = recordingLogger();
    const closed = await startFakeIterable();
    const url = closed.url;
    await closed.close();
    const client = new IterableClient({
      apiKey: 'k',
      baseUrl: url,
      rateLimit: false,
      logger,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(client.getFields()).rejects.toThrow();
    const [retry] = logger.entries.filter((entry) => entry.fields?.event === 'retry');
    expect(retry?.fields).toMatchObject({ event: 'retry', attempt: 1 });
    expect(retry?.fields).not.toHaveProperty('status');
  });
});

it('fields serialize as plain data, as a JSON logger writes them', async () => {
  const logger = recordingLogger();
  await clientOf(healthy, { logger, retry: false }).getFields();
  const [entry] = logger.entries;
  expect(JSON.parse(JSON.stringify(entry?.fields))).toEqual({ ...entry?.fields });
  expect(Object.keys(entry?.fields ?? {})).toEqual(['event', 'method', 'path', 'status', 'durationMs']);
  expect(Object.assign({}, entry?.fields)).toEqual(entry?.fields);
});

describe('a sync', () => {
  it('ends with one info line whose fields are the report counts', async () => {
    const logger = recordingLogger();
    const report = await clientOf(healthy, { logger, retry: false }).syncProfiles([
      { userId: 'log-1', churnRisk: 0.3 },
      { userId: 'log-2', churnRisk: 0.4 },
    ]);
    const infos = logger.entries.filter((entry) => entry.level === 'info');
    expect(infos).toEqual([
      {
        level: 'info',
        message: `sync done in ${report.durationMs} ms: 2 of 2 profiles updated, 0 failed, 0 invalid (1 requests, 0 retries, 0 answered 429)`,
        fields: {
          event: 'sync',
          total: 2,
          succeeded: 2,
          unchanged: 0,
          failed: 0,
          invalid: 0,
          aborted: 0,
          requests: report.requests,
          retries: 0,
          rateLimited: 0,
          durationMs: report.durationMs,
        },
        arity: 2,
      },
    ]);
    expect(report.requests).toBe(1);
  });
});

describe('console', () => {
  it('prints a readable sentence with the fields after it', async () => {
    const captured = capturedConsole();
    const client = clientOf(failing, {
      logger: captured.console,
      retry: { retries: 1, minDelayMs: 2, maxDelayMs: 2 },
    });
    await expect(client.getFields()).rejects.toThrow(/503/);
    const lines = captured.text().split('\n');
    const retryLine = lines.find((line) => line.startsWith('retrying'));
    // The sentence first, whole, then the fields on the same line: one line per event.
    expect(retryLine).toMatch(
      /^retrying GET \/api\/users\/getFields in [0-2] ms: GET \/api\/users\/getFields .*503.* \{ event: 'retry', .*attempt: 1, .*delayMs: [0-2], status: 503, .*\}$/,
    );
    expect(lines.filter((line) => line !== '')).toEqual([
      expect.stringMatching(
        /^GET \/api\/users\/getFields → 503 in \d+ ms \{ event: 'request', .*status: 503, durationMs: \d+ \}$/,
      ),
      retryLine,
      expect.stringMatching(/^GET \/api\/users\/getFields → 503 in \d+ ms \{ event: 'request',/),
    ]);
    expect(captured.text()).not.toContain(failing.apiKey);
  });

  it('a logger that takes one string still gets every line', async () => {
    const messages: string[] = [];
    const plain: Logger = {
      debug: (message: string) => messages.push(message),
      info: (message: string) => messages.push(message),
      warn: (message: string) => messages.push(message),
      error: (message: string) => messages.push(message),
    };
    await clientOf(healthy, { logger: plain, retry: false }).getFields();
    expect(messages).toEqual([expect.stringMatching(/^GET \/api\/users\/getFields → 200 in \d+ ms$/)]);
  });
});
