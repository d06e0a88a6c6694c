import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBSETS_FIELDS } from '../../src/index.js';
import { CLI, ROOT } from '../support/cli-build.js';

export { CLI, ensureBuilt, ROOT } from '../support/cli-build.js';

/** The five Subsets fields, typed string: a project that has been set up (`fields` option of the stand-in). */
export const READY_FIELDS: Readonly<Record<string, 'string'>> = Object.fromEntries(
  SUBSETS_FIELDS.map((field) => [field.name, 'string' as const]),
);

/** How a CLI run ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli} and {@link startCli}. */
export interface CliOptions {
  /** Variables added to a clean environment (no ITERABLE_* from the outer one). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text written to stdin, which is then closed unless `keepStdinOpen`. */
  readonly input?: string;
  /** Leave stdin open after writing `input`. */
  readonly keepStdinOpen?: boolean;
}

/** The outer environment without ITERABLE_*, plus `extra`. */
export function cleanEnv(extra: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ITERABLE_API_KEY;
  delete env.ITERABLE_BASE_URL;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** A running CLI process. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when `pattern` appears in the output (stdout or stderr); rejects if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has ended. */
  readonly exited: Promise<CliResult>;
}

/** Starts `node dist/cli.js ...args`. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    changed();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    changed();
  });
  if (options.input !== undefined) child.stdin?.write(options.input);
  if (!options.keepStdinOpen) child.stdin?.end();
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stdout + stderr)) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then(() => {
        if (!listeners.has(check)) return;
        done();
        if (pattern.test(stdout + stderr)) resolve();
        else reject(new Error(`the CLI ended before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
      });
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, exited };
}

/** Runs `node dist/cli.js ...args` to its end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** A scratch directory, removed by the returned function. */
export function scratchDir(): { dir: string; file(name: string, content?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'subsets-cli-test-'));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The lines of a text, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** NDJSON of `count` churn score refreshes for users `u-0` … */
export function refreshes(count: number, prefix = 'u'): string {
  let text = '';
  for (let i = 0; i < count; i += 1)
    text += `${JSON.stringify({ userId: `${prefix}-${i}`, churnRisk: 0.5 })}\n`;
  return text;
}
