// A smoke sync run by every runtime of the matrix against the packed package.
import { IterableClient, SubsetsProfile } from '@subsets/iterable';
import { startFakeIterable } from '@subsets/iterable/testing';

const count = 5000;
const iterable = await startFakeIterable({ rateLimits: false });
try {
  const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
  const setup = await client.ensureFields({ setupUserId: 'runtime-setup' });
  const profiles = Array.from({ length: count }, (_, i) => ({
    userId: `runtime-${i}`,
    experimentId: 'exp-1',
    experimentName: 'Runtime check',
    addedAt: new Date(Date.UTC(2026, 10, 29)),
    assignment: i % 2 ? 'treatment' : 'control',
    churnRisk: (i % 100) / 100,
  }));
  profiles.push({ userId: 'bad', churnRisk: 7 });
  const report = await client.syncProfiles(profiles);
  const stored = iterable.users.get('runtime-42')?.dataFields;
  const ok =
    setup.ok &&
    iterable.fields.get('subsetsExperimentAddedAt') === 'string' &&
    report.succeeded === count &&
    report.invalid === 1 &&
    stored?.subsetsSubscriberChurnRisk === '0.42' &&
    stored?.subsetsExperimentAddedAt === '2026-11-29T00:00:00.000Z' &&
    SubsetsProfile.safeParse({ userId: 'x', churnRisk: 0.1 }).success;
  if (!ok) {
    console.error(
      'smoke sync: unexpected result',
      JSON.stringify({ report: { ...report, failures: [] }, stored }),
    );
    process.exitCode = 1;
  } else {
    console.log(`smoke sync: ${report.succeeded} users in ${report.durationMs} ms`);
  }
} finally {
  await iterable.close();
}
