import type { IterableClient } from '../client/client.js';
import { FieldSetupTimeoutError } from '../errors/field-setup-timeout-error.js';
import { FieldTypeConflictError } from '../errors/field-type-conflict-error.js';
import type { SubsetsFieldName } from '../profile/fields.js';
import { conflictsOf, fieldStatuses } from './field-status.js';
import { pollUntil } from './poll.js';

/**
 * The value written to the setup user to create a field. Iterable types a field by its first value:
 * this is a plain word, never read as a date or a number, so the field is created as `string`.
 */
export const SETUP_PLACEHOLDER = 'subsets-setup';

/** What {@link createFields} needs besides the client. */
export interface CreateFieldsParams {
  readonly setupUserId: string;
  readonly missing: readonly SubsetsFieldName[];
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Creates the missing fields by writing a string placeholder for each to the setup user only, then
 * reads `getFields` until all of them are listed.
 *
 * @throws FieldSetupTimeoutError when they are not all listed within `timeoutMs`.
 * @throws FieldTypeConflictError when one appears with another type (another writer got there first).
 */
export async function createFields(client: IterableClient, params: CreateFieldsParams): Promise<void> {
  const { setupUserId, missing, signal } = params;
  const dataFields = Object.fromEntries(missing.map((name) => [name, SETUP_PLACEHOLDER]));
  await client.updateUser(
    { userId: setupUserId, dataFields, mergeNestedObjects: true },
    { createNewFields: true, signal },
  );

  const listed = (fields: Record<string, string>) => missing.every((name) => Object.hasOwn(fields, name));
  const result = await pollUntil(() => client.getFields({ signal }), listed, {
    timeoutMs: params.timeoutMs,
    intervalMs: params.pollIntervalMs,
    signal,
  });
  if (!result.done) {
    throw new FieldSetupTimeoutError(
      missing.filter((name) => !Object.hasOwn(result.value, name)),
      params.timeoutMs,
    );
  }
  const conflicts = conflictsOf(fieldStatuses(result.value).filter((s) => missing.includes(s.name)));
  if (conflicts.length > 0) throw new FieldTypeConflictError(conflicts);
}
