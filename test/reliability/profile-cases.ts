import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Profiles for the property tests, each generated together with what must become of it: a valid
 * profile with the exact fields Iterable must hold afterwards, or an invalid one with the field its
 * failure message must name. The expectations follow the documented rules of `SubsetsProfile`, not
 * the code: dates become ISO-8601 UTC, churn risks plain decimals that read back as the same number.
 *
 * Three modes: `js` (any JavaScript value, as given to `syncProfiles`), `json` (what an NDJSON line
 * can hold) and `csv` (strings only; an empty cell means the column is absent).
 */
export type Mode = 'js' | 'json' | 'csv';

/** What must become of one profile. */
export type Expectation =
  | {
      readonly kind: 'valid';
      readonly userId: string;
      /** The Subsets fields Iterable must hold, except the churn risk. */
      readonly fields: Readonly<Record<string, string>>;
      /** The churn risk, when sent: stored as a plain decimal reading back as this number. */
      readonly churnRisk: number | undefined;
    }
  | {
      readonly kind: 'invalid';
      /** A field the failure's message must name; `undefined` when the profile is not an object. */
      readonly field: string | undefined;
    };

/** One generated profile and its expectation. */
export interface Case {
  readonly value: unknown;
  readonly expect: Expectation;
  /** The JSON text `value` was parsed from, when it was (deep values are built as text). */
  readonly json?: string;
}

/** A case waiting for its (unique) userId. */
export type Template = (userId: string) => Case;

/** Makes fast-check print a template as the case it makes, so that a counterexample can be read. */
function printable(template: Template): Template {
  return Object.assign(template, {
    [fc.toStringMethod]: () => {
      const { value, expect, json } = template('<userId>');
      const shown = json === undefined ? fc.stringify(value) : `${json.slice(0, 200)}…`;
      return `${shown} → ${fc.stringify(expect)}`;
    },
  });
}

/** The keys of a `SubsetsProfile`. */
export const PROFILE_KEYS = [
  'userId',
  'experimentId',
  'experimentName',
  'addedAt',
  'assignment',
  'churnRisk',
];
const GROUP = ['experimentId', 'experimentName', 'addedAt', 'assignment'] as const;

const utc = (year: number, month = 0, day = 1) => new Date(0).setUTCFullYear(year, month, day);
/** The first and last instant `addedAt` accepts: years 0 to 9999. */
export const MIN_TIME = utc(0);
export const MAX_TIME = utc(10_000) - 1;

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** A userId suffix Iterable accepts: printable ASCII without spaces at either end. */
export const userIdSuffix = fc.stringMatching(/^[\x21-\x7e](?:[\x20-\x7e]{0,30}[\x21-\x7e])?$/);

// ——— valid values, with what must be stored ———

interface Churn {
  readonly value: unknown;
  readonly number: number;
}

const probability = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0, -0, 1, Number.MIN_VALUE, Number.EPSILON, 1 - Number.EPSILON / 2, 1e-7, 0.1, 0.3),
  fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
);

/** A churn risk written as a string in one of the ways people write numbers. */
const churnText = fc
  .tuple(probability, fc.constantFrom('plain', 'exponent', 'fixed', 'plus', 'bare-point'))
  .map(([x, style]) => {
    const plain = String(Object.is(x, -0) ? 0 : x);
    switch (style) {
      case 'exponent':
        return x.toExponential();
      case 'fixed':
        return x.toFixed(12);
      case 'plus':
        return `+${plain}`;
      case 'bare-point':
        return plain.startsWith('0.') ? plain.slice(1) : plain;
      default:
        return plain;
    }
  });

function churn(mode: Mode): fc.Arbitrary<Churn> {
  const text = churnText.map((value) => ({ value, number: Number(value) }));
  if (mode === 'csv') return text;
  return fc.oneof(
    probability.map((x) => ({ value: x, number: x })),
    text,
  );
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');
/** The remainder of `value / step`, always ≥ 0. */
const mod = (value: number, step: number) => ((value % step) + step) % step;

/**
 * An ISO-8601 date-time with a zone, from its local fields: any separator, zone and precision the
 * documented format allows. The instant may fall outside years 0–9999 (then `addedAt` is invalid).
 */
const zonedIso = fc
  .record({
    local: fc.integer({ min: MIN_TIME, max: MAX_TIME }),
    offsetMinutes: fc.integer({ min: -14 * 60, max: 14 * 60 }),
    separator: fc.constantFrom('T', 't', ' '),
    precision: fc.constantFrom('minutes', 'seconds', 'ms', 'tenths'),
    // An offset of hours alone (`+05`) is left out: see the known-bug test in bad-input.test.ts.
    zone: fc.constantFrom('Z', 'z', 'colon', 'compact'),
  })
  .map(({ local, offsetMinutes, separator, precision, zone }) => {
    const at = new Date(local);
    const offset = zone === 'Z' || zone === 'z' ? 0 : offsetMinutes;
    let text =
      `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}${separator}` +
      `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
    let ms = local - mod(local, 60_000);
    if (precision !== 'minutes') {
      text += `:${pad(at.getUTCSeconds())}`;
      ms = local - mod(local, 1000);
    }
    if (precision === 'ms') {
      text += `.${pad(at.getUTCMilliseconds(), 3)}`;
      ms = local;
    } else if (precision === 'tenths') {
      text += `.${Math.floor(at.getUTCMilliseconds() / 100)}`;
      ms = local - mod(local, 100);
    }
    const sign = offset < 0 ? '-' : '+';
    const hh = pad(Math.trunc(offset / 60));
    const mm = pad(offset % 60);
    if (zone === 'Z' || zone === 'z') text += zone;
    else if (zone === 'colon') text += `${sign}${hh}:${mm}`;
    else text += `${sign}${hh}${mm}`;
    return { text, instant: ms - offset * 60_000 };
  });

interface AddedAt {
  readonly value: unknown;
  /** What must be stored, or `undefined` when the value is out of range. */
  readonly iso: string | undefined;
}

const inRange = (time: number) => time >= MIN_TIME && time <= MAX_TIME;

function addedAt(mode: Mode): fc.Arbitrary<AddedAt> {
  const iso = zonedIso.map(({ text, instant }) => ({
    value: text,
    iso: inRange(instant) ? new Date(instant).toISOString() : undefined,
  }));
  const epoch = fc
    .oneof(
      fc.integer({ min: MIN_TIME, max: MAX_TIME }),
      fc.constantFrom(MIN_TIME, MAX_TIME, 0, -1),
      fc.double({ min: MIN_TIME, max: MAX_TIME, noNaN: true }),
    )
    .map((time) => ({ value: time, iso: new Date(time).toISOString() }));
  if (mode === 'csv') return iso;
  if (mode === 'json') return fc.oneof(iso, epoch);
  const date = fc
    .date({ min: new Date(MIN_TIME), max: new Date(MAX_TIME), noInvalidDate: true })
    .map((value) => ({ value, iso: value.toISOString() }));
  return fc.oneof(iso, epoch, date);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Any non-empty text: every plane of Unicode, control characters and (except in a CSV file, which is
 * UTF-8 and cannot hold them) lone surrogates; now and then a long one.
 */
function text(mode: Mode): fc.Arbitrary<string> {
  const any = fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), weight: 6 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), weight: 3 },
    {
      arbitrary: fc.constantFrom(
        'é',
        '\u0000',
        'a\u0007b',
        '\u202e',
        '\ud800',
        'x\r\ny',
        '"quoted", with, commas',
        '  ',
      ),
      weight: 3,
    },
    { arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'Ω'.repeat(n)), weight: 1 },
  );
  return mode === 'csv' ? any.filter((value) => !LONE_SURROGATE.test(value)) : any;
}

/** A valid profile, as a template taking its userId. */
export function validTemplate(mode: Mode): fc.Arbitrary<Template> {
  const group = fc.record({
    experimentId: text(mode),
    experimentName: text(mode),
    addedAt: addedAt(mode).filter((value) => value.iso !== undefined),
    assignment: fc.constantFrom('treatment', 'control'),
  });
  return fc
    .record({
      group: fc.option(group, { nil: undefined }),
      churn: fc.option(churn(mode), { nil: undefined }),
      nullPrototype: mode === 'js' ? fc.boolean() : fc.constant(false),
    })
    .filter(({ group, churn }) => group !== undefined || churn !== undefined)
    .map(({ group, churn, nullPrototype }) => (userId: string): Case => {
      const value: Record<string, unknown> = nullPrototype ? Object.create(null) : {};
      value.userId = userId;
      const fields: Record<string, string> = {};
      if (group) {
        Object.assign(value, { ...group, addedAt: group.addedAt.value });
        fields.subsetsExperimentId = group.experimentId;
        fields.subsetsExperimentName = group.experimentName;
        fields.subsetsExperimentAddedAt = group.addedAt.iso as string;
        fields.subsetsExperimentAssignment = group.assignment;
      }
      if (churn) value.churnRisk = churn.value;
      return { value, expect: { kind: 'valid', userId, fields, churnRisk: churn?.number } };
    })
    .map(printable);
}

// ——— invalid profiles, with the field their message must name ———

/** Values that are neither strings nor numbers. */
function otherTypes(mode: Mode): fc.Arbitrary<unknown> {
  const json = fc.oneof(
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );
  if (mode !== 'js') return json;
  return fc.oneof(
    json,
    fc.constantFrom(10n, Symbol('s'), () => 'x', new Map(), new Set(), new Uint8Array(2)),
  );
}

/** Values that are not strings. */
function nonStrings(mode: Mode): fc.Arbitrary<unknown> {
  const numbers = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: mode !== 'js', noDefaultInfinity: mode !== 'js' }),
  );
  return fc.oneof(otherTypes(mode), numbers);
}

/** Values of one field that break its rule. */
function badValues(field: string, mode: Mode): fc.Arbitrary<unknown> {
  // In CSV a wrong type cannot be written: an absent value (an empty cell) stands for it.
  const wrongType = mode === 'csv' ? fc.constant(undefined) : nonStrings(mode);
  const notNumeric = mode === 'csv' ? fc.constant(undefined) : otherTypes(mode);
  const printable = fc.constantFrom(...PRINTABLE);
  switch (field) {
    case 'userId':
      return fc.oneof(
        fc.constant(mode === 'csv' ? ' ' : ''),
        fc.string({ unit: printable, minLength: 53, maxLength: 120 }).map((id) => `x${id}y`),
        fc.integer({ min: 1_000_000, max: 2_000_000 }).map((n) => 'u'.repeat(n)),
        fc
          .tuple(
            userIdSuffix,
            fc.constantFrom('é', '\u00a0', '😀', '\u0000', '\u007f', '\n', '\t', '\u2028', '\ud800'),
          )
          .map(([id, bad]) => `${id}${bad}${id}`),
        userIdSuffix.map((id) => ` ${id}`),
        userIdSuffix.map((id) => `${id} `),
        wrongType,
      );
    case 'churnRisk':
      return fc.oneof(
        fc
          .constantFrom(-Number.MIN_VALUE, -1e-9, 1 + Number.EPSILON, 1.5, 2, 100, -1, 1e308, -1e308)
          .map((n) => (mode === 'csv' ? String(n) : n)),
        fc.constantFrom(
          'NaN',
          'Infinity',
          '-0.1',
          '1.0000001',
          '0x1',
          ' 0.5',
          '0.5 ',
          '50%',
          '0,5',
          '1e400',
          '.',
          '+',
          'e1',
        ),
        fc
          .string({ minLength: 1 })
          .filter((value) => !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)),
        mode === 'js'
          ? fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, new Date(0))
          : notNumeric,
        notNumeric,
      );
    case 'addedAt': {
      const strings = fc.oneof(
        fc.constantFrom(
          '2026-01-01T00:00:00',
          '2026-01-01',
          '2026-02-30T00:00:00Z',
          '2026-13-01T00:00:00Z',
          '2026-01-01T24:00:00Z',
          '2026-01-01T12:60:00Z',
          '2026-01-01T12:00:61Z',
          '10000-01-01T00:00:00Z',
          '-000001-01-01T00:00:00Z',
          '9999-12-31T23:30:00-01:00',
          '0000-01-01T00:30:00+01:00',
          '2026-01-01T00:00:00+25:00',
          'yesterday',
          '1764380443000',
        ),
        fc.string({ minLength: 1 }),
      );
      if (mode === 'csv') return strings;
      const numbers = fc.oneof(
        fc.constantFrom(MIN_TIME - 1, MAX_TIME + 1, 8.64e15, -8.64e15, 1e300),
        fc.integer({ min: MAX_TIME + 1, max: Number.MAX_SAFE_INTEGER }),
      );
      if (mode === 'json') return fc.oneof(strings, numbers, notNumeric);
      return fc.oneof(
        strings,
        numbers,
        fc.constantFrom(
          Number.NaN,
          Number.POSITIVE_INFINITY,
          new Date(Number.NaN),
          new Date(MAX_TIME + 1),
          new Date(-8.64e15),
        ),
        notNumeric,
      );
    }
    case 'assignment':
      return fc.oneof(
        fc.constantFrom('Treatment', 'CONTROL', 'treatment ', 'control\u0000', 'test', 'tréatment'),
        fc.string({ minLength: 1 }).filter((value) => value !== 'treatment' && value !== 'control'),
        wrongType,
      );
    default:
      // experimentId, experimentName: a non-empty string; in CSV an empty cell leaves the group incomplete.
      return fc.oneof(fc.constant(mode === 'csv' ? undefined : ''), wrongType);
  }
}

/** Nesting `depth` levels deep, built as JSON text (JSON.stringify of such a value overflows the stack). */
export function deepJson(depth: number, kind: 'array' | 'object' | 'proto'): string {
  if (kind === 'array') return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const key = kind === 'proto' ? '__proto__' : 'a';
  return `${`{"${key}":`.repeat(depth)}{"polluted":true}${'}'.repeat(depth)}`;
}

/**
 * A profile with extra members written first, parsed from JSON text so that `__proto__` becomes an
 * own key; with that text.
 */
function withMembers(profile: Record<string, unknown>, members: readonly string[]) {
  const body = JSON.stringify(profile).slice(1);
  const json = `{${members.join(',')}${body === '}' ? '}' : `,${body}`}`;
  return { value: JSON.parse(json) as unknown, json };
}

/** An array 5,000 levels deep, as JSON text. */
const DEEP_ARRAY = deepJson(5000, 'array');

const UNKNOWN_KEYS = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'UserId',
    'churn_risk',
    'polluted',
    'email',
    'dataFields',
  ),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((key) => !PROFILE_KEYS.includes(key) && key.trim() !== ''),
);

/** An invalid profile, as a template taking its userId (which it may replace with a bad one). */
export function invalidTemplate(mode: Mode): fc.Arbitrary<Template> {
  // A valid profile that JSON can carry, to break in one place.
  const base = validTemplate(mode === 'js' ? 'json' : mode).map((template) => (userId: string) => ({
    value: { ...(template(userId).value as Record<string, unknown>) },
  }));

  const badField = fc
    .tuple(base, fc.constantFrom(...PROFILE_KEYS))
    .chain(([make, field]) => badValues(field, mode).map((bad) => ({ make, field, bad })))
    .map(({ make, field, bad }) => (userId: string): Case => {
      const { value } = make(userId);
      if (bad === undefined) delete value[field];
      else value[field] = bad;
      // Without a value the field is absent: the group is then incomplete (or userId missing), and the
      // message names the field all the same.
      if (bad === undefined && field !== 'userId' && !GROUP.includes(field as (typeof GROUP)[number])) {
        value[field] = mode === 'csv' ? 'not a number' : 'bad';
      }
      if (GROUP.includes(field as (typeof GROUP)[number])) {
        for (const key of GROUP)
          if (key !== field && value[key] === undefined) value[key] = completeGroup[key];
      }
      return { value, expect: { kind: 'invalid', field } };
    });

  const incomplete = fc
    .tuple(base, fc.constantFrom(...GROUP))
    .map(([make, missing]) => (userId: string): Case => {
      const { value } = make(userId);
      Object.assign(value, completeGroup);
      delete value[missing];
      return { value, expect: { kind: 'invalid', field: missing } };
    });

  const empty = fc.constant(
    (userId: string): Case => ({
      value: { userId },
      expect: { kind: 'invalid', field: 'churnRisk' },
    }),
  );

  const templates: fc.Arbitrary<Template>[] = [badField, incomplete, empty];
  if (mode !== 'csv') {
    const unknownKey = fc
      .tuple(base, UNKNOWN_KEYS, fc.jsonValue({ maxDepth: 3 }), fc.integer({ min: 0, max: 2 }))
      .map(([make, key, extra, depthKind]) => (userId: string): Case => {
        const { value } = make(userId);
        const member =
          depthKind === 0
            ? `${JSON.stringify(key)}:${JSON.stringify(extra)}`
            : `${JSON.stringify(key)}:${deepJson(depthKind === 1 ? 2000 : 200, 'proto')}`;
        return { ...withMembers(value, [member]), expect: { kind: 'invalid', field: key } };
      });
    const deepField = fc
      .tuple(
        base,
        fc.constantFrom('experimentName', 'churnRisk', 'userId', 'addedAt'),
        fc.constantFrom('array' as const, 'object' as const, 'proto' as const),
      )
      .map(([make, field, kind]) => (userId: string): Case => {
        const { value } = make(userId);
        Object.assign(value, completeGroup);
        delete value[field];
        return {
          ...withMembers(value, [`${JSON.stringify(field)}:${deepJson(3000, kind)}`]),
          expect: { kind: 'invalid', field },
        };
      });
    const notAnObject = fc
      .oneof(
        fc.jsonValue().filter((value) => value === null || typeof value !== 'object' || Array.isArray(value)),
        fc.constant(DEEP_ARRAY),
        mode === 'js'
          ? fc.constantFrom(
              undefined,
              Number.NaN,
              new Date(0),
              new Map([['userId', 'u']]),
              'userId',
              Symbol('p'),
              1n,
            )
          : fc.constant('a string'),
      )
      .map((value) => (_userId: string): Case => {
        const expect: Expectation = { kind: 'invalid', field: undefined };
        if (value === DEEP_ARRAY) return { value: JSON.parse(DEEP_ARRAY), json: DEEP_ARRAY, expect };
        return { value, expect };
      });
    const anyObject = fc
      .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 })
      .filter((object) => Object.keys(object).some((key) => !PROFILE_KEYS.includes(key)))
      .map((object) => (_userId: string): Case => {
        const stray = Object.keys(object).find((key) => !PROFILE_KEYS.includes(key)) as string;
        return { value: object, expect: { kind: 'invalid', field: stray } };
      });
    templates.push(unknownKey, deepField, notAnObject, anyObject);
  }
  return fc.oneof(...templates).map(printable);
}

/** Experiment fields that are all valid, to complete a group around one broken field. */
const completeGroup: Record<(typeof GROUP)[number], string> = {
  experimentId: 'exp-complete',
  experimentName: 'Complete group',
  addedAt: '2026-11-29T01:40:43Z',
  assignment: 'control',
};

/** A mix of valid and invalid profiles, as templates. */
export function mixedTemplates(mode: Mode, maxLength: number): fc.Arbitrary<Template[]> {
  return fc.array(fc.oneof(validTemplate(mode), invalidTemplate(mode)), { minLength: 1, maxLength });
}

/** The cases of a run, each given a userId unique to the run. */
export function instantiate(templates: readonly Template[], run: number): Case[] {
  return templates.map((template, index) => template(`${run}.${index}~`));
}

/** One failure as the SDK or the CLI report it. */
export interface ReportedFailure {
  readonly reason: string;
  readonly message: string;
  readonly retryable: boolean;
}

/**
 * Checks one case against what the project holds and the failure reported for it: a valid profile is
 * stored with exactly its fields and no failure; an invalid one is a `validation` failure whose
 * message names the field, and is not stored.
 */
export function expectOutcome(
  item: Case,
  stored: Readonly<Record<string, unknown>> | undefined,
  failure: ReportedFailure | undefined,
  what: string,
): void {
  const expected = item.expect;
  if (expected.kind === 'invalid') {
    expect(failure, `${what} is invalid but was not reported`).toBeDefined();
    expect(failure?.reason, what).toBe('validation');
    expect(failure?.retryable, what).toBe(false);
    expect(failure?.message, what).toEqual(expect.any(String));
    if (expected.field !== undefined) expect(failure?.message, what).toContain(expected.field);
    else if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
      // Not an object at all (or not JSON, from a file): the message says what a profile must be.
      expect(failure?.message, what).toMatch(/profile|JSON/i);
    }
    return;
  }
  expect(failure, `${what} is valid but failed: ${failure?.message}`).toBeUndefined();
  expect(stored, `${what} was not stored`).toBeDefined();
  const { subsetsSubscriberChurnRisk: risk, ...rest } = stored as Record<string, unknown>;
  expect(rest, what).toEqual(expected.fields);
  if (expected.churnRisk === undefined) expect(risk, what).toBeUndefined();
  else {
    expect(risk, what).toMatch(/^(?:0|1|0\.\d*[1-9])$/);
    expect(Number(risk), what).toBe(Object.is(expected.churnRisk, -0) ? 0 : expected.churnRisk);
  }
}
