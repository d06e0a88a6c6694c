import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IterableClient } from '../../src/client/client.js';
import type { IterableClientOptions } from '../../src/client/options.js';
import { EU, makeClient, US, useServer } from './support.js';

const { server, received } = useServer();

afterEach(() => {
  vi.unstubAllEnvs();
});

const STAND_IN = 'https://stand-in.example.com';

function fieldsOn(...hosts: string[]) {
  return hosts.map((host) =>
    http.get(`${host}/api/users/getFields`, () => HttpResponse.json({ fields: {} })),
  );
}

/** The origin of the one request a getFields call sent. */
async function hostReached(client: IterableClient): Promise<string | undefined> {
  await client.getFields();
  const requests = await received();
  expect(requests).toHaveLength(1);
  return requests[0]?.url.origin;
}

function constructionError(options: IterableClientOptions = {}): unknown {
  try {
    makeClient(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the host: baseUrl, then ITERABLE_BASE_URL, then region, then ITERABLE_REGION', () => {
  it('talks to ITERABLE_BASE_URL when no option names a host', async () => {
    vi.stubEnv('ITERABLE_BASE_URL', STAND_IN);
    server.use(...fieldsOn(STAND_IN, US, EU));
    const client = makeClient();
    expect(client.baseUrl).toBe(STAND_IN);
    expect(await hostReached(client)).toBe(STAND_IN);
  });

  it('prefers the baseUrl option over ITERABLE_BASE_URL', async () => {
    vi.stubEnv('ITERABLE_BASE_URL', STAND_IN);
    server.use(...fieldsOn(STAND_IN, 'https://proxy.example.com'));
    const client = makeClient({ baseUrl: 'https://proxy.example.com' });
    expect(await hostReached(client)).toBe('https://proxy.example.com');
  });

  it('prefers ITERABLE_BASE_URL over the region option, so code written for a region reaches a stand-in', async () => {
    vi.stubEnv('ITERABLE_BASE_URL', STAND_IN);
    server.use(...fieldsOn(STAND_IN, EU));
    expect(await hostReached(makeClient({ region: 'eu' }))).toBe(STAND_IN);
  });

  it('prefers ITERABLE_BASE_URL over ITERABLE_REGION', async () => {
    vi.stubEnv('ITERABLE_BASE_URL', STAND_IN);
    vi.stubEnv('ITERABLE_REGION', 'eu');
    server.use(...fieldsOn(STAND_IN, EU));
    expect(await hostReached(makeClient())).toBe(STAND_IN);
  });

  it('takes the region from ITERABLE_REGION when the option is not given', async () => {
    vi.stubEnv('ITERABLE_REGION', 'eu');
    server.use(...fieldsOn(US, EU));
    const client = makeClient();
    expect(client.baseUrl).toBe(EU);
    expect(await hostReached(client)).toBe(EU);
  });

  it('prefers the region option over ITERABLE_REGION', async () => {
    vi.stubEnv('ITERABLE_REGION', 'eu');
    server.use(...fieldsOn(US, EU));
    expect(await hostReached(makeClient({ region: 'us' }))).toBe(US);
  });

  it('treats blank variables as unset and trims the values', async () => {
    vi.stubEnv('ITERABLE_BASE_URL', '  ');
    vi.stubEnv('ITERABLE_REGION', '');
    expect(makeClient().baseUrl).toBe(US);
    vi.stubEnv('ITERABLE_BASE_URL', `${STAND_IN}/\n`);
    expect(makeClient().baseUrl).toBe(STAND_IN);
  });
});

describe('an invalid variable', () => {
  it.each([
    ['not a url', /^ITERABLE_BASE_URL must be an absolute URL/],
    ['http://api.iterable.com', /^ITERABLE_BASE_URL must use https:/],
    ['https://user:secret@api.iterable.com', /^ITERABLE_BASE_URL must not contain credentials/],
  ])('ITERABLE_BASE_URL=%s throws a TypeError naming the variable', (value, message) => {
    vi.stubEnv('ITERABLE_BASE_URL', value);
    const error = constructionError();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
  });

  it.each([['de'], ['EU'], ['us-east-1']])(
    'ITERABLE_REGION=%s throws a TypeError naming the variable',
    (value) => {
      vi.stubEnv('ITERABLE_REGION', value);
      const error = constructionError();
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(`ITERABLE_REGION must be 'us' or 'eu' (got "${value}")`);
    },
  );

  it('is not read when the option it stands for is given', () => {
    vi.stubEnv('ITERABLE_BASE_URL', 'not a url');
    vi.stubEnv('ITERABLE_REGION', 'de');
    expect(makeClient({ baseUrl: STAND_IN, region: 'us' }).baseUrl).toBe(STAND_IN);
  });

  it('still names the option when the option is wrong', () => {
    vi.stubEnv('ITERABLE_BASE_URL', STAND_IN);
    expect((constructionError({ baseUrl: 'nope' }) as Error).message).toMatch(/^baseUrl must be/);
  });
});
