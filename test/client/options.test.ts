import { HttpResponse, http } from 'msw';
import pLimit from 'p-limit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import type { IterableClientOptions } from '../../src/client/options.js';
import { createRateLimiter, type RateLimiter } from '../../src/policies/rate-limiter.js';
import {
  API_KEY,
  bulkOk,
  deferred,
  EU,
  makeClient,
  onBulkUpdate,
  recordingLogger,
  US,
  user,
  useServer,
} from './support.js';

const { server, received } = useServer();

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function fieldsOn(base: string) {
  return http.get(`${base}/api/users/getFields`, () => HttpResponse.json({ fields: {} }));
}

/** Builds a client with the test key and one option changed; returns the error thrown, if any. */
function construct(options: Record<string, unknown>): unknown {
  try {
    new IterableClient({ apiKey: API_KEY, ...options } as IterableClientOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('apiKey', () => {
  it('is required: without the option and without ITERABLE_API_KEY the constructor throws a TypeError', () => {
    vi.stubEnv('ITERABLE_API_KEY', undefined);
    expect(() => new IterableClient()).toThrow(TypeError);
    expect(() => new IterableClient({})).toThrow(/apiKey/);
    expect(() => new IterableClient({ apiKey: undefined })).toThrow(/ITERABLE_API_KEY/);
  });

  it.each([[''], ['   '], ['\n']])('refuses an empty key %j', (apiKey) => {
    vi.stubEnv('ITERABLE_API_KEY', undefined);
    expect(() => new IterableClient({ apiKey })).toThrow(TypeError);
    expect(() => new IterableClient({ apiKey })).toThrow(/apiKey/);
  });

  it('refuses an empty ITERABLE_API_KEY', () => {
    vi.stubEnv('ITERABLE_API_KEY', '');
    expect(() => new IterableClient()).toThrow(/apiKey/);
  });

  it('falls back to ITERABLE_API_KEY and sends it as the Api-Key header', async () => {
    vi.stubEnv('ITERABLE_API_KEY', 'key-from-the-environment');
    server.use(fieldsOn(US));
    await new IterableClient({ rateLimit: false }).getFields();
    const [request] = await received();
    expect(request?.headers.get('api-key')).toBe('key-from-the-environment');
  });

  it('prefers the apiKey option over ITERABLE_API_KEY', async () => {
    vi.stubEnv('ITERABLE_API_KEY', 'key-from-the-environment');
    server.use(fieldsOn(US));
    await makeClient().getFields();
    const [request] = await received();
    expect(request?.headers.get('api-key')).toBe(API_KEY);
  });

  it('drops the line break a key read from a file often ends with', async () => {
    server.use(fieldsOn(US));
    await makeClient({ apiKey: `${API_KEY}\n` }).getFields();
    const [request] = await received();
    expect(request?.headers.get('api-key')).toBe(API_KEY);
  });

  it.each([
    ['a line break inside', 'key-SECRET\n1234567890'],
    ['a space inside', 'key-SECRET 1234567890'],
    ['a non-ASCII character', 'key-SECRET-12345é67890'],
    ['a control character', 'key-SECRET\u00071234567890'],
  ])('refuses a key with %s, without repeating the key in the message', (_what, apiKey) => {
    const error = construct({ apiKey });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/apiKey/);
    expect((error as Error).message).not.toContain('SECRET');
  });

  it('refuses a key that is not a string', () => {
    expect(construct({ apiKey: 1234 })).toBeInstanceOf(TypeError);
    expect((construct({ apiKey: 1234 }) as Error).message).toMatch(/apiKey/);
  });
});

describe('region and baseUrl', () => {
  it.each([
    [undefined, US],
    ['us', US],
    ['eu', EU],
  ] as const)('region %s talks to %s', async (region, host) => {
    server.use(fieldsOn(US), fieldsOn(EU));
    const client = makeClient(region === undefined ? {} : { region });
    expect(client.baseUrl).toBe(host);
    await client.getFields();
    const requests = await received();
    expect(requests.map((r) => r.url.origin)).toEqual([host]);
  });

  it.each([['US'], ['de'], [''], [1]])('refuses region %j with a TypeError naming region', (region) => {
    const error = construct({ region });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/region/);
  });

  it.each([['not a url'], ['api.iterable.com'], ['//api.iterable.com'], ['']])(
    'refuses baseUrl %j that is not an absolute URL',
    (baseUrl) => {
      const error = construct({ baseUrl });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/baseUrl/);
    },
  );

  it.each([
    ['http://api.iterable.com'],
    ['http://10.0.0.5:8080'],
    ['http://192.168.1.10'],
    ['http://0.0.0.0:8080'],
    ['http://localhost.example.com'],
    ['http://127.0.0.1.example.com'],
    ['ftp://localhost'],
    ['ws://127.0.0.1:8080'],
  ])('refuses %s: the key must not travel in clear text', (baseUrl) => {
    const error = construct({ baseUrl });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/baseUrl must use https/);
  });

  it('refuses a baseUrl with credentials in it', () => {
    const error = construct({ baseUrl: 'https://user:pass@api.iterable.com' });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/baseUrl/);
    expect((error as Error).message).not.toContain('pass');
  });

  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://127.1.2.3:9000', 'http://127.1.2.3:9000'],
    ['http://localhost', 'http://localhost'],
    ['http://LOCALHOST:3000/', 'http://localhost:3000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
  ])('allows plain http to the loopback host %s', async (baseUrl, origin) => {
    // A pattern, not a URL: msw's path syntax cannot hold an IPv6 literal. The URL is checked below.
    server.use(http.get(/\/api\/users\/getFields$/, () => HttpResponse.json({ fields: {} })));
    const client = makeClient({ baseUrl });
    expect(client.baseUrl).toBe(origin);
    await client.getFields();
    const [request] = await received();
    expect(request?.url.href).toBe(`${origin}/api/users/getFields`);
  });

  it('keeps a path prefix of baseUrl and drops its trailing slash', async () => {
    server.use(
      http.get('https://proxy.example.com/iterable/api/users/getFields', () =>
        HttpResponse.json({ fields: {} }),
      ),
    );
    const client = makeClient({ baseUrl: 'https://proxy.example.com/iterable/' });
    expect(client.baseUrl).toBe('https://proxy.example.com/iterable');
    await client.getFields();
    const [request] = await received();
    expect(request?.url.pathname).toBe('/iterable/api/users/getFields');
  });

  it('lets baseUrl override the region host', async () => {
    server.use(fieldsOn('https://stand-in.example.com'));
    const client = makeClient({ region: 'eu', baseUrl: 'https://stand-in.example.com' });
    await client.getFields();
    const [request] = await received();
    expect(request?.url.origin).toBe('https://stand-in.example.com');
  });
});

describe('timeout', () => {
  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['1000']])(
    'refuses timeout %j with a TypeError naming timeout',
    (timeout) => {
      const error = construct({ timeout });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/timeout/);
    },
  );

  it('refuses a timeout longer than a timer can wait (it would fire at once)', () => {
    const error = construct({ timeout: 3_000_000_000 });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/timeout/);
  });

  it('accepts the longest timeout a timer can wait', () => {
    expect(construct({ timeout: 2_147_483_647 })).toBeUndefined();
  });
});

describe('retry', () => {
  it.each([
    [-1],
    [1.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['3'],
    [true],
    [{ retries: -1 }],
    [{ retries: 1.5 }],
    [{ retries: Number.POSITIVE_INFINITY }],
    [{ minDelayMs: -5 }],
    [{ maxDelayMs: 'x' }],
    [{ factor: Number.NaN }],
    [{ maxRetryAfterMs: -1 }],
  ])('refuses retry %j with a TypeError naming retry', (retry) => {
    const error = construct({ retry });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/retry/);
  });

  it.each([[false], [0], [3], [{}], [{ retries: 2, minDelayMs: 10, maxDelayMs: 100, factor: 3 }]])(
    'accepts retry %j',
    (retry) => {
      expect(construct({ retry })).toBeUndefined();
    },
  );
});

describe('concurrency', () => {
  it.each([[0], [-1], [1.5], [Number.NaN], ['2'], [{}]])(
    'refuses concurrency %j with a TypeError naming concurrency',
    (concurrency) => {
      const error = construct({ concurrency });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/concurrency/);
    },
  );

  it('holds bulkUpdate requests in flight to the number given', async () => {
    const gate = deferred();
    let inFlight = 0;
    let most = 0;
    server.use(
      onBulkUpdate(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await gate.promise;
        inFlight--;
        return bulkOk();
      }),
    );
    const client = makeClient({ concurrency: 2 });
    const calls = Array.from({ length: 5 }, (_, i) => client.bulkUpdate([user(`u-${i}`)]));
    await vi.waitFor(() => expect(inFlight).toBe(2));
    gate.resolve();
    await Promise.all(calls);
    expect(most).toBe(2);
    expect(await received()).toHaveLength(5);
  });

  it('accepts a p-limit limiter and shares it between clients', async () => {
    const gate = deferred();
    let inFlight = 0;
    let most = 0;
    server.use(
      onBulkUpdate(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await gate.promise;
        inFlight--;
        return bulkOk();
      }),
    );
    const limiter = pLimit(1);
    const a = makeClient({ concurrency: limiter });
    const b = makeClient({ concurrency: limiter });
    const calls = [a.bulkUpdate([user('a')]), b.bulkUpdate([user('b')]), a.bulkUpdate([user('c')])];
    await vi.waitFor(() => expect(inFlight).toBe(1));
    gate.resolve();
    await Promise.all(calls);
    expect(most).toBe(1);
  });
});

describe('rateLimit', () => {
  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY], [true], ['5'], [{}], [{ acquire: 1 }]])(
    'refuses rateLimit %j with a TypeError naming rateLimit',
    (rateLimit) => {
      const error = construct({ rateLimit });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/rateLimit/);
    },
  );

  it('accepts a RateLimiter and waits on it before every bulkUpdate attempt, retries included', async () => {
    const acquired: string[] = [];
    const limiter: RateLimiter = {
      async acquire() {
        acquired.push('bulkUpdate');
      },
    };
    let calls = 0;
    server.use(onBulkUpdate(() => (++calls === 1 ? new HttpResponse(null, { status: 503 }) : bulkOk())));
    await makeClient({ rateLimit: limiter, retry: { retries: 2, minDelayMs: 0 } }).bulkUpdate([user('u-1')]);
    expect(acquired).toEqual(['bulkUpdate', 'bulkUpdate']);
    expect(await received()).toHaveLength(2);
  });

  it('accepts a limiter from createRateLimiter', () => {
    expect(construct({ rateLimit: createRateLimiter({ requestsPerSecond: 5 }) })).toBeUndefined();
  });
});

describe('fetch and logger', () => {
  it('refuses a fetch that is not a function', () => {
    const error = construct({ fetch: 'fetch' });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/fetch/);
  });

  it('sends every request through the fetch given', async () => {
    server.use(fieldsOn(US));
    const urls: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    };
    await makeClient({ fetch: recordingFetch }).getFields();
    expect(urls).toEqual([`${US}/api/users/getFields`]);
  });

  it.each([
    ['an empty object', {}],
    ['a logger without error', { debug() {}, info() {}, warn() {} }],
    ['a string', 'console'],
    ['a logger whose debug is not a function', { debug: 1, info() {}, warn() {}, error() {} }],
  ])('refuses %s as logger with a TypeError naming logger', (_what, logger) => {
    const error = construct({ logger });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/logger/);
  });

  it('accepts console and gets per-request lines through a logger given', async () => {
    expect(construct({ logger: console })).toBeUndefined();
    server.use(fieldsOn(US));
    const logger = recordingLogger();
    await makeClient({ logger }).getFields();
    expect(logger.lines).toEqual([
      expect.stringMatching(/^debug: GET \/api\/users\/getFields → 200 in \d+ ms$/),
    ]);
  });

  it('is silent by default: nothing reaches the console, even on retries and errors', async () => {
    const spies = (['log', 'debug', 'info', 'warn', 'error', 'trace'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => {}),
    );
    server.use(
      fieldsOn(US),
      onBulkUpdate(() => new HttpResponse('down', { status: 503 })),
    );
    const client = makeClient({ retry: { retries: 2, minDelayMs: 0 } });
    await client.getFields();
    await expect(client.bulkUpdate([user('u-1')])).rejects.toThrow(/503/);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('refuses options that are not an object', () => {
    expect(() => new IterableClient(null as unknown as IterableClientOptions)).toThrow(TypeError);
    expect(() => new IterableClient('key' as unknown as IterableClientOptions)).toThrow(/options/);
  });
});

it('validates at construction: a bad option throws before any request is made', async () => {
  expect(() => makeClient({ timeout: -5 })).toThrow(TypeError);
  expect(await received()).toEqual([]);
});
