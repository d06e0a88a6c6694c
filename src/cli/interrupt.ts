import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

/** What a command is told when the user asks it to stop. */
export interface Interrupt {
  /** Aborts on the first Ctrl-C (SIGINT) or SIGTERM; its reason is a {@link CliError} with exit code 130 or 143. */
  readonly signal: AbortSignal;
  /** Stops listening for the signals. */
  dispose(): void;
}

/** The signals that stop a command cleanly, and the exit code of each. */
const SIGNALS = [
  ['SIGINT', ExitCode.interrupted, 'Ctrl-C'],
  ['SIGTERM', ExitCode.terminated, 'SIGTERM'],
] as const;

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM. The first one aborts {@link Interrupt.signal} and calls
 * `onStop`, so the command can end its work cleanly (let requests in flight finish or abort, write
 * its report); a second one ends the process at once with the same exit code.
 *
 * @param onStop - Told which signal arrived, to say that the command is stopping.
 */
export function watchInterrupt(onStop: (signalName: string) => void): Interrupt {
  const controller = new AbortController();
  const listeners = SIGNALS.map(([name, exitCode, label]) => {
    const listener = () => {
      if (controller.signal.aborted) process.exit(exitCode);
      controller.abort(new CliError(`stopped by ${label}`, exitCode));
      onStop(label);
    };
    process.on(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}

/** The exit code of an interrupted command: that of the signal's reason, else 130. */
export function interruptExitCode(signal: AbortSignal): ExitCode {
  return signal.reason instanceof CliError ? signal.reason.exitCode : ExitCode.interrupted;
}
