import type { Logger } from '../index.js';

/** Where the CLI writes: the process's streams, or others in tests. */
export interface OutputStreams {
  /** Results and summaries. */
  readonly stdout: NodeJS.WritableStream;
  /** Progress, warnings and errors. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
}

/** Options of {@link Output}. */
export interface OutputOptions {
  /**
   * Leave out progress and summaries; results, warnings and errors still print.
   * @default false
   */
  readonly quiet?: boolean | undefined;
  /**
   * Add debug lines (every request) and stack traces of errors.
   * @default false
   */
  readonly verbose?: boolean | undefined;
  /**
   * Strings never to print (the API key): replaced by `[redacted]` in every line written.
   * @default []
   */
  readonly secrets?: readonly (string | undefined)[] | undefined;
  /**
   * Whether stdout carries data (`--json`, `--report -`): result and summary lines then go to
   * stderr, and only {@link Output.data} writes to stdout.
   * @default false
   */
  readonly stdoutIsData?: boolean | undefined;
}

/**
 * The one place the CLI writes text. Results and summaries go to stdout, everything else to stderr;
 * a live progress bar gets the stderr lines so that it can draw them above itself. Every line is
 * stripped of the secrets it was given (the API key), so a key can never reach the terminal or a log,
 * whatever message carries it.
 */
export class Output {
  /** Whether progress and summaries are left out. */
  readonly quiet: boolean;
  /** Whether debug lines and stack traces are printed. */
  readonly verbose: boolean;
  readonly #streams: OutputStreams;
  readonly #secrets: readonly string[];
  readonly #stdoutIsData: boolean;
  #overlay: ((line: string) => void) | undefined;

  /**
   * @param streams - Where to write.
   * @param options - Quiet, verbose and the secrets to hide.
   */
  constructor(streams: OutputStreams, options: OutputOptions = {}) {
    this.#streams = streams;
    this.quiet = options.quiet ?? false;
    this.verbose = options.verbose ?? false;
    this.#stdoutIsData = options.stdoutIsData ?? false;
    this.#secrets = (options.secrets ?? []).filter(
      (secret): secret is string => typeof secret === 'string' && secret.trim().length >= 4,
    );
  }

  /** Whether stderr is a terminal (a progress bar can be drawn there). */
  get isInteractive(): boolean {
    return this.#streams.stderr.isTTY === true;
  }

  /** The stream progress is drawn on. */
  get progressStream(): NodeJS.WritableStream & { readonly columns?: number } {
    return this.#streams.stderr;
  }

  /** Writes a result line to stdout (stderr when stdout carries data); printed even with `--quiet`. */
  out(line = ''): void {
    if (this.#stdoutIsData) this.err(line);
    else this.#streams.stdout.write(`${this.redact(line)}\n`);
  }

  /** The stream data goes to (`--json`, `--report -`): stdout. */
  get dataStream(): NodeJS.WritableStream {
    return this.#streams.stdout;
  }

  /** Writes data (JSON) to stdout as it is, secrets removed. */
  data(text: string): void {
    this.#streams.stdout.write(this.redact(text));
  }

  /** Writes a line of a summary or an explanation to stdout, unless `--quiet`. */
  say(line = ''): void {
    if (!this.quiet) this.out(line);
  }

  /** Writes a line to stderr, above the progress bar when one is drawn. */
  err(line: string): void {
    const text = this.redact(line);
    if (this.#overlay) this.#overlay(text);
    else this.#streams.stderr.write(`${text}\n`);
  }

  /** Writes a note about what is happening to stderr, unless `--quiet`. */
  note(line: string): void {
    if (!this.quiet) this.err(line);
  }

  /** Writes `warning: ...` to stderr; printed even with `--quiet`. */
  warn(message: string): void {
    this.err(`warning: ${oneLine(message)}`);
  }

  /** Writes `error: ...` to stderr as one line. */
  error(message: string): void {
    this.err(`error: ${oneLine(message)}`);
  }

  /** Writes a debug line to stderr with `--verbose` only. */
  debug(message: string): void {
    if (this.verbose) this.err(`debug: ${message}`);
  }

  /** A logger for the SDK: its warnings and errors always print, its debug and info lines with `--verbose`. */
  logger(): Logger {
    return {
      debug: (message) => this.debug(message),
      info: (message) => this.debug(message),
      warn: (message) => this.warn(message),
      error: (message) => this.error(message),
    };
  }

  /**
   * Sends stderr lines to `draw` (a progress bar that prints them above itself) until
   * {@link Output.detach} is called.
   */
  attach(draw: (line: string) => void): void {
    this.#overlay = draw;
  }

  /** Writes stderr lines straight to stderr again. */
  detach(): void {
    this.#overlay = undefined;
  }

  /** `text` with every secret replaced by `[redacted]`. */
  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.replaceAll(secret, '[redacted]');
    return result;
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  async flush(): Promise<void> {
    await Promise.all(
      [this.#streams.stdout, this.#streams.stderr].map(
        (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
      ),
    );
  }
}

/** A message on one line: line breaks become spaces. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
