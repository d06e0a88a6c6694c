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

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
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
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    noExternal: esmOnlyDependencies,
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
