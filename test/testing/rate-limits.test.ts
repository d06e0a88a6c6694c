import { describe, expect, it } from 'vitest';
import { type EngineRequest, FakeIterableEngine } from '../../src/testing/engine.js';
import {
  type FakeIterableEndpoint,
  type FakeIterableOptions,
  startFakeIterable,
} from '../../src/testing/index.js';
import { call, startFake } from './support.js';

const ROUTES: Record<FakeIterableEndpoint, { method: 'GET' | 'POST'; path: string; body?: unknown }> = {
  bulkUpdate: { method: 'POST', path: '/api/users/bulkUpdate', body: { users: [] } },
  update: { method: 'POST', path: '/api/users/update', body: { userId: 'u-1' } },
  getFields: { method: 'GET', path: '/api/users/getFields' },
  byUserId: { method: 'GET', path: '/api/users/byUserId/u-1' },
};

/** An engine on a hand-driven clock, and a way to send it one request at a given time. */
function engineAt(options: FakeIterableOptions = {}) {
  let now = 0;
  const engine = new FakeIterableEngine({ apiKey: 'k', ...options }, () => now);
  const send = (endpoint: FakeIterableEndpoint, at: number, apiKey = 'k'): number => {
    now = at;
    const route = ROUTES[endpoint];
    const bodyText = route.body === undefined ? '' : JSON.stringify(route.body);
    const request: EngineRequest = {
      method: route.method,
      path: route.path,
      search: '',
      headers: { 'api-key': apiKey },
      bodyText,
      bodyBytes: bodyText.length,
      receivedAt: at,
    };
    const outcome = engine.handle(request);
    return outcome.kind === 'respond' ? outcome.status : 0;
  };
  return { engine, send };
}

/** Fires `count` requests to `endpoint` at once; the statuses, in order. */
async function burst(
  target: { url: string; apiKey: string },
  endpoint: FakeIterableEndpoint,
  count: number,
): Promise<number[]> {
  const route = ROUTES[endpoint];
  const answers = await Promise.all(
    Array.from({ length: count }, () => call(target, route.method, route.path, route.body)),
  );
  return answers.map((answer) => answer.status);
}

describe('rate limits over HTTP', () => {
  it('six bulkUpdate requests fired at once get one plain-text 429, without Retry-After', async () => {
    const iterable = await startFake({ rateLimits: true });
    const route = ROUTES.bulkUpdate;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(iterable, route.method, route.path, route.body)),
    );

    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(1);
    for (const answer of limited) {
      expect(answer.text).toBe('Rate limit exceeded. Please try again later.');
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.headers.get('retry-after')).toBeNull();
    }
    expect(iterable.requests.filter((request) => request.status === 429)).toHaveLength(limited.length);
  });

  it('with rateLimits: false, six bulkUpdate requests at once all succeed', async () => {
    const iterable = await startFake({ rateLimits: false });
    expect(await burst(iterable, 'bulkUpdate', 6)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('is on by default', async () => {
    const iterable = await startFakeIterable();
    try {
      expect(await burst(iterable, 'getFields', 4)).toContain(429);
    } finally {
      await iterable.close();
    }
  });

  // Iterable's own limits are checked exactly on a hand-driven clock below; over HTTP, a burst must
  // arrive within one second, so update's 500/s is exercised through an override.
  it.each([
    ['getFields', 3, {}],
    ['byUserId', 100, {}],
    ['update', 20, { update: 20 }],
  ] as const)('%s allows %i requests per second', async (endpoint, limit, overrides) => {
    const iterable = await startFake({ rateLimits: overrides });
    const statuses = await burst(iterable, endpoint, limit + 1);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status !== 429).length).toBeLessThanOrEqual(limit);
  });

  it('takes per-endpoint overrides and keeps the other limits', async () => {
    const iterable = await startFake({ rateLimits: { bulkUpdate: 2, getFields: 50 } });
    expect(await burst(iterable, 'bulkUpdate', 3)).toContain(429);
    expect(await burst(iterable, 'getFields', 10)).not.toContain(429);
    expect(await burst(iterable, 'byUserId', 10)).not.toContain(429);
  });

  it('counts the path and the query forms of byUserId together', async () => {
    const iterable = await startFake({ rateLimits: { byUserId: 2 } });
    const statuses = [
      (await call(iterable, 'GET', '/api/users/byUserId/u-1')).status,
      (await call(iterable, 'GET', '/api/users/byUserId?userId=u-1')).status,
      (await call(iterable, 'GET', '/api/users/byUserId?userId=u-1')).status,
    ];
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('a request refused with 429 changes nothing', async () => {
    const iterable = await startFake({ rateLimits: { bulkUpdate: 1 } });
    await call(iterable, 'POST', '/api/users/bulkUpdate', {
      users: [{ userId: 'u-1', dataFields: { a: 'x' } }],
    });
    const refused = await call(iterable, 'POST', '/api/users/bulkUpdate', {
      users: [{ userId: 'u-2', dataFields: { b: 'y' } }],
    });
    expect(refused.status).toBe(429);
    expect([...iterable.users.keys()]).toEqual(['u-1']);
    expect([...iterable.fields.keys()]).toEqual(['a']);
  });
});

describe('the sliding one-second window', () => {
  it('lets five bulkUpdate requests through per second, measured from each arrival', () => {
    const { send } = engineAt();
    expect([0, 200, 400, 600, 800].map((at) => send('bulkUpdate', at))).toEqual([200, 200, 200, 200, 200]);
    expect(send('bulkUpdate', 999)).toBe(429);
    // Not a fixed window: at 1000 only the request of 0 has left the window.
    expect(send('bulkUpdate', 1000)).toBe(200);
    expect(send('bulkUpdate', 1100)).toBe(429);
    expect(send('bulkUpdate', 1200)).toBe(200);
  });

  it('does not count refused requests', () => {
    const { send } = engineAt();
    for (let index = 0; index < 5; index++) expect(send('bulkUpdate', 0)).toBe(200);
    for (let at = 1; at < 1000; at += 10) expect(send('bulkUpdate', at)).toBe(429);
    expect([1000, 1000, 1000, 1000, 1000].map((at) => send('bulkUpdate', at))).toEqual([
      200, 200, 200, 200, 200,
    ]);
  });

  it('keeps one window per endpoint, with Iterable’s limits', () => {
    const { send } = engineAt();
    const allowed = (endpoint: FakeIterableEndpoint) => {
      let count = 0;
      while (send(endpoint, 0) !== 429) count++;
      return count;
    };
    expect({
      bulkUpdate: allowed('bulkUpdate'),
      getFields: allowed('getFields'),
      update: allowed('update'),
      byUserId: allowed('byUserId'),
    }).toEqual({ bulkUpdate: 5, getFields: 3, update: 500, byUserId: 100 });
  });

  it('does not count requests refused for a bad key, and reset() empties the windows', () => {
    const { engine, send } = engineAt();
    for (let index = 0; index < 10; index++) expect(send('getFields', 0, 'wrong')).toBe(401);
    for (let index = 0; index < 3; index++) expect(send('getFields', 0)).toBe(200);
    expect(send('getFields', 0)).toBe(429);
    engine.reset();
    expect(send('getFields', 0)).toBe(200);
  });
});
