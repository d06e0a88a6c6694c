import { FIELD_NAMES, PROFILE_KEYS } from './field-names.js';

/**
 * One of the five custom user fields Subsets writes into Iterable.
 * @category Profiles
 */
export interface SubsetsField {
  /** The Iterable field name. */
  readonly name: string;
  /** The Iterable type the field must have: always `string`. */
  readonly type: 'string';
  /** The `SubsetsProfile` key the value comes from. */
  readonly profileKey: 'experimentId' | 'addedAt' | 'experimentName' | 'churnRisk' | 'assignment';
  /** What the field means, for marketers reading it in Iterable. */
  readonly description: string;
}

/** What each field means, for marketers reading it in Iterable. */
const DESCRIPTIONS: Readonly<Record<SubsetsFieldName, string>> = {
  subsetsExperimentId: 'Unique identifier of the Subsets retention experiment.',
  subsetsExperimentAddedAt: 'When the user was added to the experiment, as an ISO-8601 UTC timestamp.',
  subsetsExperimentName: 'Name of the experiment.',
  subsetsSubscriberChurnRisk:
    'Probability, from 0 to 1 as a decimal string, that the subscriber churns within 30 days.',
  subsetsExperimentAssignment: '`treatment` or `control`.',
};

/**
 * The five Iterable user fields Subsets writes, all typed `string`, in a fixed order.
 * @category Profiles
 */
export const SUBSETS_FIELDS: readonly SubsetsField[] = /* @__PURE__ */ subsetsFields();

/** {@link SUBSETS_FIELDS}, built in one call so that a bundle that does not use it drops all of it. */
function subsetsFields(): readonly SubsetsField[] {
  return Object.freeze(
    FIELD_NAMES.map((name) =>
      Object.freeze({
        name,
        type: 'string',
        profileKey: PROFILE_KEYS[name],
        description: DESCRIPTIONS[name],
      }),
    ),
  );
}

/**
 * The name of one of the five Subsets fields.
 * @category Profiles
 */
export type SubsetsFieldName =
  | 'subsetsExperimentId'
  | 'subsetsExperimentAddedAt'
  | 'subsetsExperimentName'
  | 'subsetsSubscriberChurnRisk'
  | 'subsetsExperimentAssignment';
