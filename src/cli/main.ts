import { CommanderError } from 'commander';
import type { CommandContext } from './command-context.js';
import { describeError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/**
 * The exit code for an error commander threw while parsing: 0 for `--help` and `--version`, 2 for
 * a usage error (commander has already printed its one-line message).
 */
function commanderExitCode(error: CommanderError): ExitCode {
  return error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version' ||
    error.exitCode === 0
    ? ExitCode.ok
    : ExitCode.fatal;
}

/** Runs `subsets-iterable` with the process's arguments, streams and environment, then exits. */
async function main(): Promise<void> {
  const context: CommandContext = {
    streams: { stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    stdin: process.stdin,
    exitCode: ExitCode.ok,
  };
  const program = createProgram(context);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) context.exitCode = commanderExitCode(error);
    else {
      process.stderr.write(`error: ${describeError(error)}\n`);
      context.exitCode = ExitCode.fatal;
    }
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  // Exit now: stdin, left open by an interrupted sync, must not keep the process alive.
  process.exit(context.exitCode);
}

await main();
