import { inspect } from 'node:util';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import { IterableApiError } from '../../src/errors/api-error.js';
import { IterableNetworkError } from '../../src/errors/network-error.js';
import { IterableRateLimitError } from '../../src/errors/rate-limit-error.js';
import { IterableTimeoutError } from '../../src/errors/timeout-error.js';
import {
  API_KEY,
  makeClient,
  onBulkUpdate,
  recordingLogger,
  rejectionOf,
  US,
  useFakeTimers,
  user,
  useServer,
} from '../client/support.js';

const { server, received } = useServer();

/** Every way an error is commonly turned into text, all of which end up in logs. */
function renderings(error: unknown): Record<string, string> {
  return {
    message: error instanceof Error ? error.message : String(error),
    string: String(error),
    json: JSON.stringify(error) ?? '',
    inspect: inspect(error, { depth: 10, showHidden: true }),
    stack: error instanceof Error ? String(error.stack) : '',
  };
}

function expectNoKey(error: unknown): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    expect(text, `the key leaked through ${how}`).not.toContain(API_KEY);
    expect(text, `the key leaked through ${how}`).not.toContain('SECRET');
  }
}

/** A server that repeats the key back wherever it can, as a badly behaved proxy might. */
const echo = {
  json: {
    code: 'BadApiKey',
    msg: `Invalid API key: ${API_KEY}`,
    params: { apiKey: API_KEY, nested: [API_KEY] },
  },
  text: `Rejected key ${API_KEY}. Please try again later.`,
  headers: { 'x-request-id': `req-${API_KEY}` },
};

const scenarios: [string, () => Response | Promise<Response>, new (...args: never[]) => Error, number][] = [
  [
    '400 with the key in msg and params',
    () => HttpResponse.json(echo.json, { status: 400 }),
    IterableApiError,
    1,
  ],
  [
    '401 with the key in msg',
    () => HttpResponse.json(echo.json, { status: 401, headers: echo.headers }),
    IterableApiError,
    1,
  ],
  ['403 with the key in text', () => new HttpResponse(echo.text, { status: 403 }), IterableApiError, 1],
  ['404', () => new HttpResponse('Not Found', { status: 404 }), IterableApiError, 1],
  [
    '429 plain text with the key',
    () => new HttpResponse(echo.text, { status: 429 }),
    IterableRateLimitError,
    3,
  ],
  [
    '500 HTML with the key',
    () => new HttpResponse(`<html>${API_KEY}</html>`, { status: 500 }),
    IterableApiError,
    3,
  ],
  [
    'a 200 cut short with the key in it',
    () => new HttpResponse(`{"echo":"${API_KEY}`, { status: 200 }),
    IterableApiError,
    3,
  ],
  [
    'a redirect to a URL holding the key',
    () =>
      new HttpResponse(null, {
        status: 302,
        headers: { location: `https://${API_KEY}@collector.example.net/?k=${API_KEY}` },
      }),
    IterableApiError,
    1,
  ],
  ['a network error', () => HttpResponse.error(), IterableNetworkError, 1],
];

describe('the API key never leaks', () => {
  // Each answer is logged once (`→ status in N ms`), and each retry once more; a network error has
  // no answer to log. A request that may pass on a second attempt is sent twice (retries: 1).
  it.each(scenarios)('through an error from %s, nor through the logs', async (_what, answer, kind, lines) => {
    server.use(onBulkUpdate(answer));
    const logger = recordingLogger();
    const client = makeClient({ logger, retry: { retries: 1, minDelayMs: 0 } });
    const error = await rejectionOf(client.bulkUpdate([user('u-1')]));
    expect(error).toBeInstanceOf(kind);
    expectNoKey(error);
    expect(logger.lines).toHaveLength(lines);
    for (const line of logger.lines) expect(line).not.toContain(API_KEY);
  });

  it('keeps what the server said around the key', async () => {
    server.use(onBulkUpdate(() => HttpResponse.json(echo.json, { status: 400, headers: echo.headers })));
    const error = (await rejectionOf(makeClient().bulkUpdate([user('u-1')]))) as IterableApiError;
    expect(error.msg).toBe('Invalid API key: [redacted]');
    expect(error.params).toEqual({ apiKey: '[redacted]', nested: ['[redacted]'] });
    expect(error.requestId).toBe('req-[redacted]');
  });

  it('through a timeout', async () => {
    useFakeTimers();
    server.use(
      http.get(`${US}/api/users/getFields`, async () => {
        await delay('infinite');
        return HttpResponse.json({ fields: {} });
      }),
    );
    const logger = recordingLogger();
    const outcome = rejectionOf(makeClient({ timeout: 1000, logger }).getFields());
    await vi.advanceTimersByTimeAsync(1000);
    const error = await outcome;
    expect(error).toBeInstanceOf(IterableTimeoutError);
    expectNoKey(error);
    for (const line of logger.lines) expect(line).not.toContain(API_KEY);
  });

  it('through the RangeError of an oversized bulkUpdate', async () => {
    const error = await rejectionOf(
      makeClient().bulkUpdate(Array.from({ length: 1001 }, (_, i) => user(`u-${i}`))),
    );
    expect(error).toBeInstanceOf(RangeError);
    expectNoKey(error);
  });

  it('through the TypeError of a key that cannot be sent', () => {
    let error: unknown;
    try {
      new IterableClient({ apiKey: 'key-SECRET-12345\n67890' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(renderings(error).inspect).not.toContain('SECRET');
  });

  it('through util.inspect of the client, or its JSON', () => {
    const client = makeClient({ logger: recordingLogger() });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(String(client)).not.toContain(API_KEY);
    expect(Object.values(client).join(' ')).not.toContain(API_KEY);
  });

  it('through any URL: the key travels only in the Api-Key header', async () => {
    server.use(
      http.get(`${US}/api/users/getFields`, () => HttpResponse.json({ fields: {} })),
      http.get(`${US}/api/users/byUserId`, () => HttpResponse.json({})),
      http.post(`${US}/api/users/update`, () => HttpResponse.json({ code: 'Success', msg: '' })),
      onBulkUpdate(() => HttpResponse.json({ successCount: 1, failCount: 0 })),
    );
    const client = makeClient();
    await client.getFields();
    await client.getUser('u-1');
    await client.updateUser(user('u-1'));
    await client.bulkUpdate([user('u-1')]);
    const requests = await received();
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(request.url.href).not.toContain(API_KEY);
      expect(request.body).not.toContain(API_KEY);
      expect(request.headers.get('api-key')).toBe(API_KEY);
      expect(request.headers.get('authorization')).toBeNull();
    }
  });
});
