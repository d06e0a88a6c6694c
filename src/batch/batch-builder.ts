import { wholeNumber } from '../options/check.js';
import { MAX_BATCH_USERS, MAX_BODY_BYTES, wrapperBytes } from './serialize.js';

/**
 * Limits of one bulkUpdate batch.
 * @category Batching
 */
export interface BatchLimits {
  /**
   * Most users in one batch.
   * @default 1000
   */
  readonly maxUsers?: number;
  /**
   * Most bytes of the whole request body (`{"users":[...],"createNewFields":true}`, UTF-8).
   * @default 4000000
   */
  readonly maxBytes?: number;
}

/** Checks batch limits; throws a `TypeError` or `RangeError` naming the option. */
export function resolveBatchLimits(limits: BatchLimits, usersName = 'maxUsers'): Required<BatchLimits> {
  const maxUsers = wholeNumber(usersName, limits.maxUsers ?? MAX_BATCH_USERS, 1);
  // Over Iterable's own limits is a RangeError: a value of the right kind, out of range.
  if (maxUsers > MAX_BATCH_USERS) {
    throw new RangeError(`${usersName} must be at most ${MAX_BATCH_USERS} (got ${maxUsers})`);
  }
  const maxBytes = wholeNumber('maxBytes', limits.maxBytes ?? MAX_BODY_BYTES, wrapperBytes(false) + 1);
  if (maxBytes > MAX_BODY_BYTES) {
    throw new RangeError(`maxBytes must be at most ${MAX_BODY_BYTES} (got ${maxBytes})`);
  }
  return { maxUsers, maxBytes };
}

/**
 * Fills one batch, keeping each item's JSON (`J`: its text, or what it is written from) and the byte
 * size of the body it would make, so that nothing is serialized twice. The size counts the widest
 * wrapper and the commas between users.
 */
export class BatchBuilder<T, J = string> {
  #items: T[] = [];
  #json: J[] = [];
  #bytes: number;
  readonly #limits: Required<BatchLimits>;
  readonly #empty: number;

  constructor(limits: Required<BatchLimits>) {
    this.#limits = limits;
    this.#empty = wrapperBytes(false);
    this.#bytes = this.#empty;
  }

  /** Whether the batch holds no item. */
  get isEmpty(): boolean {
    return this.#items.length === 0;
  }

  /** Whether the batch has reached its user limit. */
  get isFull(): boolean {
    return this.#items.length >= this.#limits.maxUsers;
  }

  /** How many items the batch holds. */
  get length(): number {
    return this.#items.length;
  }

  /** The item at `index`. */
  item(index: number): T {
    return this.#items[index] as T;
  }

  /** The JSON of the item at `index`, as it was pushed. */
  json(index: number): J {
    return this.#json[index] as J;
  }

  /** Whether an item of `size` bytes would fit. */
  fits(size: number): boolean {
    return !this.isFull && this.#bytes + size + (this.isEmpty ? 0 : 1) <= this.#limits.maxBytes;
  }

  /** Whether the batch would stay within its byte limit with `delta` more bytes. */
  fitsGrowth(delta: number): boolean {
    return this.#bytes + delta <= this.#limits.maxBytes;
  }

  /** Whether an item of `size` bytes is too big even for an empty batch. */
  tooLargeAlone(size: number): boolean {
    return this.#empty + size > this.#limits.maxBytes;
  }

  /** Adds an item with its JSON and byte size. */
  push(item: T, json: J, size: number): void {
    this.#bytes += size + (this.isEmpty ? 0 : 1);
    this.#items.push(item);
    this.#json.push(json);
  }

  /** Replaces the item at `index` (a merge), adjusting the size. */
  replace(index: number, item: T, json: J, size: number, oldSize: number): void {
    this.#items[index] = item;
    this.#json[index] = json;
    this.#bytes += size - oldSize;
  }

  /** Takes the item at `index`, of `size` bytes, out of the batch. */
  remove(index: number, size: number): void {
    this.#items.splice(index, 1);
    this.#json.splice(index, 1);
    this.#bytes -= size + (this.#items.length > 0 ? 1 : 0);
  }

  /**
   * Takes the batch out and starts an empty one. `bytes` is the body's size with the widest
   * wrapper; `usersBytes` that of the users and the commas between them alone.
   */
  take(): { items: T[]; json: J[]; bytes: number; usersBytes: number } {
    const batch = {
      items: this.#items,
      json: this.#json,
      bytes: this.#bytes,
      usersBytes: this.#bytes - this.#empty,
    };
    this.#items = [];
    this.#json = [];
    this.#bytes = this.#empty;
    return batch;
  }
}
