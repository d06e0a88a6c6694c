/**
 * The steps of `checkIntegration`, in the order they run:
 *
 * - `api-key`: Iterable accepts the API key (`getFields` answers).
 * - `region`: the key belongs to the data center the client talks to.
 * - `fields`: the five Subsets fields exist with type `string`.
 * - `round-trip`: values written to the test user are read back unchanged.
 * @category Field setup
 */
export type IntegrationStepName = 'api-key' | 'region' | 'fields' | 'round-trip';

/**
 * How one step ended: `passed`, `failed`, or `skipped` when an earlier step's failure kept it from
 * running (its message says which).
 * @category Field setup
 */
export type IntegrationStepStatus = 'passed' | 'failed' | 'skipped';

/**
 * One step of an integration check.
 * @category Field setup
 */
export interface IntegrationStep {
  /** Which step this is. */
  readonly name: IntegrationStepName;
  /** Whether the step passed: `status === 'passed'`. */
  readonly ok: boolean;
  /** How the step ended. */
  readonly status: IntegrationStepStatus;
  /** What was found and, when the step did not pass, what to do about it. */
  readonly message: string;
}

/**
 * What `checkIntegration` found.
 * @category Field setup
 */
export interface IntegrationReport {
  /** Whether every step passed. */
  readonly ok: boolean;
  /** The four steps, in the order of {@link IntegrationStepName}. */
  readonly steps: readonly IntegrationStep[];
}

type StepOf = (name: IntegrationStepName, message: string) => IntegrationStep;

const ended =
  (status: IntegrationStepStatus): StepOf =>
  (name, message) => ({ name, ok: status === 'passed', status, message });

/** A step that passed. */
export const passed: StepOf = /* @__PURE__ */ ended('passed');
/** A step that failed. */
export const failed: StepOf = /* @__PURE__ */ ended('failed');
/** A step that could not run. */
export const skipped: StepOf = /* @__PURE__ */ ended('skipped');
