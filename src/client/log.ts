import { type LogFields, type Logger, type LogLevel, silentLogger } from './logger.js';

/**
 * Takes a logger, a level, a sentence and its fields, and hands them to the logger as
 * `logger[level](message, fields)`; the one way the SDK logs. Fields whose value is `undefined`
 * are left out, and a line without fields gets the message alone, so that `console` prints no
 * empty object. The silent logger costs nothing more than the call.
 */
export function log(logger: Logger, level: LogLevel, message: string, fields?: LogFields): void {
  if (logger === silentLogger) return;
  const given = fields === undefined ? undefined : definedFields(fields);
  if (given === undefined) logger[level](message);
  else logger[level](message, given);
}

/** How Node's `util.inspect` (and so `console`) finds an object's own rendering. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Inspect = (value: unknown, options: object) => string;

/**
 * The fields with a value, or `undefined` when none has one. `console` prints them on one line
 * after the sentence (Node breaks longer objects over several lines); loggers that read the
 * fields as data (winston, pino) see only the plain keys.
 */
function definedFields(fields: LogFields): LogFields | undefined {
  let defined: Record<string, string | number | boolean> | undefined;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    defined ??= {};
    defined[name] = value;
  }
  if (defined === undefined) return undefined;
  const plain = { ...defined };
  Object.defineProperty(defined, INSPECT, {
    value: (_depth: number, options: object, inspect: Inspect) =>
      inspect(plain, { ...options, breakLength: Number.POSITIVE_INFINITY, compact: true }),
  });
  return defined;
}
