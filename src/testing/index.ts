/**
 * `@subsets/iterable/testing`: a faithful local stand-in for Iterable's user endpoints, as a real
 * HTTP server ({@link startFakeIterable}) or as msw handlers ({@link iterableHandlers}).
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
