// The same as esm.mjs, through require.
const { IterableClient } = require('@subsets/iterable');
const { createRedisRateLimiter } = require('@subsets/iterable/redis');
const { iterableHandlers, startFakeIterable } = require('@subsets/iterable/testing');

function expectMissingPeer(run, expected) {
  try {
    run();
  } catch (error) {
    if (!error.message.includes(expected)) throw new Error(`unexpected error: ${error.message}`);
    return;
  }
  throw new Error(`expected an error saying: ${expected}`);
}

(async () => {
  const iterable = await startFakeIterable({ rateLimits: false });
  const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
  const report = await client.syncProfiles([{ userId: 'bare-2', churnRisk: '0.25' }]);
  await iterable.close();
  if (report.succeeded !== 1) throw new Error('the stand-in sync did not succeed');
  expectMissingPeer(() => iterableHandlers(), 'npm install msw');
  const redis = { set() {}, pttl() {}, defineCommand() {} };
  expectMissingPeer(
    () => createRedisRateLimiter({ redis, key: 'project-1' }),
    'npm install rate-limiter-flexible',
  );
  console.log('cjs without optional peers: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
