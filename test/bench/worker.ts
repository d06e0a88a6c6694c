import { spawn } from 'node:child_process';
import { compile, compileStandIn, STAND_IN_SCRIPT_VARIABLE } from './compile.js';
import { ROOT } from './paths.js';

const RESULT = 'BENCH_RESULT ';

/** In a worker: the input the orchestrator gave (JSON in argv[2]). */
export function workerInput<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** In a worker: hands the result back to the orchestrator. */
export function emit(result: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  /** Extra Node.js flags, such as `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/**
 * Runs one benchmark script of this folder, compiled, in a fresh Node.js process (with
 * `--expose-gc`) and resolves with what it emitted. Its other output passes through, indented.
 */
export async function runWorker<T>(script: string, input: unknown, options: WorkerOptions = {}): Promise<T> {
  const file = await compile(script);
  // Compiled here, so that a worker which starts a stand-in never loads the compiler itself.
  const env = { ...process.env, [STAND_IN_SCRIPT_VARIABLE]: await compileStandIn() };
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...(options.nodeArgs ?? []), file, JSON.stringify(input)],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let result: T | undefined;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    pending += text;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as T;
      else if (line.length > 0) process.stdout.write(`  ${line}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`} and no result`));
    });
  });
}
