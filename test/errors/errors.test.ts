import { describe, expect, it } from 'vitest';
import { IterableApiError } from '../../src/errors/api-error.js';
import { FieldCapacityError } from '../../src/errors/field-capacity-error.js';
import { FieldTypeConflictError } from '../../src/errors/field-type-conflict-error.js';
import { IterableError } from '../../src/errors/iterable-error.js';
import { IterableNetworkError } from '../../src/errors/network-error.js';
import { IterableRateLimitError } from '../../src/errors/rate-limit-error.js';
import { SyncAbortedError } from '../../src/errors/sync-aborted-error.js';
import { IterableTimeoutError } from '../../src/errors/timeout-error.js';
import type { SyncReport } from '../../src/sync/report.js';

const report: SyncReport = {
  total: 10,
  succeeded: 4,
  unchanged: 0,
  failed: 1,
  invalid: 2,
  aborted: 3,
  batches: 1,
  requests: 1,
  retries: 0,
  rateLimited: 0,
  durationMs: 12,
  createdFields: [],
  filteredOutFields: [],
  failures: [
    { userId: 'u-1', reason: 'validation', message: 'churnRisk must be ...', retryable: false, index: 0 },
    { userId: 'u-2', reason: 'validation', message: 'userId must not be empty', retryable: false, index: 1 },
    { userId: 'u-3', reason: 'not-found', message: 'no such user', retryable: false, index: 2 },
  ],
  dryRun: false,
};

const every = [
  new IterableError('base'),
  new IterableApiError({ status: 400, endpoint: 'POST /api/users/bulkUpdate', retryable: false }),
  new IterableRateLimitError({ endpoint: 'POST /api/users/bulkUpdate' }),
  new IterableNetworkError('GET /api/users/getFields', new Error('socket hang up')),
  new IterableTimeoutError('GET /api/users/getFields', 1000),
  new FieldTypeConflictError([
    { field: 'subsetsSubscriberChurnRisk', foundType: 'double', expectedType: 'string' },
  ]),
  new FieldCapacityError({ existing: 998, missing: 5, limit: 1000 }),
  new SyncAbortedError(report, new Error('stop')),
];

describe('the error classes', () => {
  it.each(every.map((error) => [error.constructor.name, error]))(
    '%s is an IterableError and an Error, named after its class',
    (name, error) => {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(IterableError);
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
      expect(error.stack).toContain(name);
    },
  );

  it('each gives JSON of its name, message, retryable and the fields its class declares, in order', () => {
    expect(every.map((error) => Object.keys(JSON.parse(JSON.stringify(error))))).toEqual([
      ['name', 'message', 'retryable'],
      ['name', 'message', 'retryable', 'status', 'endpoint'],
      ['name', 'message', 'retryable', 'status', 'endpoint'],
      ['name', 'message', 'retryable', 'endpoint'],
      ['name', 'message', 'retryable', 'endpoint', 'timeoutMs'],
      ['name', 'message', 'retryable', 'conflicts'],
      ['name', 'message', 'retryable', 'existing', 'missing', 'limit'],
      ['name', 'message', 'retryable', 'report'],
    ]);
    const timeout = new IterableTimeoutError('GET /api/users/getFields', 1000);
    expect(timeout.toJSON()).toEqual({
      name: 'IterableTimeoutError',
      message: timeout.message,
      retryable: true,
      endpoint: 'GET /api/users/getFields',
      timeoutMs: 1000,
    });
  });

  it('IterableRateLimitError extends IterableApiError', () => {
    const error = new IterableRateLimitError({ endpoint: 'POST /api/users/bulkUpdate', retryAfterMs: 2000 });
    expect(error).toBeInstanceOf(IterableApiError);
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.message).toMatch(/5 requests\/second/);
  });

  it('only what may pass later is retryable', () => {
    expect(every.map((error) => [error.name, error.retryable])).toEqual([
      ['IterableError', false],
      ['IterableApiError', false],
      ['IterableRateLimitError', true],
      ['IterableNetworkError', true],
      ['IterableTimeoutError', true],
      ['FieldTypeConflictError', false],
      ['FieldCapacityError', false],
      ['SyncAbortedError', false],
    ]);
  });

  it('IterableApiError builds its message from status, code and msg, unless given one', () => {
    const init = { status: 400, endpoint: 'POST /api/users/update', retryable: false };
    expect(new IterableApiError(init).message).toBe('POST /api/users/update failed with HTTP 400');
    expect(new IterableApiError({ ...init, code: 'BadParams' }).message).toBe(
      'POST /api/users/update failed with HTTP 400 BadParams',
    );
    expect(new IterableApiError({ ...init, code: 'BadParams', msg: 'userId is required' }).message).toBe(
      'POST /api/users/update failed with HTTP 400 BadParams: userId is required',
    );
    expect(new IterableApiError({ ...init, message: 'custom' }).message).toBe('custom');
  });

  it('IterableApiError.toJSON carries what a log needs', () => {
    const error = new IterableApiError({
      status: 400,
      endpoint: 'POST /api/users/bulkUpdate',
      code: 'BadParams',
      msg: 'bad',
      params: { field: 'x' },
      requestId: 'req-1',
      retryable: false,
      body: { code: 'BadParams' },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'IterableApiError',
      message: 'POST /api/users/bulkUpdate failed with HTTP 400 BadParams: bad',
      retryable: false,
      status: 400,
      code: 'BadParams',
      msg: 'bad',
      params: { field: 'x' },
      endpoint: 'POST /api/users/bulkUpdate',
      requestId: 'req-1',
    });
  });

  it('IterableNetworkError keeps its cause and says what failed', () => {
    const cause = new Error('ECONNRESET');
    const error = new IterableNetworkError('POST /api/users/bulkUpdate', cause);
    expect(error.cause).toBe(cause);
    expect(error.endpoint).toBe('POST /api/users/bulkUpdate');
    expect(error.message).toBe('POST /api/users/bulkUpdate failed before Iterable answered: ECONNRESET');
    expect(new IterableNetworkError('GET /x', 'plain reason').message).toContain('plain reason');
  });

  it('IterableTimeoutError says which timeout was exceeded', () => {
    const error = new IterableTimeoutError('GET /api/users/getFields', 2500);
    expect(error.timeoutMs).toBe(2500);
    expect(error.message).toBe(
      "GET /api/users/getFields timed out after 2500 ms (the client's timeout option).",
    );
  });

  it('FieldTypeConflictError lists each field with the type found and expected', () => {
    const error = new FieldTypeConflictError([
      { field: 'subsetsSubscriberChurnRisk', foundType: 'double', expectedType: 'string' },
      { field: 'subsetsExperimentAddedAt', foundType: 'date', expectedType: 'string' },
    ]);
    expect(error.message).toContain('subsetsSubscriberChurnRisk is double, expected string');
    expect(error.message).toContain('subsetsExperimentAddedAt is date, expected string');
    expect(error.toJSON()).toMatchObject({ conflicts: error.conflicts });
  });

  it('FieldCapacityError gives the numbers', () => {
    const error = new FieldCapacityError({ existing: 998, missing: 5, limit: 1000 });
    expect(error.message).toContain('998 user fields');
    expect(error.message).toContain('5 more');
    expect(error.message).toContain('limit of 1000');
    expect(error.toJSON()).toMatchObject({ existing: 998, missing: 5, limit: 1000 });
  });

  it('SyncAbortedError carries the report and counts failures in its JSON instead of listing them', () => {
    const cause = new Error('stop');
    const error = new SyncAbortedError(report, cause);
    expect(error.report).toBe(report);
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(/4 succeeded, 1 failed, 2 invalid, 3 not sent/);
    expect(error.toJSON()).toMatchObject({ report: { total: 10, failures: 3 } });
  });

  it('IterableError has no cause unless given one', () => {
    expect('cause' in new IterableError('x')).toBe(false);
    expect(new IterableError('x', { cause: 0 }).cause).toBe(0);
  });
});
