import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, type FakeIterableOptions, startFakeIterable } from '../../src/testing/index.js';
import {
  between,
  type ChildRun,
  ensureBuilt,
  runCli,
  SECRET_KEY,
  SETUP_FIELDS,
  scaled,
  scratchDir,
  seededRandom,
  startCli,
} from './support.js';

const PROFILES = scaled(3000, 20_000);
const KILLS = scaled(3, 10);
const BATCH_SIZE = 50;

const scratch = scratchDir();
let input: string;

/** NDJSON of unique users: experiments (epoch and ISO `addedAt`), churn refreshes, and one invalid line. */
function buildInput(random: () => number): string {
  const lines: string[] = [];
  for (let i = 0; i < PROFILES; i += 1) {
    const userId = `crash-${i}`;
    const addedAt = Date.UTC(2026, 0, 1) + between(random, 0, 300 * 86_400_000);
    const risk = between(random, 0, 100) / 100;
    if (i === 17) lines.push(JSON.stringify({ userId, churnRisk: 'high' }));
    else if (i % 3 === 0) lines.push(JSON.stringify({ userId, churnRisk: risk }));
    else {
      lines.push(
        JSON.stringify({
          userId,
          experimentId: `exp-${i % 4}`,
          experimentName: `Winback ${i % 4}`,
          addedAt: i % 2 === 0 ? addedAt : new Date(addedAt).toISOString(),
          assignment: i % 5 < 2 ? 'control' : 'treatment',
          ...(i % 7 === 0 ? { churnRisk: String(risk) } : {}),
        }),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The project before the sync: set up, and a few of the users exist with data of their own. */
const PROJECT: FakeIterableOptions = {
  apiKey: SECRET_KEY,
  rateLimits: false,
  fields: SETUP_FIELDS,
  users: [
    { userId: 'crash-1', dataFields: { plan: 'pro', subsetsExperimentId: 'old-exp' } },
    { userId: 'crash-900', dataFields: { country: 'NZ' } },
    { userId: 'someone-else', dataFields: { plan: 'free' } },
  ],
};

const SYNC_ARGS = ['--batch-size', String(BATCH_SIZE), '--concurrency', '4', '--rate', '1000'];

/** The final state to compare: every user and every field, in a stable order. */
function snapshot(iterable: FakeIterable) {
  const users = [...iterable.users.entries()]
    .map(([userId, user]) => [userId, user.dataFields] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return { users, fields: Object.fromEntries(iterable.fields) };
}

let clean: ReturnType<typeof snapshot>;
let cleanRun: ChildRun;

beforeAll(async () => {
  await ensureBuilt();
  input = scratch.file('profiles.ndjson', buildInput(seededRandom(42)));
  const reference = await startFakeIterable(PROJECT);
  try {
    cleanRun = await runCli(['sync', input, ...SYNC_ARGS], reference.url);
    clean = snapshot(reference);
  } finally {
    await reference.close();
  }
}, 120_000);

afterAll(() => scratch.remove());

describe('a CLI sync killed with SIGKILL and run again', () => {
  it('leaves the clean run exiting 1 for its one invalid profile, and every valid user stored', () => {
    expect(cleanRun.code).toBe(1);
    expect(cleanRun.stdout + cleanRun.stderr).not.toContain(SECRET_KEY);
    // The project's three users, and every valid profile but one.
    expect(clean.users).toHaveLength(PROFILES - 1 + 1);
  });

  it(
    `ends in the same state as one clean run, at ${KILLS} random moments`,
    async () => {
      const random = seededRandom(2026);
      for (let kill = 0; kill < KILLS; kill += 1) {
        const iterable = await startFakeIterable({
          ...PROJECT,
          // Slow enough that the kill lands in the middle of the sync.
          faults: { seed: kill + 1, latency: { minMs: 5, maxMs: 30 } },
        });
        try {
          // Kill once a random number of requests has arrived: before the first answer, or after many.
          const killAfter = between(random, 1, Math.floor(PROFILES / BATCH_SIZE / 2));
          const first = startCli(['sync', input, ...SYNC_ARGS], iterable.url);
          while (iterable.requests.length < killAfter && first.child.exitCode === null) {
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          first.child.kill('SIGKILL');
          const killed = await first.ended;
          expect(killed.signal, `kill ${kill} came after the sync had ended`).toBe('SIGKILL');
          const halfway = iterable.users.size;
          expect(halfway).toBeLessThan(clean.users.length);

          const again = await runCli(['sync', input, ...SYNC_ARGS, '--verbose'], iterable.url);
          expect(again.code, again.stderr).toBe(1);
          expect(again.stdout + again.stderr).not.toContain(SECRET_KEY);
          expect(killed.stdout + killed.stderr).not.toContain(SECRET_KEY);
          expect(snapshot(iterable)).toEqual(clean);
        } finally {
          await iterable.close();
        }
      }
    },
    scaled(90_000, 600_000),
  );
});
