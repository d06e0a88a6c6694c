import { IterableClient as IterableApiClient } from '@iterable/api';
import { loadSdk } from './paths.js';
import type { BenchProfile } from './profiles.js';

/** Where the contenders send. */
export interface Target {
  readonly url: string;
  readonly apiKey: string;
}

/** One way of writing profiles to Iterable; resolves with the number of users Iterable updated. */
export interface Contender {
  readonly name: ContenderName;
  run(profiles: Iterable<BenchProfile>): Promise<number>;
  close(): void;
}

/** The contenders of the overhead comparison. */
export type ContenderName = 'syncProfiles' | 'naive loop' | '@iterable/api';

/** Users per request, for the contenders that chunk by hand. */
const CHUNK = 1000;

/** The bulkUpdate user of a profile, built by hand and trusted as it is (no validation). */
export function toUser(profile: BenchProfile) {
  return {
    userId: profile.userId,
    mergeNestedObjects: true,
    dataFields: {
      subsetsExperimentId: profile.experimentId,
      subsetsExperimentAddedAt: profile.addedAt,
      subsetsExperimentName: profile.experimentName,
      subsetsExperimentAssignment: profile.assignment,
      subsetsSubscriberChurnRisk: String(profile.churnRisk),
    },
  };
}

type User = ReturnType<typeof toUser>;

/**
 * Cuts the profiles into chunks of 1,000 users and hands each to `send`, keeping at most
 * `concurrency` sends in flight: the loop a user of a plain HTTP client writes.
 */
async function inChunks(
  profiles: Iterable<BenchProfile>,
  concurrency: number,
  send: (users: User[]) => Promise<number>,
): Promise<number> {
  let updated = 0;
  const inFlight = new Set<Promise<void>>();
  let chunk: User[] = [];
  const flush = async () => {
    const job: Promise<void> = send(chunk)
      .then((count) => {
        updated += count;
      })
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
    chunk = [];
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };
  for (const profile of profiles) {
    chunk.push(toUser(profile));
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  await Promise.all(inFlight);
  return updated;
}

/** The client, rate limit off, same concurrency as the others. */
async function sdkContender(target: Target, concurrency: number): Promise<Contender> {
  const { IterableClient } = await loadSdk();
  const client = new IterableClient({
    apiKey: target.apiKey,
    baseUrl: target.url,
    rateLimit: false,
    concurrency,
  });
  return {
    name: 'syncProfiles',
    async run(profiles) {
      const report = await client.syncProfiles(profiles);
      if (report.succeeded !== report.total) throw new Error(`syncProfiles: ${report.failed} failed`);
      return report.succeeded;
    },
    close() {},
  };
}

/** A raw loop: dataFields by hand, `JSON.stringify`, `fetch`. */
function naiveContender(target: Target, concurrency: number): Contender {
  const endpoint = `${target.url}/api/users/bulkUpdate`;
  const headers = { 'Api-Key': target.apiKey, 'content-type': 'application/json' };
  return {
    name: 'naive loop',
    run: (profiles) =>
      inChunks(profiles, concurrency, async (users) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ users, createNewFields: true }),
        });
        if (!response.ok) throw new Error(`naive loop: HTTP ${response.status}`);
        return ((await response.json()) as { successCount: number }).successCount;
      }),
    close() {},
  };
}

/** Iterable's own TypeScript client: `bulkUpdateUsers` on hand-made chunks. */
function iterableApiContender(target: Target, concurrency: number): Contender {
  const client = new IterableApiClient({ apiKey: target.apiKey, baseUrl: target.url, timeout: 30_000 });
  return {
    name: '@iterable/api',
    run: (profiles) =>
      inChunks(
        profiles,
        concurrency,
        async (users) => (await client.bulkUpdateUsers({ users })).successCount,
      ),
    close: () => client.destroy(),
  };
}

/** Builds the named contenders, each with its own client. */
export async function createContenders(
  names: readonly ContenderName[],
  target: Target,
  concurrency: number,
): Promise<Contender[]> {
  const contenders: Contender[] = [];
  for (const name of names) {
    if (name === 'syncProfiles') contenders.push(await sdkContender(target, concurrency));
    else if (name === 'naive loop') contenders.push(naiveContender(target, concurrency));
    else contenders.push(iterableApiContender(target, concurrency));
  }
  return contenders;
}
