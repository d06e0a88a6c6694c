import { IterableError } from './iterable-error.js';

/**
 * One Subsets field that exists in the project with a type other than `string`.
 * @category Errors
 */
export interface FieldTypeConflict {
  /** The Iterable field name, for example `subsetsSubscriberChurnRisk`. */
  readonly field: string;
  /** The type the project holds, for example `double`. */
  readonly foundType: string;
  /** The type Subsets needs: always `string`. */
  readonly expectedType: 'string';
}

/**
 * One or more Subsets fields exist in the project with the wrong type. Iterable's API can neither
 * retype nor delete a field, so the SDK cannot fix this: every write of such a field is rejected.
 * @category Errors
 */
export class FieldTypeConflictError extends IterableError {
  /** Every conflicting field with the type found and the type expected. */
  declare readonly conflicts: readonly FieldTypeConflict[];

  /** @param conflicts - The conflicting fields. */
  constructor(conflicts: readonly FieldTypeConflict[]) {
    const list = conflicts.map((c) => `${c.field} is ${c.foundType}, expected ${c.expectedType}`).join('; ');
    super(
      `Iterable already holds Subsets fields with the wrong type: ${list}. ` +
        "Iterable's API cannot change or delete a field's type: ask Iterable support to reset the field, " +
        'or use a new Iterable project.',
    );
    this.name = 'FieldTypeConflictError';
    this.conflicts = conflicts;
  }
}
