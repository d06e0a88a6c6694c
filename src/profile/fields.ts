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

const FIELDS: readonly SubsetsField[] = [
  {
    name: 'subsetsExperimentId',
    type: 'string',
    profileKey: 'experimentId',
    description: 'Unique identifier of the Subsets retention experiment.',
  },
  {
    name: 'subsetsExperimentAddedAt',
    type: 'string',
    profileKey: 'addedAt',
    description: 'When the user was added to the experiment, as an ISO-8601 UTC timestamp.',
  },
  {
    name: 'subsetsExperimentName',
    type: 'string',
    profileKey: 'experimentName',
    description: 'Name of the experiment.',
  },
  {
    name: 'subsetsSubscriberChurnRisk',
    type: 'string',
    profileKey: 'churnRisk',
    description: 'Probability, from 0 to 1 as a decimal string, that the subscriber churns within 30 days.',
  },
  {
    name: 'subsetsExperimentAssignment',
    type: 'string',
    profileKey: 'assignment',
    description: '`treatment` or `control`.',
  },
];

/**
 * The five Iterable user fields Subsets writes, all typed `string`, in a fixed order.
 * @category Profiles
 */
export const SUBSETS_FIELDS: readonly SubsetsField[] = Object.freeze(
  FIELDS.map((field) => Object.freeze(field)),
);

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
