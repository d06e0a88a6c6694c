import type { IterableClient } from '../client/client.js';
import { FieldCapacityError } from '../errors/field-capacity-error.js';
import { FieldTypeConflictError } from '../errors/field-type-conflict-error.js';
import {
  assertOptionsObject,
  boolean,
  MILLISECONDS,
  nonNegative,
  positive,
  wholeNumber,
} from '../options/check.js';
import { createFields } from './create-fields.js';
import { conflictsOf, type FieldStatus, fieldStatuses, namesWith } from './field-status.js';
import { checkUserIdOption } from './option-checks.js';

export type { FieldState, FieldStatus } from './field-status.js';

/**
 * Options of `client.ensureFields(options)`.
 * @category Field setup
 */
export interface EnsureFieldsOptions {
  /**
   * The user that receives the string placeholders which create the missing fields. No other user
   * is written. Use a dedicated user (for example `subsets-setup`); in an email-based project it
   * must already exist.
   */
  readonly setupUserId: string;
  /**
   * Report what would be done and write nothing. A dry run reports type conflicts and a lack of room
   * in the report (`conflict` fields, `hasRoom: false`, `ok: false`) instead of throwing, so one run
   * shows every problem at once.
   * @default false
   */
  readonly dryRun?: boolean | undefined;
  /**
   * The most user fields the project may hold. Iterable's soft limit is 1,000; pass the project's
   * own limit if Iterable raised it.
   * @default 1000
   */
  readonly fieldLimit?: number | undefined;
  /**
   * How long to wait, after the write, for Iterable to list the new fields, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Pause between two reads of the project's fields while waiting, in milliseconds. Reads are also
   * held to Iterable's 3 requests/second for `getFields`.
   * @default 400
   */
  readonly pollIntervalMs?: number | undefined;
  /**
   * Aborts the setup: requests in flight and waits stop, and the promise rejects with
   * `signal.reason`.
   * @default undefined
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * What `ensureFields` found and did.
 * @category Field setup
 */
export interface EnsureFieldsReport {
  /**
   * Whether all five fields now exist with type `string` (`ready` or `created`). Always `false` for a
   * dry run that found a field missing.
   */
  readonly ok: boolean;
  /** Whether this was a dry run (nothing was written). */
  readonly dryRun: boolean;
  /** Whether a write was sent to the setup user: `true` only when fields were created. */
  readonly wrote: boolean;
  /** The five Subsets fields in `SUBSETS_FIELDS` order, each with its status and the type found. */
  readonly fields: readonly FieldStatus[];
  /** Number of user fields the project held when `ensureFields` read them, before creating any. */
  readonly fieldCount: number;
  /** The field limit used for the capacity check. */
  readonly fieldLimit: number;
  /** Whether the missing fields fit under `fieldLimit` (`true` when none is missing). */
  readonly hasRoom: boolean;
}

/** Iterable's soft limit of user fields per project. */
const DEFAULT_FIELD_LIMIT = 1000;

interface ResolvedEnsureFieldsOptions {
  readonly setupUserId: string;
  readonly dryRun: boolean;
  readonly fieldLimit: number;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly signal: AbortSignal | undefined;
}

function resolveOptions(options: EnsureFieldsOptions): ResolvedEnsureFieldsOptions {
  assertOptionsObject(options, 'ensureFields needs an options object with setupUserId');
  return {
    setupUserId: checkUserIdOption('setupUserId', options.setupUserId),
    dryRun: boolean('dryRun', options.dryRun ?? false),
    fieldLimit: wholeNumber('fieldLimit', options.fieldLimit ?? DEFAULT_FIELD_LIMIT, 1),
    timeoutMs: nonNegative('timeoutMs', options.timeoutMs ?? 30_000, MILLISECONDS),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs ?? 400, MILLISECONDS),
    signal: options.signal,
  };
}

/**
 * Makes sure the project has the five Subsets fields with type `string`. Reads `getFields`; fields
 * present as `string` are ready; missing ones are created by writing a string placeholder for each
 * to the setup user (one `users/update` with `createNewFields: true`), then `getFields` is read
 * again until they are listed. Running it again writes nothing.
 *
 * Outside a dry run, problems throw before anything is written. In a dry run they are reported
 * (see {@link EnsureFieldsOptions.dryRun}).
 *
 * @throws TypeError naming the option when an option is wrong (for example an invalid `setupUserId`).
 * @throws FieldTypeConflictError when a Subsets field exists with another type (every conflict listed).
 * @throws FieldCapacityError when the project's fields plus the missing ones exceed `fieldLimit`.
 * @throws FieldSetupTimeoutError when the new fields are not listed within `timeoutMs`.
 * @throws IterableApiError and the other client errors when a request fails.
 */
export async function ensureFields(
  client: IterableClient,
  options: EnsureFieldsOptions,
): Promise<EnsureFieldsReport> {
  const resolved = resolveOptions(options);
  const { dryRun, fieldLimit, signal } = resolved;
  const fields = await client.getFields({ signal });
  const statuses = fieldStatuses(fields);
  const fieldCount = Object.keys(fields).length;
  const missing = namesWith(statuses, 'missing');
  const hasRoom = fieldCount + missing.length <= fieldLimit;
  const report = { dryRun, fieldCount, fieldLimit, hasRoom };

  const conflicts = conflictsOf(statuses);
  if (dryRun || (missing.length === 0 && conflicts.length === 0)) {
    return { ...report, ok: missing.length === 0 && conflicts.length === 0, wrote: false, fields: statuses };
  }
  if (conflicts.length > 0) throw new FieldTypeConflictError(conflicts);
  if (!hasRoom)
    throw new FieldCapacityError({ existing: fieldCount, missing: missing.length, limit: fieldLimit });

  await createFields(client, { ...resolved, missing });
  return {
    ...report,
    ok: true,
    wrote: true,
    fields: statuses.map((s) =>
      s.status === 'missing' ? { ...s, status: 'created', foundType: 'string' } : s,
    ),
  };
}
