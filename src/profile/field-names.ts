import type { SubsetsField, SubsetsFieldName } from './fields.js';

/**
 * The five Subsets fields by Iterable name, each with the `SubsetsProfile` key its value comes
 * from, in `SUBSETS_FIELDS` order: what the sync and the field setup need of them.
 * `SUBSETS_FIELDS` adds each field's type and description.
 */
export const PROFILE_KEYS = {
  subsetsExperimentId: 'experimentId',
  subsetsExperimentAddedAt: 'addedAt',
  subsetsExperimentName: 'experimentName',
  subsetsSubscriberChurnRisk: 'churnRisk',
  subsetsExperimentAssignment: 'assignment',
} as const satisfies Record<SubsetsFieldName, SubsetsField['profileKey']>;

/** The five Subsets field names, in `SUBSETS_FIELDS` order. */
export const FIELD_NAMES = /* @__PURE__ */ Object.keys(PROFILE_KEYS) as readonly SubsetsFieldName[];
