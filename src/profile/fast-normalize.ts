import { isDate } from './is-date.js';
import type { NormalizedSubsetsProfile } from './subsets-profile.js';
import { userIdProblem } from './user-id.js';
import { toProbability, toUtcTimestamp } from './values.js';

/** Whether `key` is one of the six keys a profile may have. */
function isProfileKey(key: string): boolean {
  switch (key) {
    case 'userId':
    case 'experimentId':
    case 'experimentName':
    case 'addedAt':
    case 'assignment':
    case 'churnRisk':
      return true;
    default:
      return false;
  }
}

/**
 * The sync's fast path: normalises a profile that is certainly valid with plain checks, without
 * building zod's issue objects. Returns `undefined` whenever anything is unusual; the caller then
 * asks the `SubsetsProfile` schema, which decides and explains. It accepts only what the schema
 * accepts and returns what the schema returns (a property test holds the two together).
 */
export function fastNormalize(raw: unknown): NormalizedSubsetsProfile | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  // `for...in` walks the object's own keys without building an array. On a plain object it would
  // also list enumerable keys added to Object.prototype; those only send the profile to the schema.
  for (const key in raw) if (!isProfileKey(key)) return undefined;
  const { userId, experimentId, experimentName, addedAt, assignment, churnRisk } = raw as Record<
    string,
    unknown
  >;
  if (typeof userId !== 'string' || userIdProblem(userId) !== undefined) return undefined;

  let profile: NormalizedSubsetsProfile;
  if (
    experimentId === undefined &&
    experimentName === undefined &&
    addedAt === undefined &&
    assignment === undefined
  ) {
    if (churnRisk === undefined) return undefined;
    profile = { userId };
  } else {
    if (typeof experimentId !== 'string' || experimentId.length === 0) return undefined;
    if (typeof experimentName !== 'string' || experimentName.length === 0) return undefined;
    if (assignment !== 'treatment' && assignment !== 'control') return undefined;
    if (typeof addedAt !== 'number' && typeof addedAt !== 'string' && !isDate(addedAt)) return undefined;
    const timestamp = toUtcTimestamp(addedAt);
    if (timestamp === undefined) return undefined;
    profile = { userId, experimentId, experimentName, addedAt: timestamp, assignment };
  }
  if (churnRisk !== undefined) {
    if (typeof churnRisk !== 'number' && typeof churnRisk !== 'string') return undefined;
    const probability = toProbability(churnRisk);
    if (probability === undefined) return undefined;
    profile.churnRisk = probability;
  }
  return profile;
}
