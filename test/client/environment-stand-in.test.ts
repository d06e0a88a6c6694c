import { afterEach, expect, it, vi } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import { startFakeIterable } from '../../src/testing/index.js';

// No msw here: the client talks to the stand-in over loopback HTTP.

afterEach(() => {
  vi.unstubAllEnvs();
});

it('a client built from the environment alone reaches the stand-in its instructions name', async () => {
  const iterable = await startFakeIterable({ rateLimits: false });
  try {
    vi.stubEnv('ITERABLE_API_KEY', iterable.apiKey);
    vi.stubEnv('ITERABLE_BASE_URL', iterable.url);
    vi.stubEnv('ITERABLE_REGION', 'eu');
    const client = new IterableClient({ rateLimit: false, retry: false });
    expect(client.baseUrl).toBe(iterable.url);
    const report = await client.syncProfiles([{ userId: 'env-user', churnRisk: 0.5 }]);
    expect(report).toMatchObject({ total: 1, succeeded: 1 });
    expect(iterable.users.get('env-user')?.dataFields).toMatchObject({ subsetsSubscriberChurnRisk: '0.5' });
  } finally {
    await iterable.close();
  }
});
