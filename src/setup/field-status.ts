import type { FieldTypeConflict } from '../errors/field-type-conflict-error.js';
import { FIELD_NAMES } from '../profile/field-names.js';
import type { SubsetsFieldName } from '../profile/fields.js';

/**
 * Where one Subsets field stands in the project:
 *
 * - `ready`: it exists with type `string`; nothing to do.
 * - `created`: it was missing and `ensureFields` created it.
 * - `missing`: it does not exist (reported by a dry run, or by `checkIntegration`).
 * - `conflict`: it exists with another type, which Iterable's API cannot change.
 * @category Field setup
 */
export type FieldState = 'ready' | 'created' | 'missing' | 'conflict';

/**
 * One Subsets field, the type Iterable holds for it, and where it stands.
 * @category Field setup
 */
export interface FieldStatus {
  /** The Iterable field name, for example `subsetsSubscriberChurnRisk`. */
  readonly name: SubsetsFieldName;
  /** Where the field stands (see {@link FieldState}). */
  readonly status: FieldState;
  /** The type Subsets needs: always `string`. */
  readonly expectedType: 'string';
  /** The type the project holds for the field; `undefined` while the field is missing. */
  readonly foundType: string | undefined;
}

/** The status of each of the five Subsets fields, in `SUBSETS_FIELDS` order, from a `getFields` answer. */
export function fieldStatuses(fields: Readonly<Record<string, string>>): FieldStatus[] {
  return FIELD_NAMES.map((name) => {
    const foundType = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const status: FieldState =
      foundType === undefined ? 'missing' : foundType === 'string' ? 'ready' : 'conflict';
    return { name, status, expectedType: 'string', foundType };
  });
}

/** The fields of `statuses` that exist with a type other than `string`. */
export function conflictsOf(statuses: readonly FieldStatus[]): FieldTypeConflict[] {
  return statuses.flatMap((s) =>
    s.status === 'conflict' && s.foundType !== undefined
      ? [{ field: s.name, foundType: s.foundType, expectedType: s.expectedType }]
      : [],
  );
}

/** The names of the fields of `statuses` that have the given status. */
export function namesWith(statuses: readonly FieldStatus[], status: FieldState): SubsetsFieldName[] {
  return statuses.filter((s) => s.status === status).map((s) => s.name);
}
