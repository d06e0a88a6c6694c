/**
 * Profiles whose shape the compiler cannot know (parsed JSON, CSV rows, rows from a database
 * driver), handed to {@link IterableClient.syncProfiles} on purpose. Made by
 * {@link untypedProfiles}; `syncProfiles` validates every item as it reads it, exactly as it does
 * typed profiles.
 * @category Syncing
 */
export interface UntypedProfiles {
  /** The items as given: an array, any iterable or async iterable, read lazily. */
  readonly untyped: Iterable<unknown> | AsyncIterable<unknown>;
}

/**
 * Marks a source of items whose type is not known at compile time as input for
 * {@link IterableClient.syncProfiles}. Nothing is read or copied here: each item is validated by
 * the sync, and an invalid one is counted as `invalid` and reported with a message naming the field.
 *
 * Typed code needs no such step: `syncProfiles` takes `SubsetsProfile` objects, so a misspelt key
 * or a wrong value fails to compile. Use this for data that comes in untyped, instead of a type
 * assertion.
 *
 * @param source - An array, iterable or async iterable of anything.
 * @throws TypeError when `source` is not iterable.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { IterableClient, untypedProfiles } from '@subsets/iterable';
 *
 * const client = new IterableClient();
 * const rows: unknown = JSON.parse(await readFile('profiles.json', 'utf8'));
 * if (!Array.isArray(rows)) throw new Error('profiles.json must hold an array');
 * const report = await client.syncProfiles(untypedProfiles(rows));
 * console.log(`${report.invalid} rows were not valid profiles`);
 * ```
 * @category Syncing
 */
export function untypedProfiles(source: Iterable<unknown> | AsyncIterable<unknown>): UntypedProfiles {
  if (!isIterable(source)) {
    throw new TypeError('untypedProfiles takes an Iterable or AsyncIterable (for example an array)');
  }
  return Object.freeze({ untyped: source });
}

/** Whether a value can be read with `for await`. */
export function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (Symbol.iterator in value || Symbol.asyncIterator in value)
  );
}

/** The items of a `syncProfiles` source: the wrapped source of {@link untypedProfiles}, or the source itself. */
export function profileItems(
  source: Iterable<unknown> | AsyncIterable<unknown> | UntypedProfiles,
): Iterable<unknown> | AsyncIterable<unknown> {
  if (!isIterable(source) && source !== null && typeof source === 'object' && 'untyped' in source) {
    return source.untyped;
  }
  return source as Iterable<unknown> | AsyncIterable<unknown>;
}
