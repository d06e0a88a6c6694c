import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { toIterableUser } from '../../src/profile/to-iterable-user.js';
import { validateAgainstSpec } from '../support/spec.js';
import { API_KEY, bulkOk, makeClient, onBulkUpdate, US, user, useServer } from './support.js';

const { server, received } = useServer();

const profiles = [
  { userId: 'u-1', churnRisk: 0.27 },
  {
    userId: 'u-2',
    experimentId: 'exp-42',
    experimentName: 'Winback',
    addedAt: '2026-11-29T01:40:43Z',
    assignment: 'treatment' as const,
    churnRisk: '0.9',
  },
];

async function onlyRequest() {
  const requests = await received();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

describe('getFields', () => {
  it('sends GET /api/users/getFields with the key and returns the fields', async () => {
    server.use(
      http.get(`${US}/api/users/getFields`, () =>
        HttpResponse.json({
          fields: { email: 'string', 'profile.age': 'long', subsetsExperimentId: 'string' },
        }),
      ),
    );
    const fields = await makeClient().getFields();
    expect(fields).toEqual({ email: 'string', 'profile.age': 'long', subsetsExperimentId: 'string' });
    const request = await onlyRequest();
    expect(request.method).toBe('GET');
    expect(request.url.href).toBe(`${US}/api/users/getFields`);
    expect(request.headers.get('api-key')).toBe(API_KEY);
    expect(request.headers.get('accept')).toMatch(/application\/json/);
    expect(request.body).toBe('');
  });

  it('answers what the spec calls GetUserFieldsResponse (the double is honest)', () => {
    expect(validateAgainstSpec('GetUserFieldsResponse', { fields: { email: 'string' } })).toEqual([]);
  });
});

describe('bulkUpdate', () => {
  it('sends POST /api/users/bulkUpdate with the users as JSON and the key', async () => {
    server.use(onBulkUpdate(() => bulkOk({ successCount: 2 })));
    const users = profiles.map((p) => toIterableUser(p));
    await makeClient().bulkUpdate(users);
    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe(`${US}/api/users/bulkUpdate`);
    expect(request.headers.get('api-key')).toBe(API_KEY);
    expect(request.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({ users });
  });

  it.each([[true], [false]])(
    'sends createNewFields: %s when asked, and a body the spec accepts',
    async (flag) => {
      server.use(onBulkUpdate(() => bulkOk()));
      const users = profiles.map((p) => toIterableUser(p, { createMissingUsers: true }));
      await makeClient().bulkUpdate(users, { createNewFields: flag });
      const body: unknown = JSON.parse((await onlyRequest()).body);
      expect(body).toEqual({ users, createNewFields: flag });
      expect(validateAgainstSpec('BulkUpdateUsersRequest', body, { strict: true })).toEqual([]);
    },
  );

  it('leaves createNewFields out when not asked (the project setting decides)', async () => {
    server.use(onBulkUpdate(() => bulkOk()));
    await makeClient().bulkUpdate([toIterableUser(profiles[0]!)]);
    const body = JSON.parse((await onlyRequest()).body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['users']);
    expect(validateAgainstSpec('BulkUpdateUsersRequest', body, { strict: true })).toEqual([]);
  });

  it('sends each user as an OptionalApiUser the spec accepts', async () => {
    server.use(onBulkUpdate(() => bulkOk()));
    await makeClient().bulkUpdate(profiles.map((p) => toIterableUser(p)));
    const body = JSON.parse((await onlyRequest()).body) as { users: unknown[] };
    for (const sent of body.users)
      expect(validateAgainstSpec('OptionalApiUser', sent, { strict: true })).toEqual([]);
  });

  it('sends 1,000 users in one request', async () => {
    server.use(onBulkUpdate(() => bulkOk({ successCount: 1000 })));
    const users = Array.from({ length: 1000 }, (_, i) => user(`u-${i}`));
    const result = await makeClient().bulkUpdate(users);
    expect(result.successCount).toBe(1000);
    expect((JSON.parse((await onlyRequest()).body) as { users: unknown[] }).users).toHaveLength(1000);
  });

  it('refuses 1,001 users with a RangeError before sending anything', async () => {
    server.use(onBulkUpdate(() => bulkOk()));
    const users = Array.from({ length: 1001 }, (_, i) => user(`u-${i}`));
    await expect(makeClient().bulkUpdate(users)).rejects.toThrow(RangeError);
    await expect(makeClient().bulkUpdate(users)).rejects.toThrow(/1000 users/);
    expect(await received()).toEqual([]);
  });

  describe('the 4,000,000-byte body limit', () => {
    const shell = JSON.stringify({
      users: [{ userId: 'u-1', mergeNestedObjects: true, dataFields: { pad: '' } }],
    });
    const padded = (length: number, char = 'x') => ({
      userId: 'u-1',
      mergeNestedObjects: true,
      dataFields: { pad: char.repeat(length) },
    });

    it('sends a body of exactly 4,000,000 bytes', async () => {
      server.use(onBulkUpdate(() => bulkOk()));
      await makeClient().bulkUpdate([padded(4_000_000 - shell.length)]);
      expect(Buffer.byteLength((await onlyRequest()).body)).toBe(4_000_000);
    });

    it('refuses a body one byte over with a RangeError, before sending', async () => {
      server.use(onBulkUpdate(() => bulkOk()));
      const error = await makeClient()
        .bulkUpdate([padded(4_000_001 - shell.length)])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/4000001 bytes/);
      expect(await received()).toEqual([]);
    });

    it('counts the createNewFields flag in the body', async () => {
      server.use(onBulkUpdate(() => bulkOk()));
      const users = [padded(4_000_000 - shell.length)];
      await expect(makeClient().bulkUpdate(users, { createNewFields: true })).rejects.toThrow(RangeError);
      expect(await received()).toEqual([]);
    });

    it('counts UTF-8 bytes, not characters', async () => {
      server.use(onBulkUpdate(() => bulkOk()));
      // 2,000,000 characters of two bytes each: half the limit in characters, over it in bytes.
      await expect(makeClient().bulkUpdate([padded(2_000_000, 'é')])).rejects.toThrow(RangeError);
      expect(await received()).toEqual([]);
    });
  });

  it('refuses users that are not an array with a TypeError, before sending', async () => {
    await expect(makeClient().bulkUpdate('u-1' as never)).rejects.toThrow(TypeError);
    expect(await received()).toEqual([]);
  });

  it('returns failedUpdates and keeps response keys it does not know', async () => {
    const answer = {
      successCount: 1,
      failCount: 2,
      createdFields: ['subsetsExperimentId'],
      filteredOutFields: [],
      failedUpdates: {
        invalidUserIds: ['bad id '],
        notFoundUserIds: ['ghost'],
        conflictEmails: [],
        someFutureList: ['x'],
      },
      invalidUserIds: ['bad id '],
      newTopLevelKey: { nested: true },
    };
    expect(validateAgainstSpec('UserBulkUpdateListResponse', answer)).toEqual([]);
    server.use(onBulkUpdate(() => HttpResponse.json(answer)));
    const result = await makeClient().bulkUpdate([user('u-1'), user('bad id '), user('ghost')]);
    expect(result).toEqual(answer);
    expect(result.failedUpdates?.invalidUserIds).toEqual(['bad id ']);
    expect((result as Record<string, unknown>).newTopLevelKey).toEqual({ nested: true });
    expect((result.failedUpdates as Record<string, unknown>).someFutureList).toEqual(['x']);
  });

  it('does not crash on a 200 that lacks the counts the spec requires', async () => {
    server.use(onBulkUpdate(() => HttpResponse.json({ createdFields: ['subsetsExperimentId'] })));
    const result = await makeClient().bulkUpdate([user('u-1')]);
    expect(result.successCount).toBeUndefined();
    expect(result.failCount).toBeUndefined();
    expect(result.createdFields).toEqual(['subsetsExperimentId']);
  });

  it('does not crash on an empty JSON object', async () => {
    server.use(onBulkUpdate(() => HttpResponse.json({})));
    await expect(makeClient().bulkUpdate([user('u-1')])).resolves.toEqual({});
  });
});

describe('updateUser', () => {
  it('sends POST /api/users/update with the user and the key, and resolves to undefined', async () => {
    server.use(
      http.post(`${US}/api/users/update`, () =>
        HttpResponse.json({ msg: '', code: 'Success', params: null }),
      ),
    );
    const sent = toIterableUser(profiles[1]!);
    await expect(makeClient().updateUser(sent)).resolves.toBeUndefined();
    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe(`${US}/api/users/update`);
    expect(request.headers.get('api-key')).toBe(API_KEY);
    expect(request.headers.get('content-type')).toMatch(/^application\/json/);
    const body: unknown = JSON.parse(request.body);
    expect(body).toEqual(sent);
    expect(validateAgainstSpec('ApiUserUpdateRequest', body, { strict: true })).toEqual([]);
  });

  it('adds createNewFields to the user object when asked, as the spec places it', async () => {
    server.use(http.post(`${US}/api/users/update`, () => HttpResponse.json({ msg: '', code: 'Success' })));
    const sent = toIterableUser(profiles[0]!, { createMissingUsers: true });
    await makeClient().updateUser(sent, { createNewFields: true });
    const body: unknown = JSON.parse((await onlyRequest()).body);
    expect(body).toEqual({ ...sent, createNewFields: true });
    expect(validateAgainstSpec('ApiUserUpdateRequest', body, { strict: true })).toEqual([]);
  });

  it('answers what the spec calls IterableApiResponse (the double is honest)', () => {
    expect(validateAgainstSpec('IterableApiResponse', { msg: '', code: 'Success', params: {} })).toEqual([]);
  });
});

describe('getUser', () => {
  const profile = {
    email: 'u-1@placeholder.email',
    userId: 'u-1',
    dataFields: { subsetsSubscriberChurnRisk: '0.27', signupDate: '2024-01-01' },
    profileUpdatedAt: '2026-11-29 01:40:43 +00:00',
  };

  it('sends GET /api/users/byUserId with the userId as a query parameter and returns the user', async () => {
    expect(validateAgainstSpec('UserResponse', { user: profile })).toEqual([]);
    server.use(http.get(`${US}/api/users/byUserId`, () => HttpResponse.json({ user: profile })));
    const found = await makeClient().getUser('u-1');
    expect(found).toEqual(profile);
    const request = await onlyRequest();
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/api/users/byUserId');
    expect(request.url.searchParams.get('userId')).toBe('u-1');
    expect(request.headers.get('api-key')).toBe(API_KEY);
  });

  it('carries a userId with reserved URL characters unchanged', async () => {
    const odd = 'a/b?c=d&e f#g%20+h';
    server.use(http.get(`${US}/api/users/byUserId`, () => HttpResponse.json({ user: { userId: odd } })));
    await makeClient().getUser(odd);
    const request = await onlyRequest();
    expect(request.url.pathname).toBe('/api/users/byUserId');
    expect(request.url.searchParams.get('userId')).toBe(odd);
  });

  it('returns undefined when Iterable answers 404', async () => {
    server.use(
      http.get(`${US}/api/users/byUserId`, () =>
        HttpResponse.json({ msg: 'User not found', code: 'NotFound' }, { status: 404 }),
      ),
    );
    await expect(makeClient().getUser('ghost')).resolves.toBeUndefined();
  });

  it('returns undefined when Iterable answers 200 with no user', async () => {
    server.use(http.get(`${US}/api/users/byUserId`, () => HttpResponse.json({})));
    await expect(makeClient().getUser('ghost')).resolves.toBeUndefined();
  });

  it('refuses an empty userId with a TypeError, before sending', async () => {
    await expect(makeClient().getUser('')).rejects.toThrow(TypeError);
    expect(await received()).toEqual([]);
  });
});
