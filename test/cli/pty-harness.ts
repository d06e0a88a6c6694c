import { spawn } from 'node:child_process';
import { CLI, type CliOptions, cleanEnv, ROOT } from './cli-harness.js';

/** How a run in a pseudo-terminal ended. */
export interface TerminalRun {
  /** The exit code. */
  readonly code: number | null;
  /** Everything the CLI wrote to the terminal (stdout and stderr, as a terminal gets them). */
  readonly output: string;
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * Runs `node dist/cli.js ...args` in a pseudo-terminal of `columns` × 24, through `script` (from
 * util-linux, on every Debian machine): stdout and stderr are the terminal, as for a user.
 */
export function runInTerminal(
  args: readonly string[],
  options: CliOptions & { readonly columns?: number } = {},
): Promise<TerminalRun> {
  const columns = options.columns ?? 80;
  const command =
    `stty cols ${columns} rows 24 && exec ${quote(process.execPath)} ${quote(CLI)} ` +
    args.map(quote).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--flush', '--command', command, '/dev/null'], {
    cwd: ROOT,
    env: { ...cleanEnv(options.env), TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
