/**
 * `@subsets/iterable/testing`: a faithful local stand-in for Iterable's user endpoints, as a real
 * HTTP server ({@link startFakeIterable}) or as msw handlers ({@link iterableHandlers}).
 *
 * @example
 * ```ts
 * import { IterableClient } from '@subsets/iterable';
 * import { startFakeIterable } from '@subsets/iterable/testing';
 *
 * const iterable = await startFakeIterable();
 * const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
 * await client.syncProfiles([{ userId: 'u-1', churnRisk: 0.5 }]);
 * console.log(iterable.users.get('u-1')?.dataFields); // { subsetsSubscriberChurnRisk: '0.5' }
 * await iterable.close();
 * ```
 *
 * @module @subsets/iterable/testing
 * @sortStrategy kind, alphabetical
 */
export { type IterableHandlers, type IterableHandlersOptions, iterableHandlers } from './msw.js';
export { type FakeIterable, type FakeIterableServerOptions, startFakeIterable } from './server.js';
export type {
  FakeIterableEndpoint,
  FakeIterableFault,
  FakeIterableFaults,
  FakeIterableLatency,
  FakeIterableOptions,
  FakeIterableProjectType,
  FakeIterableRateLimits,
  FakeIterableRequest,
  FakeIterableState,
  FakeIterableUser,
  FakeIterableUserSeed,
  IterableFieldType,
} from './types.js';
