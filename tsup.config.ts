import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  redis: 'src/redis/index.ts',
  lmdb: 'src/lmdb/index.ts',
  fleet: 'src/fleet/index.ts',
};

/**
 * p-limit and p-retry ship only as ES modules. The ESM build imports them as
 * dependencies; the CommonJS build bundles them, so `require('@subsets/iterable')`
 * works on every supported Node.js without relying on require(esm).
 */
const esmOnlyDependencies = ['p-limit', 'p-retry', 'yocto-queue', 'is-network-error'];

/**
 * Each optional entry point (`./testing`, `./redis`, and later ones) names its optional peer's
 * types in its declarations, and the bundled `.d.ts` opens with that one import (`msw`, `ioredis`).
 * Without the peer installed, that import must not fail a consumer's type-check (`skipLibCheck:
 * false`): it then types the peer's values as `any`, and everything else in the file still checks.
 * The package check type-checks a consumer without the peers, so a second peer import would show.
 */
const dts = {
  banner: '// @ts-ignore -- an optional peer dependency may be absent; its types are then `any`.',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
  },
  {
    entry,
    format: ['cjs'],
    splitting: true,
    dts,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    noExternal: esmOnlyDependencies,
    // Optional peers are loaded with `require` (src/peers/require-peer.ts), which the ESM build
    // makes from `import.meta.url`; the shim gives the CommonJS build the same URL.
    shims: true,
    treeshake: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
