// The sync's own steps, each alone in a tight loop over the same profiles in this process, with no
// HTTP: what each costs per profile, beside what the loop around @iterable/api spends on its own
// (a user built by hand, then `JSON.stringify`). Each figure is the median CPU of several passes;
// no step keeps its results, as a sync does not.
// What both pay besides, the transport, is part 1b of `npm run bench`.
//
// Run:  npx tsx test/bench/steps.ts [profiles] [passes]
import { resolveBatchLimits } from '../../src/batch/batch-builder.js';
import { IterableClient } from '../../src/index.js';
import { readProfile } from '../../src/profile/read-profile.js';
import type { NormalizedSubsetsProfile } from '../../src/profile/subsets-profile.js';
import { Batcher } from '../../src/sync/batcher.js';
import { UserBytesWriter } from '../../src/sync/user-bytes.js';
import { toUser } from './contenders.js';
import { benchProfile, generateProfiles } from './profiles.js';
import { median, plainTable } from './report.js';

const profiles = Number(process.argv[2] ?? 200_000);
const passes = Number(process.argv[3] ?? 25);
const raws = Array.from({ length: profiles }, (_, index) => ({ ...benchProfile(index, 'steps') }));
// The inputs the steps read are kept as copies. Were the objects of a measured step kept (the
// generator's, `readProfile`'s), V8 would see them outlive collections and allocate every later one
// of them in the old generation (allocation-site pretenuring), which costs the generator five times
// and `readProfile` twice what they cost in a sync, where each profile goes once its batch is answered.
const valid = raws.map(
  (raw): NormalizedSubsetsProfile => ({ ...readProfile(raw).data }) as NormalizedSubsetsProfile,
);
/** Where each step leaves its result, so that no step is optimized away. */
let sink: unknown;

/** The median CPU nanoseconds per profile of `passes` runs of `step`. */
async function measure(step: () => unknown): Promise<number> {
  const perProfile: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const cpu = process.cpuUsage();
    sink = await step();
    const used = process.cpuUsage(cpu);
    perProfile.push(((used.user + used.system) * 1000) / profiles);
  }
  return median(perProfile);
}

const writer = new UserBytesWriter(false);
const body = Buffer.allocUnsafe(4_000_000);
const client = new IterableClient({
  apiKey: 'k'.repeat(32),
  baseUrl: 'http://127.0.0.1:9',
  rateLimit: false,
});
const steps: [string, () => unknown][] = [
  [
    'make the profile (the benchmark’s generator; every contender)',
    () => {
      for (const profile of generateProfiles(profiles, 'steps')) sink = profile;
    },
  ],
  [
    'readProfile: validate and normalise',
    () => {
      for (const raw of raws) sink = readProfile(raw);
    },
  ],
  [
    'UserBytesWriter: count the size, write the JSON bytes',
    () => {
      let at = 0;
      for (let i = 0; i < valid.length; i++) {
        const profile = valid[i] as NormalizedSubsetsProfile;
        if (i % 1000 === 0) at = 0;
        sink = writer.size(profile);
        at = writer.write(profile, body, at);
      }
      return at;
    },
  ],
  [
    'Batcher: add each profile, cut bodies of 1,000',
    () => {
      const limits = resolveBatchLimits({ maxUsers: 1000 });
      const batcher = new Batcher({ limits, createMissingUsers: false, createNewFields: true, bodies: true });
      for (let index = 0; index < valid.length; index++) {
        const profile = valid[index] as NormalizedSubsetsProfile;
        batcher.add({ profile, index, merged: undefined, fingerprint: undefined });
        if (batcher.hasReady) sink = batcher.drain();
      }
      batcher.flush();
      return batcher.drain();
    },
  ],
  [
    'syncProfiles, dry run: all but the bodies and the sending',
    () => client.syncProfiles(raws, { dryRun: true }),
  ],
  [
    '@iterable/api’s loop: a user by hand, JSON.stringify',
    () => {
      for (const raw of raws) sink = JSON.stringify(toUser(raw));
    },
  ],
];

const rows: string[][] = [];
for (const [name, step] of steps) rows.push([name, (await measure(step)).toFixed(0)]);
console.log(plainTable({ head: ['step', 'CPU ns/profile (median)'], rows }));
console.log(
  `\n${profiles.toLocaleString('en-US')} profiles, ${passes} passes each (last result: ${typeof sink})`,
);
