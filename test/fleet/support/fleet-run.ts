/** What the fleet tests share: stand-ins per project, a queue on the test Redis, and clean-up. */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { type FakeIterable, startFakeIterable } from '../../../src/testing/index.js';
import type { FakeIterableOptions } from '../../../src/testing/types.js';
import { connect, REDIS_URL, uniquePrefix } from '../../redis/support.js';
import { expectedFields } from './profiles.js';
import type { StandInSnapshot } from './stand-in-child.js';
import type { WorkerProcessConfig } from './worker-process.js';

/** A connection as BullMQ wants it: commands wait while Redis reconnects. */
export function bullConnection(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** A queue, its events and one stand-in per project, all with keys no other run uses. */
export interface FleetRun {
  readonly prefix: string;
  readonly queueName: string;
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly stands: ReadonlyMap<string, FakeIterable>;
  /** The worker process config for these projects, with `extra` on top. */
  workerConfig(extra?: Partial<WorkerProcessConfig>): WorkerProcessConfig;
  /** Closes the queue, the stand-ins, and deletes every Redis key of the run. */
  close(): Promise<void>;
}

export async function startFleetRun(
  name: string,
  projects: readonly string[],
  standIn: FakeIterableOptions = {},
): Promise<FleetRun> {
  const prefix = uniquePrefix(`fleet-${name}`);
  const queueName = 'iterable-sync';
  const queue = new Queue(queueName, { connection: bullConnection(), prefix });
  const events = new QueueEvents(queueName, { connection: bullConnection(), prefix });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const stands = new Map<string, FakeIterable>();
  for (const project of projects) {
    stands.set(project, await startFakeIterable({ recordRequests: 'metadata', ...standIn }));
  }
  return {
    prefix,
    queueName,
    queue,
    events,
    stands,
    workerConfig: (extra = {}) => ({
      redisUrl: REDIS_URL,
      queue: queueName,
      prefix,
      projects: Object.fromEntries(
        [...stands].map(([project, stand]) => [project, { baseUrl: stand.url, apiKey: stand.apiKey }]),
      ),
      ...extra,
    }),
    async close() {
      await events.close();
      await queue.close();
      const admin = connect();
      // The run's own keys, and the state the workers kept for its stand-ins (the default store's
      // keys: `subsets-iterable:state:{<host>/<key digest>}:...`).
      const stateKeys = [...stands.values()].map(
        (stand) => `subsets-iterable:state:{${new URL(stand.url).host}/*`,
      );
      const keys = (
        await Promise.all([`${prefix}:*`, ...stateKeys].map((pattern) => admin.keys(pattern)))
      ).flat();
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
      for (const stand of stands.values()) await stand.close();
    },
  };
}

/** Users of `project` whose values in the stand-in are not those of round `round`, as userIds. */
export function wrongUsers(
  stand: Pick<FakeIterable, 'users'> | StandInSnapshot,
  project: string,
  count: number,
  round: number,
): string[] {
  const wrong: string[] = [];
  for (let i = 0; i < count; i++) {
    const userId = `${project}-u${i}`;
    const fields = stand.users.get(userId)?.dataFields;
    const expected = expectedFields(project, i, round);
    if (fields === undefined || Object.entries(expected).some(([key, value]) => fields[key] !== value)) {
      wrong.push(userId);
    }
  }
  return wrong;
}

/** The stand-in's bulkUpdate requests: arrival times and statuses. */
export function bulkRequests(stand: Pick<FakeIterable, 'requests'> | StandInSnapshot) {
  return stand.requests.filter((request) => request.endpoint === 'bulkUpdate');
}
