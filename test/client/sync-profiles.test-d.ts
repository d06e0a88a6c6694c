import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { IterableClient } from '../../src/client/client.js';
import { type UntypedProfiles, untypedProfiles } from '../../src/client/untyped-profiles.js';
import type { SubsetsProfile, SubsetsProfile as SubsetsProfileSchema } from '../../src/profile/schema.js';
import type { SyncReport } from '../../src/sync/report.js';

declare const client: IterableClient;

describe('syncProfiles(source) takes profiles', () => {
  it('accepts arrays, iterables and async iterables of profiles', () => {
    void client.syncProfiles([{ userId: 'u-1', churnRisk: 0.5 }]);
    void client.syncProfiles([{ userId: 'u-1', churnRisk: '0.5' }] as const);
    void client.syncProfiles([
      {
        userId: 'u-2',
        experimentId: 'exp-42',
        experimentName: 'Winback discount',
        addedAt: new Date(),
        assignment: 'control',
      },
    ]);
    const typed: readonly SubsetsProfile[] = [];
    void client.syncProfiles(typed);
    void client.syncProfiles(new Set<SubsetsProfile>());
    async function* fromCursor(): AsyncGenerator<SubsetsProfile> {
      yield { userId: 'u-3', churnRisk: 0.1, addedAt: Date.now() };
    }
    void client.syncProfiles(fromCursor());
    expectTypeOf(client.syncProfiles([])).toEqualTypeOf<Promise<SyncReport>>();
  });

  it('refuses a misspelt key', () => {
    // @ts-expect-error: churnrisk is not a profile key (churnRisk is)
    void client.syncProfiles([{ userId: 'u', churnrisk: 0.5 }]);
    // @ts-expect-error: experimentID is not a profile key (experimentId is)
    void client.syncProfiles([{ userId: 'u', churnRisk: 0.5, experimentID: 'exp-1' }]);
  });

  it('refuses a wrong assignment value', () => {
    const experiment = { experimentId: 'exp-42', experimentName: 'Winback', addedAt: 0 } as const;
    // @ts-expect-error: the assignment is 'treatment' or 'control'
    void client.syncProfiles([{ userId: 'u', ...experiment, assignment: 'treatmnt' }]);
    void client.syncProfiles([{ userId: 'u', ...experiment, assignment: 'treatment' }]);
  });

  it('refuses values of the wrong type and a profile without userId', () => {
    // @ts-expect-error: churnRisk is a number or a numeric string
    void client.syncProfiles([{ userId: 'u', churnRisk: true }]);
    // @ts-expect-error: userId is required
    void client.syncProfiles([{ churnRisk: 0.5 }]);
  });

  it('refuses items that are not objects, and sources that are not iterable', () => {
    // @ts-expect-error: numbers, strings and null are not profiles
    void client.syncProfiles([42, 'hello', null]);
    // @ts-expect-error: a single profile is not a source
    void client.syncProfiles({ userId: 'u', churnRisk: 0.5 });
    // @ts-expect-error: a string is iterable, but of characters
    void client.syncProfiles('u-1');
  });

  it('refuses data of unknown type unless it goes through untypedProfiles', () => {
    const rows: unknown[] = [];
    const csvRows: Record<string, string>[] = [];
    // @ts-expect-error: unknown items are not profiles
    void client.syncProfiles(rows);
    // @ts-expect-error: a CSV row may lack userId
    void client.syncProfiles(csvRows);
    void client.syncProfiles(untypedProfiles(rows));
    void client.syncProfiles(untypedProfiles(csvRows));
    void client.syncProfiles(untypedProfiles([42, 'hello', null]));
    async function* lines(): AsyncGenerator<unknown> {}
    void client.syncProfiles(untypedProfiles(lines()));
    expectTypeOf(untypedProfiles(rows)).toEqualTypeOf<UntypedProfiles>();
    // @ts-expect-error: untypedProfiles still wants something iterable
    untypedProfiles(42);
  });
});

describe('the profile type syncProfiles takes', () => {
  it('is the input type of the SubsetsProfile schema', () => {
    expectTypeOf<SubsetsProfile>().toEqualTypeOf<z.input<typeof SubsetsProfileSchema>>();
  });
});
