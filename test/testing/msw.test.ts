import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IterableHandlersOptions, iterableHandlers } from '../../src/testing/index.js';
import { validateAgainstSpec } from '../support/spec.js';
import { type Answer, bulkUpdate, call, getFields, startFake } from './support.js';

const server = setupServer();
const opened: { close(): void }[] = [];

beforeAll(() => {
  server.listen({
    // Requests to the HTTP stand-in (loopback) pass; anything else unhandled fails the test.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
});
afterEach(() => {
  server.resetHandlers();
  for (const handlers of opened.splice(0)) handlers.close();
});
afterAll(() => server.close());

function useHandlers(options: IterableHandlersOptions = {}) {
  const iterable = iterableHandlers({ rateLimits: false, ...options });
  server.use(...iterable);
  opened.push(iterable);
  return { iterable, target: { url: iterable.baseUrl, apiKey: iterable.apiKey } };
}

describe('iterableHandlers', () => {
  it('is an array of msw handlers that carries the project state', async () => {
    const { iterable, target } = useHandlers();
    expect(Array.isArray(iterable)).toBe(true);
    expect(iterable.baseUrl).toBe('https://api.iterable.com');

    const answer = await bulkUpdate(target, {
      users: [{ userId: 'u-1', mergeNestedObjects: true, dataFields: { subsetsExperimentId: 'exp-7' } }],
    });

    expect(answer.status).toBe(200);
    expect(validateAgainstSpec('UserBulkUpdateListResponse', answer.json, { strict: true })).toEqual([]);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ subsetsExperimentId: 'exp-7' });
    expect(Object.fromEntries(iterable.fields)).toEqual({ subsetsExperimentId: 'string' });
    expect(iterable.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/users/bulkUpdate',
        endpoint: 'bulkUpdate',
        status: 200,
      }),
    ]);
  });

  it('checks the API key and answers 404 on unknown paths below the base URL', async () => {
    const { target } = useHandlers();
    const unauthorized = await getFields({ ...target, apiKey: 'wrong' });
    const unknown = await call(target, 'GET', '/api/lists');

    expect([unauthorized.status, unauthorized.json]).toEqual([
      401,
      expect.objectContaining({ code: 'BadApiKey' }),
    ]);
    expect([unknown.status, unknown.json]).toEqual([404, expect.objectContaining({ code: 'NotFound' })]);
  });

  it('answers a type conflict exactly as the HTTP stand-in', async () => {
    const { target } = useHandlers({ fields: { subsetsSubscriberChurnRisk: 'double' }, projectName: 'p' });
    const answer = await bulkUpdate(target, {
      users: [{ userId: 'u-1', dataFields: { subsetsSubscriberChurnRisk: '0.27' } }],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      code: 'RequestFieldsTypesMismatched',
      params: { validationErrors: { 'p:::subsetsSubscriberChurnRisk': { expectedType: 'double' } } },
    });
  });

  it('rate limits with plain-text 429s, on by default', async () => {
    const iterable = iterableHandlers();
    server.use(...iterable);
    opened.push(iterable);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        bulkUpdate({ url: iterable.baseUrl, apiKey: iterable.apiKey }, { users: [] }),
      ),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.text).toBe('Rate limit exceeded. Please try again later.');
  });

  it('serves another base URL, with a path, and decodes userIds in the path', async () => {
    const { iterable, target } = useHandlers({
      baseUrl: 'https://api.eu.iterable.com/proxy/',
      users: [{ userId: 'a/b c', dataFields: { plan: 'pro' } }],
    });
    expect(iterable.baseUrl).toBe('https://api.eu.iterable.com/proxy');
    const answer = await call(target, 'GET', `/api/users/byUserId/${encodeURIComponent('a/b c')}`);
    expect(answer.json).toEqual({ user: { userId: 'a/b c', dataFields: { plan: 'pro' } } });
    expect(iterable.requests[0]?.path).toBe('/api/users/byUserId/a%2Fb%20c');
  });

  it('turns a connection reset into a network error, and changes nothing', async () => {
    const { iterable, target } = useHandlers({ faults: { connectionReset: 1 } });
    await expect(bulkUpdate(target, { users: [{ userId: 'u-1' }] })).rejects.toThrow(TypeError);
    expect(iterable.users.size).toBe(0);
    expect(iterable.requests[0]).toMatchObject({ fault: 'connectionReset' });
  });

  it('holds a hung request until the client aborts, or until close()', async () => {
    const { iterable, target } = useHandlers({ faults: { hang: 1 } });
    await expect(
      call(target, 'GET', '/api/users/getFields', undefined, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();

    const held = call(target, 'GET', '/api/users/getFields').then(
      () => 'answered',
      () => 'rejected',
    );
    await expect.poll(() => iterable.requests.length).toBe(2);
    iterable.close();
    expect(await held).toBe('rejected');
  });

  it('serves a truncated JSON body as a 200', async () => {
    const { target } = useHandlers({ faults: { truncatedJson: 1 } });
    const answer = await getFields(target);
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
  });
});

describe('parity with the HTTP stand-in', () => {
  it('answers the same script of requests with the same statuses and bodies', async () => {
    const options = {
      apiKey: 'same-key',
      projectType: 'email',
      fields: { subsetsSubscriberChurnRisk: 'double' },
      forgottenUserIds: ['gone'],
      rateLimits: { getFields: 2 },
      faults: { seed: 11, serverError: 0.15, truncatedJson: 0.1, endpoints: ['bulkUpdate'] },
    } as const;
    const http = await startFake(options);
    const { target: msw } = useHandlers(options);

    const script: [method: 'GET' | 'POST', path: string, body?: unknown][] = [
      [
        'POST',
        '/api/users/bulkUpdate',
        { users: [{ email: 'a@example.com', dataFields: { plan: 'pro', n: 1 } }] },
      ],
      [
        'POST',
        '/api/users/bulkUpdate',
        { users: [{ userId: 'nobody' }, { userId: 'gone' }, { userId: ' x' }] },
      ],
      [
        'POST',
        '/api/users/bulkUpdate',
        { users: [{ userId: 'u-1', preferUserId: true, dataFields: { o: { p: 1 } } }] },
      ],
      [
        'POST',
        '/api/users/bulkUpdate',
        { users: [{ userId: 'u-1', dataFields: { subsetsSubscriberChurnRisk: '0.27' } }] },
      ],
      ['POST', '/api/users/bulkUpdate', { users: 'nope' }],
      [
        'POST',
        '/api/users/bulkUpdate',
        { users: [{ userId: 'u-2', preferUserId: true }], createNewFields: false },
      ],
      ['POST', '/api/users/update', { userId: 'u-1', dataFields: { plan: 'basic' } }],
      ['GET', '/api/users/byUserId/u-1'],
      ['GET', '/api/users/byUserId?userId=unknown'],
      ['GET', '/api/users/getFields'],
      ['GET', '/api/users/getFields'],
      ['GET', '/api/users/getFields'],
      ['GET', '/api/nothing'],
    ];
    // Run once, in a fraction of a second, so both rate windows see the same requests.
    for (const [method, path, body] of [...script, ...script.slice(0, 6)]) {
      const fromHttp = await call(http, method, path, body);
      const fromMsw = await call(msw, method, path, body);
      const comparable = (answer: Answer) => [answer.status, answer.text, answer.headers.get('content-type')];
      expect(comparable(fromMsw), `${method} ${path}`).toEqual(comparable(fromHttp));
    }
    const statuses = http.requests.map((request) => request.status);
    expect(statuses).toContain(429);
    expect(http.requests.some((request) => request.fault !== undefined)).toBe(true);
  });
});
