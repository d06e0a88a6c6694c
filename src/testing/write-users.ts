import { userIdProblem } from '../profile/user-id.js';
import { type FieldMismatch, FieldTypingPass, mergeDataFields } from './data-fields.js';
import type { ResolvedFakeOptions } from './options.js';
import type { WriteRequest, WriteUser } from './request-shape.js';
import type { NewUserIdentity, ProjectStore, StoredUser } from './store.js';

/** Why one user of a write failed: the name of its `failedUpdates` list. */
export type UserFailure =
  | 'invalidUserIds'
  | 'invalidEmails'
  | 'forgottenUserIds'
  | 'forgottenEmails'
  | 'notFoundUserIds'
  | 'notFoundEmails';

/** The outcome of a write. */
export type WriteOutcome =
  | {
      readonly kind: 'applied';
      readonly successCount: number;
      /** Failed users in request order, with the identifier they were given by. */
      readonly failures: readonly {
        readonly reason: UserFailure;
        readonly id: string;
        readonly byEmail: boolean;
      }[];
      readonly createdFields: readonly string[];
      readonly filteredOutFields: readonly string[];
    }
  | { readonly kind: 'typeMismatch'; readonly mismatches: ReadonlyMap<string, FieldMismatch> }
  | { readonly kind: 'fieldLimit'; readonly newFields: readonly string[]; readonly existing: number };

// A simple, permissive email check: something@something.tld, no spaces, at most 254 characters.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

type Target = { readonly user: StoredUser | undefined; readonly identity: NewUserIdentity };

function identify(
  store: ProjectStore,
  options: ResolvedFakeOptions,
  user: WriteUser,
): Target | { readonly reason: UserFailure; readonly id: string; readonly byEmail: boolean } {
  if (user.userId !== undefined) {
    const userId = user.userId;
    if (userIdProblem(userId) !== undefined) return { reason: 'invalidUserIds', id: userId, byEmail: false };
    if (options.forgottenUserIds.has(userId))
      return { reason: 'forgottenUserIds', id: userId, byEmail: false };
    const existing = store.users.get(userId);
    if (existing === undefined && options.projectType === 'email' && !user.preferUserId) {
      return { reason: 'notFoundUserIds', id: userId, byEmail: false };
    }
    return { user: existing, identity: { userId } };
  }
  const email = user.email as string;
  if (email.length > 254 || !EMAIL.test(email)) return { reason: 'invalidEmails', id: email, byEmail: true };
  if (options.forgottenEmails.has(email)) return { reason: 'forgottenEmails', id: email, byEmail: true };
  const existing = store.usersByEmail.get(email);
  if (existing === undefined && options.projectType === 'userId') {
    return { reason: 'notFoundEmails', id: email, byEmail: true };
  }
  return { user: existing, identity: { email } };
}

/**
 * Applies a write as Iterable does, all or nothing at the request level: users that cannot be
 * identified fail one by one; a type mismatch or a field limit overrun fails the whole request
 * and stores nothing. Otherwise the new fields are created (in order of first appearance) and
 * every identified user is created or updated.
 */
export function writeUsers(
  store: ProjectStore,
  options: ResolvedFakeOptions,
  request: WriteRequest,
): WriteOutcome {
  const typing = new FieldTypingPass(
    store.fields,
    request.createNewFields ?? options.createNewFieldsByDefault,
  );
  const failures: { reason: UserFailure; id: string; byEmail: boolean }[] = [];
  const accepted: { target: Target; data: Record<string, unknown>; merge: boolean }[] = [];
  for (const user of request.users) {
    const target = identify(store, options, user);
    if ('reason' in target) failures.push(target);
    else accepted.push({ target, data: typing.clean(user.dataFields), merge: user.mergeNestedObjects });
  }
  if (typing.mismatches.size > 0) return { kind: 'typeMismatch', mismatches: typing.mismatches };
  if (store.fields.size + typing.newFields.size > options.fieldLimit) {
    return { kind: 'fieldLimit', newFields: [...typing.newFields.keys()], existing: store.fields.size };
  }
  for (const [name, type] of typing.newFields) store.fields.set(name, type);
  for (const { target, data, merge } of accepted) {
    // An earlier user of the same request may have created this one.
    const user = target.user ?? store.findOrCreate(target.identity);
    mergeDataFields(user.dataFields, data, merge);
  }
  return {
    kind: 'applied',
    successCount: accepted.length,
    failures,
    createdFields: [...typing.newFields.keys()],
    filteredOutFields: [...typing.filteredOut],
  };
}
