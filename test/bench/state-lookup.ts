// Cost of the incremental-sync stores as the sync uses them: for each group of 1,000 profiles one
// bulk lookup; what changed is sent in requests of 1,000 users, and each answered request is one
// bulk record. Two passes over 1,000,000 users per store: a
// first sync (nothing known, everything recorded) and a second with 10% changed (everything looked
// up, 10% recorded). Each store runs in a fresh process; time and CPU count only the store's calls,
// CPU over all threads (LMDB reads ahead and commits on threads of its own).
//
// Run alone:    npm run build && npx tsx test/bench/state-lookup.ts [users]
// As a worker:  runWorker('state-lookup.ts', { store: 'lmdb', users: 1_000_000 })
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StateEntry, SyncState } from '../../src/index.js';
import { distDir, loadSdk, ROOT } from './paths.js';
import { plainTable, rssBetween } from './report.js';
import { emit, runWorker, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface StateLookupInput {
  readonly store: 'memory' | 'lmdb' | 'lmdb-not-durable';
  readonly users: number;
  /** Profiles per lookup and per record. @default 1000 */
  readonly group?: number;
}

/** One pass over every user. */
export interface StatePass {
  /** Wall time of the store's calls, µs per profile. */
  readonly wallUsPerProfile: number;
  /** CPU time (user + system, all threads) of the store's calls, µs per profile. */
  readonly cpuUsPerProfile: number;
  /** Users recorded in this pass. */
  readonly recorded: number;
  /** `set` calls (transactions) it took: one per 1,000 users recorded. */
  readonly records: number;
}

/** The figures of one store. */
export interface StateLookupResult {
  readonly store: string;
  readonly users: number;
  readonly first: StatePass;
  readonly second: StatePass;
  /** Peak RSS of the process, bytes. */
  readonly peakRss: number;
  /** RSS before the first pass, bytes. */
  readonly rssBefore: number;
  /** RSS around 20% and at the end of the second pass, bytes. */
  readonly rssAt20: number;
  readonly rssAt100: number;
  /** Size of the LMDB data file, bytes (LMDB only). */
  readonly fileBytes?: number;
}

/** A fingerprint-like 16-hex-digit string for user `i` at `version`, made without a hash library. */
function fingerprint(i: number, version: number): string {
  let a = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ version;
  let b = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a = (a ^ (b >>> 16)) >>> 0;
  b = (b ^ (a >>> 15)) >>> 0;
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** Whether user `i` changed between the first and the second sync (10% of them). */
const changed = (i: number): boolean => i % 10 === 3;

async function pass(
  state: SyncState,
  users: number,
  group: number,
  version: number,
  onGroup: (done: number) => void,
): Promise<StatePass> {
  let wallMs = 0;
  let cpuUs = 0;
  let recorded = 0;
  let records = 0;
  /** Users to record, gathered until they fill a request, as the sync records one answered batch at a time. */
  let unrecorded: StateEntry[] = [];
  const timed = async (call: () => Promise<unknown>): Promise<void> => {
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await call();
    wallMs += performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    cpuUs += cpu.user + cpu.system;
  };
  const record = async (entries: StateEntry[]): Promise<void> => {
    await timed(() => state.set('bench-scope', entries));
    recorded += entries.length;
    records += 1;
  };
  for (let start = 0; start < users; start += group) {
    const end = Math.min(start + group, users);
    const userIds: string[] = [];
    const wanted: string[] = [];
    for (let i = start; i < end; i++) {
      userIds.push(`user-${i}`);
      wanted.push(fingerprint(i, version === 2 && changed(i) ? 2 : 1));
    }
    let known: ReadonlyArray<string | undefined> = [];
    await timed(async () => {
      known = await state.get('bench-scope', userIds);
    });
    for (let j = 0; j < userIds.length; j++) {
      if (known[j] !== wanted[j]) {
        unrecorded.push({ userId: userIds[j] as string, fingerprint: wanted[j] as string });
      }
      if (unrecorded.length === group) {
        await record(unrecorded);
        unrecorded = [];
      }
    }
    onGroup(end);
  }
  if (unrecorded.length > 0) await record(unrecorded);
  return { wallUsPerProfile: (wallMs * 1000) / users, cpuUsPerProfile: cpuUs / users, recorded, records };
}

async function measure(input: StateLookupInput): Promise<StateLookupResult> {
  const group = input.group ?? 1000;
  const dir = mkdtempSync(path.join(tmpdir(), 'subsets-bench-state-'));
  try {
    let state: SyncState & { close?: () => Promise<void> };
    if (input.store === 'memory') {
      state = (await loadSdk()).createMemoryState();
    } else {
      const lmdb: typeof import('../../src/lmdb/index.js') = await import(
        pathToFileURL(path.join(distDir(), 'lmdb.js')).href
      );
      state = lmdb.createLmdbState({ path: dir, durable: input.store === 'lmdb' });
    }
    const rssBefore = process.memoryUsage.rss();
    const readings: { progress: number; rss: number }[] = [];
    const first = await pass(state, input.users, group, 1, () => undefined);
    const second = await pass(state, input.users, group, 2, (done) => {
      readings.push({ progress: done / input.users, rss: process.memoryUsage.rss() });
    });
    const expected = Math.ceil(input.users / 10);
    if (first.recorded !== input.users || Math.abs(second.recorded - expected) > 1) {
      throw new Error(`recorded ${first.recorded} then ${second.recorded}: the store lost or invented users`);
    }
    await state.close?.();
    return {
      store: input.store === 'lmdb-not-durable' ? 'lmdb, durable: false' : input.store,
      users: input.users,
      first,
      second,
      peakRss: process.resourceUsage().maxRSS * 1024,
      rssBefore,
      rssAt20: rssBetween(readings, 0.15, 0.25),
      rssAt100: rssBetween(readings, 0.9, 1),
      ...(input.store !== 'memory' ? { fileBytes: statSync(path.join(dir, 'data.mdb')).size } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const us = (value: number): string => value.toFixed(2);

/** Runs both stores, each in a fresh process, and prints one table. */
export async function runStateLookup(users: number): Promise<StateLookupResult[]> {
  const results: StateLookupResult[] = [];
  for (const store of ['memory', 'lmdb', 'lmdb-not-durable'] as const) {
    results.push(await runWorker<StateLookupResult>('state-lookup.ts', { store, users }));
  }
  return results;
}

/** The results as a plain-text table. */
export function stateLookupTable(results: readonly StateLookupResult[]): string {
  return plainTable({
    head: [
      'store',
      'users',
      '1st sync µs/profile (wall / CPU)',
      '2nd sync, 10% changed (wall / CPU)',
      'RSS before',
      'RSS at 20% → 100%',
      'peak RSS',
      'data file',
    ],
    rows: results.map((r) => [
      r.store,
      r.users.toLocaleString('en-US'),
      `${us(r.first.wallUsPerProfile)} / ${us(r.first.cpuUsPerProfile)}`,
      `${us(r.second.wallUsPerProfile)} / ${us(r.second.cpuUsPerProfile)}`,
      mb(r.rssBefore),
      `${mb(r.rssAt20)} → ${mb(r.rssAt100)}`,
      mb(r.peakRss),
      r.fileBytes === undefined ? '-' : mb(r.fileBytes),
    ]),
  });
}

if (process.argv[2]?.startsWith('{')) {
  emit(await measure(workerInput<StateLookupInput>()));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const users = Number(process.argv[2] ?? 1_000_000);
  process.env.BENCH_ROOT = ROOT; // the workers run compiled from elsewhere
  console.log(stateLookupTable(await runStateLookup(users)));
}
