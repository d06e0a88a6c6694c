import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { distDir, ROOT } from './paths.js';
import { generateProfiles } from './profiles.js';
import { rssBetween, rssByTenth, rssRangeFrom } from './report.js';
import { type StandIn, startStandIn } from './stand-in.js';

/** RSS of the CLI over one sync of an NDJSON file, in bytes. */
export interface CliMemoryResult {
  readonly profiles: number;
  /** Users the stand-in holds at the end. */
  readonly synced: number;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** RSS around 20% of the run: the median of the readings while the stand-in held 15–25% of the users. */
  readonly rssAt20: number;
  /** RSS at the end: the median of the readings over the last 10% of the users. */
  readonly rssAt100: number;
  /** The lowest and highest readings from 20% of the run on. */
  readonly rssRange: readonly [number, number];
  /** The median reading in each tenth of the run. */
  readonly rssByTenth: readonly number[];
  /** RSS readings taken. */
  readonly readings: number;
  /** The highest VmHWM read (the kernel's peak RSS of the process). */
  readonly peakRss: number;
  /** How often RSS was read, in milliseconds. */
  readonly intervalMs: number;
}

/** VmRSS and VmHWM of a live process, in bytes; `undefined` once it has gone. */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const rss = kb('VmRSS');
    return rss === 0 ? undefined : { rss: rss * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** Writes `count` profiles as NDJSON to a file in `dir`; resolves with its path. */
async function writeNdjson(dir: string, count: number): Promise<string> {
  const file = path.join(dir, 'profiles.ndjson');
  const out = createWriteStream(file);
  let chunk = '';
  for (const profile of generateProfiles(count, 'cli')) {
    chunk += `${JSON.stringify(profile)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return file;
}

/**
 * Runs `node dist/cli.js sync FILE` on a `count`-line NDJSON file against a stand-in in its own
 * process (no rate limit, nothing recorded), reading the CLI's VmRSS and VmHWM from /proc and the
 * stand-in's user count (the progress) every `intervalMs`.
 */
export async function cliMemory(count: number, intervalMs = 100): Promise<CliMemoryResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'subsets-bench-cli-'));
  let standIn: StandIn | undefined;
  try {
    const file = await writeNdjson(dir, count);
    standIn = await startStandIn({ rateLimits: false, recordRequests: false });
    const started = performance.now();
    // The CLI has no "off" for its rate limit: a rate far above what the stand-in answers is the same.
    const child = spawn(
      process.execPath,
      [path.join(distDir(), 'cli.js'), 'sync', file, '--rate', '100000', '--quiet'],
      {
        cwd: ROOT,
        env: { ...process.env, ITERABLE_API_KEY: standIn.apiKey, ITERABLE_BASE_URL: standIn.url },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    const exited = once(child, 'exit') as Promise<[number | null]>;
    let done = false;
    void exited.then(() => {
      done = true;
    });
    const readings: { progress: number; rss: number }[] = [];
    let peakRss = 0;
    while (!done) {
      const memory = await memoryOf(child.pid as number);
      if (memory === undefined) break;
      const { users } = await standIn.stats();
      peakRss = Math.max(peakRss, memory.hwm);
      readings.push({ progress: users / count, rss: memory.rss });
      await sleep(intervalMs);
    }
    const [exitCode] = await exited;
    const wallMs = performance.now() - started;
    const { users } = await standIn.stats();
    if (exitCode !== 0) process.stderr.write(`the CLI exited with ${exitCode}:\n${stderr}\n`);
    return {
      profiles: count,
      synced: users,
      exitCode,
      wallMs,
      rssAt20: rssBetween(readings, 0.15, 0.25),
      rssAt100: rssBetween(readings, 0.9, 1),
      rssRange: rssRangeFrom(readings, 0.2),
      rssByTenth: rssByTenth(readings),
      readings: readings.length,
      peakRss,
      intervalMs,
    };
  } finally {
    await standIn?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
