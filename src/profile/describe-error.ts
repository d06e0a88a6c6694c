import type { $ZodError, $ZodIssue } from 'zod/v4/core';
import { PROFILE_MESSAGES } from './messages.js';

/**
 * One readable line from a failed profile validation, naming each field that was wrong:
 * `addedAt: addedAt must be ...; userId: userId must not be empty`.
 *
 * @example
 * ```ts
 * const parsed = SubsetsProfile.safeParse({ userId: 'u-1', churnRisk: 1.4 });
 * if (!parsed.success) console.log(describeProfileError(parsed.error));
 * // churnRisk must be a number or numeric string from 0 to 1
 * ```
 * @category Profiles
 */
export function describeProfileError(error: $ZodError): string {
  return describeIssues(error.issues);
}

/** The line of {@link describeProfileError}, from the issues alone. */
export function describeIssues(issues: readonly $ZodIssue[]): string {
  return issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
      if (issue.code === 'unrecognized_keys') return PROFILE_MESSAGES.unknownKeys(issue.keys);
      return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
