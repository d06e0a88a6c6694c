/**
 * Validation stage: one raw profile in, the normalized profile or a `validation` failure out.
 */

import { describeIssues } from '../profile/describe-error.js';
import { readProfile } from '../profile/read-profile.js';
import type { NormalizedSubsetsProfile } from '../profile/subsets-profile.js';
import type { SyncFailure } from './report.js';

/** The profile normalized by the profile rules, or the failure that names what was wrong with it. */
export function validateProfile(raw: unknown, index: number): NormalizedSubsetsProfile | SyncFailure {
  const { data, issues } = readProfile(raw);
  if (issues === undefined) return data;
  const userId = (raw as { userId?: unknown } | null)?.userId;
  const field = issues[0]?.path[0];
  return {
    userId: typeof userId === 'string' ? userId : undefined,
    reason: 'validation',
    message: describeIssues(issues),
    retryable: false,
    ...(typeof field === 'string' ? { field } : {}),
    index,
  };
}

/** Whether the validation stage's answer is a failure. */
export function isFailure(value: NormalizedSubsetsProfile | SyncFailure): value is SyncFailure {
  return 'reason' in value;
}
