import { expect, it } from 'vitest';
import { IterableError, StateStoreError } from '../../src/index.js';

it('names the store in its message and its fields, and is not retryable', () => {
  const cause = new Error('ECONNRESET');
  const error = new StateStoreError('redis (subsets-iterable:state)', 'Redis failed', cause);
  expect(error).toBeInstanceOf(IterableError);
  expect(error.name).toBe('StateStoreError');
  expect(error.message).toBe('State store redis (subsets-iterable:state): Redis failed');
  expect(error.store).toBe('redis (subsets-iterable:state)');
  expect(error.retryable).toBe(false);
  expect(error.cause).toBe(cause);
  expect(JSON.parse(JSON.stringify(error))).toEqual({
    name: 'StateStoreError',
    message: 'State store redis (subsets-iterable:state): Redis failed',
    retryable: false,
    store: 'redis (subsets-iterable:state)',
  });
});
