import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import type { CliFailure } from './failure-log.js';

const BUFFER_LIMIT = 64 * 1024;

function describeWriteError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'its directory does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
  return `cannot write the report to ${path}: ${reason}`;
}

/**
 * The `--report` file: the sync's report as JSON with every failure, however many. Failures are
 * streamed to a scratch file next to the report as they happen (in 64 KB writes), so memory stays
 * flat for millions of failures; {@link ReportFile.finish} then writes the counts followed by the
 * failures into a new file and renames it over the report, so the report is never seen half-written.
 */
export class ReportFile {
  /** The report's path, as given. */
  readonly path: string;
  readonly #scratchPath: string;
  #scratch: number | undefined;
  #buffer = '';
  #count = 0;

  /**
   * Opens the scratch file at once, so that an unwritable report path fails before the sync starts.
   * @throws CliError (exit 2) when the report's directory cannot be written.
   */
  constructor(path: string) {
    this.path = path;
    this.#scratchPath = `${path}.${process.pid}.failures.tmp`;
    try {
      this.#scratch = openSync(this.#scratchPath, 'w');
    } catch (error) {
      throw new CliError(describeWriteError(path, error), undefined, { cause: error });
    }
  }

  /** Failures written so far. */
  get count(): number {
    return this.#count;
  }

  /** Appends one failure; a place or userId that is not known is written as `null`. */
  add(failure: CliFailure): void {
    const entry = {
      index: failure.index ?? null,
      line: failure.line ?? null,
      userId: failure.userId ?? null,
      reason: failure.reason,
      ...(failure.field === undefined ? {} : { field: failure.field }),
      message: failure.message,
      retryable: failure.retryable,
    };
    this.#buffer += `${this.#count === 0 ? '' : ','}\n    ${JSON.stringify(entry)}`;
    this.#count += 1;
    if (this.#buffer.length >= BUFFER_LIMIT) this.#flush();
  }

  #flush(): void {
    if (this.#scratch === undefined || this.#buffer.length === 0) return;
    writeSync(this.#scratch, this.#buffer);
    this.#buffer = '';
  }

  /**
   * Writes the report: `summary`'s fields, then `"failures"` with every failure added.
   * @throws CliError (exit 2) when the report cannot be written.
   */
  finish(summary: object): void {
    const finalPath = `${this.path}.${process.pid}.tmp`;
    try {
      this.#flush();
      if (this.#scratch !== undefined) closeSync(this.#scratch);
      this.#scratch = undefined;
      const head = JSON.stringify(summary, null, 2).replace(/\n}$/, '');
      const out = openSync(finalPath, 'w');
      try {
        writeSync(out, `${head},\n  "failures": [`);
        const source = openSync(this.#scratchPath, 'r');
        try {
          const chunk = Buffer.alloc(1024 * 1024);
          for (let read = readSync(source, chunk); read > 0; read = readSync(source, chunk)) {
            writeSync(out, chunk, 0, read);
          }
        } finally {
          closeSync(source);
        }
        writeSync(out, this.#count === 0 ? ']\n}\n' : '\n  ]\n}\n');
      } finally {
        closeSync(out);
      }
      renameSync(finalPath, this.path);
    } catch (error) {
      rmSync(finalPath, { force: true });
      throw new CliError(describeWriteError(this.path, error), undefined, { cause: error });
    } finally {
      this.discard();
    }
  }

  /** Removes the scratch file without writing a report. */
  discard(): void {
    if (this.#scratch !== undefined) closeSync(this.#scratch);
    this.#scratch = undefined;
    this.#buffer = '';
    rmSync(this.#scratchPath, { force: true });
  }
}
