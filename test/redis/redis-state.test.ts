import { type ChildProcess, spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { StateStoreError } from '../../src/index.js';
import { createRedisState } from '../../src/redis/index.js';
import type { RedisStateOptions } from '../../src/redis/redis-state-options.js';
import { describeStateContract } from '../state/contract.js';
import { closedPort, connect, deadRedis, describeWithRedis, uniquePrefix } from './support.js';

/** Deletes every key under `prefix`. */
async function removeKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function rejectionOf(promise: Promise<unknown>): Promise<StateStoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StateStoreError);
  return error as StateStoreError;
}

/** A redis-server of this test's own, on a free port, that the test can stop. */
async function startOwnRedis(): Promise<{ port: number; process: ChildProcess; stop: () => Promise<void> }> {
  const port = await closedPort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const probe = connect(`redis://127.0.0.1:${port}`);
  probe.on('error', () => undefined);
  try {
    for (let tries = 0; ; tries++) {
      try {
        await probe.ping();
        break;
      } catch (error) {
        if (tries > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    probe.disconnect();
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return { port, process: child, stop };
}

describeWithRedis('createRedisState with a real Redis', () => {
  const redis = connect();
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) await removeKeys(redis, prefix);
    redis.disconnect();
  });
  const prefix = (name: string): string => {
    const made = uniquePrefix(name);
    prefixes.push(made);
    return made;
  };

  describeStateContract('createRedisState', async ({ scope }) => {
    const keyPrefix = prefix('state-contract');
    return {
      state: createRedisState({ redis, keyPrefix, ...(scope === undefined ? {} : { scope }) }),
      cleanup: () => removeKeys(redis, keyPrefix),
    };
  });

  it('shares fingerprints between connections, as workers on several machines do', async () => {
    const keyPrefix = prefix('state-shared');
    const other = connect();
    try {
      await createRedisState({ redis, keyPrefix }).set('project', [{ userId: 'u1', fingerprint: 'f1' }]);
      expect(await createRedisState({ redis: other, keyPrefix }).get('project', ['u1'])).toEqual(['f1']);
    } finally {
      other.disconnect();
    }
  });

  it('keeps users in small hashes under <keyPrefix>:{<scope>}:<buckets>:<bucket>, stored compactly', async () => {
    const keyPrefix = prefix('state-layout');
    const state = createRedisState({ redis, keyPrefix, buckets: 16 });
    await state.set(
      'acme',
      Array.from({ length: 500 }, (_, i) => ({ userId: `u${i}`, fingerprint: `f${i}` })),
    );
    const keys = (await redis.keys(`${keyPrefix}*`)).sort();
    expect(keys).toHaveLength(16);
    for (const key of keys) {
      expect(key.startsWith(`${keyPrefix}:{acme}:16:`)).toBe(true);
      expect(['listpack', 'ziplist']).toContain(await redis.object('ENCODING', key));
    }
    const fields = (await Promise.all(keys.map((key) => redis.hgetall(key)))).reduce(
      (all, hash) => Object.assign(all, hash),
      {},
    );
    expect(Object.keys(fields)).toHaveLength(500);
    expect(fields.u42).toBe('f42');
    expect(state.name).toBe(`redis (${keyPrefix})`);
  });

  it('starts empty when the number of buckets changes', async () => {
    const keyPrefix = prefix('state-buckets');
    await createRedisState({ redis, keyPrefix, buckets: 8 }).set('p', [{ userId: 'u', fingerprint: 'f' }]);
    expect(await createRedisState({ redis, keyPrefix, buckets: 9 }).get('p', ['u'])).toEqual([undefined]);
    expect(await createRedisState({ redis, keyPrefix, buckets: 8 }).get('p', ['u'])).toEqual(['f']);
  });

  describe('when Redis goes away', () => {
    it('rejects with a StateStoreError naming Redis once the server is killed mid-use', async () => {
      const server = await startOwnRedis();
      // ioredis's defaults: it reconnects and queues commands meanwhile, 20 retries per command.
      const client = deadRedis(server.port);
      try {
        const keyPrefix = 'state-killed';
        const state = createRedisState({ redis: client, keyPrefix, timeoutMs: 1000 });
        await state.set('p', [{ userId: 'u1', fingerprint: 'f1' }]);
        expect(await state.get('p', ['u1'])).toEqual(['f1']);
        await server.stop();
        const read = await rejectionOf(state.get('p', ['u1']));
        expect(read.store).toBe('redis (state-killed)');
        expect(read.message).toMatch(/^State store redis \(state-killed\): Redis .*read fingerprints/);
        expect(read.retryable).toBe(false);
        const write = await rejectionOf(state.set('p', [{ userId: 'u2', fingerprint: 'f2' }]));
        expect(write.message).toMatch(/Redis .*record fingerprints/);
      } finally {
        client.disconnect();
        await server.stop();
      }
    });

    it('does not wait forever on a client that queues commands without limit', async () => {
      const client = deadRedis(await closedPort(), { maxRetriesPerRequest: null });
      try {
        const state = createRedisState({ redis: client, timeoutMs: 300 });
        const error = await rejectionOf(state.get('p', ['u1']));
        expect(error.message).toContain(
          'Redis did not answer within 300 ms while trying to read fingerprints',
        );
      } finally {
        client.disconnect();
      }
    });

    it('rejects with the error of a client the caller disconnected', async () => {
      const client = connect();
      client.disconnect();
      const state = createRedisState({ redis: client, timeoutMs: 10_000 });
      const error = await rejectionOf(state.set('p', [{ userId: 'u1', fingerprint: 'f1' }]));
      expect(error.message).toMatch(/Redis failed while trying to record fingerprints: Connection is closed/);
    });
  });
});

describe('createRedisState options', () => {
  const redis = connect();
  afterAll(() => redis.disconnect());
  const create = (options: Partial<RedisStateOptions>) => () => createRedisState({ redis, ...options });

  it('names the option that is wrong', () => {
    expect(() => createRedisState({} as RedisStateOptions)).toThrow(/redis must be an ioredis client/);
    expect(create({ keyPrefix: '' })).toThrow(/keyPrefix must be a non-empty string/);
    expect(create({ buckets: 0 })).toThrow(/buckets must be a whole number from 1/);
    expect(create({ buckets: 1.5 })).toThrow(/buckets must be a whole number/);
    expect(create({ timeoutMs: 0 })).toThrow(/timeoutMs must be a number of milliseconds > 0/);
    expect(create({ scope: '' })).toThrow(/scope must be a non-empty string/);
  });
});
