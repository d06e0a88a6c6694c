import * as z from 'zod/mini';
import { isDate } from './is-date.js';
import { EXPERIMENT_KEYS, PROFILE_MESSAGES as M } from './messages.js';
import { userIdProblem } from './user-id.js';
import { toProbability, toUtcTimestamp } from './values.js';

// The public schema, in zod's tree-shakable form (zod/mini), built inside a function called once
// and marked pure: a bundle that never reads `SubsetsProfile` leaves it and zod's schemas out. The
// SDK's own pipeline checks profiles with check-profile.ts, which a property test holds to this schema.

function userIdSchema() {
  return z.string({ error: M.userIdType }).check((ctx) => {
    const problem = userIdProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
}

/** A non-empty string. An empty one still lets the rule across keys run (`continue`), as zod's length checks do. */
function nonEmptySchema(key: string) {
  const text = z.string({ error: M.stringType(key) }).check((ctx) => {
    if (ctx.value.length === 0)
      ctx.issues.push({ code: 'custom', message: M.empty(key), input: ctx.value, continue: true });
  });
  return z.optional(text);
}

/** A `Date` from any realm, epoch milliseconds or an ISO-8601 string, parsed to ISO-8601 UTC. */
function addedAtSchema() {
  const accepted = z.custom<Date | number | string>(
    (value) => typeof value === 'number' || typeof value === 'string' || isDate(value),
    { error: M.addedAtType },
  );
  const toTimestamp = z.transform((value: Date | number | string, ctx) => {
    const timestamp = toUtcTimestamp(value);
    if (timestamp !== undefined) return timestamp;
    ctx.issues.push({
      code: 'custom',
      message: typeof value === 'string' ? M.addedAtZone : M.addedAtRange,
      input: value,
    });
    return z.NEVER;
  });
  return z.optional(z.pipe(accepted, toTimestamp));
}

function churnRiskSchema() {
  const accepted = z.union([z.number(), z.string()], { error: M.churnRisk });
  const toDecimal = z.transform((value: number | string, ctx) => {
    const probability = toProbability(value);
    if (probability !== undefined) return probability;
    ctx.issues.push({ code: 'custom', message: M.churnRisk, input: value });
    return z.NEVER;
  });
  return z.optional(z.pipe(accepted, toDecimal));
}

function profileSchema() {
  const shape = {
    userId: userIdSchema(),
    experimentId: nonEmptySchema('experimentId'),
    experimentName: nonEmptySchema('experimentName'),
    addedAt: addedAtSchema(),
    assignment: z.optional(z.enum(['treatment', 'control'], { error: M.assignment })),
    churnRisk: churnRiskSchema(),
  };
  return z
    .strictObject(shape, {
      error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : M.notAnObject),
    })
    .check((ctx) => {
      const present = EXPERIMENT_KEYS.filter((key) => ctx.value[key] !== undefined);
      if (present.length > 0 && present.length < EXPERIMENT_KEYS.length) {
        const missing = EXPERIMENT_KEYS.filter((key) => ctx.value[key] === undefined);
        ctx.issues.push({
          code: 'custom',
          message: M.groupPartial(missing, present),
          path: [missing[0] as string],
          input: ctx.value,
        });
      } else if (present.length === 0 && ctx.value.churnRisk === undefined) {
        ctx.issues.push({
          code: 'custom',
          message: M.groupOrChurn,
          input: ctx.value,
        });
      }
    });
}

// Compile-time only: the schema accepts exactly `SubsetsProfile` and returns exactly
// `NormalizedSubsetsProfile`. When one drifts from the other, `Exactly` fails to compile here.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Exactly<T extends true> = T;
type ProfileSchema = ReturnType<typeof profileSchema>;
// biome-ignore lint/correctness/noUnusedVariables: a check the type checker runs; nothing reads it.
type SchemaMatchesTypes = Exactly<
  Same<z.input<ProfileSchema>, SubsetsProfile> | Same<z.output<ProfileSchema>, NormalizedSubsetsProfile>
>;

/**
 * The type of the {@link SubsetsProfile} schema: a zod schema (zod's tree-shakable `zod/mini` form)
 * that accepts a {@link SubsetsProfile} and gives a {@link NormalizedSubsetsProfile}. It has
 * `parse`, `safeParse`, `parseAsync` and `safeParseAsync`, and composes with other zod 4 schemas
 * (`z.array(SubsetsProfile)`), from `zod` or `zod/mini`.
 * @category Profiles
 */
export type SubsetsProfileSchema = z.ZodMiniType<NormalizedSubsetsProfile, SubsetsProfile>;

/**
 * The zod schema of one Subsets profile: a user's experiment assignment and/or churn risk.
 *
 * - `userId` (required): 1–52 printable ASCII characters, no leading or trailing space.
 * - `experimentId`, `experimentName`, `addedAt`, `assignment`: all four or none.
 *   `addedAt` accepts a `Date` (from any realm, `vm` contexts included), epoch milliseconds or an
 *   ISO-8601 string with a zone, and is normalised to ISO-8601 UTC (`2026-11-29T01:40:43.000Z`).
 * - `churnRisk`: a number or numeric string in [0, 1], normalised to a decimal string (`"0.27"`).
 *
 * At least the experiment group or `churnRisk` must be present; unknown keys are rejected.
 * It accepts the interface of the same name, `SubsetsProfile`, and parsing returns a
 * {@link NormalizedSubsetsProfile}, with every value a string. `parse` throws zod's `$ZodError`
 * (`z.core.$ZodError`); {@link describeProfileError} reads it into one line.
 *
 * @example
 * ```ts
 * const profile = SubsetsProfile.parse({ userId: 'u-1', churnRisk: 0.27 });
 * // { userId: 'u-1', churnRisk: '0.27' }
 * ```
 * @category Profiles
 */
export const SubsetsProfile: SubsetsProfileSchema = /* @__PURE__ */ profileSchema();

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
