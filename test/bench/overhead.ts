// Worker: the overhead comparison. Every contender runs in this one process against one stand-in in
// another, in alternating order, so that the machine's noise falls on all of them alike.
import { type ContenderName, createContenders } from './contenders.js';
import { generateProfiles } from './profiles.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface OverheadInput {
  readonly contenders: readonly ContenderName[];
  /** Profiles per timed run. */
  readonly profiles: number;
  readonly rounds: number;
  /** Profiles each contender sends once before timing starts. */
  readonly warmup: number;
  readonly concurrency: number;
  /** A second comparison on fewer profiles, between the first two contenders. */
  readonly small?: { readonly profiles: number; readonly rounds: number } | undefined;
}

/** One timed run. */
export interface OverheadRun {
  readonly comparison: 'main' | 'small';
  readonly round: number;
  readonly contender: ContenderName;
  readonly profiles: number;
  readonly wallMs: number;
  /** CPU time (user + system, every thread) this process spent. */
  readonly cpuMs: number;
  /** CPU time the stand-in process spent answering. */
  readonly standInCpuMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const input = workerInput<OverheadInput>();
const standIn = await startStandIn({ rateLimits: false, recordRequests: false });
const contenders = await createContenders(input.contenders, standIn, input.concurrency);
const runs: OverheadRun[] = [];

async function timed(
  comparison: OverheadRun['comparison'],
  round: number,
  index: number,
  count: number,
): Promise<void> {
  const contender = contenders[index] as (typeof contenders)[number];
  gc?.();
  const before = await standIn.stats();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const updated = await contender.run(generateProfiles(count));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const after = await standIn.stats();
  if (updated !== count) throw new Error(`${contender.name} updated ${updated} of ${count}`);
  runs.push({
    comparison,
    round,
    contender: contender.name,
    profiles: count,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    standInCpuMs: after.cpuMs - before.cpuMs,
  });
  const rate = Math.round(count / (wallMs / 1000)).toLocaleString('en-US');
  console.log(`${comparison} round ${round + 1}: ${contender.name.padEnd(14)} ${rate} profiles/s`);
}

// Every user exists before anything is timed, so that every timed request updates users.
await contenders[0]?.run(generateProfiles(input.profiles));
for (const contender of contenders) await contender.run(generateProfiles(input.warmup));

for (let round = 0; round < input.rounds; round += 1) {
  // Rotate the order each round, so that no contender always runs first or last.
  for (let step = 0; step < contenders.length; step += 1) {
    await timed('main', round, (round + step) % contenders.length, input.profiles);
  }
}
if (input.small !== undefined) {
  const { profiles } = input.small;
  const pair = Math.min(2, contenders.length);
  for (let round = 0; round < input.small.rounds; round += 1) {
    for (let step = 0; step < pair; step += 1) await timed('small', round, (round + step) % pair, profiles);
  }
}

for (const contender of contenders) contender.close();
await standIn.close();
emit(runs);
