import { randomUUID } from 'node:crypto';
import type { IterableClient } from '../client/client.js';
import type { IterableUserProfile } from '../client/types.js';
import { messageOf } from '../errors/message-of.js';
import { readProfile } from '../profile/read-profile.js';
import type { NormalizedSubsetsProfile } from '../profile/subsets-profile.js';
import { normalizedToIterableUser } from '../profile/to-iterable-user.js';
import { failed, type IntegrationStep, passed } from './integration-step.js';
import { type PollResult, pollUntil } from './poll.js';

/** What {@link roundTrip} needs besides the client. */
export interface RoundTripParams {
  readonly testUserId: string;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The values written to the test user: a profile with all five fields, read and built by the same
 * code a sync uses. The experiment id is new on every run, so values left by an earlier check never
 * pass for this one's.
 */
function testValues(testUserId: string): Record<string, unknown> {
  const { data } = readProfile({
    userId: testUserId,
    experimentId: `subsets-check-${randomUUID()}`,
    experimentName: 'Subsets integration check',
    addedAt: new Date(),
    assignment: 'control',
    churnRisk: 0.5,
  });
  // Always valid: every value is fixed here but `testUserId`, which `checkIntegration` checked first.
  const user = normalizedToIterableUser(data as NormalizedSubsetsProfile, false);
  return user.dataFields ?? {};
}

/** One line per field whose value differs from what was written. */
function mismatches(expected: Record<string, unknown>, profile: IterableUserProfile | undefined): string[] {
  const found = profile?.dataFields ?? {};
  return Object.entries(expected).flatMap(([field, value]) => {
    const actual = Object.hasOwn(found, field) ? found[field] : undefined;
    if (actual === value) return [];
    const shown = actual === undefined ? 'nothing' : JSON.stringify(actual);
    return [`${field}: wrote ${JSON.stringify(value)}, read ${shown}`];
  });
}

/**
 * The `round-trip` step: writes the five fields to the test user (one `users/update`, merging), then
 * reads the user back with `getUser` until every value matches or `timeoutMs` has passed (Iterable
 * applies writes asynchronously). Touches no other user. Rejects only when `signal` aborts.
 */
export async function roundTrip(client: IterableClient, params: RoundTripParams): Promise<IntegrationStep> {
  const { testUserId, signal } = params;
  const dataFields = testValues(testUserId);
  try {
    await client.updateUser({ userId: testUserId, dataFields, mergeNestedObjects: true }, { signal });
  } catch (error) {
    // An abort rejects; any other error is reported as a failed step.
    signal?.throwIfAborted();
    return failed('round-trip', `Writing the test values to user ${testUserId} failed: ${messageOf(error)}`);
  }

  let result: PollResult<IterableUserProfile | undefined>;
  try {
    result = await pollUntil(
      () => client.getUser(testUserId, { signal }),
      (profile) => mismatches(dataFields, profile).length === 0,
      { timeoutMs: params.timeoutMs, intervalMs: params.pollIntervalMs, signal },
    );
  } catch (error) {
    // An abort rejects; any other error is reported as a failed step.
    signal?.throwIfAborted();
    return failed(
      'round-trip',
      `Iterable accepted the write, but reading user ${testUserId} back failed: ${messageOf(error)}`,
    );
  }
  if (result.done) {
    return passed(
      'round-trip',
      `Wrote the five Subsets fields to user ${testUserId} and read the same values back. ` +
        'The test user keeps these check values until the next sync writes real ones.',
    );
  }
  const waited = `after waiting ${params.timeoutMs} ms (${result.reads} reads)`;
  if (result.value === undefined) {
    return failed(
      'round-trip',
      `Iterable accepted the write, but user ${testUserId} was still not found ${waited}. ` +
        'Iterable may be slow to process writes: run the check again. In an email-based project, ' +
        'the test user must already exist.',
    );
  }
  return failed(
    'round-trip',
    `User ${testUserId} does not hold the values written ${waited}: ${mismatches(dataFields, result.value).join('; ')}. ` +
      'If Iterable is slow to process writes, run the check again; if values come back changed, ' +
      'something in the project rewrites these fields.',
  );
}
