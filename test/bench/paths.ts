import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The repository's root directory. The orchestrator passes it on (`BENCH_ROOT`) to the scripts it
 * compiles and runs from elsewhere.
 */
export const ROOT = process.env.BENCH_ROOT ?? path.resolve(import.meta.dirname, '../..');

/** Where the benchmark scripts live. */
export const BENCH_DIR = path.join(ROOT, 'test/bench');

/**
 * Where the benchmarks keep what they make: the copy of dist, the compiled scripts. `BENCH_CACHE`
 * names another folder under node_modules/.cache, so that two runs can go on side by side.
 */
export const CACHE = path.join(ROOT, 'node_modules/.cache', process.env.BENCH_CACHE ?? 'subsets-bench');

/** The built package the benchmarks load: a copy of `dist` taken when the run started, or `dist` itself. */
export function distDir(): string {
  return process.env.BENCH_DIST ?? path.join(ROOT, 'dist');
}

/** Whether this is the smaller smoke run (`BENCH_QUICK=1`). */
export const QUICK = process.env.BENCH_QUICK === '1';

/** The parts of the benchmark there are, in the order they run. */
export const PARTS = [
  'overhead',
  'transports',
  'ceiling',
  'memory',
  'saturation',
  'size',
  'incremental',
  'state',
  'profile',
] as const;

/** A part of the benchmark. */
export type Part = (typeof PARTS)[number];

/**
 * The parts to run: `BENCH_PARTS=memory,saturation` runs those alone (and writes no document);
 * unset, every part.
 */
export const SELECTED: ReadonlySet<Part> = new Set(
  process.env.BENCH_PARTS === undefined
    ? PARTS
    : PARTS.filter((part) => process.env.BENCH_PARTS?.split(',').includes(part)),
);

/** A whole number from the environment, or `fallback` when unset. */
export function envCount(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const count = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`${name} must be a whole number ≥ 1 (got ${value})`);
  return count;
}

/** Loads the built SDK (`dist/index.js`), typed as the source it was built from. */
export async function loadSdk(): Promise<typeof import('../../src/index.js')> {
  return import(pathToFileURL(path.join(distDir(), 'index.js')).href);
}

/** Loads the built stand-in (`dist/testing.js`), typed as the source it was built from. */
export async function loadTesting(): Promise<typeof import('../../src/testing/index.js')> {
  return import(pathToFileURL(path.join(distDir(), 'testing.js')).href);
}
