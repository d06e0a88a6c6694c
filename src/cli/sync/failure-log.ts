import type { SyncFailure, SyncFailureReason } from '../../index.js';
import { cliWords } from '../cli-words.js';
import { attemptsNote } from '../errors.js';
import type { RecordPositions } from './record-positions.js';

/** One user that was not updated, as the CLI reports it: a `SyncFailure` with its place in the input. */
export interface CliFailure {
  /**
   * The record's position in the input, from 0 (unreadable records counted); `undefined` in the
   * rare case the position was no longer known (see `RecordPositions`).
   */
  readonly index: number | undefined;
  /** The line the record starts on, from 1; `undefined` when not known. */
  readonly line: number | undefined;
  /** The user's `userId`, when the record had one. */
  readonly userId: string | undefined;
  /** Why it failed. */
  readonly reason: SyncFailureReason;
  /** The field concerned, when known. */
  readonly field?: string;
  /** A readable explanation. */
  readonly message: string;
  /** Whether running the same sync again may succeed for this user. */
  readonly retryable: boolean;
}

/**
 * A failure's message for the CLI: in its words, naming the field once (`experimentName: the
 * experiment fields go together: experimentName missing` loses its first `experimentName: `), and
 * saying how many attempts a failed request took.
 */
export function failureMessage(
  failure: Pick<SyncFailure, 'message' | 'field' | 'reason' | 'retryable'>,
): string {
  let message = cliWords(failure.message);
  const { field } = failure;
  if (
    field !== undefined &&
    message.startsWith(`${field}: `) &&
    message.slice(field.length + 2).includes(field)
  ) {
    message = message.slice(field.length + 2);
  }
  return failure.reason === 'request-failed' ? `${message}${attemptsNote(failure.retryable)}` : message;
}

/** A sync failure with its record position and line in the input, when `positions` still knows them. */
export function placeFailure(failure: SyncFailure, positions: RecordPositions | undefined): CliFailure {
  const place = positions?.get(failure.index);
  return {
    index: positions ? place?.index : failure.index,
    line: place?.line,
    userId: failure.userId,
    reason: failure.reason,
    ...(failure.field === undefined ? {} : { field: failure.field }),
    message: failureMessage(failure),
    retryable: failure.retryable,
  };
}

/**
 * Counts failures by reason (and invalid profiles by field), keeps a few for the summary, and hands
 * every one to `sink` (the report file). Memory stays bounded however many users fail.
 */
export class FailureLog {
  /** Failures so far, by reason. */
  readonly byReason = new Map<SyncFailureReason, number>();
  /**
   * Invalid profiles so far, by the field that was wrong: `profile` when no single field was,
   * `unreadable` for records that could not be read as a profile.
   */
  readonly invalidByField = new Map<string, number>();
  /** Failures so far. */
  count = 0;
  readonly #sampleSize: number;
  readonly #sink: ((failure: CliFailure) => void) | undefined;
  readonly #first: CliFailure[] = [];
  readonly #firstByReason = new Map<SyncFailureReason, CliFailure>();

  /**
   * @param sampleSize - How many failures to keep for the summary.
   * @param sink - Told about every failure, in the order they happen.
   */
  constructor(sampleSize: number, sink?: (failure: CliFailure) => void) {
    this.#sampleSize = sampleSize;
    this.#sink = sink;
  }

  /** Records one failure; `unreadable` when the record could not be read as a profile at all. */
  add(failure: CliFailure, unreadable = false): void {
    this.count += 1;
    this.byReason.set(failure.reason, (this.byReason.get(failure.reason) ?? 0) + 1);
    if (failure.reason === 'validation') {
      const field = unreadable ? 'unreadable' : (failure.field ?? 'profile');
      this.invalidByField.set(field, (this.invalidByField.get(field) ?? 0) + 1);
    }
    if (this.#first.length < this.#sampleSize) this.#first.push(failure);
    if (!this.#firstByReason.has(failure.reason)) this.#firstByReason.set(failure.reason, failure);
    this.#sink?.(failure);
  }

  /**
   * A few failures to show, at most the sample size: the first of each reason, then the first ones
   * overall, in input order.
   */
  get samples(): CliFailure[] {
    const chosen = new Set<CliFailure>([...this.#firstByReason.values()].slice(0, this.#sampleSize));
    for (const failure of this.#first) {
      if (chosen.size >= this.#sampleSize) break;
      chosen.add(failure);
    }
    return [...chosen].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  }

  /** The counts by reason as a plain object, most frequent first. */
  reasons(): Partial<Record<SyncFailureReason, number>> {
    return Object.fromEntries([...this.byReason].sort((a, b) => b[1] - a[1]));
  }
}
