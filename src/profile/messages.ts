/** The words of every profile validation message, shared by the zod schema and the pipeline's checker. */
export const PROFILE_MESSAGES = {
  notAnObject: 'a profile must be an object',
  userIdType: 'userId must be a string',
  stringType: (key: string) => `${key} must be a string`,
  empty: (key: string) => `${key} must not be empty`,
  addedAtType: 'addedAt must be a Date, epoch milliseconds, or an ISO-8601 string with a time zone',
  addedAtZone: 'addedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-11-29T01:40:43Z',
  addedAtRange: 'addedAt must be a valid date between the years 0 and 9999',
  assignment: "assignment must be 'treatment' or 'control'",
  churnRisk: 'churnRisk must be a number or numeric string from 0 to 1',
  groupPartial: (missing: readonly string[], present: readonly string[]) =>
    `the experiment fields go together: ${missing.join(', ')} missing (given: ${present.join(', ')})`,
  groupOrChurn: 'a profile needs churnRisk, or all of experimentId, experimentName, addedAt and assignment',
  unknownKeys: (keys: readonly string[]) => `unknown field(s): ${keys.join(', ')}`,
} as const;

/** The four keys that go together. */
export const EXPERIMENT_KEYS = ['experimentId', 'experimentName', 'addedAt', 'assignment'] as const;
