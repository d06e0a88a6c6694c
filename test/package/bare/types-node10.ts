// The same imports as types.mts, resolved as TypeScript's node10 (moduleResolution "node") does:
// the subpaths come from package.json's typesVersions.
import { type IterableUserProfile, type NormalizedSubsetsProfile, SubsetsProfile } from '@subsets/iterable';
import { createRedisRateLimiter, type RedisRateLimiterOptions } from '@subsets/iterable/redis';
import { type FakeIterable, iterableHandlers, startFakeIterable } from '@subsets/iterable/testing';

declare const user: IterableUserProfile | undefined;
const risk: string | undefined = user?.dataFields?.subsetsSubscriberChurnRisk;
const parsed: NormalizedSubsetsProfile = SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.5 });
const started: Promise<FakeIterable> = startFakeIterable();

export type { RedisRateLimiterOptions };
export { createRedisRateLimiter, iterableHandlers, parsed, risk, started };
