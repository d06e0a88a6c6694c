/**
 * Batching stage: validated users in, bulkUpdate batches (≤ `batchSize` users, ≤ 4 MB body) out,
 * synchronously. A user too large for any request comes back as a failure; two profiles of the same
 * user in one batch merge into one entry, later values winning.
 */

import { BatchBuilder, type BatchLimits } from '../batch/batch-builder.js';
import { type UserWriter, writeBulkBody, writeText } from '../batch/serialize.js';
import type { IterableUser } from '../client/types.js';
import { PROFILE_KEYS } from '../profile/field-names.js';
import type { NormalizedSubsetsProfile } from '../profile/schema.js';
import { fingerprint } from '../state/fingerprint.js';
import type { SyncFailure } from './report.js';
import { UserBytesWriter } from './user-bytes.js';

/** The `SubsetsProfile` key of each Subsets field, to name a profile's field in a failure. */
const PROFILE_KEY_OF: ReadonlyMap<string, string> = /* @__PURE__ */ new Map(Object.entries(PROFILE_KEYS));

/** The bulkUpdate user of a validated profile: a `userId` and string `dataFields`. */
export type SyncUser = IterableUser & {
  readonly userId: string;
  readonly dataFields: Record<string, string>;
};

/** A validated profile on its way to a batch. */
export interface PendingUser {
  readonly profile: NormalizedSubsetsProfile;
  readonly user: SyncUser;
  /** Position of the profile in the source. */
  readonly index: number;
  /** The fingerprint of `user.dataFields`, when the sync keeps a state. */
  readonly fingerprint: string | undefined;
}

/** One user of a batch; several profiles of the same user merge into one entry. */
export interface BatchEntry {
  readonly user: SyncUser;
  /** Position of the user's first profile in the source. */
  readonly index: number;
  /** Positions of the later profiles merged into this entry. */
  readonly merged: readonly number[] | undefined;
  /** The fingerprint of `user.dataFields`, when the sync keeps a state. */
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

/**
 * How a user of the batch being filled is held until its body is written: the validated profile,
 * written as JSON by {@link UserBytesWriter}, or the JSON text of a merged user.
 */
type UserJson = NormalizedSubsetsProfile | string;

/** Fills batches from validated users; see the file's opening sentence. */
export class Batcher {
  readonly #options: BatcherOptions;
  readonly #builder: BatchBuilder<BatchEntry, UserJson>;
  readonly #writer: UserBytesWriter;
  readonly #writeUser: UserWriter<UserJson>;
  /** Where each userId of the batch being filled sits in it. */
  #positions = new Map<string, number>();
  #ready: Batch[] = [];

  constructor(options: BatcherOptions) {
    this.#options = options;
    this.#builder = new BatchBuilder(options.limits);
    const writer = new UserBytesWriter(options.createMissingUsers);
    this.#writer = writer;
    this.#writeUser = (body, at, json) =>
      typeof json === 'string' ? writeText(body, at, json) : writer.write(json, body, at);
  }

  /** Adds one user; returns the failures of a user no request could carry. */
  add(pending: PendingUser): readonly SyncFailure[] | undefined {
    const at = this.#positions.get(pending.user.userId);
    if (at !== undefined) return this.#merge(at, pending);
    const entry: BatchEntry = {
      user: pending.user,
      index: pending.index,
      merged: undefined,
      fingerprint: pending.fingerprint,
    };
    return this.#push(entry, pending.profile, this.#writer.size(pending.profile));
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

  #push(entry: BatchEntry, json: UserJson, bytes: number): readonly SyncFailure[] | undefined {
    const builder = this.#builder;
    // No request could carry it: report it, as an invalid profile, instead of sending it.
    if (builder.tooLargeAlone(bytes)) return this.#tooLarge(entry, bytes);
    if (!builder.fits(bytes)) this.#cut();
    this.#positions.set(entry.user.userId, builder.length);
    builder.push(entry, json, bytes);
    if (builder.isFull) this.#cut();
    return undefined;
  }

  /** The same user again in the batch being filled: one entry, in input order, later values winning. */
  #merge(at: number, pending: PendingUser): readonly SyncFailure[] | undefined {
    const builder = this.#builder;
    const previous = builder.item(at);
    const user: SyncUser = {
      ...previous.user,
      ...(pending.user.preferUserId ? { preferUserId: true } : {}),
      dataFields: { ...previous.user.dataFields, ...pending.user.dataFields },
    };
    const merged: BatchEntry = {
      user,
      index: previous.index,
      merged: [...(previous.merged ?? []), pending.index],
      fingerprint: pending.fingerprint === undefined ? undefined : fingerprint(user.dataFields),
    };
    const json = JSON.stringify(user);
    const bytes = Buffer.byteLength(json);
    const old = builder.json(at);
    const oldBytes = typeof old === 'string' ? Buffer.byteLength(old) : this.#writer.size(old);
    if (builder.fitsGrowth(bytes - oldBytes)) {
      builder.replace(at, merged, json, bytes, oldBytes);
      return undefined;
    }
    // The merged user no longer fits: take it out, send the rest as they are, and start the next
    // batch with it, so that no request is ever larger than Iterable takes.
    builder.remove(at, oldBytes);
    this.#positions.delete(user.userId);
    for (const [userId, position] of this.#positions)
      if (position > at) this.#positions.set(userId, position - 1);
    if (!builder.isEmpty) this.#cut();
    return this.#push(merged, json, bytes);
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
    let field = 'userId';
    let largest = Buffer.byteLength(entry.user.userId);
    for (const [name, value] of Object.entries(entry.user.dataFields)) {
      const size = Buffer.byteLength(value);
      if (size > largest) [field, largest] = [PROFILE_KEY_OF.get(name) ?? name, size];
    }
    const failure = {
      userId: entry.user.userId,
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
