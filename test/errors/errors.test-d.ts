import { describe, expectTypeOf, it } from 'vitest';
import type { IterableApiError } from '../../src/errors/api-error.js';
import type { FieldCapacityError } from '../../src/errors/field-capacity-error.js';
import type {
  FieldTypeConflict,
  FieldTypeConflictError,
} from '../../src/errors/field-type-conflict-error.js';
import type { IterableError } from '../../src/errors/iterable-error.js';
import type { IterableNetworkError } from '../../src/errors/network-error.js';
import type { IterableRateLimitError } from '../../src/errors/rate-limit-error.js';
import type { SyncAbortedError } from '../../src/errors/sync-aborted-error.js';
import type { IterableTimeoutError } from '../../src/errors/timeout-error.js';
import type { SyncReport } from '../../src/sync/report.js';

describe('the error hierarchy', () => {
  it('IterableRateLimitError extends IterableApiError extends IterableError extends Error', () => {
    expectTypeOf<IterableRateLimitError>().toExtend<IterableApiError>();
    expectTypeOf<IterableApiError>().toExtend<IterableError>();
    expectTypeOf<IterableError>().toExtend<Error>();
  });

  it('every other error is an IterableError, and not an IterableApiError', () => {
    expectTypeOf<IterableNetworkError>().toExtend<IterableError>();
    expectTypeOf<IterableTimeoutError>().toExtend<IterableError>();
    expectTypeOf<FieldTypeConflictError>().toExtend<IterableError>();
    expectTypeOf<FieldCapacityError>().toExtend<IterableError>();
    expectTypeOf<SyncAbortedError>().toExtend<IterableError>();
    expectTypeOf<IterableNetworkError>().not.toExtend<IterableApiError>();
    expectTypeOf<IterableTimeoutError>().not.toExtend<IterableApiError>();
  });

  it('carries what a caller reads', () => {
    expectTypeOf<IterableError['retryable']>().toEqualTypeOf<boolean>();
    expectTypeOf<IterableApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<IterableApiError['code']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableApiError['msg']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableApiError['params']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<IterableApiError['body']>().toBeUnknown();
    expectTypeOf<IterableApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IterableApiError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<IterableRateLimitError['status']>().toEqualTypeOf<number>();
    expectTypeOf<IterableTimeoutError['timeoutMs']>().toEqualTypeOf<number>();
    expectTypeOf<IterableNetworkError['endpoint']>().toEqualTypeOf<string>();
    expectTypeOf<FieldTypeConflictError['conflicts']>().toEqualTypeOf<readonly FieldTypeConflict[]>();
    expectTypeOf<FieldCapacityError['limit']>().toEqualTypeOf<number>();
    expectTypeOf<SyncAbortedError['report']>().toEqualTypeOf<SyncReport>();
  });

  it('keeps its fields read-only', () => {
    expectTypeOf<IterableApiError>().toHaveProperty('status');
    const error = {} as IterableApiError;
    // @ts-expect-error: status is read-only
    error.status = 500;
  });
});
