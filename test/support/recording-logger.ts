import type { LogFields, Logger } from '../../src/index.js';

/** One log call as the logger received it. */
export interface LogEntry {
  readonly level: keyof Logger;
  readonly message: string;
  /** The second argument, when there was one. */
  readonly fields: LogFields | undefined;
  /** How many arguments the call passed. */
  readonly arity: number;
}

/**
 * A logger that keeps every line it is given, with its level: `lines` holds `level: message`,
 * `entries` each call with its fields.
 */
export function recordingLogger(): Logger & { readonly lines: string[]; readonly entries: LogEntry[] } {
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const record =
    (level: keyof Logger) =>
    (...args: [message: string, fields?: LogFields]) => {
      const [message, fields] = args;
      lines.push(`${level}: ${message}`);
      entries.push({ level, message, fields, arity: args.length });
    };
  return {
    lines,
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
