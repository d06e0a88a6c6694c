import { IterableApiError, type IterableApiErrorInit } from './api-error.js';

/**
 * One field named in a `RequestFieldsTypesMismatched` answer.
 * @category Errors
 */
export interface MismatchedField {
  /** The field's name, for example `subsetsSubscriberChurnRisk`. */
  readonly field: string;
  /** The type the project holds the field with (`long`, `date`, ...), when Iterable said. */
  readonly expectedType: string | undefined;
}

/**
 * Iterable answered 400 `RequestFieldsTypesMismatched`: a value's type does not match the type the
 * project holds a field with, and the whole request was refused. `fields` lists the fields Iterable
 * named. Retrying the same request cannot help; sending it without those fields can.
 * @category Errors
 */
export class IterableTypeMismatchError extends IterableApiError {
  /** The mismatched fields, read from `params.validationErrors`; empty when Iterable named none. */
  declare readonly fields: readonly MismatchedField[];

  /** @param init - The answer's details; `status` is 400. */
  constructor(init: Omit<IterableApiErrorInit, 'retryable'>) {
    super({ ...init, retryable: false });
    this.name = 'IterableTypeMismatchError';
    this.fields = mismatchedFields(init.params);
  }
}

/**
 * The fields named in `params.validationErrors`, whose keys read `"<project>:::<field>"`.
 */
function mismatchedFields(params: Record<string, unknown> | undefined): MismatchedField[] {
  const errors = params?.validationErrors;
  if (errors === null || typeof errors !== 'object') return [];
  return Object.entries(errors as Record<string, unknown>).map(([key, detail]) => {
    const at = key.lastIndexOf(':::');
    const expected = (detail as { expectedType?: unknown } | null)?.expectedType;
    return {
      field: at === -1 ? key : key.slice(at + 3),
      expectedType: typeof expected === 'string' ? expected : undefined,
    };
  });
}
