import { IterableError } from '../index.js';
import { CliError } from './cli-error.js';
import { cliWords } from './cli-words.js';
import { ExitCode } from './exit-codes.js';
import { interruptExitCode } from './interrupt.js';
import type { Output } from './output.js';
import { CLI_RETRIES } from './retry-notices.js';

/** The innermost `cause` of an error (the system error behind a network failure, for example). */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10 && current instanceof Error && current.cause !== undefined; depth += 1) {
    current = current.cause;
  }
  return current;
}

/** ` (gave up after 6 attempts)` for an error the client retried until its retries were spent. */
export function attemptsNote(retryable: boolean): string {
  return retryable ? ` (gave up after ${CLI_RETRIES + 1} attempts)` : '';
}

/**
 * An error's message for one line of output, in the CLI's words, with the system error behind it
 * when that adds anything, and the number of attempts when the client retried it.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof CliError) return error.message;
  const root = rootCause(error);
  const message = cliWords(error.message);
  const attempts = attemptsNote(error instanceof IterableError && error.retryable);
  if (root !== error && root instanceof Error && root.message && !message.includes(root.message)) {
    return `${message} (${root.message})${attempts}`;
  }
  return `${message}${attempts}`;
}

/**
 * Prints an error that ended a command and returns its exit code: the signal's (130, 143) when the
 * command was stopped, the {@link CliError}'s own, else 2. One line; the stack trace (and its causes)
 * only with `--verbose`.
 */
export function reportError(output: Output, error: unknown, signal: AbortSignal): ExitCode {
  if (signal.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : 'stopped';
    output.err(`${reason[0]?.toUpperCase()}${reason.slice(1)}.`);
    return interruptExitCode(signal);
  }
  output.error(describeError(error));
  if (output.verbose && error instanceof Error && !(error instanceof CliError && error.cause === undefined)) {
    for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; depth += 1) {
      output.err(
        depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`,
      );
      current = current.cause;
    }
  }
  return error instanceof CliError ? error.exitCode : ExitCode.fatal;
}
