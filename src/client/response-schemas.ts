/**
 * The readers of Iterable's answers: a parsed JSON body in, the typed result out, or the first
 * problem that makes the body differ from what Iterable documents. Unknown keys are kept
 * everywhere; lists and counts are read leniently (a missing or `null` list means none).
 *
 * They are plain functions rather than zod schemas: every request reads one, so a program that
 * only syncs would otherwise bundle zod's schema machinery for five small shapes.
 */
import type { z as classic } from 'zod';
import { FIELD_NAMES } from '../profile/field-names.js';
import type { BulkUpdateResult, IterableUserDataFields, IterableUserProfile } from './types.js';

/** Why a body is not what Iterable documents; thrown inside a reader, caught by its `safeParse`. */
class ShapeProblem extends Error {}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShapeProblem(`${what} must be an object`);
  return value as Json;
}

/** A copy of `body`, once each of `keys` is checked to be a list of strings, `null` or absent. */
function stringLists(body: Json, keys: readonly string[], prefix = ''): Json {
  const out: Json = { ...body };
  for (const key of keys) {
    const value = body[key];
    if (value === undefined) continue;
    if (value !== null && !(Array.isArray(value) && value.every((each) => typeof each === 'string')))
      throw new ShapeProblem(`${prefix}${key} must be a list of strings`);
  }
  return out;
}

function counts(body: Json, keys: readonly string[]): void {
  for (const key of keys) {
    const value = body[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0))
      throw new ShapeProblem(`${key} must be a whole number from 0`);
  }
}

/** The lists of `failedUpdates`: an email and a userId list for each kind of failure. */
const FAILED_UPDATE_LISTS = /* @__PURE__ */ [
  'conflict',
  'forgotten',
  'invalidData',
  'invalid',
  'notFound',
].flatMap((kind) => [`${kind}Emails`, `${kind}UserIds`]);

function bulkUpdateResult(value: unknown): BulkUpdateResult {
  const body = stringLists(object(value, 'the body'), [
    'createdFields',
    'filteredOutFields',
    'invalidEmails',
    'invalidUserIds',
  ]);
  counts(body, ['successCount', 'failCount']);
  // `null` means no user failed, the same as none.
  if (body.failedUpdates === null) body.failedUpdates = undefined;
  else if (body.failedUpdates !== undefined) {
    const lists = object(body.failedUpdates, 'failedUpdates');
    body.failedUpdates = stringLists(lists, FAILED_UPDATE_LISTS, 'failedUpdates.');
  }
  return body as BulkUpdateResult;
}

function getFieldsResponse(value: unknown): { fields: Record<string, string> } {
  const body = object(value, 'the body');
  const fields = object(body.fields, 'fields');
  for (const type of Object.values(fields))
    if (typeof type !== 'string') throw new ShapeProblem('every field type must be a string');
  return body as { fields: Record<string, string> };
}

/**
 * The profile's `dataFields` with the five Subsets fields as strings: a value the project holds
 * with another type (a number or boolean) becomes its text, a `null` no value. Other fields are
 * left as they are.
 */
function subsetsFieldsAsText(dataFields: Json): IterableUserDataFields {
  const out: Json = { ...dataFields };
  for (const name of FIELD_NAMES) {
    const value = Object.hasOwn(dataFields, name) ? dataFields[name] : undefined;
    if (value === undefined || typeof value === 'string') continue;
    if (value === null) delete out[name];
    else out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function userResponse(value: unknown): { user?: IterableUserProfile | undefined } {
  const body = object(value, 'the body');
  if (body.user === undefined) return body;
  const user = { ...object(body.user, 'user') };
  for (const key of ['email', 'userId'])
    if (user[key] !== undefined && typeof user[key] !== 'string')
      throw new ShapeProblem(`user.${key} must be a string`);
  if (user.dataFields !== undefined)
    user.dataFields = subsetsFieldsAsText(object(user.dataFields, 'user.dataFields'));
  return { ...body, user };
}

/** Iterable's error body (`IterableApiResponse`): `code`, `msg`, `params`. */
export interface ApiResponse {
  code?: string | undefined;
  msg?: string | undefined;
  params?: Record<string, unknown> | null | undefined;
  [key: string]: unknown;
}

function apiResponse(value: unknown): ApiResponse {
  const body = object(value, 'the body');
  for (const key of ['code', 'msg'])
    if (body[key] !== undefined && typeof body[key] !== 'string')
      throw new ShapeProblem(`${key} must be a string`);
  if (body.params !== undefined && body.params !== null) object(body.params, 'params');
  return body;
}

/**
 * A reader in the form the transport's `RequestSpec` takes. It names zod's `ZodType`, but calls only
 * `safeParse` and reads `success`, `data` and `error.issues[0].message`, which this gives.
 */
function reader<T>(read: (value: unknown) => T): classic.ZodType<T> {
  const safeParse = (value: unknown) => {
    try {
      return { success: true, data: read(value) };
    } catch (error) {
      if (!(error instanceof ShapeProblem)) throw error;
      return { success: false, error: { issues: [{ code: 'custom', path: [], message: error.message }] } };
    }
  };
  return { safeParse } as unknown as classic.ZodType<T>;
}

/** Reads a bulkUpdate answer (`UserBulkUpdateListResponse`). */
export const BulkUpdateResultSchema = /* @__PURE__ */ reader(bulkUpdateResult);
/** Reads a getFields answer (`GetUserFieldsResponse`). */
export const GetFieldsResponseSchema = /* @__PURE__ */ reader(getFieldsResponse);
/** Reads a users/byUserId answer (`UserResponse`). */
export const UserResponseSchema = /* @__PURE__ */ reader(userResponse);
/** Reads an error body, and the answer of users/update. */
export const ApiResponseSchema = /* @__PURE__ */ reader(apiResponse);
