// Type-checked with skipLibCheck: false in a project without msw, ioredis or rate-limiter-flexible.
import {
  IterableClient,
  type IterableUserProfile,
  type NormalizedSubsetsProfile,
  SubsetsProfile,
  type SubsetsProfileSchema,
} from '@subsets/iterable';
import { createRedisRateLimiter, type RedisRateLimiterOptions } from '@subsets/iterable/redis';
import { type FakeIterable, iterableHandlers, startFakeIterable } from '@subsets/iterable/testing';

const iterable: FakeIterable = await startFakeIterable();
const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
const profile: SubsetsProfile = { userId: 'u-1', churnRisk: 0.5 };
const parsed: NormalizedSubsetsProfile = SubsetsProfile.parse(profile);
const schema: SubsetsProfileSchema = SubsetsProfile;
const user: IterableUserProfile | undefined = await client.getUser('u-1');
const risk: string | undefined = user?.dataFields?.subsetsSubscriberChurnRisk;

export type { RedisRateLimiterOptions };
export { createRedisRateLimiter, iterableHandlers, parsed, risk, schema };
