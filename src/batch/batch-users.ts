import { BatchBuilder, type BatchLimits, resolveBatchLimits } from './batch-builder.js';
import { rememberSerialized } from './serialize.js';

/**
 * One batch yielded by {@link batchUsers}: the users, plus what the batch knows about itself.
 * @category Batching
 */
export type UserBatch<T> = T[] & {
  /** Size of the bulkUpdate body these users make, in UTF-8 bytes. */
  readonly bytes: number;
  /**
   * `true` for a single user too large for any request on its own: report it, do not send it
   * (`client.bulkUpdate` would refuse it with a `RangeError`).
   */
  readonly oversized: boolean;
};

function finish<T>(batch: { items: T[]; json: string[]; bytes: number }, oversized: boolean): UserBatch<T> {
  const out = rememberSerialized(batch.items, batch.json);
  Object.defineProperties(out, {
    bytes: { value: batch.bytes, enumerable: false },
    oversized: { value: oversized, enumerable: false },
  });
  return out as UserBatch<T>;
}

/**
 * Splits users into bulkUpdate-sized batches, lazily: it reads the source only as far as the batch
 * it is filling. A batch is cut at `maxUsers`, or before the serialized request body would pass
 * `maxBytes`. Each user is serialized once; `client.bulkUpdate` reuses that JSON.
 *
 * @param source - Any `Iterable` or `AsyncIterable` (an object-mode `Readable` included).
 * @param limits - `maxUsers` (default 1,000) and `maxBytes` (default 4,000,000).
 * @example
 * ```ts
 * for await (const batch of batchUsers(users)) {
 *   if (batch.oversized) console.warn('too large to send', batch[0]);
 *   else await client.bulkUpdate(batch);
 * }
 * ```
 * @category Batching
 */
export async function* batchUsers<T>(
  source: Iterable<T> | AsyncIterable<T>,
  limits: BatchLimits = {},
): AsyncGenerator<UserBatch<T>, void, undefined> {
  const builder = new BatchBuilder<T>(resolveBatchLimits(limits));
  for await (const user of source) {
    const json = JSON.stringify(user) ?? 'null';
    const size = Buffer.byteLength(json);
    if (builder.tooLargeAlone(size)) {
      if (!builder.isEmpty) yield finish(builder.take(), false);
      builder.push(user, json, size);
      yield finish(builder.take(), true);
      continue;
    }
    if (!builder.fits(size)) yield finish(builder.take(), false);
    builder.push(user, json, size);
    if (builder.isFull) yield finish(builder.take(), false);
  }
  if (!builder.isEmpty) yield finish(builder.take(), false);
}
