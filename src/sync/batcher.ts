/**
 * Batching stage: validated users in, bulkUpdate batches (≤ `batchSize` users, ≤ 4 MB body) out,
 * synchronously. A user too large for any request comes back as a failure; two profiles of the same
 * user in one batch merge into one entry, later values winning.
 */

import { BatchBuilder, type BatchLimits } from '../batch/batch-builder.js';
import { type UserWriter, writeBulkBody } from '../batch/serialize.js';
import { PROFILE_KEYS } from '../profile/field-names.js';
import type { NormalizedSubsetsProfile } from '../profile/schema.js';
import { profileDataFields } from '../profile/to-iterable-user.js';
import { fingerprint } from '../state/fingerprint.js';
import type { SyncFailure } from './report.js';
import { UserBytesWriter } from './user-bytes.js';

/** The `SubsetsProfile` key of each Subsets field, to name a profile's field in a failure. */
const PROFILE_KEY_OF: ReadonlyMap<string, string> = /* @__PURE__ */ new Map(Object.entries(PROFILE_KEYS));

/**
 * One user of a batch: a validated profile on its way, or several profiles of the same user merged
 * into one. The bulkUpdate user it stands for is built only where one is needed (see
 * {@link profileDataFields}): the body is written from the profile itself.
 */
export interface BatchEntry {
  readonly profile: NormalizedSubsetsProfile;
  /** Position of the user's first profile in the source. */
  readonly index: number;
  /** Positions of the later profiles merged into this entry. */
  readonly merged: readonly number[] | undefined;
  /** The fingerprint of the profile's `dataFields`, when the sync keeps a state. */
  readonly fingerprint: string | undefined;
}

/** The source positions of every profile an entry stands for: its own, then those merged into it. */
export function profileIndexes(entry: BatchEntry): number[] {
  return entry.merged === undefined ? [entry.index] : [entry.index, ...entry.merged];
}

/** One bulkUpdate request's worth of users. */
export interface Batch {
  readonly entries: readonly BatchEntry[];
  /** The request body, written when the batch was cut; `undefined` in a dry run, which sends nothing. */
  readonly body: Uint8Array<ArrayBuffer> | undefined;
}

/** What the batcher needs to know of the sync. */
export interface BatcherOptions {
  readonly limits: Required<BatchLimits>;
  readonly createMissingUsers: boolean;
  readonly createNewFields: boolean;
  /** Build request bodies (not in a dry run). */
  readonly bodies: boolean;
}

/** Fills batches from validated users; see the file's opening sentence. */
export class Batcher {
  readonly #options: BatcherOptions;
  readonly #builder: BatchBuilder<BatchEntry, NormalizedSubsetsProfile>;
  readonly #writer: UserBytesWriter;
  readonly #writeUser: UserWriter<NormalizedSubsetsProfile>;
  /** Where each userId of the batch being filled sits in it. */
  #positions = new Map<string, number>();
  #ready: Batch[] = [];

  constructor(options: BatcherOptions) {
    this.#options = options;
    this.#builder = new BatchBuilder(options.limits);
    const writer = new UserBytesWriter(options.createMissingUsers);
    this.#writer = writer;
    this.#writeUser = (body, at, profile) => writer.write(profile, body, at);
  }

  /** Adds one user (an entry of one profile); returns the failures of a user no request could carry. */
  add(entry: BatchEntry): readonly SyncFailure[] | undefined {
    const at = this.#positions.get(entry.profile.userId);
    if (at !== undefined) return this.#merge(at, entry);
    return this.#push(entry, this.#writer.size(entry.profile));
  }

  /** Whether a batch has been cut and not yet taken. */
  get hasReady(): boolean {
    return this.#ready.length > 0;
  }

  /** Takes the batches cut so far. */
  drain(): Batch[] {
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }

  /** Cuts the batch being filled, if it holds anyone; {@link Batcher.drain} then returns it. */
  flush(): void {
    if (!this.#builder.isEmpty) this.#cut();
  }

  #push(entry: BatchEntry, bytes: number): readonly SyncFailure[] | undefined {
    const builder = this.#builder;
    // No request could carry it: report it, as an invalid profile, instead of sending it.
    if (builder.tooLargeAlone(bytes)) return this.#tooLarge(entry, bytes);
    if (!builder.fits(bytes)) this.#cut();
    this.#positions.set(entry.profile.userId, builder.length);
    builder.push(entry, entry.profile, bytes);
    if (builder.isFull) this.#cut();
    return undefined;
  }

  /** The same user again in the batch being filled: one entry, in input order, later values winning. */
  #merge(at: number, later: BatchEntry): readonly SyncFailure[] | undefined {
    const builder = this.#builder;
    const previous = builder.item(at);
    // A validated profile holds only the keys it sets, so the later one's values win.
    const profile: NormalizedSubsetsProfile = { ...previous.profile, ...later.profile };
    const merged: BatchEntry = {
      profile,
      index: previous.index,
      merged: [...(previous.merged ?? []), later.index],
      fingerprint: later.fingerprint === undefined ? undefined : fingerprint(profileDataFields(profile)),
    };
    const bytes = this.#writer.size(profile);
    const oldBytes = this.#writer.size(previous.profile);
    if (builder.fitsGrowth(bytes - oldBytes)) {
      builder.replace(at, merged, profile, bytes, oldBytes);
      return undefined;
    }
    // The merged user no longer fits: take it out, send the rest as they are, and start the next
    // batch with it, so that no request is ever larger than Iterable takes.
    builder.remove(at, oldBytes);
    this.#positions.delete(profile.userId);
    for (const [userId, position] of this.#positions)
      if (position > at) this.#positions.set(userId, position - 1);
    if (!builder.isEmpty) this.#cut();
    return this.#push(merged, bytes);
  }

  #cut(): void {
    const { items, json, usersBytes } = this.#builder.take();
    this.#positions = new Map();
    // Written at once, with no string per user: the batch then waits for its turn holding one
    // buffer outside the heap, and the transport sends the buffer as it is.
    const { bodies, createNewFields } = this.#options;
    const body = bodies ? writeBulkBody(json, createNewFields, usersBytes, this.#writeUser) : undefined;
    this.#ready.push({ entries: items, body });
  }

  /** The failures of a user too large for any request, naming its largest field. */
  #tooLarge(entry: BatchEntry, bytes: number): readonly SyncFailure[] {
    const { userId } = entry.profile;
    let field = 'userId';
    let largest = Buffer.byteLength(userId);
    for (const [name, value] of Object.entries(profileDataFields(entry.profile))) {
      const size = Buffer.byteLength(value);
      if (size > largest) [field, largest] = [PROFILE_KEY_OF.get(name) ?? name, size];
    }
    const failure = {
      userId,
      reason: 'validation' as const,
      message:
        `${field} is too long: the profile takes ${bytes.toLocaleString('en-US')} bytes as JSON, more than ` +
        `one bulkUpdate request may carry (${this.#options.limits.maxBytes.toLocaleString('en-US')} bytes)`,
      retryable: false,
      field,
    };
    return profileIndexes(entry).map((index) => ({ ...failure, index }));
  }
}
