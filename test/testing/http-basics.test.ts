import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../support/spec.js';
import { bulkUpdate, call, failedUpdates, startFake } from './support.js';

const MiB = 1024 * 1024;

/** A bulkUpdate body of exactly `bytes` bytes of JSON (one user with a long string). */
function bodyOfSize(bytes: number): string {
  const shell = JSON.stringify({ users: [{ userId: 'big', dataFields: { blob: '' } }] });
  return shell.replace('"blob":""', `"blob":"${'x'.repeat(bytes - shell.length)}"`);
}

describe('auth', () => {
  it('answers 401 BadApiKey without an Api-Key header, and with a wrong one, and stores nothing', async () => {
    const iterable = await startFake();
    const body = { users: [{ userId: 'u-1', dataFields: { a: 'x' } }] };

    for (const apiKey of [null, 'wrong-key', iterable.apiKey.toUpperCase()]) {
      const answer = await bulkUpdate(iterable, body, { apiKey });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ msg: expect.any(String), code: 'BadApiKey', params: null });
      expect(
        validateAgainstSpec('IterableApiResponse', answer.json, { nullAsAbsent: true, strict: true }),
      ).toEqual([]);
    }
    expect(iterable.users.size).toBe(0);
    expect(iterable.fields.size).toBe(0);
    expect(iterable.requests.map((request) => request.status)).toEqual([401, 401, 401]);
  });

  it('generates a random key when none is given, and uses the one given', async () => {
    const [a, b, c] = await Promise.all([startFake(), startFake(), startFake({ apiKey: 'my-key' })]);
    expect(a.apiKey).toMatch(/^fake-[0-9a-f]{32}$/);
    expect(a.apiKey).not.toBe(b.apiKey);
    expect(c.apiKey).toBe('my-key');
    expect((await call(c, 'GET', '/api/users/getFields')).status).toBe(200);
  });

  it('listens on loopback and gives a URL without a trailing slash', async () => {
    const iterable = await startFake();
    expect(iterable.url).toBe(`http://127.0.0.1:${iterable.port}`);
  });
});

describe('routing', () => {
  it('answers 404 NotFound on unknown paths and on known paths with another method', async () => {
    const iterable = await startFake();
    for (const [method, path] of [
      ['GET', '/api/users/nope'],
      ['POST', '/api/events/track'],
      ['GET', '/api/users/bulkUpdate'],
      ['DELETE', '/api/users/byUserId/u-1'],
      ['GET', '/'],
    ] as const) {
      const answer = await call(iterable, method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json).toMatchObject({ code: 'NotFound' });
    }
  });
});

describe('request body limits and parsing', () => {
  it('refuses a body over 4 MiB with 400 BatchTooLarge and stores nothing', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, undefined, { rawBody: bodyOfSize(4 * MiB + 1) });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'BatchTooLarge' });
    expect(iterable.users.size).toBe(0);
    expect(iterable.requests[0]).toMatchObject({ status: 400, endpoint: 'bulkUpdate' });
    expect(iterable.requests[0]?.body).toBeUndefined();
  });

  it('accepts a body of exactly 4 MiB (above the SDK’s own 4,000,000-byte cap)', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, undefined, { rawBody: bodyOfSize(4 * MiB) });

    expect(answer.status).toBe(200);
    expect(iterable.users.has('big')).toBe(true);
  });

  it('answers 400 BadJsonBody to malformed JSON', async () => {
    const iterable = await startFake();
    for (const rawBody of ['{"users": [', '', 'users=1', '{"users": [],}']) {
      const answer = await bulkUpdate(iterable, undefined, { rawBody });
      expect(answer.status, rawBody).toBe(400);
      expect(answer.json).toMatchObject({ code: 'BadJsonBody' });
    }
    const update = await call(iterable, 'POST', '/api/users/update', undefined, { rawBody: '{' });
    expect(update.json).toMatchObject({ code: 'BadJsonBody' });
  });

  it.each([
    ['the body is an array', []],
    ['users is missing', {}],
    ['users is not an array', { users: { userId: 'u-1' } }],
    ['a user is not an object', { users: ['u-1'] }],
    ['a user has both email and userId', { users: [{ userId: 'u-1', email: 'a@example.com' }] }],
    ['a user has neither email nor userId', { users: [{ dataFields: { a: 'x' } }] }],
    ['userId is not a string', { users: [{ userId: 7 }] }],
    ['dataFields is an array', { users: [{ userId: 'u-1', dataFields: ['x'] }] }],
    ['dataFields is a string', { users: [{ userId: 'u-1', dataFields: 'x' }] }],
    ['mergeNestedObjects is not a boolean', { users: [{ userId: 'u-1', mergeNestedObjects: 'yes' }] }],
    ['preferUserId is not a boolean', { users: [{ userId: 'u-1', preferUserId: 1 }] }],
    ['createNewFields is not a boolean', { users: [], createNewFields: 'true' }],
  ])('answers 400 BadParams when %s, and stores nothing', async (_case, body) => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, body);

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'BadParams', msg: expect.any(String) });
    expect(validateAgainstSpec('IterableApiResponse', answer.json, { nullAsAbsent: true })).toEqual([]);
    expect(iterable.users.size).toBe(0);
    expect(iterable.fields.size).toBe(0);
  });

  it('accepts an empty users array', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, { users: [] });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      successCount: 0,
      failCount: 0,
      createdFields: [],
      filteredOutFields: [],
      failedUpdates: failedUpdates(),
      invalidEmails: [],
      invalidUserIds: [],
    });
  });
});

describe('POST /api/users/update', () => {
  it('updates one user and answers { msg, code: "Success", params: null }', async () => {
    const iterable = await startFake();
    const answer = await call(iterable, 'POST', '/api/users/update', {
      userId: 'u-1',
      dataFields: { plan: 'pro', seats: 3 },
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ msg: '', code: 'Success', params: null });
    expect(
      validateAgainstSpec('IterableApiResponse', answer.json, { nullAsAbsent: true, strict: true }),
    ).toEqual([]);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ plan: 'pro', seats: 3 });
    expect(Object.fromEntries(iterable.fields)).toEqual({ plan: 'string', seats: 'long' });
  });

  it('answers errors for a user it cannot update', async () => {
    const iterable = await startFake({ forgottenUserIds: ['gone'] });
    const invalid = await call(iterable, 'POST', '/api/users/update', { userId: 'x'.repeat(53) });
    const forgotten = await call(iterable, 'POST', '/api/users/update', {
      userId: 'gone',
      dataFields: { a: 'x' },
    });
    const email = await call(iterable, 'POST', '/api/users/update', { email: 'not-an-email' });

    expect([invalid.status, invalid.json]).toEqual([
      400,
      expect.objectContaining({ code: 'InvalidUserIdError' }),
    ]);
    expect([forgotten.status, forgotten.json]).toEqual([
      409,
      expect.objectContaining({ code: 'ForgottenUserError' }),
    ]);
    expect([email.status, email.json]).toEqual([
      400,
      expect.objectContaining({ code: 'InvalidEmailAddressError' }),
    ]);
    expect(iterable.users.size).toBe(0);
    expect(iterable.fields.size).toBe(0);
  });

  it('honours createNewFields: false', async () => {
    const iterable = await startFake({ fields: { known: 'string' } });
    const answer = await call(iterable, 'POST', '/api/users/update', {
      userId: 'u-1',
      dataFields: { known: 'k', unknown: 'u' },
      createNewFields: false,
    });
    expect(answer.status).toBe(200);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ known: 'k' });
    expect(iterable.fields.has('unknown')).toBe(false);
  });
});

describe('GET /api/users/byUserId', () => {
  it('reads a user by path (URL-decoded) and by query, as a UserResponse', async () => {
    const userId = 'a b/c+d%e?&#';
    const iterable = await startFake({ users: [{ userId, dataFields: { plan: 'pro' } }] });

    const byPath = await call(iterable, 'GET', `/api/users/byUserId/${encodeURIComponent(userId)}`);
    const byQuery = await call(iterable, 'GET', `/api/users/byUserId?userId=${encodeURIComponent(userId)}`);

    expect(byPath.status).toBe(200);
    expect(byPath.json).toEqual({ user: { userId, dataFields: { plan: 'pro' } } });
    expect(byQuery.json).toEqual(byPath.json);
  });

  it('gives the email of users that have one, which the spec requires', async () => {
    const iterable = await startFake({ users: [{ userId: 'u-1', email: 'u1@example.com', dataFields: {} }] });
    const answer = await call(iterable, 'GET', '/api/users/byUserId/u-1');
    expect(answer.json).toEqual({ user: { email: 'u1@example.com', userId: 'u-1', dataFields: {} } });
    expect(validateAgainstSpec('UserResponse', answer.json, { strict: true })).toEqual([]);
  });

  it('answers 200 {} for an unknown user', async () => {
    const iterable = await startFake();
    const answer = await call(iterable, 'GET', '/api/users/byUserId/nobody');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expect(validateAgainstSpec('UserResponse', answer.json, { strict: true })).toEqual([]);
  });

  it('answers 400 BadParams without a userId', async () => {
    const iterable = await startFake();
    for (const path of [
      '/api/users/byUserId',
      '/api/users/byUserId?userId=',
      '/api/users/byUserId/%E0%A4%A',
    ]) {
      const answer = await call(iterable, 'GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.json).toMatchObject({ code: 'BadParams' });
    }
  });
});

describe('GET /api/users/getFields', () => {
  it('answers a GetUserFieldsResponse', async () => {
    const iterable = await startFake({ fields: { plan: 'string', seats: 'long' } });
    const answer = await call(iterable, 'GET', '/api/users/getFields');
    expect(answer.json).toEqual({ fields: { plan: 'string', seats: 'long' } });
    expect(validateAgainstSpec('GetUserFieldsResponse', answer.json, { strict: true })).toEqual([]);
  });
});
