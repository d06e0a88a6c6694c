// Packs the package and checks the tarball as a user would meet it: publint; attw in every
// resolution profile (node10, node16 from CJS and ESM, bundler); an ESM import, a CommonJS require
// and the CLI's --version in a project with the optional peers; the same imports, and a type-check
// with skipLibCheck: false, in a project with nothing but the package; and the minified size of a
// consumer's bundle against its budget (bundle-size.mjs). Exits 1 when any of these fails.
//
// Optional entry points (./testing, ./redis, and each later one, such as ./lmdb or ./fleet) share
// one shape: an "exports" entry with import/require conditions, a "typesVersions" entry for
// node10, their peer loaded on first use, and a line in the bare project's scripts below.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureBundles } from './bundle-size.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const bare = path.join(import.meta.dirname, 'bare');
const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
const tsc = (project) =>
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
    stdio: 'inherit',
  });

/** A project that has installed the tarball (and `extra` packages), with `files` copied from bare/. */
function consumerProject(work, name, tarball, extra, files = []) {
  const dir = path.join(work, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', tarball, ...extra], dir);
  for (const file of files) copyFileSync(path.join(bare, file), path.join(dir, file));
  return dir;
}

/** A tsconfig that checks `file` strictly, declarations of every package included. */
function typeCheck(dir, name, file, compilerOptions) {
  const config = path.join(dir, `tsconfig.${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'ES2022',
        lib: ['ES2023'],
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules/@types')],
        ...compilerOptions,
      },
      files: [file],
    }),
  );
  tsc(config);
  console.log(`types (${name}, skipLibCheck: false, no optional peers): ok`);
}

const work = mkdtempSync(path.join(tmpdir(), 'subsets-iterable-pack-'));
try {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
  const tarball = path.join(work, filename);
  console.log(`packed ${filename}`);

  run('npx', ['publint', '--strict', tarball]);
  console.log('publint: no problems');
  // No --profile: every resolution profile, node10 included.
  run('npx', ['attw', '--pack', root, '--format', 'table-flipped']);
  console.log('attw (node10, node16 from CJS, node16 from ESM, bundler): no problems');

  const full = consumerProject(work, 'with-peers', tarball, ['msw@2', 'rate-limiter-flexible']);
  writeFileSync(
    path.join(full, 'esm.mjs'),
    `import { IterableClient, SubsetsProfile, SUBSETS_FIELDS, batchUsers, IterableError } from '@subsets/iterable';
import { startFakeIterable, iterableHandlers } from '@subsets/iterable/testing';
const iterable = await startFakeIterable({ rateLimits: false });
const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
const report = await client.syncProfiles([{ userId: 'esm-1', churnRisk: 0.5 }]);
await iterable.close();
if (report.succeeded !== 1 || SUBSETS_FIELDS.length !== 5 || typeof batchUsers !== 'function') process.exit(1);
if (!(SubsetsProfile.safeParse({ userId: 'x', churnRisk: 2 }).success === false) || !IterableError) process.exit(1);
if (iterableHandlers().length < 1) process.exit(1);
console.log('esm import: ok');
`,
  );
  writeFileSync(
    path.join(full, 'cjs.cjs'),
    `const { IterableClient, SubsetsProfile, toIterableUser } = require('@subsets/iterable');
const { startFakeIterable, iterableHandlers } = require('@subsets/iterable/testing');
(async () => {
  const iterable = await startFakeIterable({ rateLimits: false });
  const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
  const report = await client.syncProfiles([{ userId: 'cjs-1', churnRisk: '0.25' }]);
  await iterable.close();
  const user = toIterableUser({ userId: 'cjs-2', churnRisk: 0.1 });
  if (report.succeeded !== 1 || user.dataFields.subsetsSubscriberChurnRisk !== '0.1') process.exit(1);
  if (typeof SubsetsProfile.parse !== 'function' || iterableHandlers().length < 1) process.exit(1);
  // One IterableError class across the entry points, so instanceof holds for every error.
  const { IterableError } = require('@subsets/iterable');
  const { RedisRateLimiterError } = require('@subsets/iterable/redis');
  if (!(RedisRateLimiterError.prototype instanceof IterableError)) process.exit(1);
  console.log('cjs require: ok');
})().catch((error) => { console.error(error); process.exit(1); });
`,
  );
  process.stdout.write(run('node', ['esm.mjs'], full));
  process.stdout.write(run('node', ['cjs.cjs'], full));
  const version = run(path.join(full, 'node_modules/.bin/subsets-iterable'), ['--version'], full).trim();
  console.log(`cli --version: ${version}`);

  // Nothing but the package: the optional peers are not installed.
  const files = ['esm.mjs', 'cjs.cjs', 'types.mts', 'types-node10.ts'];
  const alone = consumerProject(work, 'without-peers', tarball, [], files);
  for (const peer of ['msw', 'ioredis', 'rate-limiter-flexible']) {
    const found = run('npm', ['ls', peer, '--parseable'], alone).trim();
    if (found !== '') throw new Error(`${peer} is installed in the project that must not have it`);
  }
  process.stdout.write(run('node', ['esm.mjs'], alone));
  process.stdout.write(run('node', ['cjs.cjs'], alone));
  typeCheck(alone, 'nodenext', 'types.mts', { module: 'NodeNext', moduleResolution: 'NodeNext' });
  // zod's own declarations need esModuleInterop under node10 (its locales are default-imported).
  typeCheck(alone, 'node10', 'types-node10.ts', {
    module: 'CommonJS',
    moduleResolution: 'node10',
    esModuleInterop: true,
  });

  const sizes = await measureBundles(alone);
  console.table(sizes.map(({ over, ...row }) => row));
  const over = sizes.filter((row) => row.over);
  if (over.length > 0) {
    throw new Error(
      `over budget: ${over.map((row) => `${row.bundle} ${row['minified (KB)']} KB`).join(', ')}`,
    );
  }
  console.log('bundle sizes: within budget');
} finally {
  rmSync(work, { recursive: true, force: true });
}
