/**
 * Checks values against the definitions of Iterable's Swagger 2.0 document
 * (the part of it in `test/fixtures/iterable-api-docs.json`).
 *
 * One checker serves the whole test suite: this module adds options on top of `spec-check.ts`
 * (which holds the loader and the checker) and is the entry point to import.
 */
import {
  loadSpec,
  SPEC_PATH,
  validateAgainstSpec as validateLoosely,
  validateStrictlyAgainstSpec,
} from './spec-check.js';

export { loadSpec, SPEC_PATH };

/** Options of {@link validateAgainstSpec}. */
export interface SpecCheckOptions {
  /**
   * Also report properties the definition does not list, even where the spec lets extra keys
   * through (a misspelt `mergeNestedObject`, an invented response key).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Read a `null` property as an absent one. Iterable answers `params: null` although Swagger 2.0
   * cannot say a property may be null; a `null` in a required property is still reported (as missing).
   * @default false
   */
  readonly nullAsAbsent?: boolean;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) Object.defineProperty(out, key, { value: withoutNulls(item), enumerable: true });
  }
  return out;
}

/**
 * Every way `value` breaks the spec's definition `definitionName` (resolving `$ref`, checking
 * `type`, `required`, `properties`, `items`, `enum` and integer formats), as readable lines such as
 * `UserBulkUpdateListResponse.failedUpdates.invalidUserIds[0]: expected string, got integer`.
 * Empty when the value conforms.
 *
 * @example
 * ```ts
 * expect(validateAgainstSpec('UserBulkUpdateListResponse', body, { strict: true })).toEqual([]);
 * ```
 */
export function validateAgainstSpec(
  definitionName: string,
  value: unknown,
  options: SpecCheckOptions = {},
): string[] {
  if (loadSpec().definitions[definitionName] === undefined) {
    return [`${definitionName}: no such definition in ${SPEC_PATH}`];
  }
  const input = options.nullAsAbsent === true ? withoutNulls(value) : value;
  return options.strict === true
    ? validateStrictlyAgainstSpec(definitionName, input)
    : validateLoosely(definitionName, input);
}

/** The names of the properties a definition lists (for "exactly these keys" assertions). */
export function specProperties(definitionName: string): string[] {
  const definition = loadSpec().definitions[definitionName];
  if (definition === undefined) throw new Error(`${definitionName}: no such definition in ${SPEC_PATH}`);
  return Object.keys(definition.properties ?? {});
}
