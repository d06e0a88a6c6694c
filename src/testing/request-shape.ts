/**
 * Shape checks of the write requests, per Iterable's `BulkUpdateUsersRequest`, `OptionalApiUser`
 * and `ApiUserUpdateRequest`. A request that fails them is answered 400 `BadParams`. As Iterable's
 * JSON reader does, `null` stands for an absent optional property.
 */
import { isJsonObject } from './field-types.js';

/** One user of a write, checked. */
export interface WriteUser {
  readonly userId?: string;
  readonly email?: string;
  readonly dataFields: Record<string, unknown>;
  readonly preferUserId: boolean;
  readonly mergeNestedObjects: boolean;
}

/** A write request, checked. */
export interface WriteRequest {
  readonly users: readonly WriteUser[];
  /** `undefined` when the request leaves it to the project's setting. */
  readonly createNewFields: boolean | undefined;
}

/** A request that does not have the documented shape; `message` says where. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

function optional<T>(where: string, value: unknown, kind: 'string' | 'boolean'): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== kind) throw new ShapeError(`${where} must be a ${kind}`);
  return value as T;
}

function checkUser(value: unknown, where: string): WriteUser {
  if (!isJsonObject(value)) throw new ShapeError(`${where} must be an object`);
  const userId = optional<string>(`${where}.userId`, value.userId, 'string');
  const email = optional<string>(`${where}.email`, value.email, 'string');
  if (userId !== undefined && email !== undefined) {
    throw new ShapeError(`${where} must have an email or a userId, not both`);
  }
  if (userId === undefined && email === undefined)
    throw new ShapeError(`${where} must have an email or a userId`);
  const dataFields = value.dataFields ?? {};
  if (!isJsonObject(dataFields)) throw new ShapeError(`${where}.dataFields must be an object`);
  const user: { -readonly [K in keyof WriteUser]: WriteUser[K] } = {
    dataFields,
    preferUserId: optional<boolean>(`${where}.preferUserId`, value.preferUserId, 'boolean') ?? false,
    mergeNestedObjects:
      optional<boolean>(`${where}.mergeNestedObjects`, value.mergeNestedObjects, 'boolean') ?? false,
  };
  if (userId !== undefined) user.userId = userId;
  if (email !== undefined) user.email = email;
  return user;
}

/** Checks a `POST /api/users/bulkUpdate` body. @throws ShapeError */
export function checkBulkUpdateRequest(body: unknown): WriteRequest {
  if (!isJsonObject(body)) throw new ShapeError('the body must be a JSON object');
  if (!Array.isArray(body.users)) throw new ShapeError('users must be an array');
  const users = body.users.map((user: unknown, index) => checkUser(user, `users[${index}]`));
  return { users, createNewFields: optional<boolean>('createNewFields', body.createNewFields, 'boolean') };
}

/** Checks a `POST /api/users/update` body. @throws ShapeError */
export function checkUpdateRequest(body: unknown): WriteRequest {
  if (!isJsonObject(body)) throw new ShapeError('the body must be a JSON object');
  return {
    users: [checkUser(body, 'the user')],
    createNewFields: optional<boolean>('createNewFields', body.createNewFields, 'boolean'),
  };
}
