import { acceptsValue, incomingTypes, isJsonObject, typeForNewField } from './field-types.js';
import type { IterableFieldType } from './types.js';

/**
 * Sets an own property, even one named `__proto__`, without ever touching a prototype.
 * (Plain assignment of `__proto__` would call the inherited setter and swap the object's prototype.)
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Reads an own property only: `constructor` or `__proto__` never resolve to inherited values. */
export function getOwn(target: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** A field a request writes with a value its type does not accept. */
export interface FieldMismatch {
  readonly expectedType: IterableFieldType;
  readonly incomingTypes: Set<string>;
  /** The first value that did not fit. */
  readonly offendingValue: unknown;
}

const SKIP = Symbol('skip');

/**
 * Type-checks the `dataFields` of one request against the project's fields, without changing
 * them: collects the fields the request would create (in order of first appearance, parents
 * before their nested fields), the unknown fields it drops, and every type mismatch, and returns
 * for each user a copy of its data ready to store.
 */
export class FieldTypingPass {
  /** Fields the request creates, with their types, in creation order. */
  readonly newFields = new Map<string, IterableFieldType>();
  /** Unknown fields dropped because new fields may not be created. */
  readonly filteredOut = new Set<string>();
  /** Fields written with a value of another type, by field name. */
  readonly mismatches = new Map<string, FieldMismatch>();
  readonly #fields: ReadonlyMap<string, IterableFieldType>;
  readonly #createNewFields: boolean;

  constructor(fields: ReadonlyMap<string, IterableFieldType>, createNewFields: boolean) {
    this.#fields = fields;
    this.#createNewFields = createNewFields;
  }

  /** A copy of `dataFields` without dropped or mismatched fields; nested objects are copied too. */
  clean(dataFields: Record<string, unknown>): Record<string, unknown> {
    return this.#object(dataFields, undefined);
  }

  #object(source: Record<string, unknown>, prefix: string | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const name = prefix === undefined ? key : `${prefix}.${key}`;
      const copy = this.#value(name, source[key]);
      if (copy !== SKIP) setOwn(out, key, copy);
    }
    return out;
  }

  #value(name: string, value: unknown): unknown {
    let type = this.#fields.get(name) ?? this.newFields.get(name);
    if (type === undefined) {
      const created = typeForNewField(value);
      // null and [] type nothing: an unknown field written with them is neither created nor stored.
      if (created === undefined) return SKIP;
      if (!this.#createNewFields) {
        this.filteredOut.add(name);
        return SKIP;
      }
      this.newFields.set(name, created);
      type = created;
    }
    if (!acceptsValue(type, value)) {
      const mismatch = this.mismatches.get(name);
      if (mismatch === undefined) {
        this.mismatches.set(name, {
          expectedType: type,
          incomingTypes: new Set(incomingTypes(value)),
          offendingValue: value,
        });
      } else {
        for (const incoming of incomingTypes(value)) mismatch.incomingTypes.add(incoming);
      }
      return SKIP;
    }
    if (value === null || typeof value !== 'object') return value;
    if (type === 'geo_location') return { ...(value as Record<string, unknown>) };
    if (Array.isArray(value))
      return value.map((item) => (isJsonObject(item) ? this.#object(item, name) : item));
    return this.#object(value as Record<string, unknown>, name);
  }
}

/**
 * Writes cleaned data into a stored profile. Top-level keys overwrite; with `mergeNestedObjects`,
 * a top-level object written over an object is merged into it one level deep instead.
 */
export function mergeDataFields(
  target: Record<string, unknown>,
  incoming: Record<string, unknown>,
  mergeNestedObjects: boolean,
): void {
  for (const key of Object.keys(incoming)) {
    const value = incoming[key];
    const current = mergeNestedObjects ? getOwn(target, key) : undefined;
    if (isJsonObject(value) && isJsonObject(current)) {
      const merged: Record<string, unknown> = {};
      for (const inner of Object.keys(current)) setOwn(merged, inner, current[inner]);
      for (const inner of Object.keys(value)) setOwn(merged, inner, value[inner]);
      setOwn(target, key, merged);
    } else {
      setOwn(target, key, value);
    }
  }
}
