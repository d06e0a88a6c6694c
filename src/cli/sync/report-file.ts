import { once } from 'node:events';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The `--report` value that means stdout. */
export const STDOUT_REPORT = '-';

/** The fields of a report that are left out of the file when they are 0 (`unchanged` without `state`). */
function withoutZeroUnchanged(summary: object): object {
  const { unchanged, ...rest } = summary as { unchanged?: number };
  return unchanged === undefined || unchanged === 0 ? rest : summary;
}

/**
 * The `--report` file: the sync's report as JSON with every failure, however many. Failures are
 * streamed to a scratch file next to the report as they happen (in 64 KB writes), so memory stays
 * flat for millions of failures; {@link ReportFile.finish} then writes the counts followed by the
 * failures into a new file and renames it over the report, so the report is never seen half-written.
 * With `--report -` the scratch file is in the system's temporary directory and the report goes to
 * stdout.
 */
export class ReportFile {
  /** The report's path, as given. */
  readonly path: string;
  readonly #scratchPath: string;
  readonly #stdout: NodeJS.WritableStream | undefined;
  #scratch: number | undefined;
  #buffer = '';
  #count = 0;

  /**
   * Opens the scratch file at once, so that an unwritable report path fails before the sync starts.
   * @param path - The report's path; `-` for stdout.
   * @param stdout - Where `-` writes.
   * @throws CliError (exit 2) when the report's directory cannot be written.
   */
  constructor(path: string, stdout?: NodeJS.WritableStream) {
    this.path = path;
    this.#stdout = path === STDOUT_REPORT ? stdout : undefined;
    this.#scratchPath =
      this.#stdout === undefined
        ? `${path}.${process.pid}.failures.tmp`
        : join(tmpdir(), `subsets-iterable-report-${process.pid}-${Date.now()}.failures.tmp`);
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
   * Writes the report: `summary`'s fields (`unchanged` only when above 0), then `"failures"` with
   * every failure added.
   * @throws CliError (exit 2) when the report cannot be written.
   */
  async finish(summary: object): Promise<void> {
    const head = `${JSON.stringify(withoutZeroUnchanged(summary), null, 2).replace(/\n}$/, '')},\n  "failures": [`;
    const tail = this.#count === 0 ? ']\n}\n' : '\n  ]\n}\n';
    try {
      this.#flush();
      if (this.#scratch !== undefined) closeSync(this.#scratch);
      this.#scratch = undefined;
      if (this.#stdout !== undefined) await this.#copyTo(this.#stdout, head, tail);
      else this.#writeFile(head, tail);
    } finally {
      this.discard();
    }
  }

  /** Writes the report into a new file next to the report and renames it over the report. */
  #writeFile(head: string, tail: string): void {
    const finalPath = `${this.path}.${process.pid}.tmp`;
    try {
      const out = openSync(finalPath, 'w');
      try {
        writeSync(out, head);
        this.#eachChunk((chunk) => writeSync(out, chunk));
        writeSync(out, tail);
      } finally {
        closeSync(out);
      }
      renameSync(finalPath, this.path);
    } catch (error) {
      rmSync(finalPath, { force: true });
      throw new CliError(describeWriteError(this.path, error), undefined, { cause: error });
    }
  }

  /** Writes the report to a stream, waiting for it to drain. */
  async #copyTo(stream: NodeJS.WritableStream, head: string, tail: string): Promise<void> {
    const write = async (chunk: string | Buffer) => {
      if (!stream.write(chunk)) await once(stream, 'drain');
    };
    await write(head);
    const source = openSync(this.#scratchPath, 'r');
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      for (let read = readSync(source, chunk); read > 0; read = readSync(source, chunk)) {
        await write(Buffer.from(chunk.subarray(0, read)));
      }
    } finally {
      closeSync(source);
    }
    await write(tail);
  }

  /** Hands the scratch file's content to `take`, 1 MB at a time. */
  #eachChunk(take: (chunk: Buffer) => void): void {
    const source = openSync(this.#scratchPath, 'r');
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      for (let read = readSync(source, chunk); read > 0; read = readSync(source, chunk)) {
        take(chunk.subarray(0, read));
      }
    } finally {
      closeSync(source);
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
