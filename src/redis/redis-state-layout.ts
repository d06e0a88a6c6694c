/**
 * Where a user's fingerprint lives in Redis: a scope and a userId in, the key of their bucket out;
 * and the two scripts that read and write many users in one command.
 */

/**
 * Reads `HGET KEYS[i] ARGV[i]` for every i; a missing field comes back as a nil reply in its place
 * (Lua's `false`, which keeps the array whole where `nil` would cut it short).
 */
export const GET_SCRIPT = `local out = {}
for i = 1, #KEYS do out[i] = redis.call('HGET', KEYS[i], ARGV[i]) end
return out`;

/** Runs `HSET KEYS[i] ARGV[2i-1] ARGV[2i]` for every i, in order (a later duplicate wins). */
export const SET_SCRIPT = `for i = 1, #KEYS do redis.call('HSET', KEYS[i], ARGV[2 * i - 1], ARGV[2 * i]) end
return #KEYS`;

/** Users per script call: bounds how long one call holds the Redis server (about 1 ms). */
export const USERS_PER_CALL = 1000;

/** 32-bit FNV-1a over the UTF-16 code units of `text`: cheap, and spreads userIds evenly. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The key prefix of one scope's buckets, `<keyPrefix>:{<scope>}:<buckets>:`. The braces make the
 * scope a hash tag: on a Redis Cluster all of a scope's buckets share one slot, as a script's keys
 * must.
 */
export function scopePrefix(keyPrefix: string, scope: string, buckets: number): string {
  return `${keyPrefix}:{${scope}}:${buckets}:`;
}

/** The key of the bucket that holds `userId`, under a {@link scopePrefix}. */
export function bucketKey(prefix: string, userId: string, buckets: number): string {
  return prefix + (fnv1a(userId) % buckets).toString(36);
}
