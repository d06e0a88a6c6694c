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
 * It accepts the interface of the same name, `SubsetsProfile`, and parsing returns a
 * {@link NormalizedSubsetsProfile}, with every value a string.
 *
 * @example
 * ```ts
 * const profile = SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.27 });
 * // { userId: 'u-1', churnRisk: '0.27' }
 * ```
 * @category Profiles
 */
export const SubsetsProfile = z
  .strictObject(
    {
      /** Required: 1–52 printable ASCII characters, no leading or trailing space. */
      userId,
      /** With `experimentName`, `addedAt` and `assignment`: a non-empty string. */
      experimentId: nonEmpty('experimentId').optional(),
      /** With the other experiment keys: a non-empty string. */
      experimentName: nonEmpty('experimentName').optional(),
      /** With the other experiment keys: a `Date`, epoch ms or ISO-8601 with a zone; parsed to ISO-8601 UTC. */
      addedAt: addedAt.optional(),
      /** With the other experiment keys: `'treatment'` or `'control'`. */
      assignment: z
        .enum(['treatment', 'control'], { error: "assignment must be 'treatment' or 'control'" })
        .optional(),
      /** A number or numeric string in [0, 1]; parsed to a decimal string. */
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
  }) satisfies z.ZodType<NormalizedSubsetsProfile, SubsetsProfile>;

/**
 * One profile as a caller gives it: a user's experiment assignment, churn risk, or both. The four
 * experiment keys go together (all or none); at least the experiment group or `churnRisk` must be
 * present. The zod schema of the same name checks these rules at run time
 * (`SubsetsProfile.parse(input)`); `syncProfiles` applies it to every profile.
 *
 * @example
 * ```ts
 * const joined: SubsetsProfile = {
 *   userId: 'user-1',
 *   experimentId: 'exp-42',
 *   experimentName: 'Winback discount',
 *   addedAt: new Date(),
 *   assignment: 'treatment',
 *   churnRisk: 0.27,
 * };
 * // A churn-score refresh: the experiment fields stay as they are in Iterable.
 * const refresh: SubsetsProfile = { userId: 'user-2', churnRisk: '0.81' };
 * ```
 * @category Profiles
 */
export interface SubsetsProfile {
  /**
   * The user's Iterable `userId` (required): 1–52 printable ASCII characters, case-sensitive, not
   * starting or ending with a space. Sent as the top-level `userId`.
   */
  userId: string;
  /** Unique identifier of the experiment, a non-empty string; written to `subsetsExperimentId`. */
  experimentId?: string | undefined;
  /** Name of the experiment, a non-empty string; written to `subsetsExperimentName`. */
  experimentName?: string | undefined;
  /**
   * When the user was added to the experiment: a `Date`, epoch milliseconds, or an ISO-8601 string
   * with a time zone. Written to `subsetsExperimentAddedAt` as ISO-8601 UTC,
   * `2026-11-29T01:40:43.000Z`.
   */
  addedAt?: Date | number | string | undefined;
  /** The user's group in the experiment; written to `subsetsExperimentAssignment`. */
  assignment?: 'treatment' | 'control' | undefined;
  /**
   * Probability that the subscriber churns within 30 days: a number or numeric string from 0 to 1.
   * Written to `subsetsSubscriberChurnRisk` as a decimal string, `"0.27"`.
   */
  churnRisk?: number | string | undefined;
}

/**
 * A validated profile: every value normalised to the string that is sent to Iterable. What
 * `SubsetsProfile.parse` returns.
 * @category Profiles
 */
export interface NormalizedSubsetsProfile {
  /** The user's `userId`, as given. */
  userId: string;
  /** Unique identifier of the experiment. */
  experimentId?: string | undefined;
  /** Name of the experiment. */
  experimentName?: string | undefined;
  /** When the user was added to the experiment, ISO-8601 UTC: `2026-11-29T01:40:43.000Z`. */
  addedAt?: string | undefined;
  /** The user's group in the experiment. */
  assignment?: 'treatment' | 'control' | undefined;
  /** Churn probability as a decimal string, `"0.27"`. */
  churnRisk?: string | undefined;
}

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
export function describeProfileError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
