import { describe, expect, it } from 'vitest';
import { IterableApiError } from '../../src/errors/api-error.js';
import { FieldCapacityError } from '../../src/errors/field-capacity-error.js';
import { FieldTypeConflictError } from '../../src/errors/field-type-conflict-error.js';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { clientOf, fieldTypes, received, standIn, userIds, writesTo } from './stand-in.js';

const NAMES = SUBSETS_FIELDS.map((field) => field.name);

/** `count` unrelated fields, as a project that has been in use for a while holds them. */
function otherFields(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`customField${i}`, 'string']));
}

describe('ensureFields on a fresh project', () => {
  it('creates the five fields as string and reports them created', async () => {
    const iterable = await standIn();

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup' });

    expect(report).toEqual({
      ok: true,
      dryRun: false,
      wrote: true,
      fieldCount: 0,
      fieldLimit: 1000,
      hasRoom: true,
      fields: NAMES.map((name) => ({ name, status: 'created', expectedType: 'string', foundType: 'string' })),
    });
    expect(fieldTypes(iterable)).toEqual(Object.fromEntries(NAMES.map((name) => [name, 'string'])));
  });

  it('sends exactly one update, to the setup user only, with string placeholders and createNewFields', async () => {
    const iterable = await standIn();

    await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup' });

    const writes = writesTo(iterable);
    expect(writes).toHaveLength(1);
    const [write] = writes;
    expect(write?.path).toBe('/api/users/update');
    expect(write?.body).toMatchObject({
      userId: 'subsets-setup',
      mergeNestedObjects: true,
      createNewFields: true,
    });
    expect(write?.body).not.toHaveProperty('email');
    const dataFields = write?.body.dataFields as Record<string, unknown>;
    expect(Object.keys(dataFields).sort()).toEqual([...NAMES].sort());
    for (const value of Object.values(dataFields)) {
      expect(typeof value).toBe('string');
      expect(Number.isNaN(Number(value))).toBe(true); // not numeric-looking
      expect(Number.isNaN(Date.parse(value as string))).toBe(true); // not date-looking
    }
    expect(userIds(iterable)).toEqual(['subsets-setup']);
  });

  it('writes placeholders only for the fields that are missing', async () => {
    const iterable = await standIn({
      fields: { subsetsExperimentId: 'string', subsetsExperimentName: 'string', email: 'string' },
    });

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup' });

    expect(report.fieldCount).toBe(3);
    expect(report.fields.map((f) => [f.name, f.status])).toEqual([
      ['subsetsExperimentId', 'ready'],
      ['subsetsExperimentAddedAt', 'created'],
      ['subsetsExperimentName', 'ready'],
      ['subsetsSubscriberChurnRisk', 'created'],
      ['subsetsExperimentAssignment', 'created'],
    ]);
    const dataFields = writesTo(iterable)[0]?.body.dataFields as Record<string, unknown>;
    expect(Object.keys(dataFields).sort()).toEqual([
      'subsetsExperimentAddedAt',
      'subsetsExperimentAssignment',
      'subsetsSubscriberChurnRisk',
    ]);
  });
});

describe('ensureFields run again', () => {
  it('writes nothing the second time and reports every field ready', async () => {
    const iterable = await standIn();
    const client = clientOf(iterable);
    await client.ensureFields({ setupUserId: 'subsets-setup' });
    const before = iterable.requests.length;

    const report = await client.ensureFields({ setupUserId: 'subsets-setup' });

    expect(report.ok).toBe(true);
    expect(report.wrote).toBe(false);
    expect(report.fieldCount).toBe(5);
    expect(report.fields.every((f) => f.status === 'ready' && f.foundType === 'string')).toBe(true);
    expect(received(iterable).slice(before)).toEqual(['GET /api/users/getFields']);
    expect(writesTo(iterable)).toHaveLength(1);
  });
});

describe('ensureFields on a project holding a Subsets field with another type', () => {
  it('throws FieldTypeConflictError naming the field, both types and what to do, and writes nothing', async () => {
    const iterable = await standIn({ fields: { subsetsSubscriberChurnRisk: 'double' } });

    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'subsets-setup' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FieldTypeConflictError);
    const conflict = error as FieldTypeConflictError;
    expect(conflict.conflicts).toEqual([
      { field: 'subsetsSubscriberChurnRisk', foundType: 'double', expectedType: 'string' },
    ]);
    expect(conflict.message).toContain('subsetsSubscriberChurnRisk is double, expected string');
    expect(conflict.message).toMatch(/cannot change or delete/);
    expect(writesTo(iterable)).toEqual([]);
  });

  it('lists every conflicting field at once', async () => {
    const iterable = await standIn({
      fields: { subsetsSubscriberChurnRisk: 'double', subsetsExperimentAddedAt: 'date' },
    });

    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'subsets-setup' })
      .catch((e: unknown) => e);

    expect((error as FieldTypeConflictError).conflicts.map((c) => [c.field, c.foundType])).toEqual([
      ['subsetsExperimentAddedAt', 'date'],
      ['subsetsSubscriberChurnRisk', 'double'],
    ]);
    expect(writesTo(iterable)).toEqual([]);
  });
});

describe('ensureFields on a project near its field limit', () => {
  it('throws FieldCapacityError with the numbers and writes nothing', async () => {
    const iterable = await standIn({ fields: otherFields(997), fieldLimit: 1000 });

    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'subsets-setup' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FieldCapacityError);
    expect(error).toMatchObject({ existing: 997, missing: 5, limit: 1000 });
    expect((error as Error).message).toMatch(/holds 997 user fields and needs 5 more/);
    expect(writesTo(iterable)).toEqual([]);
  });

  it('creates the fields when they exactly fill the limit', async () => {
    const iterable = await standIn({ fields: otherFields(995), fieldLimit: 1000 });

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup' });

    expect(report).toMatchObject({ ok: true, fieldCount: 995, hasRoom: true, wrote: true });
  });

  it('counts only the missing fields against the limit', async () => {
    const iterable = await standIn({
      fields: { ...otherFields(8), subsetsExperimentId: 'string', subsetsExperimentName: 'string' },
    });

    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'subsets-setup', fieldLimit: 12 })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'FieldCapacityError', existing: 10, missing: 3, limit: 12 });
    expect(writesTo(iterable)).toEqual([]);
  });
});

describe('ensureFields with dryRun', () => {
  it('reports the missing fields and sends no write', async () => {
    const iterable = await standIn();

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup', dryRun: true });

    expect(report).toMatchObject({ ok: false, dryRun: true, wrote: false, fieldCount: 0, hasRoom: true });
    expect(report.fields.map((f) => [f.status, f.foundType])).toEqual(
      NAMES.map(() => ['missing', undefined]),
    );
    expect(received(iterable)).toEqual(['GET /api/users/getFields']);
    expect(fieldTypes(iterable)).toEqual({});
  });

  it('reports a type conflict instead of throwing', async () => {
    const iterable = await standIn({ fields: { subsetsSubscriberChurnRisk: 'double' } });

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup', dryRun: true });

    expect(report.ok).toBe(false);
    expect(report.fields.find((f) => f.name === 'subsetsSubscriberChurnRisk')).toEqual({
      name: 'subsetsSubscriberChurnRisk',
      status: 'conflict',
      expectedType: 'string',
      foundType: 'double',
    });
    expect(report.fields.filter((f) => f.status === 'missing')).toHaveLength(4);
    expect(writesTo(iterable)).toEqual([]);
  });

  it('reports a lack of room instead of throwing', async () => {
    const iterable = await standIn({ fields: otherFields(997), fieldLimit: 1000 });

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup', dryRun: true });

    expect(report).toMatchObject({
      ok: false,
      hasRoom: false,
      fieldCount: 997,
      fieldLimit: 1000,
      wrote: false,
    });
    expect(writesTo(iterable)).toEqual([]);
  });

  it('reports ok when every field is ready', async () => {
    const iterable = await standIn();
    await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup' });

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'subsets-setup', dryRun: true });

    expect(report).toMatchObject({ ok: true, dryRun: true, wrote: false });
  });
});

describe('ensureFields options', () => {
  it.each([
    ['', /setupUserId .*must not be empty/],
    ['x'.repeat(53), /setupUserId .*at most 52 characters/],
    ['usér', /setupUserId .*printable ASCII/],
    ['trailing ', /setupUserId .*start or end with a space/],
  ])(
    'rejects setupUserId %j with a TypeError naming it, before any request',
    async (setupUserId, message) => {
      const iterable = await standIn();

      await expect(clientOf(iterable).ensureFields({ setupUserId })).rejects.toThrow(TypeError);
      await expect(clientOf(iterable).ensureFields({ setupUserId })).rejects.toThrow(message);
      expect(iterable.requests).toEqual([]);
    },
  );

  it('rejects a fieldLimit that is not a whole number ≥ 1', async () => {
    const iterable = await standIn();

    await expect(clientOf(iterable).ensureFields({ setupUserId: 's', fieldLimit: 0 })).rejects.toThrow(
      /fieldLimit must be a whole number/,
    );
    await expect(clientOf(iterable).ensureFields({ setupUserId: 's', fieldLimit: 1.5 })).rejects.toThrow(
      TypeError,
    );
  });

  it('rejects a negative timeoutMs and a zero pollIntervalMs', async () => {
    const iterable = await standIn();

    await expect(clientOf(iterable).ensureFields({ setupUserId: 's', timeoutMs: -1 })).rejects.toThrow(
      /timeoutMs must be a number of milliseconds/,
    );
    await expect(clientOf(iterable).ensureFields({ setupUserId: 's', pollIntervalMs: 0 })).rejects.toThrow(
      /pollIntervalMs must be a number of milliseconds > 0/,
    );
  });

  it('lets a rejected key through as IterableApiError 401', async () => {
    const iterable = await standIn();

    const error = await clientOf(iterable, { apiKey: 'not-the-key' })
      .ensureFields({ setupUserId: 'subsets-setup' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IterableApiError);
    expect((error as IterableApiError).status).toBe(401);
  });
});
