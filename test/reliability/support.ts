import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { CLI, ROOT } from '../support/cli-build.js';
import { SECRET_KEY } from './common.js';

export { CLI, ensureBuilt, ROOT } from '../support/cli-build.js';
export { rejectionOf } from '../support/rejection-of.js';
export { between, recordingLogger, SECRET_KEY, SETUP_FIELDS, seededRandom } from './common.js';

/**
 * Shared pieces of the reliability suite: the scale, a seeded generator, the distinctive API key
 * every test uses, and the checks that the key never shows up anywhere.
 */

/** `RELIABILITY_SCALE=large` runs the big sizes; anything else runs the CI sizes. */
export const LARGE = process.env.RELIABILITY_SCALE === 'large';

/** Picks the CI or the large value. */
export function scaled<T>(ci: T, large: T): T {
  return LARGE ? large : ci;
}

/** Every common way a value ends up as text in a log. */
export function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 12, showHidden: true, maxStringLength: null })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // A value JSON cannot serialize is still covered by inspect.
  }
  if (value instanceof Error) out.push(value.message, String(value), String(value.stack));
  return out;
}

/** Fails when the key appears in any rendering of any of the values. */
export function expectNoKey(...values: unknown[]): void {
  for (const value of values) {
    for (const text of renderings(value)) expect(text.includes(SECRET_KEY), 'the API key leaked').toBe(false);
  }
}

/** `node_modules/tsx/dist/cli.mjs`, to run a TypeScript fixture in a child process. */
export const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** How a child process ended, with its output and when it printed its last line. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the last stdout chunk to the exit (how long it lingered after its work). */
  readonly lingeredMs: number;
  /** Whether it had to be killed because it did not exit within the time allowed. */
  readonly killed: boolean;
}

/** Runs `node ...args` to its end; kills it when it has not exited `timeoutMs` after it started. */
export function runNode(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ChildRun> {
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, options.timeoutMs);
}

/** Collects a child's output until it ends; kills it after `timeoutMs`. */
function collect(child: ChildProcess, timeoutMs: number): Promise<ChildRun> {
  let stdout = '';
  let stderr = '';
  let lastOutput = performance.now();
  let killed = false;
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    lastOutput = performance.now();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, lingeredMs: performance.now() - lastOutput, killed });
    });
  });
}

/** An environment for the CLI: the outer one without any ITERABLE_* variable, plus `extra`. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('ITERABLE_')) delete env[name];
  return { ...env, ...extra };
}

/** A CLI process that is running. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when it has ended. */
  readonly ended: Promise<ChildRun>;
}

/** Starts `node dist/cli.js ...args` talking to `baseUrl` with the secret key. */
export function startCli(args: readonly string[], baseUrl: string, timeoutMs = 60_000): RunningCli {
  if (!baseUrl.startsWith('http://127.0.0.1:')) throw new Error(`not a local stand-in: ${baseUrl}`);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: cliEnv({ ITERABLE_API_KEY: SECRET_KEY, ITERABLE_BASE_URL: baseUrl }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, ended: collect(child, timeoutMs) };
}

/** Runs the CLI against `baseUrl` to its end. */
export function runCli(args: readonly string[], baseUrl: string, timeoutMs?: number): Promise<ChildRun> {
  return startCli(args, baseUrl, timeoutMs).ended;
}

/** A scratch directory for input files and reports; `remove()` deletes it. */
export function scratchDir(): {
  readonly dir: string;
  file(name: string, content: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'subsets-reliability-'));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
