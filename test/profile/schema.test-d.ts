import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { IterableUser } from '../../src/client/types.js';
import type { describeProfileError } from '../../src/profile/describe-error.js';
import type { SUBSETS_FIELDS, SubsetsField, SubsetsFieldName } from '../../src/profile/fields.js';
import type {
  NormalizedSubsetsProfile,
  SubsetsProfile,
  SubsetsProfileSchema,
} from '../../src/profile/subsets-profile.js';
import type { ToIterableUserOptions, toIterableUser } from '../../src/profile/to-iterable-user.js';

describe('SubsetsProfile (input)', () => {
  it('requires userId and accepts what the design lists for each key', () => {
    expectTypeOf<SubsetsProfile['userId']>().toEqualTypeOf<string>();
    expectTypeOf<SubsetsProfile['experimentId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SubsetsProfile['experimentName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SubsetsProfile['addedAt']>().toEqualTypeOf<Date | number | string | undefined>();
    expectTypeOf<SubsetsProfile['assignment']>().toEqualTypeOf<'treatment' | 'control' | undefined>();
    expectTypeOf<SubsetsProfile['churnRisk']>().toEqualTypeOf<number | string | undefined>();
  });

  it('accepts a churn refresh and a full profile, refuses a missing userId or a bad assignment', () => {
    expectTypeOf<{ userId: string; churnRisk: number }>().toExtend<SubsetsProfile>();
    expectTypeOf<{
      userId: string;
      experimentId: string;
      experimentName: string;
      addedAt: Date;
      assignment: 'control';
    }>().toExtend<SubsetsProfile>();
    expectTypeOf<{ churnRisk: number }>().not.toExtend<SubsetsProfile>();
    expectTypeOf<{ userId: string; assignment: 'maybe' }>().not.toExtend<SubsetsProfile>();
    expectTypeOf<{ userId: number; churnRisk: 0.5 }>().not.toExtend<SubsetsProfile>();
  });

  it('is a zod schema as well as a type, typed with the two plain types (not zod internals)', () => {
    expectTypeOf<typeof SubsetsProfile>().toEqualTypeOf<SubsetsProfileSchema>();
    expectTypeOf<typeof SubsetsProfile>().toExtend<z.core.$ZodType>();
    expectTypeOf<z.input<typeof SubsetsProfile>>().toEqualTypeOf<SubsetsProfile>();
    expectTypeOf<z.output<typeof SubsetsProfile>>().toEqualTypeOf<NormalizedSubsetsProfile>();
    expectTypeOf<z.infer<typeof SubsetsProfile>>().toEqualTypeOf<NormalizedSubsetsProfile>();
  });

  it('parses into NormalizedSubsetsProfile with parse and safeParse', () => {
    expectTypeOf<SubsetsProfileSchema['parse']>().returns.toEqualTypeOf<NormalizedSubsetsProfile>();
    expectTypeOf<ReturnType<SubsetsProfileSchema['safeParse']>['data']>().toEqualTypeOf<
      NormalizedSubsetsProfile | undefined
    >();
    expectTypeOf<SubsetsProfileSchema['parseAsync']>().returns.toEqualTypeOf<
      Promise<NormalizedSubsetsProfile>
    >();
  });

  it('composes with the schemas of zod (classic) and zod/mini', () => {
    const many = {} as z.ZodArray<SubsetsProfileSchema>;
    expectTypeOf<z.output<typeof many>>().toEqualTypeOf<NormalizedSubsetsProfile[]>();
    expectTypeOf<z.input<typeof many>>().toEqualTypeOf<SubsetsProfile[]>();
  });
});

describe('NormalizedSubsetsProfile (output)', () => {
  it('holds strings only', () => {
    expectTypeOf<NormalizedSubsetsProfile['userId']>().toEqualTypeOf<string>();
    expectTypeOf<NormalizedSubsetsProfile['addedAt']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NormalizedSubsetsProfile['churnRisk']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NormalizedSubsetsProfile['assignment']>().toEqualTypeOf<
      'treatment' | 'control' | undefined
    >();
  });
});

describe('toIterableUser and SUBSETS_FIELDS', () => {
  it('takes a profile and options, and gives an IterableUser', () => {
    expectTypeOf<typeof toIterableUser>().parameter(0).toEqualTypeOf<SubsetsProfile>();
    expectTypeOf<typeof toIterableUser>().parameter(1).toEqualTypeOf<ToIterableUserOptions | undefined>();
    expectTypeOf<ToIterableUserOptions['createMissingUsers']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<typeof toIterableUser>().returns.toEqualTypeOf<IterableUser>();
  });

  it("describeProfileError reads a zod error (zod/mini's $ZodError or classic ZodError) into a string", () => {
    expectTypeOf<typeof describeProfileError>().parameter(0).toEqualTypeOf<z.core.$ZodError>();
    expectTypeOf<z.ZodError>().toExtend<Parameters<typeof describeProfileError>[0]>();
    expectTypeOf<typeof describeProfileError>().returns.toEqualTypeOf<string>();
  });

  it('SUBSETS_FIELDS is a read-only list of string fields', () => {
    expectTypeOf<typeof SUBSETS_FIELDS>().toEqualTypeOf<readonly SubsetsField[]>();
    expectTypeOf<SubsetsField['type']>().toEqualTypeOf<'string'>();
    expectTypeOf<SubsetsField['profileKey']>().toEqualTypeOf<
      'experimentId' | 'addedAt' | 'experimentName' | 'churnRisk' | 'assignment'
    >();
    expectTypeOf<'subsetsSubscriberChurnRisk'>().toExtend<SubsetsFieldName>();
    expectTypeOf<'subsetsChurnRisk'>().not.toExtend<SubsetsFieldName>();
  });
});
