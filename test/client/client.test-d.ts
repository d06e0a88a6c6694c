import { describe, expectTypeOf, it } from 'vitest';
import type { IterableClient } from '../../src/client/client.js';
import type { Logger } from '../../src/client/logger.js';
import type { IterableClientOptions, Region } from '../../src/client/options.js';
import type {
  BulkUpdateResult,
  FailedUserUpdates,
  IterableUser,
  IterableUserDataFields,
  IterableUserProfile,
  RequestOptions,
  WriteOptions,
} from '../../src/client/types.js';
import type { Limiter } from '../../src/policies/limiter.js';
import type { RateLimiter } from '../../src/policies/rate-limiter.js';
import type { RetryOptions } from '../../src/policies/retry.js';

describe('IterableClientOptions', () => {
  it('takes region as only us or eu', () => {
    expectTypeOf<Region>().toEqualTypeOf<'us' | 'eu'>();
    expectTypeOf<IterableClientOptions['region']>().toEqualTypeOf<'us' | 'eu' | undefined>();
    // @ts-expect-error: no such region
    const wrong: IterableClientOptions = { region: 'de' };
    // @ts-expect-error: regions are lower case
    const upper: IterableClientOptions = { region: 'US' };
    void wrong;
    void upper;
  });

  it('types every option', () => {
    expectTypeOf<IterableClientOptions['apiKey']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableClientOptions['baseUrl']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableClientOptions['timeout']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<IterableClientOptions['retry']>().toEqualTypeOf<number | RetryOptions | false | undefined>();
    expectTypeOf<IterableClientOptions['concurrency']>().toEqualTypeOf<number | Limiter | undefined>();
    expectTypeOf<IterableClientOptions['rateLimit']>().toEqualTypeOf<
      number | RateLimiter | false | undefined
    >();
    expectTypeOf<IterableClientOptions['fetch']>().toEqualTypeOf<typeof fetch | undefined>();
    expectTypeOf<IterableClientOptions['logger']>().toEqualTypeOf<Logger | undefined>();
  });

  it('accepts an empty object, console as logger, and refuses retry: true', () => {
    expectTypeOf<Record<never, never>>().toExtend<IterableClientOptions>();
    expectTypeOf<{ logger: Console }>().toExtend<IterableClientOptions>();
    expectTypeOf<{ retry: true }>().not.toExtend<IterableClientOptions>();
    expectTypeOf<{ rateLimit: true }>().not.toExtend<IterableClientOptions>();
    expectTypeOf<{ timeout: '30s' }>().not.toExtend<IterableClientOptions>();
  });

  it('is constructible with or without options', () => {
    expectTypeOf<typeof IterableClient>().toBeConstructibleWith();
    expectTypeOf<typeof IterableClient>().toBeConstructibleWith({ apiKey: 'k', region: 'eu', retry: false });
  });
});

describe('IterableClient methods', () => {
  it('getFields resolves to field names and types', () => {
    expectTypeOf<IterableClient['getFields']>().parameters.toEqualTypeOf<[options?: RequestOptions]>();
    expectTypeOf<IterableClient['getFields']>().returns.toEqualTypeOf<Promise<Record<string, string>>>();
  });

  it('bulkUpdate takes users and write options and resolves to the result', () => {
    expectTypeOf<IterableClient['bulkUpdate']>().parameter(0).toEqualTypeOf<readonly IterableUser[]>();
    expectTypeOf<IterableClient['bulkUpdate']>().parameter(1).toEqualTypeOf<WriteOptions | undefined>();
    expectTypeOf<IterableClient['bulkUpdate']>().returns.toEqualTypeOf<Promise<BulkUpdateResult>>();
  });

  it('updateUser resolves to nothing', () => {
    expectTypeOf<IterableClient['updateUser']>().parameter(0).toEqualTypeOf<IterableUser>();
    expectTypeOf<IterableClient['updateUser']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('getUser may resolve to undefined', () => {
    expectTypeOf<IterableClient['getUser']>().parameter(0).toEqualTypeOf<string>();
    expectTypeOf<IterableClient['getUser']>().returns.toEqualTypeOf<
      Promise<IterableUserProfile | undefined>
    >();
  });

  it('every method takes a signal last', () => {
    expectTypeOf<RequestOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<WriteOptions>().toExtend<RequestOptions>();
    expectTypeOf<WriteOptions['createNewFields']>().toEqualTypeOf<boolean | undefined>();
  });

  it('exposes the host but not the key', () => {
    expectTypeOf<IterableClient['baseUrl']>().toEqualTypeOf<string>();
    expectTypeOf<IterableClient>().not.toHaveProperty('apiKey');
  });
});

describe('response types', () => {
  it('reads counts leniently and keeps unknown keys', () => {
    expectTypeOf<BulkUpdateResult['successCount']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BulkUpdateResult['failCount']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BulkUpdateResult['failedUpdates']>().toEqualTypeOf<FailedUserUpdates | undefined>();
    expectTypeOf<FailedUserUpdates['invalidUserIds']>().toEqualTypeOf<string[] | null | undefined>();
    expectTypeOf<BulkUpdateResult['someFutureKey']>().toBeUnknown();
  });

  it('types a user profile', () => {
    expectTypeOf<IterableUserProfile['userId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableUserProfile['dataFields']>().toEqualTypeOf<IterableUserDataFields | undefined>();
    // The five Subsets fields read back as strings; every other field stays unknown.
    const fields = {} as IterableUserDataFields;
    expectTypeOf(fields.subsetsExperimentId).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields.subsetsExperimentAddedAt).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields.subsetsExperimentName).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields.subsetsSubscriberChurnRisk).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields.subsetsExperimentAssignment).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields.favouriteColour).toBeUnknown();
    expectTypeOf<Awaited<ReturnType<IterableClient['getUser']>>>().toEqualTypeOf<
      IterableUserProfile | undefined
    >();
  });

  it('IterableUser names the spec fields', () => {
    expectTypeOf<IterableUser['userId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableUser['mergeNestedObjects']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<IterableUser['preferUserId']>().toEqualTypeOf<boolean | undefined>();
  });
});
