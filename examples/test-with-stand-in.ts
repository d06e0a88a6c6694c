/**
 * Testing your own code against the stand-in: `publishExperiment` below is the "user code", and
 * the checks after it assert on what the stand-in stored and received, with `node:assert`.
 * In a real project these would be vitest or node:test cases (see the testing guide).
 *
 * Tests never talk to a real project: this example always uses the stand-in, even when
 * ITERABLE_API_KEY is set.
 *
 *   npx tsx examples/test-with-stand-in.ts
 */
import assert from 'node:assert/strict';
import { IterableClient, type SubsetsProfile } from '@subsets/iterable';
import { type FakeIterable, startFakeIterable } from '@subsets/iterable/testing';
import { SUBSETS_FIELDS_READY } from './support/target.js';

// ---- The code under test ----------------------------------------------------------------------

interface Experiment {
  readonly id: string;
  readonly name: string;
  readonly startedAt: Date;
}

interface Assignment {
  readonly userId: string;
  readonly group: 'treatment' | 'control';
}

/** Publishes one experiment's assignments to Iterable; returns how many users were updated and who was not. */
async function publishExperiment(
  client: IterableClient,
  experiment: Experiment,
  assignments: Iterable<Assignment>,
): Promise<{ published: number; notPublished: string[] }> {
  function* profiles(): Generator<SubsetsProfile> {
    for (const { userId, group } of assignments) {
      yield {
        userId,
        experimentId: experiment.id,
        experimentName: experiment.name,
        addedAt: experiment.startedAt,
        assignment: group,
      };
    }
  }
  const report = await client.syncProfiles(profiles());
  return {
    published: report.succeeded,
    notPublished: report.failures.map((failure) => `${failure.userId} (${failure.reason})`),
  };
}

// ---- The tests ---------------------------------------------------------------------------------

const experiment: Experiment = { id: 'exp-9', name: 'Pause instead of cancel', startedAt: new Date(0) };
const assignmentsFor = (count: number): Assignment[] =>
  Array.from({ length: count }, (_, i) => ({
    userId: `user-${i}`,
    group: i % 2 === 0 ? 'treatment' : 'control',
  }));

// One stand-in for every test, put back as it started before each one with reset(). Rate limits
// off keeps the tests fast; the fields are there as ensureFields leaves them.
const iterable = await startFakeIterable({
  rateLimits: false,
  fields: SUBSETS_FIELDS_READY,
  forgottenUserIds: ['user-forgotten'],
});
const clientFor = (standIn: FakeIterable, options = {}) =>
  new IterableClient({ apiKey: standIn.apiKey, baseUrl: standIn.url, ...options });

const tests: Record<string, () => Promise<void>> = {
  async 'writes the experiment to each user, as strings'() {
    const result = await publishExperiment(clientFor(iterable), experiment, assignmentsFor(2));
    assert.deepEqual(result, { published: 2, notPublished: [] });
    assert.deepEqual(iterable.users.get('user-1')?.dataFields, {
      subsetsExperimentId: 'exp-9',
      subsetsExperimentName: 'Pause instead of cancel',
      subsetsExperimentAddedAt: '1970-01-01T00:00:00.000Z',
      subsetsExperimentAssignment: 'control',
    });
    assert.equal(iterable.fields.get('subsetsExperimentAddedAt'), 'string');
  },

  async 'sends 2,500 users in three bulkUpdate requests'() {
    await publishExperiment(clientFor(iterable), experiment, assignmentsFor(2_500));
    const bulk = iterable.requests.filter((request) => request.endpoint === 'bulkUpdate');
    assert.equal(bulk.length, 3);
    for (const request of bulk) {
      const body = request.body as { users: unknown[] };
      assert.ok(body.users.length <= 1_000);
    }
    assert.equal(iterable.users.size, 2_500);
  },

  async 'reports a forgotten user and publishes the others'() {
    const assignments = [...assignmentsFor(3), { userId: 'user-forgotten', group: 'control' as const }];
    const result = await publishExperiment(clientFor(iterable), experiment, assignments);
    assert.deepEqual(result, { published: 3, notPublished: ['user-forgotten (forgotten)'] });
    assert.equal(iterable.users.has('user-forgotten'), false);
  },

  async 'gets through transient 500s by retrying'() {
    // A separate stand-in whose bulkUpdate fails half the time, the same way on every run.
    const flaky = await startFakeIterable({
      rateLimits: false,
      fields: SUBSETS_FIELDS_READY,
      faults: { seed: 3, endpoints: ['bulkUpdate'], serverError: 0.5 },
    });
    try {
      const client = clientFor(flaky, { retry: { retries: 8, minDelayMs: 5, maxDelayMs: 20 } });
      const result = await publishExperiment(client, experiment, assignmentsFor(3_000));
      assert.equal(result.published, 3_000);
      assert.ok(flaky.requests.some((request) => request.fault === 'serverError'));
    } finally {
      await flaky.close();
    }
  },
};

let failed = 0;
try {
  for (const [name, run] of Object.entries(tests)) {
    iterable.reset();
    try {
      await run();
      console.log(`pass  ${name}`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL  ${name}`);
      console.log(error);
    }
  }
} finally {
  await iterable.close();
}
console.log(failed === 0 ? 'all tests passed' : `${failed} test(s) failed`);
if (failed > 0) process.exitCode = 1;
