import type { IterableUser } from '../client/types.js';
import type { NormalizedSubsetsProfile } from '../profile/schema.js';
import { normalizedToIterableUser } from '../profile/to-iterable-user.js';
import { fingerprint } from '../state/fingerprint.js';

/** The bulkUpdate user of a validated profile: a `userId` and string `dataFields`. */
export type SyncUser = IterableUser & {
  readonly userId: string;
  readonly dataFields: Record<string, string>;
};

/**
 * One user on its way through the sync, from validation to its outcome; several profiles of the
 * same user in one batch merge into one entry. An entry read from a profile builds its bulkUpdate
 * user only when a stage asks for it (a merge, a resend without a mistyped field, a state
 * fingerprint): the body is written from the profile, so most users never need the object.
 */
export class BatchEntry {
  readonly userId: string;
  /** The validated profile; `undefined` for a merged entry, which holds its user instead. */
  readonly profile: NormalizedSubsetsProfile | undefined;
  /** Position of the user's first profile in the source. */
  readonly index: number;
  /** Positions of the later profiles merged into this entry. */
  readonly merged: readonly number[] | undefined;
  /** The fingerprint of `user.dataFields`, when the sync keeps a state. */
  readonly fingerprint: string | undefined;
  readonly #createMissingUsers: boolean;
  #user: SyncUser | undefined;

  private constructor(
    profile: NormalizedSubsetsProfile | undefined,
    user: SyncUser | undefined,
    index: number,
    merged: readonly number[] | undefined,
    createMissingUsers: boolean,
    keepsState: boolean,
  ) {
    this.userId = (profile ?? (user as SyncUser)).userId;
    this.profile = profile;
    this.#user = user;
    this.index = index;
    this.merged = merged;
    this.#createMissingUsers = createMissingUsers;
    this.fingerprint = keepsState ? fingerprint(this.user.dataFields) : undefined;
  }

  /** The entry of one validated profile; `keepsState` adds the fingerprint a state lookup needs. */
  static read(
    profile: NormalizedSubsetsProfile,
    index: number,
    createMissingUsers: boolean,
    keepsState: boolean,
  ): BatchEntry {
    return new BatchEntry(profile, undefined, index, undefined, createMissingUsers, keepsState);
  }

  /** One entry for `earlier` and a later profile of the same user: later values win. */
  static merge(earlier: BatchEntry, later: BatchEntry): BatchEntry {
    const user: SyncUser = {
      ...earlier.user,
      ...(later.user.preferUserId ? { preferUserId: true } : {}),
      dataFields: { ...earlier.user.dataFields, ...later.user.dataFields },
    };
    const merged = [...(earlier.merged ?? []), later.index];
    const keepsState = later.fingerprint !== undefined;
    return new BatchEntry(undefined, user, earlier.index, merged, earlier.#createMissingUsers, keepsState);
  }

  /** The bulkUpdate user, built from the profile the first time it is asked for. */
  get user(): SyncUser {
    this.#user ??= normalizedToIterableUser(
      this.profile as NormalizedSubsetsProfile,
      this.#createMissingUsers,
    ) as SyncUser;
    return this.#user;
  }
}

/** The source positions of every profile an entry stands for: its own, then those merged into it. */
export function profileIndexes(entry: BatchEntry): number[] {
  return entry.merged === undefined ? [entry.index] : [entry.index, ...entry.merged];
}
