import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IterableApiError } from '../../src/errors/api-error.js';
import { IterableError } from '../../src/errors/iterable-error.js';
import { IterableRateLimitError } from '../../src/errors/rate-limit-error.js';
import { validateAgainstSpec } from '../support/spec.js';
import {
  API_KEY,
  bulkOk,
  EU,
  iterableError,
  makeClient,
  onBulkUpdate,
  rejectionOf,
  US,
  user,
  useServer,
} from './support.js';

const { server, received } = useServer();

/** Retries allowed, with no wait, so that "not retried" shows as exactly one request. */
const RETRY = { retries: 3, minDelayMs: 0 } as const;

async function bulkUpdateError(options: Parameters<typeof makeClient>[0] = { retry: RETRY }) {
  const error = await rejectionOf(makeClient(options).bulkUpdate([user('u-1')]));
  expect(error).toBeInstanceOf(IterableApiError);
  return error as IterableApiError;
}

describe('400', () => {
  const validationErrors = {
    'project:::subsetsSubscriberChurnRisk': {
      incomingTypes: ['string'],
      expectedType: 'double',
      category: 'user',
      offendingValue: '0.27',
    },
  };

  it('is an IterableApiError with code, msg and params, and is not retried', async () => {
    const body = {
      code: 'RequestFieldsTypesMismatched',
      msg: 'Request fields types mismatched',
      params: { validationErrors },
    };
    expect(validateAgainstSpec('IterableApiResponse', body)).toEqual([]);
    server.use(
      onBulkUpdate(() => HttpResponse.json(body, { status: 400, headers: { 'x-request-id': 'req-77' } })),
    );
    const error = await bulkUpdateError();
    expect(error.status).toBe(400);
    expect(error.code).toBe('RequestFieldsTypesMismatched');
    expect(error.msg).toBe('Request fields types mismatched');
    expect(error.params).toEqual({ validationErrors });
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe('req-77');
    expect(error.endpoint).toBe('POST /api/users/bulkUpdate');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'POST /api/users/bulkUpdate failed with HTTP 400 RequestFieldsTypesMismatched: Request fields types mismatched',
    );
    expect(error).toBeInstanceOf(IterableError);
    expect(error).not.toBeInstanceOf(IterableRateLimitError);
    expect(await received()).toHaveLength(1);
  });

  it.each([[404], [409], [413], [422]])('%i is final too: sent once', async (status) => {
    server.use(onBulkUpdate(() => iterableError(status, 'BadParams', 'no')));
    const error = await bulkUpdateError();
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(await received()).toHaveLength(1);
  });
});

describe('401 and 403', () => {
  it.each([
    [401, 'us', US, "region 'us'", "Use region 'eu'"],
    [403, 'us', US, "region 'us'", "Use region 'eu'"],
    [401, 'eu', EU, "region 'eu'", "Use region 'us'"],
    [403, 'eu', EU, "region 'eu'", "Use region 'us'"],
  ] as const)(
    '%i in region %s names the region and the data-center rule, and is not retried',
    async (status, region, host, names, hint) => {
      server.use(onBulkUpdate(() => iterableError(status, 'BadApiKey', 'Invalid API key'), host));
      const error = await bulkUpdateError({ region, retry: RETRY });
      expect(error.status).toBe(status);
      expect(error.code).toBe('BadApiKey');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(names);
      expect(error.message).toContain(host);
      expect(error.message).toContain("A key works only in its own project's data center");
      expect(error.message).toContain(hint);
      expect(await received()).toHaveLength(1);
    },
  );

  it('names the host when the client talks to a custom baseUrl', async () => {
    server.use(
      onBulkUpdate(() => new HttpResponse('Unauthorized', { status: 401 }), 'http://127.0.0.1:8787'),
    );
    const error = await bulkUpdateError({ baseUrl: 'http://127.0.0.1:8787', retry: RETRY });
    expect(error.message).toContain('http://127.0.0.1:8787');
    expect(error.message).toContain("own project's data center");
    expect(error.body).toBe('Unauthorized');
  });

  it('applies to every method', async () => {
    server.use(
      http.get(`${US}/api/users/getFields`, () => iterableError(401, 'BadApiKey', 'Invalid API key')),
      http.get(`${US}/api/users/byUserId`, () => iterableError(401, 'BadApiKey', 'Invalid API key')),
      http.post(`${US}/api/users/update`, () => iterableError(403, 'Forbidden', 'No permission')),
    );
    const client = makeClient({ retry: RETRY });
    for (const call of [
      () => client.getFields(),
      () => client.getUser('u-1'),
      () => client.updateUser(user('u-1')),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(IterableApiError);
      expect((error as IterableApiError).message).toMatch(/region 'us'/);
    }
    expect(await received()).toHaveLength(3);
  });
});

describe('404', () => {
  it('is undefined from getUser, but an error from getFields', async () => {
    server.use(
      http.get(`${US}/api/users/byUserId`, () => iterableError(404, 'NotFound', 'User not found')),
      http.get(`${US}/api/users/getFields`, () => new HttpResponse('Not Found', { status: 404 })),
    );
    const client = makeClient({ retry: RETRY });
    await expect(client.getUser('ghost')).resolves.toBeUndefined();
    const error = await rejectionOf(client.getFields());
    expect(error).toBeInstanceOf(IterableApiError);
    expect((error as IterableApiError).status).toBe(404);
    expect(await received()).toHaveLength(2);
  });
});

describe('transient statuses', () => {
  it.each([[408], [500], [502], [503], [504]])(
    '%i is retried, and the last answer is thrown',
    async (status) => {
      server.use(onBulkUpdate(() => iterableError(status, 'GenericError', 'Please try again later')));
      const error = await bulkUpdateError({ retry: { retries: 2, minDelayMs: 0 } });
      expect(error.status).toBe(status);
      expect(error.retryable).toBe(true);
      expect(error.msg).toBe('Please try again later');
      expect(await received()).toHaveLength(3);
    },
  );

  it('a retry that succeeds resolves with the success', async () => {
    let calls = 0;
    server.use(
      onBulkUpdate(() => (++calls < 3 ? iterableError(503, 'GenericError', 'try again later') : bulkOk())),
    );
    const result = await makeClient({ retry: RETRY }).bulkUpdate([user('u-1')]);
    expect(result.successCount).toBe(1);
    expect(await received()).toHaveLength(3);
  });

  it('a 429 with a plain-text body is an IterableRateLimitError, and is retried', async () => {
    server.use(
      onBulkUpdate(
        () =>
          new HttpResponse('Rate limit exceeded. Please try again later.', {
            status: 429,
            headers: { 'content-type': 'text/plain' },
          }),
      ),
    );
    const error = await bulkUpdateError({ retry: { retries: 2, minDelayMs: 0 } });
    expect(error).toBeInstanceOf(IterableRateLimitError);
    expect(error.name).toBe('IterableRateLimitError');
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.body).toBe('Rate limit exceeded. Please try again later.');
    expect(error.code).toBeUndefined();
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toMatch(/rate limited/);
    expect(await received()).toHaveLength(3);
  });

  it('a 429 with a JSON body keeps its code', async () => {
    server.use(onBulkUpdate(() => iterableError(429, 'RateLimitExceeded', 'Slow down')));
    const error = await bulkUpdateError({ retry: false });
    expect(error).toBeInstanceOf(IterableRateLimitError);
    expect(error.code).toBe('RateLimitExceeded');
    expect(error.msg).toBe('Slow down');
  });
});

describe('what the status says wins over the body', () => {
  it('code "Success" on a 500 is still an error, and still retried', async () => {
    server.use(onBulkUpdate(() => iterableError(500, 'Success', '')));
    const error = await bulkUpdateError({ retry: { retries: 1, minDelayMs: 0 } });
    expect(error.status).toBe(500);
    expect(error.code).toBe('Success');
    expect(error.retryable).toBe(true);
    expect(await received()).toHaveLength(2);
  });

  it('code "Success" on a 400 is still an error, and not retried', async () => {
    server.use(onBulkUpdate(() => iterableError(400, 'Success', 'Success')));
    const error = await bulkUpdateError();
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(await received()).toHaveLength(1);
  });
});

describe('error bodies that are not Iterable JSON', () => {
  it.each([
    ['plain text', 'Bad Request', 400],
    ['HTML', '<html><body><h1>502 Bad Gateway</h1></body></html>', 502],
    ['an empty body', '', 500],
    ['JSON that is not an object', '"oops"', 400],
    ['JSON null', 'null', 400],
    ['a JSON array', '[1,2]', 400],
    ['JSON with a code that is not a string', '{"code":7,"msg":"x"}', 400],
    ['truncated JSON', '{"code":"BadParams","msg":"cut', 400],
  ])('%s does not crash the parsing', async (_what, text, status) => {
    server.use(
      onBulkUpdate(() => new HttpResponse(text, { status, headers: { 'content-type': 'text/html' } })),
    );
    const error = await bulkUpdateError({ retry: false });
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.code).toBeUndefined();
    expect(error.msg).toBeUndefined();
    expect(error.params).toBeUndefined();
  });

  it('keeps a text body, cut to 2,000 characters', async () => {
    server.use(onBulkUpdate(() => new HttpResponse('x'.repeat(10_000), { status: 502 })));
    const error = await bulkUpdateError({ retry: false });
    expect(error.body).toBe('x'.repeat(2000));
  });
});

describe('a 2xx Iterable did not finish', () => {
  it('truncated JSON on a 200 is a retryable error', async () => {
    server.use(onBulkUpdate(() => new HttpResponse('{"successCount":1,"failC', { status: 200 })));
    const error = await bulkUpdateError({ retry: { retries: 2, minDelayMs: 0 } });
    expect(error.status).toBe(200);
    expect(error.retryable).toBe(true);
    expect(error.body).toBe('{"successCount":1,"failC');
    expect(await received()).toHaveLength(3);
  });

  it('is retried into a success', async () => {
    let calls = 0;
    server.use(onBulkUpdate(() => (++calls === 1 ? new HttpResponse('{"succ', { status: 200 }) : bulkOk())));
    await expect(makeClient({ retry: RETRY }).bulkUpdate([user('u-1')])).resolves.toEqual({
      successCount: 1,
      failCount: 0,
    });
    expect(await received()).toHaveLength(2);
  });

  it.each([
    ['an empty body', ''],
    ['HTML', '<html>ok</html>'],
    ['the wrong shape', '{"fields":["email"]}'],
  ])('%s on a 200 from getFields is a retryable error', async (_what, text) => {
    server.use(http.get(`${US}/api/users/getFields`, () => new HttpResponse(text, { status: 200 })));
    const error = await rejectionOf(makeClient().getFields());
    expect(error).toBeInstanceOf(IterableApiError);
    expect((error as IterableApiError).retryable).toBe(true);
  });
});

describe('redirects', () => {
  it.each([[301], [302], [303], [307], [308]])(
    'a %i to another origin is refused, and the other origin never sees the key',
    async (status) => {
      server.use(
        onBulkUpdate(
          () =>
            new HttpResponse(null, { status, headers: { location: 'https://collector.example.net/steal' } }),
        ),
        http.all('https://collector.example.net/*', () =>
          HttpResponse.json({ successCount: 1, failCount: 0 }),
        ),
      );
      const error = await bulkUpdateError();
      expect(error.status).toBe(status);
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('redirect');
      expect(error.message).toContain('https://collector.example.net');
      const requests = await received();
      expect(requests.map((r) => r.url.origin)).toEqual([US]);
      expect(requests.filter((r) => r.headers.get('api-key') === API_KEY)).toHaveLength(1);
    },
  );

  it('a redirect on a read is refused too', async () => {
    server.use(
      http.get(
        `${US}/api/users/getFields`,
        () => new HttpResponse(null, { status: 302, headers: { location: '/elsewhere' } }),
      ),
      http.get(`${US}/elsewhere`, () => HttpResponse.json({ fields: {} })),
    );
    const error = await rejectionOf(makeClient({ retry: RETRY }).getFields());
    expect(error).toBeInstanceOf(IterableApiError);
    expect((await received()).map((r) => r.url.pathname)).toEqual(['/api/users/getFields']);
  });
});
