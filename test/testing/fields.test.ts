import { describe, expect, it } from 'vitest';
import { isIterableDate } from '../../src/testing/field-types.js';
import { startFakeIterable } from '../../src/testing/index.js';
import { validateAgainstSpec } from '../support/spec.js';
import { bulkUpdate, failedUpdates, fieldsOf, getFields, startFake } from './support.js';

const SUBSETS_STRINGS = {
  subsetsExperimentId: 'exp-7',
  subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
  subsetsExperimentName: 'Winter retention',
  subsetsSubscriberChurnRisk: '0.27',
  subsetsExperimentAssignment: 'treatment',
};

function otherFields(count: number): Record<string, 'string'> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`other${index}`, 'string' as const]),
  );
}

describe('field creation and typing', () => {
  it('creates each field from its first value, nested paths flattened with dots, in order', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, {
      users: [
        {
          userId: 'u-1',
          dataFields: {
            plan: 'pro',
            seats: 3,
            score: 0.5,
            active: true,
            signedUpAt: '2026-11-29T01:40:43.000Z',
            renewsAt: '2027-01-02 03:04:05 +01:00',
            settings: { mobile: { push: false }, locale: 'en' },
            tags: ['a', 'b'],
            orders: [{ sku: 'x', qty: 2 }],
          },
        },
        { userId: 'u-2', dataFields: { later: 1, plan: 'basic' } },
      ],
    });

    expect(answer.status).toBe(200);
    const created = [
      'plan',
      'seats',
      'score',
      'active',
      'signedUpAt',
      'renewsAt',
      'settings',
      'settings.mobile',
      'settings.mobile.push',
      'settings.locale',
      'tags',
      'orders',
      'orders.sku',
      'orders.qty',
      'later',
    ];
    expect(answer.json).toEqual({
      successCount: 2,
      failCount: 0,
      createdFields: created,
      filteredOutFields: [],
      failedUpdates: failedUpdates(),
      invalidEmails: [],
      invalidUserIds: [],
    });
    expect(validateAgainstSpec('UserBulkUpdateListResponse', answer.json, { strict: true })).toEqual([]);

    const fields = await getFields(iterable);
    expect(fields.json).toEqual({
      fields: {
        plan: 'string',
        seats: 'long',
        score: 'double',
        active: 'boolean',
        signedUpAt: 'date',
        renewsAt: 'date',
        settings: 'object',
        'settings.mobile': 'object',
        'settings.mobile.push': 'boolean',
        'settings.locale': 'string',
        tags: 'string',
        orders: 'nested',
        'orders.sku': 'string',
        'orders.qty': 'long',
        later: 'long',
      },
    });
    expect(Object.keys((fields.json as { fields: object }).fields)).toEqual(created);
    expect(iterable.users.get('u-1')?.dataFields).toMatchObject({
      settings: { mobile: { push: false }, locale: 'en' },
    });
  });

  it('types a date-looking string as date only when it creates the field', async () => {
    const iterable = await startFake({ fields: { subsetsExperimentAddedAt: 'string' } });
    const answer = await bulkUpdate(iterable, {
      users: [
        {
          userId: 'u-1',
          dataFields: { subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z', other: '2026-11-29' },
        },
      ],
    });

    expect(answer.status).toBe(200);
    expect(fieldsOf(iterable)).toEqual({ subsetsExperimentAddedAt: 'string', other: 'date' });
  });

  it('creates the five Subsets fields as strings once they exist as strings, and keeps them so', async () => {
    const iterable = await startFake({
      fields: Object.fromEntries(Object.keys(SUBSETS_STRINGS).map((name) => [name, 'string'])),
    });
    const answer = await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', mergeNestedObjects: true, dataFields: SUBSETS_STRINGS }],
    });

    expect(answer.json).toMatchObject({ successCount: 1, createdFields: [] });
    expect(new Set(iterable.fields.values())).toEqual(new Set(['string']));
    expect(iterable.users.get('u-1')?.dataFields).toEqual(SUBSETS_STRINGS);
  });

  it('accepts a date string on a date field, whole numbers on a double field, and null on any field', async () => {
    const iterable = await startFake({ fields: { when: 'date', ratio: 'double', name: 'string' } });
    const answer = await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { when: '2026-01-31 00:00:00 +00:00', ratio: 2, name: null } }],
    });

    expect(answer.status).toBe(200);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({
      when: '2026-01-31 00:00:00 +00:00',
      ratio: 2,
      name: null,
    });
  });

  it('neither creates nor stores an unknown field written with null or an empty array', async () => {
    const iterable = await startFake();
    await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { nothing: null, none: [], some: 'x' } }],
    });
    expect(fieldsOf(iterable)).toEqual({ some: 'string' });
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ some: 'x' });
  });
});

describe('type conflicts', () => {
  it('fails the whole request with 400 RequestFieldsTypesMismatched, storing nothing', async () => {
    const iterable = await startFake({
      projectName: 'acme-prod',
      fields: { subsetsSubscriberChurnRisk: 'double', plan: 'string' },
      users: [{ userId: 'u-0', dataFields: { plan: 'free' } }],
    });
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'u-0', dataFields: { plan: 'pro', brandNew: 'x' } },
        { userId: 'u-1', dataFields: { subsetsSubscriberChurnRisk: '0.27' } },
        { userId: 'u-2', dataFields: { subsetsSubscriberChurnRisk: '0.5' } },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      msg: expect.stringContaining("Field 'subsetsSubscriberChurnRisk' already exists"),
      code: 'RequestFieldsTypesMismatched',
      params: {
        validationErrors: {
          'acme-prod:::subsetsSubscriberChurnRisk': {
            incomingTypes: ['string', 'keyword'],
            expectedType: 'double',
            category: 'user',
            offendingValue: '0.27',
            _type: 'UnexpectedType',
          },
        },
      },
    });
    expect(validateAgainstSpec('IterableApiResponse', answer.json, { strict: true })).toEqual([]);
    expect([...iterable.users.keys()]).toEqual(['u-0']);
    expect(iterable.users.get('u-0')?.dataFields).toEqual({ plan: 'free' });
    expect(fieldsOf(iterable)).toEqual({ subsetsSubscriberChurnRisk: 'double', plan: 'string' });
  });

  it('lists every mismatched field, and refuses strings on long, double and boolean fields', async () => {
    const iterable = await startFake({
      fields: { a: 'long', b: 'double', c: 'boolean', d: 'date', e: 'object' },
    });
    const answer = await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { a: '1', b: '0.5', c: 'true', d: 'soon', e: 'flat' } }],
    });
    const errors = (answer.json as { params: { validationErrors: Record<string, { expectedType: string }> } })
      .params.validationErrors;
    expect(Object.keys(errors)).toEqual(['a', 'b', 'c', 'd', 'e'].map((field) => `subsets-fake:::${field}`));
    expect(Object.values(errors).map((error) => error.expectedType)).toEqual([
      'long',
      'double',
      'boolean',
      'date',
      'object',
    ]);
  });

  it('refuses a non-integer on a long field and an object on a string field', async () => {
    const iterable = await startFake({ fields: { count: 'long', name: 'string' } });
    const answer = await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { count: 1.5, name: { first: 'A' } } }],
    });
    expect(answer.json).toMatchObject({
      params: {
        validationErrors: {
          'subsets-fake:::count': { incomingTypes: ['double'], expectedType: 'long', offendingValue: '1.5' },
          'subsets-fake:::name': { incomingTypes: ['object'], expectedType: 'string' },
        },
      },
    });
  });

  it('conflicts with a field the same request creates', async () => {
    const iterable = await startFake();
    const answer = await bulkUpdate(iterable, {
      users: [
        { userId: 'u-1', dataFields: { score: 'high' } },
        { userId: 'u-2', dataFields: { score: 3 } },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      params: {
        validationErrors: { 'subsets-fake:::score': { expectedType: 'string', incomingTypes: ['long'] } },
      },
    });
    expect(iterable.fields.size).toBe(0);
  });
});

describe('createNewFields', () => {
  it('false drops unknown fields into filteredOutFields: not stored, not created', async () => {
    const iterable = await startFake({
      fields: { plan: 'string', settings: 'object', 'settings.email': 'boolean' },
    });
    const answer = await bulkUpdate(iterable, {
      createNewFields: false,
      users: [
        { userId: 'u-1', dataFields: { plan: 'pro', unknownA: 'x', settings: { email: true, sms: false } } },
        { userId: 'u-2', dataFields: { unknownA: 'y', unknownB: 1 } },
      ],
    });

    expect(answer.json).toMatchObject({
      successCount: 2,
      createdFields: [],
      filteredOutFields: ['unknownA', 'settings.sms', 'unknownB'],
    });
    expect(validateAgainstSpec('UserBulkUpdateListResponse', answer.json, { strict: true })).toEqual([]);
    expect(iterable.users.get('u-1')?.dataFields).toEqual({ plan: 'pro', settings: { email: true } });
    expect(iterable.users.get('u-2')?.dataFields).toEqual({});
    expect(fieldsOf(iterable)).toEqual({ plan: 'string', settings: 'object', 'settings.email': 'boolean' });
  });

  it('absent follows the project setting (createNewFieldsByDefault); true overrides it', async () => {
    const iterable = await startFake({ createNewFieldsByDefault: false });

    const absent = await bulkUpdate(iterable, { users: [{ userId: 'u-1', dataFields: { a: 'x' } }] });
    expect(absent.json).toMatchObject({ createdFields: [], filteredOutFields: ['a'] });

    const explicit = await bulkUpdate(iterable, {
      createNewFields: true,
      users: [{ userId: 'u-1', dataFields: { a: 'x' } }],
    });
    expect(explicit.json).toMatchObject({ createdFields: ['a'], filteredOutFields: [] });
    expect(fieldsOf(iterable)).toEqual({ a: 'string' });
  });
});

describe('the field limit', () => {
  it('answers 400 UniqueFieldsLimitExceeded when a request would pass it, storing nothing', async () => {
    const iterable = await startFake({ fields: otherFields(997), fieldLimit: 1000 });
    const tooMany = await bulkUpdate(iterable, {
      users: [
        { userId: 'u-1', dataFields: { other0: 'x', n1: 'a', n2: 'b' } },
        { userId: 'u-2', dataFields: { n3: 'c', n4: 'd' } },
      ],
    });

    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({ code: 'UniqueFieldsLimitExceeded' });
    expect(iterable.fields.size).toBe(997);
    expect(iterable.users.size).toBe(0);

    const fits = await bulkUpdate(iterable, {
      users: [{ userId: 'u-1', dataFields: { n1: 'a', n2: 'b', n3: 'c' } }],
    });
    expect(fits.status).toBe(200);
    expect(iterable.fields.size).toBe(1000);
  });

  it('counts nested fields, and lets writes to existing fields through at the limit', async () => {
    const iterable = await startFake({ fields: otherFields(2), fieldLimit: 3 });
    const nested = await bulkUpdate(iterable, { users: [{ userId: 'u-1', dataFields: { obj: { a: 1 } } }] });
    expect(nested.json).toMatchObject({ code: 'UniqueFieldsLimitExceeded' });

    await bulkUpdate(iterable, { users: [{ userId: 'u-1', dataFields: { third: 'x' } }] });
    const existing = await bulkUpdate(iterable, {
      users: [{ userId: 'u-2', dataFields: { other0: 'y', third: 'z' } }],
    });
    expect(existing.status).toBe(200);
  });
});

describe('seeded state', () => {
  it('creates fields from seeded users, after the seeded fields', async () => {
    const iterable = await startFake({
      fields: { first: 'double' },
      users: [{ userId: 'u-1', dataFields: { first: 1.5, plan: 'pro', nested: { x: true } } }],
    });
    expect(fieldsOf(iterable)).toEqual({
      first: 'double',
      plan: 'string',
      nested: 'object',
      'nested.x': 'boolean',
    });
  });

  it('refuses seeded users that do not fit the seeded fields, and unknown field types', async () => {
    await expect(
      startFakeIterable({
        fields: { first: 'double' },
        users: [{ userId: 'u-1', dataFields: { first: 'x' } }],
      }),
    ).rejects.toThrow(TypeError);
    await expect(startFakeIterable({ fields: { first: 'text' } })).rejects.toThrow(/fields\.first/);
  });
});

describe('isIterableDate', () => {
  it.each([
    '2026-11-29T01:40:43.000Z',
    '2026-11-29T01:40:43Z',
    '2026-11-29T01:40Z',
    '2026-11-29T01:40:43+01:00',
    '2026-11-29T01:40:43.123456-0800',
    '2026-11-29 01:40:43 +00:00',
    '2026-11-29 01:40:43 -0800',
    '2026-11-29 01:40:43 UTC',
    '2026-11-29 01:40:43',
    '2026-11-29',
    '2024-02-29',
  ])('reads %s as a date', (value) => {
    expect(isIterableDate(value)).toBe(true);
  });

  it.each([
    '2026-11-29T01:40:43',
    '2026-11-29 01:40:43.000',
    '2026-13-01',
    '2025-02-29',
    '2026-11-29T24:00:00Z',
    '29/11/2026',
    '1732844443000',
    'treatment',
    '0.27',
    '',
  ])('does not read %s as a date', (value) => {
    expect(isIterableDate(value)).toBe(false);
  });
});
