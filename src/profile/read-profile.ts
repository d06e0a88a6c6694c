/**
 * The profile rules without zod's schema machinery or its error class: any value in, the
 * normalised profile or zod's issues out (the same issues, in the same order and with the same
 * messages, as the public `SubsetsProfile` schema gives, which a property test holds it to). The
 * sync reads profiles with it, so that a program which syncs bundles nothing of zod at all.
 */
import type { $ZodIssue } from 'zod/v4/core';
import { isDate } from './is-date.js';
import { EXPERIMENT_KEYS, PROFILE_MESSAGES as M } from './messages.js';
import type { NormalizedSubsetsProfile } from './subsets-profile.js';
import { userIdProblem } from './user-id.js';
import { toProbability, toUtcTimestamp } from './values.js';

/** What {@link readProfile} gives: the normalised profile, or every issue found, in zod's order. */
export type ProfileReading =
  | { readonly data: NormalizedSubsetsProfile; readonly issues?: undefined }
  | { readonly data?: undefined; readonly issues: $ZodIssue[] };

/** One finished issue; `stops` marks the kinds zod lets stop the experiment-group rule. */
interface Issue {
  readonly issue: $ZodIssue;
  readonly stops: boolean;
}

/** The profile's keys, in a list: for six keys, a search costs less than a set lookup. */
const KNOWN_KEYS: readonly string[] = ['userId', ...EXPERIMENT_KEYS, 'churnRisk'];

function custom(key: string, message: string, stops = true): Issue {
  return { issue: { code: 'custom', path: [key], message }, stops };
}

function typeIssue(key: string, expected: 'string' | 'object', message: string): Issue {
  return { issue: { code: 'invalid_type', expected, path: key === '' ? [] : [key], message }, stops: true };
}

/** An optional non-empty string: `undefined` is absent; an empty string does not stop the group rule. */
function nonEmpty(key: string, value: unknown, issues: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') issues.push(typeIssue(key, 'string', M.stringType(key)));
  else if (value.length === 0) issues.push(custom(key, M.empty(key), false));
  return typeof value === 'string' ? value : undefined;
}

function addedAt(value: unknown, issues: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string' && !isDate(value)) {
    issues.push(custom('addedAt', M.addedAtType));
    return undefined;
  }
  const timestamp = toUtcTimestamp(value);
  if (timestamp === undefined)
    issues.push(custom('addedAt', typeof value === 'string' ? M.addedAtZone : M.addedAtRange));
  return timestamp;
}

function churnRisk(value: unknown, issues: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  const probability = toProbability(value);
  if (probability === undefined) issues.push(custom('churnRisk', M.churnRisk));
  return probability;
}

const stopsGroupRule = (each: Issue): boolean => each.stops;

const isSet = (value: string | undefined): number => (value === undefined ? 0 : 1);

/**
 * The experiment-group rule: all four keys or none, and at least the group or `churnRisk`. The
 * experiment keys' values come in the order of `EXPERIMENT_KEYS`.
 */
function groupIssue(
  experimentId: string | undefined,
  experimentName: string | undefined,
  addedAt: string | undefined,
  assignment: string | undefined,
  churnRisk: string | undefined,
): Issue | undefined {
  const count = isSet(experimentId) + isSet(experimentName) + isSet(addedAt) + isSet(assignment);
  if (count > 0 && count < EXPERIMENT_KEYS.length) {
    // Gathered only here, on the way to an issue.
    const group = [experimentId, experimentName, addedAt, assignment];
    const missing = EXPERIMENT_KEYS.filter((_, i) => group[i] === undefined);
    const present = EXPERIMENT_KEYS.filter((_, i) => group[i] !== undefined);
    return custom(missing[0] as string, M.groupPartial(missing, present));
  }
  if (count === 0 && churnRisk === undefined) {
    return { issue: { code: 'custom', path: [], message: M.groupOrChurn }, stops: true };
  }
  return undefined;
}

function userIdOf(value: unknown, issues: Issue[]): string | undefined {
  if (typeof value !== 'string') {
    issues.push(typeIssue('userId', 'string', M.userIdType));
    return undefined;
  }
  const problem = userIdProblem(value);
  if (problem) issues.push(custom('userId', problem));
  return value;
}

function assignmentOf(value: unknown, issues: Issue[]): 'treatment' | 'control' | undefined {
  if (value === undefined || value === 'treatment' || value === 'control') return value;
  const issue = {
    code: 'invalid_value',
    values: ['treatment', 'control'],
    path: ['assignment'],
    message: M.assignment,
  };
  issues.push({ issue: issue as Issue['issue'], stops: true });
  return undefined;
}

/** Reads one profile by the rules of `SubsetsProfile` and normalises it. */
export function readProfile(raw: unknown): ProfileReading {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return failure([typeIssue('', 'object', M.notAnObject)]);
  }
  const input = raw as Record<string, unknown>;
  const issues: Issue[] = [];
  // In the schema's key order, so that the issues come in the same order.
  const userId = userIdOf(input.userId, issues);
  const experimentId = nonEmpty('experimentId', input.experimentId, issues);
  const experimentName = nonEmpty('experimentName', input.experimentName, issues);
  const added = addedAt(input.addedAt, issues);
  const assignment = assignmentOf(input.assignment, issues);
  const risk = churnRisk(input.churnRisk, issues);
  let unknown: string[] | undefined;
  for (const key in input) {
    if (KNOWN_KEYS.includes(key) || !Object.hasOwn(input, key)) continue;
    unknown ??= [];
    unknown.push(key);
  }
  if (unknown !== undefined) {
    const message = M.unknownKeys(unknown);
    issues.push({ issue: { code: 'unrecognized_keys', keys: unknown, path: [], message }, stops: false });
  }
  // As in zod, the rule across keys runs only when every key passed, or failed in a way that lets it.
  if (!issues.some(stopsGroupRule)) {
    const group = groupIssue(experimentId, experimentName, added, assignment, risk);
    if (group) issues.push(group);
  }
  if (issues.length > 0) return failure(issues);
  // Valid: the experiment keys are all there or none, so every profile takes one of a few shapes.
  const profile: NormalizedSubsetsProfile =
    experimentId === undefined
      ? { userId: userId as string }
      : { userId: userId as string, experimentId, experimentName, addedAt: added, assignment };
  if (risk !== undefined) profile.churnRisk = risk;
  return { data: profile };
}

function failure(issues: readonly Issue[]): ProfileReading {
  return { issues: issues.map((each) => each.issue) };
}
