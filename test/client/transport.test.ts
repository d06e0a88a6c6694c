import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import type { Exchange } from '../../src/client/exchange.js';
import { fetchExchange } from '../../src/client/fetch-exchange.js';
import { nodeExchange } from '../../src/client/node-exchange.js';
import { isNodeRuntime } from '../../src/client/runtime.js';

/** One answer the test server gives: status, headers, and the body cut into chunks at byte offsets. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly cuts: readonly number[];
}

let server: Server;
let url: string;
let connections = 0;
let next: Answer = { status: 200, headers: {}, body: Buffer.from('{"fields":{}}'), cuts: [] };

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const { status, headers, body, cuts } = next;
      response.writeHead(status, { ...headers, 'content-length': body.length });
      let from = 0;
      for (const cut of [...cuts, body.length]) {
        if (cut > from) response.write(body.subarray(from, cut));
        from = Math.max(from, cut);
      }
      response.end();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  next = { status: 200, headers: {}, body: Buffer.from('{"fields":{}}'), cuts: [] };
});

describe('choosing the transport', () => {
  it('detects Node.js itself', () => {
    expect(isNodeRuntime()).toBe(true);
  });

  it('on Node.js without a fetch, never calls fetch and keeps one connection alive across requests', async () => {
    const original = globalThis.fetch;
    let fetchCalls = 0;
    globalThis.fetch = (input, init) => {
      fetchCalls += 1;
      return original(input, init);
    };
    try {
      const client = new IterableClient({ apiKey: 'k-1', baseUrl: url, rateLimit: false, retry: false });
      const before = connections;
      for (let i = 0; i < 4; i += 1) await client.getFields();
      expect(fetchCalls).toBe(0);
      expect(connections - before).toBe(1);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('with a fetch given, sends every request through it', async () => {
    let fetchCalls = 0;
    const client = new IterableClient({
      apiKey: 'k-1',
      baseUrl: url,
      rateLimit: false,
      retry: false,
      fetch: (input, init) => {
        fetchCalls += 1;
        return globalThis.fetch(input, init);
      },
    });
    await client.getFields();
    await client.getFields();
    expect(fetchCalls).toBe(2);
  });
});

const STATUSES = [200, 201, 301, 302, 307, 308, 400, 401, 403, 404, 408, 429, 500, 503] as const;
const ENCODINGS = {
  identity: (bytes: Buffer) => bytes,
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
} as const;

const answers = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    text: fc.string({ unit: 'binary', maxLength: 300 }),
    bom: fc.boolean(),
    encoding: fc.constantFrom(...(Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[])),
    requestId: fc.option(fc.stringMatching(/^[\w-]{1,20}$/), { nil: undefined }),
    retryAfter: fc.option(fc.integer({ min: 0, max: 120 }).map(String), { nil: undefined }),
    cutSeeds: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .map(({ status, text, bom, encoding, requestId, retryAfter, cutSeeds }): Answer => {
    const plain = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
    const body = ENCODINGS[encoding](plain);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
    if (status >= 300 && status < 400) headers.location = 'https://elsewhere.example/api';
    const cuts = cutSeeds.map((seed) => (body.length === 0 ? 0 : seed % body.length)).sort((a, b) => a - b);
    return { status, headers, body, cuts };
  });

async function exchangeOnce(exchange: Exchange) {
  const response = await exchange({
    method: 'POST',
    url: `${url}/api/users/bulkUpdate`,
    headers: { 'Api-Key': 'k-1', 'content-type': 'application/json' },
    body: '{"users":[]}',
    signal: new AbortController().signal,
  });
  const headers = response.headers();
  return {
    status: response.status,
    text: response.text,
    headers: ['x-request-id', 'retry-after', 'location', 'content-type'].map((name) => headers.get(name)),
  };
}

describe('the node:http exchange', () => {
  it('reads every answer exactly as the fetch exchange does (status, text, headers)', async () => {
    const fast = nodeExchange();
    const reference = fetchExchange(globalThis.fetch);
    await fc.assert(
      fc.asyncProperty(answers, async (answer) => {
        next = answer;
        expect(await exchangeOnce(fast)).toEqual(await exchangeOnce(reference));
      }),
      { numRuns: 150 },
    );
  });

  it('sends the body and headers byte for byte as fetch does', async () => {
    const seen: { headers: Record<string, unknown>; body: string }[] = [];
    const echo = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({
          headers: {
            'api-key': request.headers['api-key'],
            'content-type': request.headers['content-type'],
            'content-length': request.headers['content-length'],
            method: request.method,
            url: request.url,
          },
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    try {
      const body = JSON.stringify({ users: [{ userId: 'é-ü-𝄞-\u2028', dataFields: { a: '"\\' } }] });
      for (const exchange of [nodeExchange(), fetchExchange(globalThis.fetch)]) {
        await exchange({
          method: 'POST',
          url: `${base}/api/users/bulkUpdate?x=1`,
          headers: { 'Api-Key': 'k-1', 'content-type': 'application/json' },
          body,
          signal: new AbortController().signal,
        });
      }
      expect(seen).toHaveLength(2);
      expect(seen[0]).toEqual(seen[1]);
      expect(seen[0]?.body).toBe(body);
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });
});
