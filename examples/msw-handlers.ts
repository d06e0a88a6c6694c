/**
 * The same stand-in as msw handlers: no server, no port. msw intercepts the client's `fetch` to
 * Iterable's real host and answers it as Iterable would, so code under test keeps its production
 * configuration. Needs msw 2 (an optional peer dependency of `@subsets/iterable/testing`).
 *
 * Like every test, this example never talks to a real project, even when ITERABLE_API_KEY is set.
 *
 *   npx tsx examples/msw-handlers.ts
 */
import assert from 'node:assert/strict';
import { IterableApiError, IterableClient } from '@subsets/iterable';
import { iterableHandlers } from '@subsets/iterable/testing';
import { setupServer } from 'msw/node';
import { SUBSETS_FIELDS_READY } from './support/target.js';

// Handlers for https://api.iterable.com (the default); pass baseUrl for the EU host.
const iterable = iterableHandlers({ fields: SUBSETS_FIELDS_READY, rateLimits: false });
const server = setupServer(...iterable);
server.listen({ onUnhandledRequest: 'error' });
try {
  // A client exactly as in production: region 'us', no baseUrl. Only the key is the handlers'.
  const client = new IterableClient({ apiKey: iterable.apiKey, region: 'us' });
  const report = await client.syncProfiles([
    { userId: 'user-1', churnRisk: 0.12 },
    { userId: 'user-2', churnRisk: 0.93 },
  ]);
  assert.equal(report.succeeded, 2);
  assert.deepEqual(iterable.users.get('user-2')?.dataFields, { subsetsSubscriberChurnRisk: '0.93' });
  console.log(`msw answered ${iterable.requests.length} request(s) for ${iterable.baseUrl}`);
  console.log(`  user-2 now holds`, iterable.users.get('user-2')?.dataFields);

  // Auth works as in Iterable: another key gets a 401, which the client throws as IterableApiError.
  const wrongKey = new IterableClient({ apiKey: 'not-the-key', region: 'us' });
  const error = await wrongKey.getFields().catch((caught: unknown) => caught);
  assert.ok(error instanceof IterableApiError && error.status === 401);
  console.log(`  a wrong key: ${error.status} ${error.code}`);
} finally {
  iterable.close();
  server.close();
}
