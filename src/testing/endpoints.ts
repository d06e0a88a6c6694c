import { type FieldMismatch, setOwn } from './data-fields.js';
import type { ResolvedFakeOptions } from './options.js';
import { checkBulkUpdateRequest, checkUpdateRequest } from './request-shape.js';
import { apiError, type EngineResponse, jsonResponse } from './responses.js';
import type { ProjectStore } from './store.js';
import type { FakeIterableEndpoint } from './types.js';
import { type UserFailure, type WriteOutcome, writeUsers } from './write-users.js';

type FailedUpdates = Record<
  | 'conflictEmails'
  | 'conflictUserIds'
  | 'forgottenEmails'
  | 'forgottenUserIds'
  | 'invalidDataEmails'
  | 'invalidDataUserIds'
  | 'invalidEmails'
  | 'invalidUserIds'
  | 'notFoundEmails'
  | 'notFoundUserIds',
  string[]
>;

function emptyFailedUpdates(): FailedUpdates {
  return {
    conflictEmails: [],
    conflictUserIds: [],
    forgottenEmails: [],
    forgottenUserIds: [],
    invalidDataEmails: [],
    invalidDataUserIds: [],
    invalidEmails: [],
    invalidUserIds: [],
    notFoundEmails: [],
    notFoundUserIds: [],
  };
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function typeMismatch(
  options: ResolvedFakeOptions,
  mismatches: ReadonlyMap<string, FieldMismatch>,
): EngineResponse {
  const validationErrors: Record<string, unknown> = {};
  const sentences: string[] = [];
  for (const [field, mismatch] of mismatches) {
    const incoming = [...mismatch.incomingTypes];
    setOwn(validationErrors, `${options.projectName}:::${field}`, {
      incomingTypes: incoming,
      expectedType: mismatch.expectedType,
      category: 'user',
      offendingValue: describeValue(mismatch.offendingValue),
      _type: 'UnexpectedType',
    });
    sentences.push(
      `Field '${field}' already exists for type 'user' and has a data type of '${mismatch.expectedType}' ` +
        `but possible types '${incoming.join(', ')}' in the request.`,
    );
  }
  return apiError(
    400,
    'RequestFieldsTypesMismatched',
    `Project ${options.projectId}: The request does not have the same data types as the data previously submitted. ${sentences.join(' ')}`,
    { validationErrors },
  );
}

function fieldLimit(
  options: ResolvedFakeOptions,
  outcome: Extract<WriteOutcome, { kind: 'fieldLimit' }>,
): EngineResponse {
  return apiError(
    400,
    'UniqueFieldsLimitExceeded',
    `Project ${options.projectId}: creating ${outcome.newFields.length} new user field(s) (${outcome.newFields.join(', ')}) ` +
      `would exceed the limit of ${options.fieldLimit} unique user fields (the project has ${outcome.existing}).`,
  );
}

/** `POST /api/users/bulkUpdate`: 200 `UserBulkUpdateListResponse`, even when some users failed. */
export function bulkUpdate(store: ProjectStore, options: ResolvedFakeOptions, body: unknown): EngineResponse {
  const outcome = writeUsers(store, options, checkBulkUpdateRequest(body));
  if (outcome.kind === 'typeMismatch') return typeMismatch(options, outcome.mismatches);
  if (outcome.kind === 'fieldLimit') return fieldLimit(options, outcome);
  const failedUpdates = emptyFailedUpdates();
  const invalidEmails: string[] = [];
  const invalidUserIds: string[] = [];
  for (const { reason, id, byEmail } of outcome.failures) {
    failedUpdates[reason].push(id);
    // The deprecated top-level lists hold every user that failed, per the spec's description.
    (byEmail ? invalidEmails : invalidUserIds).push(id);
  }
  return jsonResponse(200, {
    successCount: outcome.successCount,
    failCount: outcome.failures.length,
    createdFields: outcome.createdFields,
    filteredOutFields: outcome.filteredOutFields,
    failedUpdates,
    invalidEmails,
    invalidUserIds,
  });
}

const SINGLE_USER_ERRORS: Readonly<Record<UserFailure, readonly [number, string, string]>> = {
  invalidUserIds: [400, 'InvalidUserIdError', 'Invalid userId'],
  invalidEmails: [400, 'InvalidEmailAddressError', 'Invalid email address'],
  forgottenUserIds: [409, 'ForgottenUserError', 'This user has been forgotten (GDPR) and cannot be updated'],
  forgottenEmails: [409, 'ForgottenUserError', 'This user has been forgotten (GDPR) and cannot be updated'],
  notFoundUserIds: [400, 'UnknownUserIdError', 'No user exists with this userId'],
  notFoundEmails: [400, 'UnknownEmailError', 'No user exists with this email'],
};

/** `POST /api/users/update`: one user, answered `{ msg, code: "Success", params: null }`. */
export function updateUser(store: ProjectStore, options: ResolvedFakeOptions, body: unknown): EngineResponse {
  const outcome = writeUsers(store, options, checkUpdateRequest(body));
  if (outcome.kind === 'typeMismatch') return typeMismatch(options, outcome.mismatches);
  if (outcome.kind === 'fieldLimit') return fieldLimit(options, outcome);
  const failure = outcome.failures[0];
  if (failure !== undefined) {
    const [status, code, msg] = SINGLE_USER_ERRORS[failure.reason];
    return apiError(status, code, `${msg}: ${failure.id}`);
  }
  return jsonResponse(200, { msg: '', code: 'Success', params: null });
}

function fieldsBody(store: ProjectStore): { fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const [name, type] of store.fields) setOwn(fields, name, type);
  return { fields };
}

/** `GET /api/users/getFields`: `{ fields: { name: type } }`, nested fields named with dots. */
export function getFields(store: ProjectStore): EngineResponse {
  return jsonResponse(200, fieldsBody(store));
}

/**
 * `GET /api/users/byUserId`: `{ user: { email?, userId, dataFields } }`, or `{}` for an unknown
 * user (the spec's `UserResponse` makes `user` optional and documents no 404).
 */
export function byUserId(store: ProjectStore, userId: string | undefined): EngineResponse {
  if (userId === undefined || userId.length === 0) return apiError(400, 'BadParams', 'userId is required');
  const user = store.users.get(userId);
  if (user === undefined) return jsonResponse(200, {});
  return jsonResponse(200, {
    user:
      user.email === undefined
        ? { userId, dataFields: user.dataFields }
        : { email: user.email, userId, dataFields: user.dataFields },
  });
}

/** What a success of the endpoint looks like, for faults that cut it short. Changes nothing. */
export function typicalBody(endpoint: FakeIterableEndpoint, store: ProjectStore): unknown {
  switch (endpoint) {
    case 'bulkUpdate':
      return {
        successCount: 0,
        failCount: 0,
        createdFields: [],
        filteredOutFields: [],
        failedUpdates: emptyFailedUpdates(),
      };
    case 'update':
      return { msg: '', code: 'Success', params: null };
    case 'getFields':
      return fieldsBody(store);
    case 'byUserId':
      return { user: { userId: '', dataFields: {} } };
  }
}
