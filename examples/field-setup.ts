/**
 * Setting up a project: look with a dry run, create the missing Subsets fields, then check the
 * whole integration on a test user. Safe to run again: the second `ensureFields` writes nothing.
 *
 * The stand-in starts as a project that already has a few fields of its own and one of the five
 * Subsets fields. At the end, a second stand-in shows what a field with the wrong type looks like.
 *
 *   npx tsx examples/field-setup.ts
 *   ITERABLE_API_KEY=... npx tsx examples/field-setup.ts   # writes only to subsets-setup and subsets-test
 */
import {
  type EnsureFieldsReport,
  FieldTypeConflictError,
  IterableClient,
  type IterableClientOptions,
} from '@subsets/iterable';
import { startFakeIterable } from '@subsets/iterable/testing';
import { openTarget } from './support/target.js';

// Dedicated users that campaigns ignore: the placeholders and the check values go there only.
const SETUP_USER_ID = 'subsets-setup';
const TEST_USER_ID = 'subsets-test';

function printFields(report: EnsureFieldsReport): void {
  for (const field of report.fields) {
    const found = field.status === 'conflict' ? ` (is ${field.foundType}, must be string)` : '';
    console.log(`  ${field.status.padEnd(8)} ${field.name}${found}`);
  }
  console.log(
    `  ${report.fieldCount} of ${report.fieldLimit} fields used; room for the missing ones: ${report.hasRoom}`,
  );
}

const target = await openTarget({
  fields: { email: 'string', plan: 'string', signupDate: 'date', subsetsExperimentId: 'string' },
});
try {
  const client = new IterableClient(target.clientOptions);
  console.log(`Setting up ${target.description}`);

  console.log('\n1. Dry run: what would ensureFields do?');
  const preview = await client.ensureFields({ setupUserId: SETUP_USER_ID, dryRun: true });
  printFields(preview);

  console.log('\n2. ensureFields: create what is missing');
  const created = await client.ensureFields({ setupUserId: SETUP_USER_ID });
  printFields(created);
  console.log(created.wrote ? `  wrote one placeholder update to ${SETUP_USER_ID}` : '  nothing to do');

  console.log('\n3. Again: every field is ready, nothing is written');
  const again = await client.ensureFields({ setupUserId: SETUP_USER_ID });
  console.log(`  ok: ${again.ok}, wrote: ${again.wrote}`);

  console.log(`\n4. checkIntegration on ${TEST_USER_ID}`);
  const check = await client.checkIntegration({ testUserId: TEST_USER_ID });
  for (const step of check.steps) console.log(`  ${step.status.padEnd(7)} ${step.name}: ${step.message}`);
  console.log(check.ok ? '  The integration works.' : '  Fix the first failed step and run the check again.');
  if (!check.ok) process.exitCode = 1;
} finally {
  await target.close();
}

if (target.standIn !== undefined) {
  // A project where someone wrote a number to subsetsSubscriberChurnRisk before Subsets was set up.
  console.log('\n5. A project whose churn-risk field was created as a number');
  const conflicted = await startFakeIterable({ fields: { subsetsSubscriberChurnRisk: 'double' } });
  try {
    const options: IterableClientOptions = { apiKey: conflicted.apiKey, baseUrl: conflicted.url };
    await new IterableClient(options).ensureFields({ setupUserId: SETUP_USER_ID });
  } catch (error) {
    if (!(error instanceof FieldTypeConflictError)) throw error;
    for (const c of error.conflicts)
      console.log(`  ${c.field} is ${c.foundType}, expected ${c.expectedType}`);
    console.log(`  ${error.name}: ${error.message}`);
  } finally {
    await conflicted.close();
  }
}
