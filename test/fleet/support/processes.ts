/** Starts and stops fleet worker processes (test/fleet/support/worker-process.ts) for the tests and the bench. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig } from './worker-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** A running worker process and what it printed. */
export interface WorkerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every line printed so far. */
  readonly lines: string[];
  /** Resolves once the worker is connected and taking jobs. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
  /** Resolves with the first line for which `match` holds (already printed or to come). */
  waitFor(match: (line: string) => boolean): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function startWorkerProcess(config: WorkerProcessConfig): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(config)], {
    cwd: ROOT,
    env: process.env,
  });
  const lines: string[] = [];
  const watchers: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let rest = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const watcher of [...watchers]) {
        if (watcher.match(line)) {
          watchers.splice(watchers.indexOf(watcher), 1);
          watcher.resolve(line);
        }
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? String(code)));
  });
  const waitFor = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find(match);
      if (found !== undefined) return resolve(found);
      watchers.push({ match, resolve });
      void exited.then((how) =>
        reject(
          new Error(`worker process exited (${how}) before the expected line:\n${stderr}${lines.join('\n')}`),
        ),
      );
    });
  const ready = waitFor((line) => line === 'ready').then(() => undefined);
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, lines, ready, exited, waitFor, stop };
}
