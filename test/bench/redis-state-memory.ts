// Redis memory per user of createRedisState at 1,000,000 users: `INFO memory` used_memory before
// and after recording them, on a redis-server of this script's own (nothing else in it), with the
// store's layout (users spread over small hashes) and, for comparison, one big hash per scope.
// Also times the store's calls, 1,000 users per call, over loopback.
//
// Run alone:    npx tsx test/bench/redis-state-memory.ts [users] [short|uuid]   (needs redis-server on the PATH)
// As a worker:  runWorker('redis-state-memory.ts', { users: 1_000_000, userIds: 'short' })
// `short` userIds are `user-N`; `uuid` ones are 36 characters, as many projects use.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { StateEntry } from '../../src/index.js';
import { createRedisState } from '../../src/redis/index.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface RedisStateInput {
  readonly users: number;
  readonly userIds: 'short' | 'uuid';
}

/** What Redis holds for the users, and what the store's calls took. */
export interface RedisStateResult {
  readonly users: number;
  readonly userIds: 'short' | 'uuid';
  readonly redisVersion: string;
  /** `used_memory` growth per user with createRedisState's layout. */
  readonly bytesPerUser: number;
  readonly keys: number;
  readonly encoding: string;
  /** The same users in one hash per scope, for comparison. */
  readonly plainHashBytesPerUser: number;
  /** Wall time of the store's calls, 1,000 users each, µs per user. */
  readonly setUsPerUser: number;
  readonly getUsPerUser: number;
}

/** Whether `redis-server` can be started here. */
export const redisServerAvailable = (): boolean =>
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** A scope as long as one derived from a host and an API key. */
const SCOPE = 'api.iterable.com/3f2a9c1e0b7d4a55';
const GROUP = 1000;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const usedMemory = async (redis: Redis): Promise<number> => {
  const info = await redis.info('memory');
  const match = /used_memory:(\d+)/.exec(info);
  if (match === null) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
};

/** The same fingerprint-like strings as the lookup benchmark: 16 hex digits per user. */
const fingerprint = (i: number): string =>
  ((Math.imul(i, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0') + (i >>> 0).toString(16)).padEnd(16, '0');

/** A UUID-shaped userId for user `i`: 36 characters, the same every run. */
const uuid = (i: number): string => {
  const hex = fingerprint(i) + fingerprint(i + 0x5bd1e995);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

function group(start: number, users: number, userId: (i: number) => string): StateEntry[] {
  const entries: StateEntry[] = [];
  for (let i = start; i < Math.min(start + GROUP, users); i++) {
    entries.push({ userId: userId(i), fingerprint: fingerprint(i) });
  }
  return entries;
}

async function measure({ users, userIds: userIdShape }: RedisStateInput): Promise<RedisStateResult> {
  const userId = (i: number): string => (userIdShape === 'uuid' ? uuid(i) : `user-${i}`);
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  server.once('error', (error) => {
    console.error(`could not start redis-server: ${error.message}`);
    process.exit(1);
  });
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    maxRetriesPerRequest: 1,
    retryStrategy: (n) => (n > 50 ? null : 100),
  });
  redis.on('error', () => undefined); // refused until the server listens; ioredis retries meanwhile
  try {
    for (let tries = 0; ; tries++) {
      try {
        await redis.ping();
        break;
      } catch (error) {
        if (tries > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];

    // The store's layout.
    const state = createRedisState({ redis });
    await redis.flushall();
    const before = await usedMemory(redis);
    let setMs = 0;
    for (let start = 0; start < users; start += GROUP) {
      const entries = group(start, users, userId);
      const t0 = performance.now();
      await state.set(SCOPE, entries);
      setMs += performance.now() - t0;
    }
    const after = await usedMemory(redis);
    let getMs = 0;
    let found = 0;
    for (let start = 0; start < users; start += GROUP) {
      const ids = group(start, users, userId).map((entry) => entry.userId);
      const t0 = performance.now();
      const got = await state.get(SCOPE, ids);
      getMs += performance.now() - t0;
      found += got.filter((value) => value !== undefined).length;
    }
    if (found !== users) throw new Error(`read back ${found} of ${users} users`);
    const keys = await redis.dbsize();
    const sample = await redis.randomkey();
    const encoding = sample === null ? '?' : await redis.object('ENCODING', sample);

    // For comparison: one hash per scope, HSET of 1,000 fields at a time.
    await redis.flushall();
    const plainBefore = await usedMemory(redis);
    for (let start = 0; start < users; start += GROUP) {
      const args = group(start, users, userId).flatMap((entry) => [entry.userId, entry.fingerprint]);
      await redis.hset(`subsets-iterable:state:{${SCOPE}}`, ...args);
    }
    const plainAfter = await usedMemory(redis);

    return {
      users,
      userIds: userIdShape,
      redisVersion: version ?? '?',
      bytesPerUser: (after - before) / users,
      keys,
      encoding: String(encoding),
      plainHashBytesPerUser: (plainAfter - plainBefore) / users,
      setUsPerUser: (setMs * 1000) / users,
      getUsPerUser: (getMs * 1000) / users,
    };
  } finally {
    redis.disconnect();
    server.kill('SIGKILL');
  }
}

if (process.argv[2]?.startsWith('{')) {
  emit(await measure(workerInput<RedisStateInput>()));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const users = Number(process.argv[2] ?? 1_000_000);
  const r = await measure({ users, userIds: process.argv[3] === 'uuid' ? 'uuid' : 'short' });
  console.log(
    `Redis ${r.redisVersion}, ${users.toLocaleString('en-US')} users, ${r.userIds === 'uuid' ? 'UUID userIds (36 characters)' : 'userIds user-N'}, 16-character fingerprints`,
  );
  console.log(`createRedisState: ${r.bytesPerUser.toFixed(1)} bytes/user (${r.keys} keys, ${r.encoding})`);
  console.log(`one hash per scope, for comparison: ${r.plainHashBytesPerUser.toFixed(1)} bytes/user`);
  console.log(
    `store calls, 1,000 users each: set ${r.setUsPerUser.toFixed(2)} µs/user, get ${r.getUsPerUser.toFixed(2)} µs/user (wall, loopback)`,
  );
}
