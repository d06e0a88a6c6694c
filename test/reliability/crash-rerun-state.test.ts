import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIterable, type FakeIterableOptions, startFakeIterable } from '../../src/testing/index.js';
import {
  between,
  ensureBuilt,
  runCli,
  SECRET_KEY,
  SETUP_FIELDS,
  scaled,
  scratchDir,
  seededRandom,
  startCli,
} from './support.js';

const PROFILES = scaled(6000, 50_000);
const KILLS = scaled(3, 10);
const BATCH_SIZE = 500;
const CONCURRENCY = 3;
/** What may be sent twice: the requests in flight when the process died, each a full batch. */
const IN_FLIGHT_USERS = CONCURRENCY * BATCH_SIZE;
const INVALID_AT = 17;

const scratch = scratchDir();
let input: string;

/** NDJSON of unique users (churn refreshes and experiments) and one invalid line. */
function buildInput(random: () => number): string {
  const lines: string[] = [];
  for (let i = 0; i < PROFILES; i += 1) {
    const userId = `resume-${i}`;
    const risk = between(random, 0, 100) / 100;
    if (i === INVALID_AT) lines.push(JSON.stringify({ userId, churnRisk: 'high' }));
    else if (i % 3 === 0) {
      lines.push(
        JSON.stringify({
          userId,
          experimentId: `exp-${i % 4}`,
          experimentName: `Winback ${i % 4}`,
          addedAt: new Date(Date.UTC(2026, 0, 1) + between(random, 0, 300 * 86_400_000)).toISOString(),
          assignment: i % 5 < 2 ? 'control' : 'treatment',
          churnRisk: risk,
        }),
      );
    } else lines.push(JSON.stringify({ userId, churnRisk: risk }));
  }
  return `${lines.join('\n')}\n`;
}

/** The project before the sync: set up, with one user of its own that the input does not name. */
const PROJECT: FakeIterableOptions = {
  apiKey: SECRET_KEY,
  rateLimits: false,
  fields: SETUP_FIELDS,
  users: [{ userId: 'someone-else', dataFields: { plan: 'free' } }],
};

const SYNC_ARGS = [
  '--batch-size',
  String(BATCH_SIZE),
  '--concurrency',
  String(CONCURRENCY),
  '--rate',
  '1000',
];

/** Every user the stand-in holds and its fields, in a stable order. */
function snapshot(iterable: FakeIterable) {
  return [...iterable.users.entries()]
    .map(([userId, user]) => [userId, user.dataFields] as const)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The userIds of the bulkUpdate requests the stand-in received from index `from` on. */
function sentUserIds(iterable: FakeIterable, from: number): string[] {
  return iterable.requests
    .slice(from)
    .filter((request) => request.endpoint === 'bulkUpdate')
    .flatMap((request) => (request.body as { users: { userId: string }[] }).users.map((user) => user.userId));
}

const bulkUpdates = (iterable: FakeIterable) =>
  iterable.requests.filter((request) => request.endpoint === 'bulkUpdate').length;

let clean: ReturnType<typeof snapshot>;
const validIds = new Set<string>();

beforeAll(async () => {
  await ensureBuilt();
  input = scratch.file('profiles.ndjson', buildInput(seededRandom(7)));
  for (let i = 0; i < PROFILES; i += 1) if (i !== INVALID_AT) validIds.add(`resume-${i}`);
  const reference = await startFakeIterable(PROJECT);
  try {
    const run = await runCli(['sync', input, ...SYNC_ARGS], reference.url);
    expect(run.code, run.stderr).toBe(1);
    clean = snapshot(reference);
  } finally {
    await reference.close();
  }
}, 120_000);

afterAll(() => scratch.remove());

describe('a CLI sync with --state killed with SIGKILL and run again with the same state', () => {
  it(
    `sends only what was not written, plus at most the batches in flight, at ${KILLS} seeded moments`,
    async () => {
      const random = seededRandom(2027);
      const figures: string[] = [];
      for (let kill = 0; kill < KILLS; kill += 1) {
        const state = join(scratch.dir, `state-${kill}`);
        const reportPath = join(scratch.dir, `rerun-${kill}.json`);
        const iterable = await startFakeIterable({
          ...PROJECT,
          // Slow answers, so that the kill lands in the middle of the sync with requests in flight.
          faults: { seed: kill + 1, latency: { minMs: 40, maxMs: 120 } },
        });
        try {
          const batches = Math.ceil(validIds.size / BATCH_SIZE);
          const killAfter = between(random, 1, batches - CONCURRENCY - 1);
          const first = startCli(['sync', input, ...SYNC_ARGS, '--state', state], iterable.url);
          while (bulkUpdates(iterable) < killAfter && first.child.exitCode === null) {
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          first.child.kill('SIGKILL');
          const killed = await first.ended;
          expect(killed.signal, `kill ${kill} came after the sync had ended`).toBe('SIGKILL');
          // Let the stand-in finish handling what reached it before the kill.
          await new Promise((resolve) => setTimeout(resolve, 150));
          const written = new Set([...iterable.users.keys()].filter((userId) => validIds.has(userId)));
          expect(written.size).toBeLessThan(validIds.size);

          const mark = iterable.requests.length;
          const again = await runCli(
            ['sync', input, ...SYNC_ARGS, '--state', state, '--report', reportPath],
            iterable.url,
          );
          expect(again.code, again.stderr).toBe(1);
          expect(again.stdout + again.stderr + killed.stdout + killed.stderr).not.toContain(SECRET_KEY);

          const resent = sentUserIds(iterable, mark);
          const resentSet = new Set(resent);
          expect(resentSet.size, 'a user was sent twice in the rerun').toBe(resent.length);
          const notWritten = [...validIds].filter((userId) => !written.has(userId));
          for (const userId of notWritten) expect(resentSet.has(userId), `${userId} not sent`).toBe(true);
          const twice = resent.filter((userId) => written.has(userId)).length;
          expect(twice).toBeLessThanOrEqual(IN_FLIGHT_USERS);

          const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Record<string, number>;
          expect(report.succeeded).toBe(resent.length);
          expect(report.unchanged).toBe(validIds.size - resent.length);
          expect(snapshot(iterable)).toEqual(clean);
          figures.push(
            `kill after ${killAfter} requests: ${written.size} written, rerun sent ${resent.length} ` +
              `(${twice} of them written already), ${report.unchanged} unchanged`,
          );
        } finally {
          await iterable.close();
        }
      }
      process.stdout.write(`crash and resume with --state:\n  ${figures.join('\n  ')}\n`);
    },
    scaled(90_000, 600_000),
  );
});
