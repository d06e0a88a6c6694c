import { type Command, Option } from 'commander';
import { reportError } from './errors.js';
import type { ExitCode } from './exit-codes.js';
import { type Interrupt, watchInterrupt } from './interrupt.js';
import { Output, type OutputStreams } from './output.js';

/** What every command runs with: the process's streams and environment, and where its exit code goes. */
export interface CommandContext {
  /** Where output goes. */
  readonly streams: OutputStreams;
  /** The environment (`ITERABLE_API_KEY`, `ITERABLE_BASE_URL`). */
  readonly env: NodeJS.ProcessEnv;
  /** Read by `sync -`. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean; readonly fd?: number };
  /** The exit code of the command that ran. */
  exitCode: ExitCode;
}

/** The output flags a command may have. */
export interface OutputFlags {
  /** `--quiet`. */
  readonly quiet?: boolean;
  /** `--verbose`. */
  readonly verbose?: boolean;
  /** `--json`: a machine-readable summary on stdout. */
  readonly json?: boolean;
  /** `--report`: `-` writes the report to stdout. */
  readonly report?: string;
}

/**
 * Runs a command's body with its output and an interrupt watcher (Ctrl-C stops it cleanly), and
 * turns what it returns or throws into the exit code. The API key is given to the output as a secret,
 * so no line can print it.
 */
export async function runCommand(
  context: CommandContext,
  flags: OutputFlags,
  body: (output: Output, interrupt: Interrupt) => Promise<ExitCode>,
): Promise<void> {
  const output = new Output(context.streams, {
    quiet: flags.quiet,
    verbose: flags.verbose,
    secrets: [context.env.ITERABLE_API_KEY, context.env.ITERABLE_API_KEY?.trim()],
    stdoutIsData: flags.json === true || flags.report === '-',
  });
  const interrupt = watchInterrupt((label) =>
    output.err(`${label}: stopping… (press Ctrl-C again to quit at once)`),
  );
  try {
    context.exitCode = await body(output, interrupt);
  } catch (error) {
    context.exitCode = reportError(output, error, interrupt.signal);
  } finally {
    interrupt.dispose();
    await output.flush();
  }
}

/** Adds `--verbose`, and `--quiet` when the command has progress or a summary to leave out. */
export function addOutputOptions(command: Command, options: { readonly quiet: boolean }): Command {
  if (options.quiet) {
    command.addOption(
      new Option('-q, --quiet', 'no progress and no summary: only warnings and errors').conflicts('verbose'),
    );
  }
  return command.option('-v, --verbose', 'log every request, and print stack traces of errors');
}

/** Adds `--json`: the command's outcome as one JSON object on stdout (its other lines go to stderr). */
export function addJsonOption(command: Command, conflicts: readonly string[] = []): Command {
  const option = new Option('--json', 'print the outcome as JSON on stdout; other lines go to stderr');
  return command.addOption(conflicts.length > 0 ? option.conflicts([...conflicts]) : option);
}

/** Writes `value` to stdout as indented JSON and a line break. */
export function printJson(output: Output, value: unknown): void {
  output.data(`${JSON.stringify(value, null, 2)}\n`);
}
