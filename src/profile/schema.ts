import { z } from 'zod';
import { userIdProblem } from './user-id.js';
import { toProbability, toUtcTimestamp } from './values.js';

const EXPERIMENT_KEYS = ['experimentId', 'experimentName', 'addedAt', 'assignment'] as const;

const userId = z.string({ error: 'userId must be a string' }).check((ctx) => {
  const problem = userIdProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

const nonEmpty = (key: string) =>
  z.string({ error: `${key} must be a string` }).min(1, { error: `${key} must not be empty` });

const addedAt = z
  .union([z.date(), z.number(), z.string()], {
    error: 'addedAt must be a Date, epoch milliseconds, or an ISO-8601 string with a time zone',
  })
  .transform((value, ctx) => {
    const timestamp = toUtcTimestamp(value);
    if (timestamp !== undefined) return timestamp;
    ctx.issues.push({
      code: 'custom',
      message:
        typeof value === 'string'
          ? 'addedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-29T01:40:43Z'
          : 'addedAt must be a valid date between the years 0 and 9999',
      input: value,
    });
    return z.NEVER;
  });

const churnRisk = z
  .union([z.number(), z.string()], { error: 'churnRisk must be a number or numeric string from 0 to 1' })
  .transform((value, ctx) => {
    const probability = toProbability(value);
    if (probability !== undefined) return probability;
    ctx.issues.push({
      code: 'custom',
      message: 'churnRisk must be a number or numeric string from 0 to 1',
      input: value,
    });
    return z.NEVER;
  });

/**
 * The zod schema of one Subsets profile: a user's experiment assignment and/or churn risk.
 *
 * - `userId` (required): 1–52 printable ASCII characters, no leading or trailing space.
 * - `experimentId`, `experimentName`, `addedAt`, `assignment`: all four or none.
 *   `addedAt` accepts a `Date`, epoch milliseconds or an ISO-8601 string with a zone, and is
 *   normalised to ISO-8601 UTC (`2026-11-29T01:40:43.000Z`).
 * - `churnRisk`: a number or numeric string in [0, 1], normalised to a decimal string (`"0.27"`).
 *
 * At least the experiment group or `churnRisk` must be present; unknown keys are rejected.
 * Parsing returns a {@link NormalizedSubsetsProfile}, with every value a string.
 *
 * @example
 * ```ts
 * const profile = SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.27 });
 * // { userId: 'u-1', churnRisk: '0.27' }
 * ```
 */
export const SubsetsProfile = z
  .strictObject(
    {
      userId,
      experimentId: nonEmpty('experimentId').optional(),
      experimentName: nonEmpty('experimentName').optional(),
      addedAt: addedAt.optional(),
      assignment: z
        .enum(['treatment', 'control'], { error: "assignment must be 'treatment' or 'control'" })
        .optional(),
      churnRisk: churnRisk.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'a profile must be an object') },
  )
  .check((ctx) => {
    const present = EXPERIMENT_KEYS.filter((key) => ctx.value[key] !== undefined);
    if (present.length > 0 && present.length < EXPERIMENT_KEYS.length) {
      const missing = EXPERIMENT_KEYS.filter((key) => ctx.value[key] === undefined);
      ctx.issues.push({
        code: 'custom',
        message: `the experiment fields go together: ${missing.join(', ')} missing (given: ${present.join(', ')})`,
        path: [missing[0] as string],
        input: ctx.value,
      });
    } else if (present.length === 0 && ctx.value.churnRisk === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'a profile needs churnRisk, or all of experimentId, experimentName, addedAt and assignment',
        input: ctx.value,
      });
    }
  });

/** The input a caller gives for one profile (see {@link SubsetsProfile} for the rules). */
export type SubsetsProfile = z.input<typeof SubsetsProfile>;

/** A validated profile: every value normalised to the string that is sent to Iterable. */
export type NormalizedSubsetsProfile = z.output<typeof SubsetsProfile>;

/**
 * One readable line from a failed profile validation, naming each field that was wrong:
 * `addedAt: addedAt must be ...; userId: userId must not be empty`.
 */
export function describeProfileError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
