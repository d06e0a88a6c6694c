/**
 * The profile rules of read-profile.ts in the shape of zod's `safeParse`: an invalid profile's
 * issues come as zod's own error, as the public `SubsetsProfile` schema gives them. Used where
 * the error is handed to the caller (`toIterableUser`), never on the sync's path.
 */
import { type $ZodError, $ZodRealError } from 'zod/v4/core';
import { readProfile } from './read-profile.js';
import type { NormalizedSubsetsProfile } from './subsets-profile.js';

/** What {@link checkProfile} gives: zod's `safeParse` result. */
export type ProfileCheck =
  | { readonly success: true; readonly data: NormalizedSubsetsProfile; readonly error?: undefined }
  | { readonly success: false; readonly data?: undefined; readonly error: $ZodError };

/** Checks one profile against the rules of `SubsetsProfile` and normalises it. */
export function checkProfile(raw: unknown): ProfileCheck {
  const { data, issues } = readProfile(raw);
  if (issues === undefined) return { success: true, data };
  return { success: false, error: new $ZodRealError(issues) };
}
