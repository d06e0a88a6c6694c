import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeProfileError } from '../../src/profile/describe-error.js';
import { SubsetsProfile as PipelineChecker } from '../../src/profile/schema.js';
import { SubsetsProfile as PublicSchema } from '../../src/profile/subsets-profile.js';

const experiment = {
  experimentId: 'exp-42',
  experimentName: 'Winback offer',
  addedAt: '2026-11-29T01:40:43Z',
  assignment: 'treatment',
} as const;

// The public zod schema and the checker the sync uses (zod-free) answer every case alike.
const IMPLEMENTATIONS = [
  ['the public SubsetsProfile schema', PublicSchema],
  ['the pipeline checker', PipelineChecker],
] as const;

describe.each(IMPLEMENTATIONS)('%s', (_name, SubsetsProfile) => {
  /** The readable error for an input, or `undefined` when it is valid. */
  function problem(input: unknown): string | undefined {
    const result = SubsetsProfile.safeParse(input);
    return result.success ? undefined : describeProfileError(result.error);
  }

  function churn(churnRisk: unknown) {
    return SubsetsProfile.safeParse({ userId: 'u-1', churnRisk });
  }

  function added(addedAt: unknown) {
    return SubsetsProfile.safeParse({ userId: 'u-1', ...experiment, addedAt });
  }

  describe('userId', () => {
    it.each([
      ['one character', 'a'],
      ['52 characters', 'x'.repeat(52)],
      ['inner spaces', 'user 42'],
      ['every printable ASCII symbol', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
      ['an email-like id', 'someone@example.com'],
    ])('accepts %s', (_what, userId) => {
      const result = SubsetsProfile.safeParse({ userId, churnRisk: 0.5 });
      expect(result.success).toBe(true);
      expect(result.data?.userId).toBe(userId);
    });

    it('keeps the case: userIds are case-sensitive', () => {
      expect(SubsetsProfile.parse({ userId: 'UsEr-1', churnRisk: 0 }).userId).toBe('UsEr-1');
    });

    it.each([
      ['53 characters', 'x'.repeat(53), 'userId must be at most 52 characters (got 53)'],
      ['an empty string', '', 'userId must not be empty'],
      ['a leading space', ' u-1', 'userId must not start or end with a space'],
      ['a trailing space', 'u-1 ', 'userId must not start or end with a space'],
      ['only a space', ' ', 'userId must not start or end with a space'],
      ['a non-ASCII letter', 'usér-1', 'userId must contain only printable ASCII characters'],
      ['an emoji', 'u-🙂', 'userId must contain only printable ASCII characters'],
      ['a tab', 'u\t1', 'userId must contain only printable ASCII characters'],
      ['a line break', 'u-1\n', 'userId must contain only printable ASCII characters'],
      ['a NUL', 'u\u00001', 'userId must contain only printable ASCII characters'],
      ['DEL', 'u\u007f', 'userId must contain only printable ASCII characters'],
      ['a non-breaking space', 'u\u00a01', 'userId must contain only printable ASCII characters'],
    ])('rejects %s', (_what, userId, message) => {
      expect(problem({ userId, churnRisk: 0.5 })).toBe(message);
    });

    it.each([[undefined], [42], [null], [['u-1']]])('rejects a userId of %j, naming userId', (userId) => {
      expect(problem({ userId, churnRisk: 0.5 })).toBe('userId must be a string');
    });
  });

  describe('churnRisk', () => {
    it.each([
      [0, '0'],
      [1, '1'],
      [-0, '0'],
      [0.27, '0.27'],
      [0.5, '0.5'],
      [1e-7, '0.0000001'],
      [1.5e-10, '0.00000000015'],
      [Number.MIN_VALUE, `0.${'0'.repeat(323)}5`],
      [0.1 + 0.2, '0.30000000000000004'],
      ['0', '0'],
      ['1', '1'],
      ['-0', '0'],
      ['0.27', '0.27'],
      ['.5', '0.5'],
      ['+0.5', '0.5'],
      ['1.', '1'],
      ['1.000', '1'],
      ['2.7e-1', '0.27'],
      ['1e-7', '0.0000001'],
    ])('accepts %j and sends %j', (input, sent) => {
      const result = churn(input);
      expect(result.success).toBe(true);
      expect(result.data?.churnRisk).toBe(sent);
    });

    it.each([
      [1.0000001],
      [-0.0001],
      [2],
      [Number.NaN],
      [Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY],
      ['abc'],
      [''],
      [' 0.5'],
      ['0.5 '],
      ['0,5'],
      ['1.0000001'],
      ['-0.1'],
      ['0x1'],
      ['NaN'],
      ['Infinity'],
      ['50%'],
      [null],
      [true],
      [[0.5]],
      [{ value: 0.5 }],
    ])('rejects %j, naming churnRisk', (input) => {
      const result = churn(input);
      expect(result.success).toBe(false);
      expect(describeProfileError(result.error as z.core.$ZodError)).toBe(
        'churnRisk must be a number or numeric string from 0 to 1',
      );
    });

    it('never sends exponent notation', () => {
      for (const value of [1e-7, 5e-324, 1.23e-15, 9.99e-8]) {
        expect(churn(value).data?.churnRisk).toMatch(/^0\.\d+$/);
      }
    });
  });

  describe('addedAt', () => {
    it.each([
      ['a Date', new Date(Date.UTC(2026, 10, 29, 1, 40, 43)), '2026-11-29T01:40:43.000Z'],
      ['epoch milliseconds', Date.UTC(2026, 10, 29, 1, 40, 43, 120), '2026-11-29T01:40:43.120Z'],
      ['epoch 0', 0, '1970-01-01T00:00:00.000Z'],
      ['an ISO string in UTC', '2026-11-29T01:40:43Z', '2026-11-29T01:40:43.000Z'],
      ['an ISO string with milliseconds', '2026-11-29T01:40:43.5Z', '2026-11-29T01:40:43.500Z'],
      ['an ISO string with nanoseconds', '2026-11-29T01:40:43.123456789Z', '2026-11-29T01:40:43.123Z'],
      ['an ISO string with a +01:00 offset', '2026-11-29T02:40:43+01:00', '2026-11-29T01:40:43.000Z'],
      ['an ISO string with a -05:30 offset', '2026-11-28T20:10:43-05:30', '2026-11-29T01:40:43.000Z'],
      ['an offset without colon', '2026-11-29T02:40:43+0100', '2026-11-29T01:40:43.000Z'],
      ['an offset across the year', '2027-01-01T00:30:00+01:00', '2026-12-31T23:30:00.000Z'],
      ['no seconds', '2026-11-29T01:40Z', '2026-11-29T01:40:00.000Z'],
      ['lower-case t and z', '2026-11-29t01:40:43z', '2026-11-29T01:40:43.000Z'],
      ['a space for T', '2026-11-29 01:40:43Z', '2026-11-29T01:40:43.000Z'],
      ['29 February of a leap year', '2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
      ['the first instant of year 0', '0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
      ['a date before 1900', '1899-12-31T23:59:59Z', '1899-12-31T23:59:59.000Z'],
      ['the last instant of year 9999', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ])('accepts %s', (_what, input, sent) => {
      const result = added(input);
      expect(result.error?.issues).toBeUndefined();
      expect(result.data?.addedAt).toBe(sent);
    });

    it.each([
      ['no time zone', '2026-11-29T01:40:43'],
      ['a date alone', '2026-11-29'],
      ['30 February', '2026-02-30T00:00:00Z'],
      ['29 February of a common year', '2026-02-29T00:00:00Z'],
      ['31 April', '2026-04-31T00:00:00Z'],
      ['month 13', '2026-13-01T00:00:00Z'],
      ['month 0', '2026-00-10T00:00:00Z'],
      ['day 0', '2026-11-00T00:00:00Z'],
      ['hour 24', '2026-11-29T24:00:00Z'],
      ['minute 60', '2026-11-29T01:60:00Z'],
      ['second 60', '2026-11-29T01:40:60Z'],
      ['year 10000', '10000-01-01T00:00:00Z'],
      ['a two-digit year', '26-11-29T01:40:43Z'],
      ['an offset past 23:59', '2026-11-29T01:40:43+24:00'],
      ['an offset pushing past year 9999', '9999-12-31T23:30:00-01:00'],
      ['an offset pushing before year 0', '0000-01-01T00:30:00+01:00'],
      ['an HTTP date', 'Sun, 29 Nov 2026 01:40:43 GMT'],
      ['epoch milliseconds as a string', '1795916443000'],
      ['an empty string', ''],
      ['words', 'yesterday'],
    ])('rejects %s, asking for a zone', (_what, input) => {
      expect(problem({ userId: 'u-1', ...experiment, addedAt: input })).toBe(
        'addedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-29T01:40:43Z',
      );
    });

    it.each([
      ['epoch ms after year 9999', Date.UTC(10000, 0, 1)],
      ['epoch ms before year 0', new Date('0000-01-01T00:00:00Z').getTime() - 1],
      ['a Date after year 9999', new Date(Date.UTC(10000, 0, 1))],
    ])('rejects %s as out of range', (_what, input) => {
      expect(problem({ userId: 'u-1', ...experiment, addedAt: input })).toBe(
        'addedAt must be a valid date between the years 0 and 9999',
      );
    });

    it.each([
      ['an Invalid Date', new Date(Number.NaN)],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['null', null],
      ['a boolean', true],
      ['an object', { iso: '2026-11-29T01:40:43Z' }],
    ])('rejects %s, naming addedAt', (_what, input) => {
      expect(problem({ userId: 'u-1', ...experiment, addedAt: input })).toMatch(/^addedAt /);
    });
  });

  describe('the experiment group', () => {
    it('accepts all four experiment fields without churnRisk', () => {
      expect(SubsetsProfile.parse({ userId: 'u-1', ...experiment })).toEqual({
        userId: 'u-1',
        ...experiment,
        addedAt: '2026-11-29T01:40:43.000Z',
      });
    });

    it('accepts churnRisk alone (a churn-score refresh)', () => {
      expect(SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.27 })).toEqual({
        userId: 'u-1',
        churnRisk: '0.27',
      });
    });

    it('accepts both', () => {
      expect(SubsetsProfile.parse({ userId: 'u-1', ...experiment, churnRisk: '1' })).toMatchObject({
        assignment: 'treatment',
        churnRisk: '1',
      });
    });

    it.each([['control'], ['treatment']])('accepts assignment %s', (assignment) => {
      expect(SubsetsProfile.parse({ userId: 'u-1', ...experiment, assignment }).assignment).toBe(assignment);
    });

    it.each([['Treatment'], ['test'], [''], [1]])('rejects assignment %j', (assignment) => {
      expect(problem({ userId: 'u-1', ...experiment, assignment })).toBe(
        "assignment must be 'treatment' or 'control'",
      );
    });

    it.each([['experimentId'], ['experimentName']])('rejects an empty %s', (key) => {
      expect(problem({ userId: 'u-1', ...experiment, [key]: '' })).toBe(`${key} must not be empty`);
    });

    it.each([['experimentId'], ['experimentName']])('rejects a %s that is not a string', (key) => {
      expect(problem({ userId: 'u-1', ...experiment, [key]: 42 })).toBe(`${key} must be a string`);
    });

    it.each([
      [['experimentId'], ['experimentName', 'addedAt', 'assignment']],
      [['experimentId', 'experimentName', 'addedAt'], ['assignment']],
      [['assignment'], ['experimentId', 'experimentName', 'addedAt']],
      [
        ['experimentName', 'addedAt'],
        ['experimentId', 'assignment'],
      ],
    ] as const)('given only %j, names the missing %j', (given, missing) => {
      const input: Record<string, unknown> = { userId: 'u-1', churnRisk: 0.5 };
      for (const key of given) input[key] = experiment[key];
      const message = problem(input);
      expect(message).toBeDefined();
      expect(message).toContain(`${missing.join(', ')} missing`);
      expect(message).toContain(`given: ${given.join(', ')}`);
      expect(message?.startsWith(`${missing[0]}: `)).toBe(true);
    });

    it('treats a key set to undefined as absent', () => {
      expect(SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.5, experimentId: undefined })).toEqual({
        userId: 'u-1',
        churnRisk: '0.5',
      });
    });

    it('rejects a profile with neither the experiment nor churnRisk', () => {
      expect(problem({ userId: 'u-1' })).toBe(
        'a profile needs churnRisk, or all of experimentId, experimentName, addedAt and assignment',
      );
    });
  });

  describe('unknown keys and non-objects', () => {
    it('rejects unknown keys, naming each', () => {
      expect(problem({ userId: 'u-1', churnRisk: 0.5, churn_risk: 0.5, email: 'a@b.c' })).toBe(
        'unknown field(s): churn_risk, email',
      );
    });

    it('rejects a misspelt experiment key, naming it', () => {
      const { experimentName: _, ...rest } = experiment;
      const message = problem({ userId: 'u-1', ...rest, experimentname: 'x' });
      expect(message).toContain('unknown field(s): experimentname');
    });

    it.each([[null], [undefined], ['u-1'], [42], [[]], [true]])(
      'rejects %j: a profile must be an object',
      (input) => {
        expect(problem(input)).toBe('a profile must be an object');
      },
    );
  });

  describe('describeProfileError', () => {
    it('lists every problem, each naming its field', () => {
      const message = problem({
        userId: '',
        experimentId: 'exp-1',
        experimentName: 'n',
        addedAt: '2026-02-30T00:00:00Z',
        assignment: 'maybe',
        churnRisk: 7,
        extra: 1,
      });
      expect(message?.split('; ')).toEqual([
        'userId must not be empty',
        'addedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-29T01:40:43Z',
        "assignment must be 'treatment' or 'control'",
        'churnRisk must be a number or numeric string from 0 to 1',
        'unknown field(s): extra',
      ]);
    });

    it('prefixes the field when a message does not start with it', () => {
      const error = new z.ZodError([{ code: 'custom', message: 'is wrong', path: ['addedAt'], input: 1 }]);
      expect(describeProfileError(error)).toBe('addedAt: is wrong');
    });

    it("throws zod's $ZodError from parse, which describeProfileError reads", () => {
      let caught: unknown;
      try {
        SubsetsProfile.parse({ userId: 'u-1', churnRisk: 'high' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(z.core.$ZodError);
      expect(describeProfileError(caught as z.core.$ZodError)).toBe(
        'churnRisk must be a number or numeric string from 0 to 1',
      );
    });
  });
});

describe('the public SubsetsProfile as a zod schema', () => {
  it('has parse and safeParse as methods, and composes with zod (classic) schemas', () => {
    const many = z.array(PublicSchema);
    expect(many.parse([{ userId: 'u-1', churnRisk: 0.27 }])).toEqual([{ userId: 'u-1', churnRisk: '0.27' }]);
    const result = many.safeParse([{ userId: 'u-1', churnRisk: 2 }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, 'churnRisk']);
  });
});
