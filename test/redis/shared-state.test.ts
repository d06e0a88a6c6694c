import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { SUBSETS_FIELDS } from '../../src/index.js';
import { createRedisState } from '../../src/redis/index.js';
import { defaultStateScope } from '../../src/state/default-scope.js';
import { fingerprint } from '../../src/state/fingerprint.js';
import { startFakeIterable } from '../../src/testing/index.js';
import type { StateWorkerConfig } from './state-worker.js';
import { connect, describeWithRedis, REDIS_URL, uniquePrefix } from './support.js';

const WORKER = fileURLToPath(new URL('./state-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STRING_FIELDS = Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]));

function runWorker(config: StateWorkerConfig, apiKey: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)], {
    cwd: ROOT,
    env: { ...process.env, ITERABLE_API_KEY: apiKey },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{'))
        reject(new Error(`worker exited with ${code}:\n${stderr}${stdout}`));
      else resolve(JSON.parse(last) as Record<string, number>);
    });
  });
}

const redis = connect();
afterAll(() => redis.disconnect());

describeWithRedis('two processes sharing one Redis state and one rate limit', () => {
  it('record a fingerprint only for values Iterable confirmed', async () => {
    // One request in five fails with a 500 and is not retried: those users must not be recorded.
    const iterable = await startFakeIterable({
      fields: STRING_FIELDS,
      rateLimits: { bulkUpdate: 20 },
      faults: { serverError: 0.2, endpoints: ['bulkUpdate'], seed: 11 },
    });
    const keyPrefix = uniquePrefix('shared-state');
    try {
      const base = { baseUrl: iterable.url, redisUrl: REDIS_URL, keyPrefix };
      // Users 0–2,999 and 2,000–4,999: 1,000 users are sent by both.
      const reports = await Promise.all([
        runWorker({ ...base, from: 0, to: 3000 }, iterable.apiKey),
        runWorker({ ...base, from: 2000, to: 5000 }, iterable.apiKey),
      ]);
      const failed = reports.reduce((sum, report) => sum + (report.failed ?? 0), 0);
      expect(failed).toBeGreaterThan(0);

      const state = createRedisState({ redis, keyPrefix });
      const scope = defaultStateScope(iterable.url, iterable.apiKey);
      const userIds = Array.from({ length: 5000 }, (_, i) => `u${i}`);
      const recorded = await state.get(scope, userIds);
      let checked = 0;
      for (const [i, userId] of userIds.entries()) {
        const print = recorded[i];
        const held = iterable.users.get(userId);
        if (print === undefined) continue;
        checked += 1;
        // Recorded means Iterable holds exactly those values.
        expect(held?.dataFields, userId).toBeDefined();
        expect(fingerprint(held?.dataFields as Record<string, string>), userId).toBe(print);
      }
      // Every user the stand-in holds was confirmed to some process, and only those were recorded.
      expect(checked).toBe(iterable.users.size);
      expect(checked).toBeLessThan(5000);
    } finally {
      await iterable.close();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });
});
