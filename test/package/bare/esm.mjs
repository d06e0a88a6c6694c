// Run in a project where only @subsets/iterable is installed: no msw, ioredis or rate-limiter-flexible.
import { IterableClient } from '@subsets/iterable';
import { createRedisRateLimiter } from '@subsets/iterable/redis';
import { iterableHandlers, startFakeIterable } from '@subsets/iterable/testing';

const iterable = await startFakeIterable({ rateLimits: false });
const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
const report = await client.syncProfiles([{ userId: 'bare-1', churnRisk: 0.5 }]);
await iterable.close();
if (report.succeeded !== 1) throw new Error(`the stand-in sync did not succeed: ${JSON.stringify(report)}`);

/** The message of what `run` throws; fails when it throws nothing or an error without `expected`. */
function expectMissingPeer(run, expected) {
  try {
    run();
  } catch (error) {
    if (!error.message.includes(expected)) throw new Error(`unexpected error: ${error.message}`);
    return error.message;
  }
  throw new Error(`expected an error saying: ${expected}`);
}

const redis = { set() {}, pttl() {}, defineCommand() {} };
const messages = [
  expectMissingPeer(() => iterableHandlers(), 'npm install msw'),
  expectMissingPeer(
    () => createRedisRateLimiter({ redis, key: 'project-1' }),
    'npm install rate-limiter-flexible',
  ),
];
console.log(`esm without optional peers: the stand-in works; ${messages.join(' | ')}`);
