import type { ClientInternals, IterableClient } from '../client/client.js';
import { resolveBaseUrl } from '../client/options.js';
import { FieldTypeConflictError } from '../errors/field-type-conflict-error.js';
import { assertOptionsObject, MILLISECONDS, nonNegative, positive } from '../options/check.js';
import { checkAccess, type Host, otherHost } from './check-access.js';
import { conflictsOf, fieldStatuses, namesWith } from './field-status.js';
import { failed, type IntegrationReport, type IntegrationStep, passed, skipped } from './integration-step.js';
import { checkUserIdOption } from './option-checks.js';
import { roundTrip } from './round-trip.js';

export type {
  IntegrationReport,
  IntegrationStep,
  IntegrationStepName,
  IntegrationStepStatus,
} from './integration-step.js';

/**
 * Options of `client.checkIntegration(options)`.
 * @category Field setup
 */
export interface CheckIntegrationOptions {
  /**
   * The user the round trip writes the five Subsets fields to and reads back. No other user is
   * touched. Use a test user: its Subsets fields are overwritten with check values. In an
   * email-based project it must already exist.
   */
  readonly testUserId: string;
  /**
   * The host tried when this client's host rejects the key, to tell a wrong key from a wrong
   * region. Must be `https:` unless the host is loopback.
   * @default the other region's host (`https://api.eu.iterable.com` for a `'us'` client and the
   * reverse); none for a custom `baseUrl` without a `region`
   */
  readonly otherRegionBaseUrl?: string | undefined;
  /**
   * How long the round trip waits for the written values to be readable, in milliseconds.
   * Iterable applies writes asynchronously.
   * @default 10000
   */
  readonly readBackTimeoutMs?: number | undefined;
  /**
   * Pause between two reads of the test user while waiting, in milliseconds.
   * @default 500
   */
  readonly pollIntervalMs?: number | undefined;
  /**
   * Aborts the check: requests in flight and waits stop, and the promise rejects with
   * `signal.reason`.
   * @default undefined
   */
  readonly signal?: AbortSignal | undefined;
}

function resolveOtherHost(value: unknown): Host | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(`otherRegionBaseUrl must be a string (got ${typeof value})`);
  return resolveBaseUrl({ baseUrl: value }, { region: 'region', baseUrl: 'otherRegionBaseUrl' });
}

function fieldsStep(fields: Record<string, string>): IntegrationStep {
  const statuses = fieldStatuses(fields);
  const missing = namesWith(statuses, 'missing');
  const conflicts = conflictsOf(statuses);
  if (missing.length === 0 && conflicts.length === 0) {
    return passed('fields', 'The five Subsets fields exist with type string.');
  }
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `missing: ${missing.join(', ')}. Create them with ensureFields ` +
        '(subsets-iterable fields --ensure --setup-user-id ID).',
    );
  }
  // The same words ensureFields throws with: which fields, which types, and what can be done.
  if (conflicts.length > 0) problems.push(new FieldTypeConflictError(conflicts).message);
  return failed('fields', `The Subsets fields are not ready: ${problems.join(' ')}`);
}

/**
 * Checks the integration end to end, one step after another: the key is accepted, the region is
 * right, the five fields exist as `string`, and values written to the test user read back
 * unchanged. A step that fails is reported with what to do; the steps after it that cannot run are
 * reported as `skipped`. Only the test user is written.
 *
 * @throws TypeError naming the option when an option is wrong (for example an invalid `testUserId`).
 *   Problems found by the check are reported, never thrown; only an abort through `signal` rejects.
 */
export async function checkIntegration(
  client: IterableClient,
  internals: ClientInternals,
  options: CheckIntegrationOptions,
): Promise<IntegrationReport> {
  assertOptionsObject(options, 'checkIntegration needs an options object with testUserId');
  const testUserId = checkUserIdOption('testUserId', options.testUserId);
  const other = otherHost(internals.options, resolveOtherHost(options.otherRegionBaseUrl));
  const timeoutMs = nonNegative('readBackTimeoutMs', options.readBackTimeoutMs ?? 10_000, MILLISECONDS);
  const pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 500, MILLISECONDS);
  const { signal } = options;

  const access = await checkAccess(client, internals, other, signal);
  const steps: IntegrationStep[] = [...access.steps];
  if (access.fields === undefined) {
    const fix = `Skipped: fix ${access.steps[0].ok ? 'the region' : 'the API key'} first.`;
    steps.push(skipped('fields', fix), skipped('round-trip', fix));
  } else {
    const fields = fieldsStep(access.fields);
    steps.push(
      fields,
      fields.ok
        ? await roundTrip(client, { testUserId, timeoutMs, pollIntervalMs, signal })
        : skipped('round-trip', 'Skipped: the Subsets fields are not ready (see the fields step).'),
    );
  }
  return { ok: steps.every((step) => step.ok), steps };
}
