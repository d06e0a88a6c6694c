import type { IterableUser } from '../client/types.js';
import { type NormalizedSubsetsProfile, SubsetsProfile } from './schema.js';

/**
 * Options of {@link toIterableUser}.
 * @category Profiles
 */
export interface ToIterableUserOptions {
  /**
   * Set `preferUserId: true`, so that Iterable creates a user whose `userId` it does not know
   * (email-based projects only; userId-based projects create users anyway).
   * @default false
   */
  readonly createMissingUsers?: boolean;
}

/** The `dataFields` of an already validated profile: its Subsets fields, none it omits. */
export function profileDataFields(profile: NormalizedSubsetsProfile): Record<string, string> {
  const dataFields: Record<string, string> = {};
  if (profile.experimentId !== undefined) {
    dataFields.subsetsExperimentId = profile.experimentId;
    dataFields.subsetsExperimentAddedAt = profile.addedAt as string;
    dataFields.subsetsExperimentName = profile.experimentName as string;
    dataFields.subsetsExperimentAssignment = profile.assignment as string;
  }
  if (profile.churnRisk !== undefined) dataFields.subsetsSubscriberChurnRisk = profile.churnRisk;
  return dataFields;
}

/** Builds the bulkUpdate user of an already validated profile. */
export function normalizedToIterableUser(
  profile: NormalizedSubsetsProfile,
  createMissingUsers: boolean,
): IterableUser {
  const dataFields = profileDataFields(profile);
  return createMissingUsers
    ? { userId: profile.userId, preferUserId: true, mergeNestedObjects: true, dataFields }
    : { userId: profile.userId, mergeNestedObjects: true, dataFields };
}

/**
 * Validates a profile and turns it into the user object Iterable's bulkUpdate expects:
 * `{ userId, mergeNestedObjects: true, dataFields }`, plus `preferUserId: true` when
 * `createMissingUsers` is set. Fields the profile omits are left out, so Iterable keeps them.
 *
 * @throws `ZodError` when the profile is invalid (see {@link describeProfileError}).
 * @example
 * ```ts
 * toIterableUser({ userId: 'u-1', churnRisk: 0.27 });
 * // → { userId: 'u-1', mergeNestedObjects: true,
 * //     dataFields: { subsetsSubscriberChurnRisk: '0.27' } }
 * ```
 * @category Profiles
 */
export function toIterableUser(profile: SubsetsProfile, options: ToIterableUserOptions = {}): IterableUser {
  return normalizedToIterableUser(SubsetsProfile.parse(profile), options.createMissingUsers ?? false);
}
