import { seededRandom } from '../../testing/seeded-random.js';

/** The experiments the demo's profiles are assigned to. */
const EXPERIMENTS = [
  { id: 'exp-winback-2026-11', name: 'Win-back offer, November', start: Date.parse('2026-11-02T09:00:00Z') },
  {
    id: 'exp-pause-not-cancel',
    name: 'Offer a pause instead of cancelling',
    start: Date.parse('2026-10-14T08:30:00Z'),
  },
  { id: 'exp-annual-upsell', name: 'Annual plan upsell', start: Date.parse('2026-11-20T12:00:00Z') },
] as const;

/** Share of the profiles that are invalid on purpose. */
const INVALID_SHARE = 0.03;
/** Share of the profiles that only refresh the churn score. */
const REFRESH_SHARE = 0.37;
/** One user in this many is forgotten (GDPR) in the demo's project. */
const FORGOTTEN_EVERY = 1657;

/** The `userId` of the demo's `n`-th user. */
export function demoUserId(n: number): string {
  return `user-${String(n).padStart(7, '0')}`;
}

/**
 * The users of a demo run of `count` profiles that the stand-in is told were forgotten (GDPR): about
 * one in 1,657, so twelve in the default 20,000.
 */
export function forgottenDemoUsers(count: number): string[] {
  const ids: string[] = [];
  for (let n = FORGOTTEN_EVERY - 657; n <= count; n += FORGOTTEN_EVERY) ids.push(demoUserId(n));
  return ids;
}

/** A churn risk as data scientists send it: mostly low, a long tail of high risks, 2 to 3 decimals. */
function churnRisk(next: () => number): number | string {
  const risk = Math.min(0.99, next() ** 2.2 + next() * 0.05);
  const rounded = Math.round(risk * 1000) / 1000;
  // Some pipelines write it as a string; the schema accepts both.
  return next() < 0.2 ? rounded.toFixed(2) : rounded;
}

/** One invalid profile of a kind people really send, so the report has something to show. */
function invalidProfile(userId: string, next: () => number): Record<string, unknown> {
  const experiment = EXPERIMENTS[0];
  const addedAt = new Date(experiment.start).toISOString();
  const kinds: (() => Record<string, unknown>)[] = [
    () => ({ userId, churnRisk: 1.7 }),
    () => ({
      userId,
      experimentId: experiment.id,
      experimentName: experiment.name,
      addedAt,
      assignment: 'treatmnt',
    }),
    () => ({ userId, experimentId: experiment.id, addedAt, assignment: 'control' }),
    () => ({ userId: `${userId} `, churnRisk: 0.4 }),
    () => ({
      userId,
      experimentId: experiment.id,
      experimentName: experiment.name,
      addedAt: '2026-11-29 01:40',
      assignment: 'control',
    }),
    () => ({ userId, churn: 0.31 }),
    () => ({ userId }),
  ];
  return (kinds[Math.floor(next() * kinds.length)] as () => Record<string, unknown>)();
}

/**
 * Realistic profiles for the demo: about 60% experiment assignments with a churn risk, 37% churn
 * score refreshes (`userId` and `churnRisk` only), and 3% invalid profiles of the kinds people really
 * send (a risk over 1, a misspelt assignment, a missing experiment field, a stray space, a date
 * without a zone, an unknown key, nothing to write). Generated lazily and seeded.
 */
export function* demoProfiles(
  count: number,
  seed = 2026,
): Generator<Record<string, unknown>, void, undefined> {
  const next = seededRandom(seed);
  for (let n = 1; n <= count; n += 1) {
    const userId = demoUserId(n);
    const roll = next();
    if (roll < INVALID_SHARE) {
      yield invalidProfile(userId, next);
    } else if (roll < INVALID_SHARE + REFRESH_SHARE) {
      yield { userId, churnRisk: churnRisk(next) };
    } else {
      const experiment = EXPERIMENTS[Math.floor(next() * EXPERIMENTS.length)] ?? EXPERIMENTS[0];
      const addedAt = experiment.start + Math.floor(next() * 9 * 24 * 3_600_000);
      yield {
        userId,
        experimentId: experiment.id,
        experimentName: experiment.name,
        // Either form is accepted: ISO-8601 with a zone, or epoch milliseconds.
        addedAt: next() < 0.7 ? new Date(addedAt).toISOString() : addedAt,
        assignment: next() < 0.5 ? 'treatment' : 'control',
        churnRisk: churnRisk(next),
      };
    }
  }
}
