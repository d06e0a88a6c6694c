/** Where one profile handed to the sync came from in the input. */
export interface RecordPosition {
  /** The record's position in the input, from 0 (unreadable records counted). */
  readonly index: number;
  /** The line the record starts on, from 1. */
  readonly line: number;
}

/**
 * Maps the sync's profile positions (`SyncFailure.index`) back to input records and lines, in
 * bounded memory: a ring of the most recent `capacity` positions. The sync holds at most
 * `concurrency + 1` batches at a time and reports an invalid profile as soon as it reads it, so every
 * failure it reports is for a recent profile; a position that has left the ring (only possible after
 * more than `capacity` further profiles were read while a batch was still unanswered) maps to
 * `undefined`.
 */
export class RecordPositions {
  readonly #indexes: Float64Array;
  readonly #lines: Float64Array;
  #next = 0;

  /** @param capacity - How many recent positions are kept (16 bytes each). */
  constructor(capacity: number) {
    this.#indexes = new Float64Array(capacity);
    this.#lines = new Float64Array(capacity);
  }

  /** The number of profiles recorded so far; the next one handed to the sync gets this position. */
  get size(): number {
    return this.#next;
  }

  /** Records where the next profile handed to the sync came from. */
  push(position: RecordPosition): void {
    const slot = this.#next % this.#indexes.length;
    this.#indexes[slot] = position.index;
    this.#lines[slot] = position.line;
    this.#next += 1;
  }

  /** Where the profile at the sync's position `syncIndex` came from, while it is still in the ring. */
  get(syncIndex: number): RecordPosition | undefined {
    if (!Number.isInteger(syncIndex) || syncIndex < 0 || syncIndex >= this.#next) return undefined;
    if (syncIndex < this.#next - this.#indexes.length) return undefined;
    const slot = syncIndex % this.#indexes.length;
    return { index: this.#indexes[slot] as number, line: this.#lines[slot] as number };
  }
}

/**
 * A ring size that covers the profiles a sync can hold unanswered: eight times `concurrency + 2`
 * batches, and at least 131,072 positions (2 MB).
 */
export function positionCapacity(concurrency: number, batchSize: number): number {
  return Math.max(2 ** 17, 8 * (concurrency + 2) * batchSize);
}
