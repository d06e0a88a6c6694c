/**
 * The exit codes of `subsets-iterable`, the same for every command:
 *
 * - `0` (`ok`): everything asked was done (every user synced, every field ready, every check passed).
 * - `1` (`problems`): the command ran but found problems in the data or the project (some users
 *   failed or were invalid, a field is missing, a check step failed).
 * - `2` (`fatal`): a usage error, or an error that kept the command from running or finishing (no
 *   or wrong API key, wrong region, unreadable input, unreachable host).
 * - `130` (`interrupted`): stopped by Ctrl-C (SIGINT), after writing what was done so far.
 * - `143` (`terminated`): stopped by SIGTERM, the same way.
 */
export const ExitCode = {
  ok: 0,
  problems: 1,
  fatal: 2,
  interrupted: 130,
  terminated: 143,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
