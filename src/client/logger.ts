import { fn } from '../options/check.js';
/**
 * Where the SDK reports what it does. `console` and pino loggers fit. Every method gets one string.
 * @category Client
 */
export interface Logger {
  /** Per-request detail. */
  debug(message: string): void;
  /** Progress worth knowing. */
  info(message: string): void;
  /** Something was lost or is wrong but the work goes on (for example, fields Iterable dropped). */
  warn(message: string): void;
  /** Something failed that a person must fix (for example, a field type conflict). */
  error(message: string): void;
}

const ignore = (): void => {};

/** The default logger: says nothing. */
export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});

/**
 * The logger option, checked: the given logger, or the silent one.
 * @throws TypeError naming the level that is not a function.
 */
export function resolveLogger(logger: Logger | undefined): Logger {
  const resolved = logger ?? silentLogger;
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    fn(`logger.${level}`, resolved?.[level]);
  }
  return resolved;
}
