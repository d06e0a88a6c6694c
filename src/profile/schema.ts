/**
 * The profile rules as `toIterableUser` imports them: a `SubsetsProfile` with zod's `safeParse`
 * and `parse`, backed by check-profile.ts rather than by zod's schemas, so that a program which
 * calls it does not bundle them. The public zod schema of the same name is in subsets-profile.ts;
 * a property test holds the two to the same answers. The sync reads profiles with read-profile.ts.
 */
import { checkProfile } from './check-profile.js';
import type { NormalizedSubsetsProfile, SubsetsProfile as SubsetsProfileInput } from './subsets-profile.js';

export { describeProfileError } from './describe-error.js';
export type { NormalizedSubsetsProfile } from './subsets-profile.js';

/** A profile as a caller gives it (the public interface of that name). */
export type SubsetsProfile = SubsetsProfileInput;

/** `safeParse` and `parse` of the public schema, for the SDK's own pipeline. */
export const SubsetsProfile = {
  safeParse: checkProfile,
  /** The normalised profile; throws zod's `$ZodError`, as the public schema's `parse` does. */
  parse(raw: unknown): NormalizedSubsetsProfile {
    const checked = checkProfile(raw);
    if (!checked.success) throw checked.error;
    return checked.data;
  },
};
