import type { InputRecord } from '../input/record.js';
import type { CliFailure } from './failure-log.js';
import { RecordPositions } from './record-positions.js';

/**
 * The profiles of an input, as the sync reads them: each readable record's value is handed to the
 * sync, in order, and its position is remembered so failures can name their line; each unreadable
 * record (not JSON, a broken CSV row) is reported at once as an invalid profile and not handed on.
 * An error while reading ends the profiles instead of failing the sync, so what was read is still
 * synced and reported; it is kept in {@link ProfileSource.inputError}.
 */
export class ProfileSource implements AsyncIterable<unknown> {
  /** Where each profile handed to the sync came from. */
  readonly positions: RecordPositions;
  /** Records read so far, unreadable ones included. */
  records = 0;
  /** Unreadable records so far (counted as invalid profiles). */
  unreadable = 0;
  /** The error that ended the reading early, if one did. */
  inputError: unknown;
  readonly #records: AsyncIterable<InputRecord>;
  readonly #onUnreadable: (failure: CliFailure) => void;

  /**
   * @param records - The input's records.
   * @param capacity - How many recent positions to keep (see {@link RecordPositions}).
   * @param onUnreadable - Told about each unreadable record, as an invalid profile.
   */
  constructor(
    records: AsyncIterable<InputRecord>,
    capacity: number,
    onUnreadable: (failure: CliFailure) => void,
  ) {
    this.#records = records;
    this.positions = new RecordPositions(capacity);
    this.#onUnreadable = onUnreadable;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined> {
    try {
      for await (const record of this.#records) {
        const index = this.records;
        this.records += 1;
        if (record.kind === 'unreadable') {
          this.unreadable += 1;
          this.#onUnreadable({
            index,
            line: record.line,
            userId: undefined,
            reason: 'validation',
            message: record.message,
            retryable: false,
          });
          continue;
        }
        this.positions.push({ index, line: record.line });
        yield record.value;
      }
    } catch (error) {
      this.inputError = error;
    }
  }
}
