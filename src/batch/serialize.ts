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

/** What opens a bulkUpdate body, before its users. */
const BODY_HEAD = '{"users":[';
const COMMA = 0x2c;

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
  return BODY_HEAD.length + 1 + bodyTail(createNewFields).length;
}

/** What closes a bulkUpdate body after its users' array. */
const bodyTail = (createNewFields: boolean | undefined): string =>
  createNewFields === undefined ? '}' : `,"createNewFields":${createNewFields}}`;

/** The UTF-8 size of users joined by commas. */
function joinedBytes(users: readonly string[]): number {
  let bytes = Math.max(0, users.length - 1);
  for (const json of users) bytes += Buffer.byteLength(json);
  return bytes;
}

/** Writes one user's JSON into a body from `at`; returns the offset after it. */
export type UserWriter<J> = (body: Buffer, at: number, user: J) => number;

const writeText: UserWriter<string> = (body, at, json) => at + body.write(json, at, 'utf8');

/**
 * The bulkUpdate body for users already serialized, written straight into one buffer of the exact
 * size: each user's JSON is encoded into place, so no joined string of up to 4 MB is built and none
 * is encoded afterwards. `usersBytes` is the UTF-8 size of the users and the commas between them,
 * when batching has counted it already.
 * @throws Error when `usersBytes` is not their size (a bug: the buffer would hold stray bytes).
 */
export function bulkBody(
  users: readonly string[],
  createNewFields: boolean | undefined,
  usersBytes = joinedBytes(users),
): Uint8Array<ArrayBuffer> {
  return writeBulkBody(users, createNewFields, usersBytes, writeText);
}

/**
 * {@link bulkBody} for users held in any form `write` can write as JSON, such as the sync's
 * validated profiles, which go into the body without a string per user.
 */
export function writeBulkBody<J>(
  users: readonly J[],
  createNewFields: boolean | undefined,
  usersBytes: number,
  write: UserWriter<J>,
): Uint8Array<ArrayBuffer> {
  const tail = `]${bodyTail(createNewFields)}`;
  const end = BODY_HEAD.length + usersBytes;
  const body = Buffer.allocUnsafe(end + tail.length);
  let at = body.write(BODY_HEAD, 0, 'latin1');
  for (let i = 0; i < users.length; i++) {
    if (i > 0) body[at++] = COMMA;
    // Never past the users' space, even when a size was miscounted: the check below then throws.
    at = at < end ? write(body, at, users[i] as J) : end + 1;
  }
  if (at !== end) {
    throw new Error(`bulkBody: the users take ${at - BODY_HEAD.length} bytes or more, not ${usersBytes}`);
  }
  body.write(tail, at, 'latin1');
  return body;
}
