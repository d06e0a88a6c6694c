import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../support/spec.js';
import { bulkUpdate, call, failedUpdates, startFake } from './support.js';

describe('userId rules', () => {
  it('fails invalid userIds into failedUpdates.invalidUserIds and the deprecated invalidUserIds', async () => {
    const iterable = await startFake();
    const invalid = ['', 'x'.repeat(53), 'café', 'bell\u0007', ' leading', 'trailing '];
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'x'.repeat(52), dataFields: { a: 'ok' } },
        ...invalid.map((userId) => ({ userId, dataFields: { b: 'never' } })),
      ],
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      successCount: 1,
      failCount: invalid.length,
      createdFields: ['a'],
      filteredOutFields: [],
      failedUpdates: failedUpdates({ invalidUserIds: invalid }),
      invalidEmails: [],
      invalidUserIds: invalid,
    });
    expect(validateAgainstSpec('UserBulkUpdateListResponse', answer.json, { strict: true })).toEqual([]);
    expect([...iterable.users.keys()]).toEqual(['x'.repeat(52)]);
    expect(iterable.fields.has('b')).toBe(false);
  });

  it('fails forgotten users into forgottenUserIds / forgottenEmails without touching them', async () => {
    const iterable = await startFake({
      projectType: 'hybrid',
      forgottenUserIds: ['gone'],
      forgottenEmails: ['gone@example.com'],
    });
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'gone', dataFields: { a: 'x' } },
        { email: 'gone@example.com', dataFields: { a: 'x' } },
        { userId: 'here', dataFields: { a: 'x' } },
      ],
    });

    expect(answer.json).toMatchObject({
      successCount: 1,
      failCount: 2,
      failedUpdates: failedUpdates({ forgottenUserIds: ['gone'], forgottenEmails: ['gone@example.com'] }),
      invalidUserIds: ['gone'],
      invalidEmails: ['gone@example.com'],
    });
    expect([...iterable.users.keys()]).toEqual(['here']);
  });

  it('fails malformed emails into invalidEmails', async () => {
    const iterable = await startFake({ projectType: 'email' });
    const bad = ['plain', 'a@b', 'two@@example.com', 'sp ace@example.com', ''];
    const answer = await bulkUpdate(iterable, {
      users: [{ email: 'ok@example.com' }, ...bad.map((email) => ({ email }))],
    });
    expect(answer.json).toMatchObject({
      successCount: 1,
      failCount: bad.length,
      failedUpdates: failedUpdates({ invalidEmails: bad }),
      invalidEmails: bad,
    });
    expect([...iterable.usersByEmail.keys()]).toEqual(['ok@example.com']);
  });
});

describe('project types', () => {
  it('userId-based (default): an unknown userId creates the user, without an email', async () => {
    const iterable = await startFake();
    await bulkUpdate(iterable, { users: [{ userId: 'new', dataFields: { a: 'x' } }] });
    expect(iterable.users.get('new')).toEqual({ userId: 'new', dataFields: { a: 'x' } });
  });

  it('userId-based: an unknown email fails into notFoundEmails; a known one updates its user', async () => {
    const iterable = await startFake({ users: [{ userId: 'u-1', email: 'known@example.com' }] });
    const answer = await bulkUpdate(iterable, {
      users: [
        { email: 'known@example.com', dataFields: { a: 'x' } },
        { email: 'stranger@example.com', dataFields: { a: 'y' } },
      ],
    });
    expect(answer.json).toMatchObject({
      successCount: 1,
      failedUpdates: failedUpdates({ notFoundEmails: ['stranger@example.com'] }),
    });
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ a: 'x' });
  });

  it('email-based: an unknown userId fails into notFoundUserIds unless preferUserId: true', async () => {
    const iterable = await startFake({
      projectType: 'email',
      users: [{ userId: 'known', email: 'k@example.com' }],
    });
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'unknown', dataFields: { a: '1' } },
        { userId: 'created', preferUserId: true, dataFields: { a: '2' } },
        { userId: 'known', dataFields: { a: '3' } },
        { email: 'fresh@example.com', dataFields: { a: '4' } },
      ],
    });

    expect(answer.json).toMatchObject({
      successCount: 3,
      failCount: 1,
      failedUpdates: failedUpdates({ notFoundUserIds: ['unknown'] }),
      invalidUserIds: ['unknown'],
    });
    expect(iterable.users.has('unknown')).toBe(false);
    const created = iterable.users.get('created');
    expect(created?.email).toMatch(/^[0-9a-f]+@placeholder\.email$/);
    expect(created?.dataFields).toEqual({ a: '2' });
    expect(iterable.usersByEmail.get(created?.email ?? '')).toBe(created);
    expect(iterable.users.get('known')).toEqual({
      userId: 'known',
      email: 'k@example.com',
      dataFields: { a: '3' },
    });
    expect(iterable.usersByEmail.get('fresh@example.com')).toEqual({
      email: 'fresh@example.com',
      dataFields: { a: '4' },
    });

    const readBack = await call(iterable, 'GET', '/api/users/byUserId/created');
    expect(validateAgainstSpec('UserResponse', readBack.json, { strict: true })).toEqual([]);
  });

  it('hybrid: either identifier creates the user; a userId gets a placeholder email', async () => {
    const iterable = await startFake({ projectType: 'hybrid' });
    await bulkUpdate(iterable, { users: [{ userId: 'u-1' }, { email: 'e@example.com' }] });
    expect(iterable.users.get('u-1')?.email).toMatch(/@placeholder\.email$/);
    expect(iterable.usersByEmail.has('e@example.com')).toBe(true);
  });
});

describe('stored profiles', () => {
  it('overwrites top-level keys and keeps the keys a write leaves out', async () => {
    const iterable = await startFake({
      users: [{ userId: 'u-1', dataFields: { keep: 'me', plan: 'free', settings: { mobile: true } } }],
    });
    await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { plan: 'pro', settings: { email: true } } }],
    });
    expect(iterable.users.get('u-1')?.dataFields).toEqual({
      keep: 'me',
      plan: 'pro',
      settings: { email: true },
    });
  });

  it('with mergeNestedObjects: true, merges top-level objects one level deep', async () => {
    const iterable = await startFake({
      users: [{ userId: 'u-1', dataFields: { mySettings: { mobile: true, deep: { a: 1 } }, top: 'x' } }],
    });
    await bulkUpdate(iterable, {
      users: [
        {
          userId: 'u-1',
          mergeNestedObjects: true,
          dataFields: { mySettings: { email: true, deep: { b: 2 } } },
        },
      ],
    });
    expect(iterable.users.get('u-1')?.dataFields).toStrictEqual({
      mySettings: { mobile: true, email: true, deep: { b: 2 } },
      top: 'x',
    });
  });

  it('applies users in request order: a user given twice ends with the later data', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'u-1', dataFields: { a: 'first', b: 'kept' } },
        { userId: 'u-1', dataFields: { a: 'second' } },
      ],
    });
    expect(answer.json).toMatchObject({ successCount: 2 });
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ a: 'second', b: 'kept' });
  });

  it('stores __proto__ and constructor keys as plain data, never touching a prototype', async () => {
    const iterable = await startFake({ users: [{ userId: 'u-1', dataFields: {} }] });
    const rawBody =
      '{"users":[{"userId":"u-1","mergeNestedObjects":true,"dataFields":' +
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":"x"}}]}';
    const first = await bulkUpdate(iterable, undefined, { rawBody });
    const second = await bulkUpdate(iterable, undefined, { rawBody });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    const data = iterable.users.get('u-1')?.dataFields as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(data, 'constructor')?.value).toEqual({
      prototype: { polluted: true },
    });
    expect([...iterable.fields.keys()]).toEqual([
      '__proto__',
      '__proto__.polluted',
      'constructor',
      'constructor.prototype',
      'constructor.prototype.polluted',
      'toString',
    ]);
    const fields = await call(iterable, 'GET', '/api/users/getFields');
    expect(fields.text).toContain('"__proto__":"object"');
  });
});
