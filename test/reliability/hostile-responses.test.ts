import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  IterableApiError,
  IterableClient,
  type IterableClientOptions,
  IterableNetworkError,
  IterableTimeoutError,
  type SyncReport,
} from '../../src/index.js';
import { transportOptions } from '../support/transport.js';
import { drip, type HostileServer, json, startHostileServer } from './hostile-server.js';
import { expectNoKey, recordingLogger, rejectionOf, SECRET_KEY } from './support.js';

let iterable: HostileServer;
let elsewhere: HostileServer;
const logger = recordingLogger();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  [iterable, elsewhere] = await Promise.all([startHostileServer(), startHostileServer()]);
  elsewhere.answer(json(200, { successCount: 1, failCount: 0 }));
});

afterEach(() => {
  // Whatever a test did, the key went nowhere but in the Api-Key header to the one host.
  for (const line of logger.lines) expect(line).not.toContain(SECRET_KEY);
  for (const request of iterable.received) {
    expect(request.url).not.toContain(SECRET_KEY);
    expect(request.body).not.toContain(SECRET_KEY);
  }
  expect(elsewhere.received).toEqual([]);
  logger.lines.length = 0;
  iterable.received.length = 0;
});

afterAll(async () => {
  await Promise.all([iterable.close(), elsewhere.close()]);
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

function client(options: IterableClientOptions = {}) {
  return new IterableClient({
    apiKey: SECRET_KEY,
    ...transportOptions(),
    baseUrl: iterable.url,
    rateLimit: false,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    timeout: 2000,
    logger,
    ...options,
  });
}

const users = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ userId: `h-${i}`, churnRisk: 0.5 }));

function expectInvariant(report: SyncReport) {
  expect(report.total).toBe(report.succeeded + report.failed + report.invalid + report.aborted);
  expectNoKey(report);
}

describe('a 200 whose counts are missing or wrong', () => {
  it('with no counts and no lists: every user counts as updated', async () => {
    iterable.answer(json(200, {}));
    const report = await client().syncProfiles(users(5));
    expect(report).toMatchObject({ total: 5, succeeded: 5, failed: 0, requests: 1 });
    expectInvariant(report);
  });

  it('with counts that contradict failedUpdates: the lists decide, each user counted once', async () => {
    iterable.answer(
      json(200, {
        successCount: 1000,
        failCount: 0,
        failedUpdates: {
          invalidUserIds: ['h-1', 'h-1', 'not-in-the-batch'],
          notFoundUserIds: ['h-1', 'h-2'],
          forgottenUserIds: null,
        },
        invalidUserIds: ['h-2', 'h-3'],
      }),
    );
    const report = await client().syncProfiles(users(5));
    expect(report).toMatchObject({ total: 5, succeeded: 2, failed: 3, requests: 1 });
    expect(report.failures.map((failure) => [failure.userId, failure.reason])).toEqual([
      ['h-1', 'invalid-user-id'],
      ['h-2', 'not-found'],
      ['h-3', 'invalid-user-id'],
    ]);
    expectInvariant(report);
  });

  it('with a failCount above the users listed: logs a warning, counts the others as updated', async () => {
    iterable.answer(json(200, { successCount: 0, failCount: 4, failedUpdates: { invalidUserIds: ['h-0'] } }));
    const report = await client().syncProfiles(users(3));
    expect(report).toMatchObject({ succeeded: 2, failed: 1 });
    expect(logger.lines).toContainEqual(expect.stringMatching(/^warn: .*4 failed users but listed 1/));
    expectInvariant(report);
  });

  it('with lists holding other things than userIds: an answer it cannot trust, sent again', async () => {
    // Sending again is safe (updates merge); counting the users as updated would be a guess.
    iterable.answer(
      json(200, { successCount: 2, failCount: 1, failedUpdates: { invalidUserIds: [7, null] } }),
    );
    const report = await client().syncProfiles(users(2));
    expect(report).toMatchObject({ succeeded: 0, failed: 2, requests: 3 });
    expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: true });
    expectInvariant(report);
  });

  it('with null where lists or objects are expected: read as empty, not as a failed request', async () => {
    iterable.answer(json(200, { successCount: 2, failCount: 0, failedUpdates: null, createdFields: null }));
    const report = await client().syncProfiles(users(2));
    expect(report).toMatchObject({ succeeded: 2, failed: 0, requests: 1 });
    expectInvariant(report);
  });
});

describe('a body that is not what Iterable sends', () => {
  it('HTML with 200: retried, then reported as a retryable failed request', async () => {
    iterable.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>');
    });
    const report = await client().syncProfiles(users(3));
    expect(report).toMatchObject({ succeeded: 0, failed: 3, requests: 3, retries: 2 });
    expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: true });
    expect(report.failures[0]?.message).toMatch(/not the JSON Iterable documents/);
    expectInvariant(report);
  });

  it('a 20 MB success body: parsed, and the sync goes on', async () => {
    const padding = 'x'.repeat(20_000_000);
    iterable.answer(json(200, { successCount: 3, failCount: 0, padding }));
    const report = await client().syncProfiles(users(3));
    expect(report).toMatchObject({ succeeded: 3, failed: 0 });
    expectInvariant(report);
  });

  it('a 20 MB error body, JSON or HTML: the error and every log line stay short', async () => {
    const huge = 'y'.repeat(20_000_000);
    for (const answer of [
      json(500, { code: 'GenericError', msg: huge, params: { detail: huge } }),
      json(400, { code: 'BadParams', msg: huge }),
      (_request: unknown, response: import('node:http').ServerResponse) => {
        response.writeHead(502, { 'content-type': 'text/html' }).end(`<html>${huge}</html>`);
      },
    ]) {
      iterable.answer(answer);
      const error = await rejectionOf(client().bulkUpdate([{ userId: 'h-0', dataFields: {} }]));
      expect(error).toBeInstanceOf(IterableApiError);
      expect((error as Error).message.length).toBeLessThan(5000);
      for (const line of logger.lines) expect(line.length).toBeLessThan(5000);
      const report = await client({ retry: false }).syncProfiles(users(2));
      for (const failure of report.failures) expect(failure.message.length).toBeLessThan(5000);
      expect(JSON.stringify(report).length).toBeLessThan(20_000);
      expectInvariant(report);
    }
  });

  it('a body cut short by the server closing the connection: a retryable network error', async () => {
    iterable.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"successCount":');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await rejectionOf(client({ retry: false }).bulkUpdate([{ userId: 'h-0' }]));
    expect(error).toBeInstanceOf(IterableNetworkError);
    expect((error as IterableNetworkError).retryable).toBe(true);
    expectNoKey(error);
  });
});

describe('a redirect to another origin', () => {
  it.each([301, 302, 303, 307, 308])(
    '%i is not followed: the key never reaches the other host',
    async (status) => {
      iterable.answer((_request, response) => {
        response.writeHead(status, { location: `${elsewhere.url}/api/users/bulkUpdate?stolen=1` }).end();
      });
      const error = await rejectionOf(client().bulkUpdate([{ userId: 'h-0', dataFields: {} }]));
      expect(error).toBeInstanceOf(IterableApiError);
      expect(error).toMatchObject({ status, retryable: false });
      expect((error as Error).message).toContain(new URL(elsewhere.url).origin);
      expectNoKey(error);
      const report = await client().syncProfiles(users(2));
      expect(report).toMatchObject({ failed: 2, requests: 1 });
      expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: false });
      expectInvariant(report);
      expect(elsewhere.received).toEqual([]);
    },
  );

  it('not even to a path of the same host', async () => {
    iterable.answer((request, response) => {
      if (request.url?.startsWith('/moved'))
        json(200, { successCount: 1, failCount: 0 })(request, response, '');
      else response.writeHead(307, { location: '/moved/api/users/bulkUpdate' }).end();
    });
    const error = await rejectionOf(client().bulkUpdate([{ userId: 'h-0', dataFields: {} }]));
    expect(error).toMatchObject({ status: 307 });
    expect(iterable.received.map((request) => request.url)).toEqual(['/api/users/bulkUpdate']);
  });
});

describe('an answer that drips in slowly', () => {
  const timeout = 400;
  // Generous: the point is that the call ends near its timeout, not after the server's whim.
  const slack = 2000;

  async function endsWithTimeout(call: (c: IterableClient) => Promise<unknown>) {
    const started = performance.now();
    const error = await rejectionOf(call(client({ timeout, retry: false })));
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(IterableTimeoutError);
    expect(took).toBeLessThan(timeout + slack);
    expectNoKey(error);
  }

  it('a body one byte every 50 ms, forever: IterableTimeoutError within the timeout', async () => {
    iterable.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"successCount":1,"pad":"');
      drip(() => 'x', 50)(response);
    });
    await endsWithTimeout((c) => c.bulkUpdate([{ userId: 'h-0', dataFields: {} }]));
    await endsWithTimeout((c) => c.getFields());
  });

  it('headers one line every 50 ms, forever: IterableTimeoutError within the timeout', async () => {
    iterable.answer((request) => {
      const socket = request.socket;
      socket.write('HTTP/1.1 200 OK\r\n');
      let n = 0;
      drip(() => {
        n += 1;
        return `x-drip-${n}: ${'z'.repeat(10)}\r\n`;
      }, 50)(socket);
    });
    await endsWithTimeout((c) => c.bulkUpdate([{ userId: 'h-0', dataFields: {} }]));
  });

  it('no answer at all: the sync reports a retryable failed request after its retries', async () => {
    iterable.answer(() => {
      // Never answers.
    });
    const report = await client({ timeout, retry: { retries: 1, minDelayMs: 1 } }).syncProfiles(users(2));
    expect(report).toMatchObject({ failed: 2, requests: 2, retries: 1 });
    expect(report.failures[0]).toMatchObject({ reason: 'request-failed', retryable: true });
    expect(report.failures[0]?.message).toMatch(/timed out after 400 ms/);
    expectInvariant(report);
  });
});

describe('a server that echoes the key back in a success', () => {
  it('never lets it into the report, the logs or the result', async () => {
    iterable.answer(
      json(200, {
        successCount: 1,
        failCount: 0,
        createdFields: [SECRET_KEY],
        filteredOutFields: [SECRET_KEY],
        failedUpdates: { invalidUserIds: [SECRET_KEY] },
        note: `your key is ${SECRET_KEY}`,
      }),
    );
    const result = await client().bulkUpdate([{ userId: 'h-0', dataFields: {} }]);
    expectNoKey(result);
    const report = await client().syncProfiles(users(2));
    expectInvariant(report);
  });
});
