import { fn } from '../options/check.js';
/**
 * What a log line says beyond its text, for structured loggers: numbers stay numbers, and no field
 * repeats the API key. Every line that has fields names its `event`; the other keys depend on it.
 *
 * | `event` | level | fields |
 * | --- | --- | --- |
 * | `request` | debug | `method`, `path`, `status`, `durationMs` |
 * | `retry` | debug | `method`, `path`, `attempt` (the attempt that failed, from 1), `retries` (the most allowed), `delayMs`, `status` (when Iterable answered), `error` |
 * | `sync` | info | `total`, `succeeded`, `unchanged`, `failed`, `invalid`, `aborted`, `requests`, `retries`, `rateLimited`, `durationMs` |
 * | `field-type-conflict` | error | `field`, `expectedType` |
 * | `field-dropped` | warn | `field` |
 * | `fail-count-mismatch` | warn | `failCount`, `listed` |
 * | `redis-fallback`, `redis-down`, `redis-back` | warn, debug, info | `key`, `reason`, `requestsPerSecond` |
 * | `redis-pause`, `redis-pause-failed` | debug, warn | `key`, `seconds` or `delayMs`, `reason` |
 *
 * @category Logging
 */
export interface LogFields {
  /** What happened, for example `'retry'`: a stable name to filter on. */
  readonly event?: string;
  /** Any other field; see the table above. */
  readonly [name: string]: string | number | boolean | undefined;
}

/**
 * Where the SDK reports what it does. Every method gets a readable sentence and, for most lines,
 * a {@link LogFields} object as a second argument.
 *
 * `console` fits as it is and prints both; so does a winston logger, which merges the fields into
 * the log entry (`logger.info(message, fields)`). A logger that takes one string may ignore the
 * second argument. pino takes the fields first (`logger.info(fields, message)`), so pass it through
 * a four-line adapter:
 *
 * ```ts
 * import pino from 'pino';
 * import { IterableClient, type Logger } from '@subsets/iterable';
 *
 * const log = pino();
 * const logger: Logger = {
 *   debug: (message, fields) => log.debug(fields ?? {}, message),
 *   info: (message, fields) => log.info(fields ?? {}, message),
 *   warn: (message, fields) => log.warn(fields ?? {}, message),
 *   error: (message, fields) => log.error(fields ?? {}, message),
 * };
 * const client = new IterableClient({ logger });
 * ```
 * @category Logging
 */
export interface Logger {
  /** Per-request detail: each request and each retry. */
  debug(message: string, fields?: LogFields): void;
  /** Progress worth knowing (for example, a sync's totals). */
  info(message: string, fields?: LogFields): void;
  /** Something was lost or is wrong but the work goes on (for example, fields Iterable dropped). */
  warn(message: string, fields?: LogFields): void;
  /** Something failed that a person must fix (for example, a field type conflict). */
  error(message: string, fields?: LogFields): void;
}

/** The level of a log line: one of the {@link Logger} methods. */
export type LogLevel = keyof Logger;

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
