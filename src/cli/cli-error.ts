import { ExitCode } from './exit-codes.js';

/**
 * An error the CLI reports as one line and an exit code, without a stack trace: a usage mistake or
 * a problem the user can fix (for example a missing `ITERABLE_API_KEY` or an unreadable file).
 */
export class CliError extends Error {
  /** The exit code the process ends with. */
  readonly exitCode: ExitCode;

  /**
   * @param message - One line saying what is wrong and what to do.
   * @param exitCode - The exit code; usage and fatal errors by default.
   * @param options - `cause`: the underlying error, shown with `--verbose`.
   */
  constructor(message: string, exitCode: ExitCode = ExitCode.fatal, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
