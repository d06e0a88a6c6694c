// Packs the package and checks the tarball as a user would meet it: publint, attw, an ESM import,
// a CommonJS require and the CLI's --version, each from a fresh project that installs the tarball.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

const work = mkdtempSync(path.join(tmpdir(), 'subsets-iterable-pack-'));
try {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
  const tarball = path.join(work, filename);
  console.log(`packed ${filename}`);

  run('npx', ['publint', '--strict', tarball]);
  console.log('publint: no problems');
  run('npx', ['attw', '--pack', root, '--profile', 'node16', '--format', 'table-flipped']);
  console.log('attw: no problems');

  const consumer = path.join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--omit=dev', tarball, 'msw@2', 'rate-limiter-flexible'],
    consumer,
  );

  writeFileSync(
    path.join(consumer, 'esm.mjs'),
    `import { IterableClient, SubsetsProfile, SUBSETS_FIELDS, batchUsers, IterableError } from '@subsets/iterable';
import { startFakeIterable } from '@subsets/iterable/testing';
const iterable = await startFakeIterable({ rateLimits: false });
const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
const report = await client.syncProfiles([{ userId: 'esm-1', churnRisk: 0.5 }]);
await iterable.close();
if (report.succeeded !== 1 || SUBSETS_FIELDS.length !== 5 || typeof batchUsers !== 'function') process.exit(1);
if (!(SubsetsProfile.safeParse({ userId: 'x', churnRisk: 2 }).success === false) || !IterableError) process.exit(1);
console.log('esm import: ok');
`,
  );
  writeFileSync(
    path.join(consumer, 'cjs.cjs'),
    `const { IterableClient, SubsetsProfile, toIterableUser } = require('@subsets/iterable');
const { startFakeIterable } = require('@subsets/iterable/testing');
(async () => {
  const iterable = await startFakeIterable({ rateLimits: false });
  const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
  const report = await client.syncProfiles([{ userId: 'cjs-1', churnRisk: '0.25' }]);
  await iterable.close();
  const user = toIterableUser({ userId: 'cjs-2', churnRisk: 0.1 });
  if (report.succeeded !== 1 || user.dataFields.subsetsSubscriberChurnRisk !== '0.1') process.exit(1);
  if (typeof SubsetsProfile.parse !== 'function') process.exit(1);
  // One IterableError class across the entry points, so instanceof holds for every error.
  const { IterableError } = require('@subsets/iterable');
  const { RedisRateLimiterError } = require('@subsets/iterable/redis');
  if (!(RedisRateLimiterError.prototype instanceof IterableError)) process.exit(1);
  console.log('cjs require: ok');
})().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  process.stdout.write(run('node', ['esm.mjs'], consumer));
  process.stdout.write(run('node', ['cjs.cjs'], consumer));
  const version = run(
    path.join(consumer, 'node_modules/.bin/subsets-iterable'),
    ['--version'],
    consumer,
  ).trim();
  console.log(`cli --version: ${version}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
