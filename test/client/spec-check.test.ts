import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../support/spec.js';

// The request-shape tests lean on this checker: it must reject what the spec rejects.
describe('the spec checker used by the request tests', () => {
  it('knows the definitions the client uses', () => {
    for (const name of [
      'BulkUpdateUsersRequest',
      'OptionalApiUser',
      'ApiUserUpdateRequest',
      'UserResponse',
    ]) {
      expect(validateAgainstSpec(name, {})).not.toContainEqual(expect.stringContaining('no such definition'));
    }
    expect(validateAgainstSpec('NoSuchThing', {})).toEqual([expect.stringContaining('no such definition')]);
  });

  it('accepts a conforming bulkUpdate body', () => {
    expect(
      validateAgainstSpec(
        'BulkUpdateUsersRequest',
        {
          users: [{ userId: 'u-1', mergeNestedObjects: true, dataFields: { a: '1' } }],
          createNewFields: true,
        },
        { strict: true },
      ),
    ).toEqual([]);
  });

  it('reports a missing required key, a wrong type and a wrong item type', () => {
    expect(validateAgainstSpec('BulkUpdateUsersRequest', {})).toEqual([
      'BulkUpdateUsersRequest: missing required users',
    ]);
    expect(validateAgainstSpec('BulkUpdateUsersRequest', { users: {} })).toEqual([
      'BulkUpdateUsersRequest.users: expected array, got object',
    ]);
    expect(validateAgainstSpec('BulkUpdateUsersRequest', { users: [{ userId: 7 }] })).toEqual([
      'BulkUpdateUsersRequest.users[0].userId: expected string, got integer',
    ]);
    expect(validateAgainstSpec('UserBulkUpdateListResponse', { successCount: 1.5, failCount: 0 })).toEqual([
      'UserBulkUpdateListResponse.successCount: expected integer, got number',
    ]);
  });

  it('reports a code outside the IterableApiResponse enum', () => {
    expect(validateAgainstSpec('IterableApiResponse', { code: 'Nope', msg: '' })).toHaveLength(1);
  });

  it('in strict mode, reports a misspelt key the spec would let through', () => {
    const body = { users: [{ userId: 'u-1', mergeNestedObject: true }] };
    expect(validateAgainstSpec('BulkUpdateUsersRequest', body)).toEqual([]);
    expect(validateAgainstSpec('BulkUpdateUsersRequest', body, { strict: true })).toEqual([
      'BulkUpdateUsersRequest.users[0]: property mergeNestedObject is not in the spec',
    ]);
  });
});
