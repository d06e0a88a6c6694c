import { afterEach, describe, expect, it } from 'vitest';
import {
  IterableApiError,
  IterableAuthError,
  IterableClient,
  IterableTypeMismatchError,
} from '../../src/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { rejectionOf } from '../support/rejection-of.js';

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

describe('errors classified where the transport makes them', () => {
  it('a rejected key is an IterableAuthError, still an IterableApiError, never retried', async () => {
    iterable = await startFakeIterable({ rateLimits: false });
    const client = new IterableClient({ apiKey: 'not-the-key', baseUrl: iterable.url });
    const error = await rejectionOf(client.getFields());
    expect(error).toBeInstanceOf(IterableAuthError);
    expect(error).toBeInstanceOf(IterableApiError);
    expect(error).toMatchObject({ name: 'IterableAuthError', status: 401, retryable: false });
    expect(iterable.requests.filter((r) => r.endpoint === 'getFields')).toHaveLength(1);
  });

  it('a type mismatch is an IterableTypeMismatchError carrying the fields Iterable named', async () => {
    iterable = await startFakeIterable({ rateLimits: false, fields: { subsetsSubscriberChurnRisk: 'long' } });
    const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
    const error = await rejectionOf(
      client.bulkUpdate([{ userId: 'u-1', dataFields: { subsetsSubscriberChurnRisk: '0.5' } }]),
    );
    expect(error).toBeInstanceOf(IterableTypeMismatchError);
    expect(error).toBeInstanceOf(IterableApiError);
    expect(error).toMatchObject({
      name: 'IterableTypeMismatchError',
      status: 400,
      code: 'RequestFieldsTypesMismatched',
      retryable: false,
      fields: [{ field: 'subsetsSubscriberChurnRisk', expectedType: 'long' }],
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      fields: [{ field: 'subsetsSubscriberChurnRisk', expectedType: 'long' }],
    });
    expect(iterable.requests.filter((r) => r.endpoint === 'bulkUpdate')).toHaveLength(1);
  });
});
