import type { IterableUser } from '../client/types.js';

/**
 * Iterable's limit on a bulkUpdate body, in bytes (4 MB, counted as 4,000,000 to stay clear of it).
 * @category Batching
 */
export const MAX_BODY_BYTES = 4_000_000;
/**
 * Most users this SDK puts in one bulkUpdate request.
 * @category Batching
 */
export const MAX_BATCH_USERS = 1000;

const SERIALIZED: unique symbol = Symbol('serialized users');

/** An array of users that remembers each user's JSON, so that a batch is serialized only once. */
export type SerializedUsers<T> = T[] & { [SERIALIZED]?: readonly string[] };

/** Attaches each user's JSON text to the batch array. */
export function rememberSerialized<T>(batch: T[], json: readonly string[]): SerializedUsers<T> {
  Object.defineProperty(batch, SERIALIZED, { value: json, enumerable: false });
  return batch;
}

/** The JSON text of each user: remembered from batching, or serialized now. */
export function serializedUsers(users: readonly IterableUser[]): readonly string[] {
  return (users as SerializedUsers<IterableUser>)[SERIALIZED] ?? users.map((user) => JSON.stringify(user));
}

/** The bytes a bulkUpdate body takes around its users: `{"users":[` … `],"createNewFields":false}`. */
export function wrapperBytes(createNewFields: boolean | undefined): number {
  return bulkBody([], createNewFields).length;
}

/**
 * The bulkUpdate body for users already serialized. The wrapper is attached to the first and last
 * user before the one `join`, so the body comes out as one flat string: wrapping the joined users
 * instead would leave a rope that `fetch` has to copy into yet another string of up to 4 MB.
 */
export function bulkBody(users: readonly string[], createNewFields: boolean | undefined): string {
  const tail = createNewFields === undefined ? '}' : `,"createNewFields":${createNewFields}}`;
  const last = users.length - 1;
  if (last < 0) return `{"users":[]${tail}`;
  const parts = users.slice();
  parts[0] = `{"users":[${parts[0]}`;
  parts[last] = `${parts[last]}]${tail}`;
  return parts.join(',');
}
