/**
 * The smallest complete sync: a few profiles in, a report out.
 *
 *   npx tsx examples/basic-sync.ts          # against a local stand-in
 *   ITERABLE_API_KEY=... npx tsx examples/basic-sync.ts   # against your project (run field-setup first)
 */
import { FieldSetupRequiredError, IterableClient, type SubsetsProfile } from '@subsets/iterable';
import { openTarget, SUBSETS_FIELDS_READY } from './support/target.js';

// A stand-in project where ensureFields has already created the five fields.
const target = await openTarget({ fields: SUBSETS_FIELDS_READY });
try {
  const client = new IterableClient(target.clientOptions);

  const profiles: SubsetsProfile[] = [
    {
      userId: 'subsets-example-1',
      experimentId: 'exp-42',
      experimentName: 'Winback discount',
      addedAt: new Date('2026-11-29T01:40:43Z'),
      assignment: 'treatment',
      churnRisk: 0.27,
    },
    {
      userId: 'subsets-example-2',
      experimentId: 'exp-42',
      experimentName: 'Winback discount',
      addedAt: '2026-11-29T02:00:00+01:00',
      assignment: 'control',
      churnRisk: '0.64',
    },
    // A churn-score refresh: only subsetsSubscriberChurnRisk changes, the other fields stay as they are.
    { userId: 'subsets-example-3', churnRisk: 0.81 },
    // Invalid on purpose (a churn risk above 1): reported, never sent, and the sync goes on.
    { userId: 'subsets-example-4', churnRisk: 1.4 },
  ];

  const report = await client.syncProfiles(profiles);

  console.log(`Synced ${report.total} profiles to ${target.description} in ${report.durationMs} ms:`);
  console.log(
    `  ${report.succeeded} updated, ${report.failed} failed, ${report.invalid} invalid ` +
      `(${report.requests} request${report.requests === 1 ? '' : 's'})`,
  );
  for (const failure of report.failures) {
    console.log(`  ${failure.userId}: ${failure.reason}: ${failure.message}`);
  }
  const stored = target.standIn?.users.get('subsets-example-1');
  if (stored !== undefined) console.log('  subsets-example-1 now holds', stored.dataFields);
} catch (error) {
  // A project that was never set up: the sync stops before it would create a field with the wrong type.
  if (!(error instanceof FieldSetupRequiredError)) throw error;
  console.log(`${error.message}\nRun examples/field-setup.ts first.`);
  process.exitCode = 1;
} finally {
  await target.close();
}
