import { FieldTypingPass, mergeDataFields } from './data-fields.js';
import type { ResolvedFakeOptions } from './options.js';
import type { FakeIterableRequest, FakeIterableUserSeed, IterableFieldType } from './types.js';

/** A stored profile; the stand-in mutates it in place as writes arrive. */
export interface StoredUser {
  userId?: string;
  email?: string;
  dataFields: Record<string, unknown>;
}

/** Who a write creates, when its user does not exist yet. */
export interface NewUserIdentity {
  readonly userId?: string;
  readonly email?: string;
}

/**
 * A placeholder email for a user created from a `userId` in an email-based or hybrid project,
 * stable for a given `userId` (FNV-1a of the id, in hex, at Iterable's placeholder domain).
 */
export function placeholderEmail(userId: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash ^= userId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}${userId.length.toString(16)}@placeholder.email`;
}

/** The data of one simulated project: users, fields and the requests received. */
export class ProjectStore {
  readonly users = new Map<string, StoredUser>();
  readonly usersByEmail = new Map<string, StoredUser>();
  readonly fields = new Map<string, IterableFieldType>();
  readonly requests: FakeIterableRequest[] = [];
  readonly #options: ResolvedFakeOptions;

  /** @throws TypeError when the seeded users do not fit the seeded fields. */
  constructor(options: ResolvedFakeOptions) {
    this.#options = options;
    this.#seed();
  }

  /** Back to the seeded state; the maps and the array keep their identity. */
  reset(): void {
    this.users.clear();
    this.usersByEmail.clear();
    this.fields.clear();
    this.requests.length = 0;
    this.#seed();
  }

  /** The user a write identified by `userId` or email refers to, if it exists. */
  find(identity: NewUserIdentity): StoredUser | undefined {
    return identity.userId === undefined
      ? identity.email === undefined
        ? undefined
        : this.usersByEmail.get(identity.email)
      : this.users.get(identity.userId);
  }

  /** The existing user, or a new one (with a placeholder email where the project gives one). */
  findOrCreate(identity: NewUserIdentity): StoredUser {
    const existing = this.find(identity);
    if (existing !== undefined) return existing;
    const user: StoredUser = { dataFields: {} };
    if (identity.userId !== undefined) {
      user.userId = identity.userId;
      if (identity.email !== undefined) user.email = identity.email;
      else if (this.#options.projectType !== 'userId') user.email = placeholderEmail(identity.userId);
      this.users.set(identity.userId, user);
    } else if (identity.email !== undefined) {
      user.email = identity.email;
    }
    if (user.email !== undefined) this.usersByEmail.set(user.email, user);
    return user;
  }

  #seed(): void {
    for (const [name, type] of this.#options.fields) this.fields.set(name, type);
    this.#options.users.forEach((seed, index) => {
      this.#seedUser(seed, index);
    });
  }

  #seedUser(seed: FakeIterableUserSeed, index: number): void {
    const typing = new FieldTypingPass(this.fields, true);
    const data = typing.clean(seed.dataFields ?? {});
    const [field, mismatch] = typing.mismatches.entries().next().value ?? [];
    if (field !== undefined && mismatch !== undefined) {
      throw new TypeError(
        `users[${index}].dataFields.${field} does not fit the field's type '${mismatch.expectedType}'`,
      );
    }
    for (const [name, type] of typing.newFields) this.fields.set(name, type);
    let user = this.find(seed);
    if (user === undefined) {
      user = { dataFields: {} };
      if (seed.userId !== undefined) user.userId = seed.userId;
      if (seed.email !== undefined) user.email = seed.email;
    }
    if (user.userId !== undefined) this.users.set(user.userId, user);
    if (user.email !== undefined) this.usersByEmail.set(user.email, user);
    mergeDataFields(user.dataFields, data, false);
  }
}
