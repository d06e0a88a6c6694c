import { count, duration, percent, plural, rateOf } from '../format.js';
import type { Output } from '../output.js';
import { StatusLine, type StatusPart } from './status-line.js';

/** The state of a running sync, as progress shows it. */
export interface ProgressSnapshot {
  /** Profiles with an outcome (updated, failed or invalid). */
  readonly done: number;
  /** Profiles updated. */
  readonly succeeded: number;
  /** Profiles Iterable did not update. */
  readonly failed: number;
  /** Invalid profiles. */
  readonly invalid: number;
  /** Requests sent, retries included. */
  readonly requests: number;
  /** 429 answers. */
  readonly rateLimited: number;
  /** Milliseconds since the sync started. */
  readonly elapsedMs: number;
  /** How many profiles the input holds: exact, estimated from the bytes read, or unknown (a pipe). */
  readonly expected: number | undefined;
  /** Whether this is a dry run (`succeeded` then counts valid profiles). */
  readonly dryRun: boolean;
}

/** Shows a sync's progress. */
export interface ProgressView {
  /** Shows a new state. */
  update(snapshot: ProgressSnapshot): void;
  /** Ends the display, leaving the last state on screen. */
  stop(): void;
  /** Ends the display and erases it (before an error is printed). */
  clear(): void;
}

/** Options of {@link createProgressView}. */
export interface ProgressViewOptions {
  /** Whether the input's size is known, so that a bar and an ETA can be shown. */
  readonly sized: boolean;
  /** Least time between two plain progress lines, in milliseconds. */
  readonly intervalMs: number;
}

function problems(snapshot: ProgressSnapshot): string {
  return `${count(snapshot.failed)} failed · ${count(snapshot.invalid)} invalid`;
}

function eta(snapshot: ProgressSnapshot): string | undefined {
  const { done, expected, elapsedMs } = snapshot;
  if (expected === undefined || done === 0 || done >= expected || elapsedMs < 1000) return undefined;
  return `ETA ${duration(((expected - done) * elapsedMs) / done)}`;
}

function doneOf(snapshot: ProgressSnapshot): string {
  const { done, expected } = snapshot;
  return expected === undefined ? plural(done, 'profile') : `${count(done)} of ~${count(expected)} profiles`;
}

/** The plain progress line printed when stderr is not a terminal. */
export function progressLine(snapshot: ProgressSnapshot): string {
  const { done, expected, elapsedMs } = snapshot;
  const parts = [
    `${doneOf(snapshot)}${expected === undefined ? '' : ` (${percent(done, expected)})`}`,
    `${count(snapshot.succeeded)} ${snapshot.dryRun ? 'valid' : 'updated'}`,
    problems(snapshot),
    rateOf(done, elapsedMs, 'profiles'),
    `${plural(snapshot.requests, 'request')}${snapshot.rateLimited > 0 ? ` (${count(snapshot.rateLimited)} rate limited)` : ''}`,
    eta(snapshot),
  ];
  return `progress: ${parts.filter((part) => part !== undefined).join(' · ')}`;
}

/** The parts of the status line on a terminal, ranked by what is left out first when it is narrow. */
export function statusParts(snapshot: ProgressSnapshot, sized: boolean): StatusPart[] {
  const { done, expected, elapsedMs } = snapshot;
  const parts: (StatusPart | undefined)[] = [
    sized ? { text: { bar: expected ? done / expected : 0 }, rank: 3 } : undefined,
    sized && expected !== undefined ? { text: percent(done, expected), rank: 2 } : undefined,
    { text: doneOf(snapshot), rank: 6 },
    { text: problems(snapshot), rank: 5 },
  ];
  const speed = rateOf(done, elapsedMs, 'profiles');
  if (speed !== undefined) parts.push({ text: speed, rank: 1 });
  const remaining = sized ? eta(snapshot) : `${duration(elapsedMs)}`;
  if (remaining !== undefined) parts.push({ text: remaining, rank: 4 });
  return parts.filter((part) => part !== undefined);
}

/** Plain lines on stderr: the first state at once, then at most one line per interval. */
class LineView implements ProgressView {
  readonly #output: Output;
  readonly #intervalMs: number;
  #last: number | undefined;

  constructor(output: Output, intervalMs: number) {
    this.#output = output;
    this.#intervalMs = intervalMs;
  }

  update(snapshot: ProgressSnapshot): void {
    const now = performance.now();
    if (this.#last !== undefined && now - this.#last < this.#intervalMs) return;
    this.#last = now;
    this.#output.err(progressLine(snapshot));
  }

  stop(): void {}

  clear(): void {}
}

/**
 * A status line on the terminal: a bar when the input's size is known, profiles done, failures, rate
 * and ETA, fitted to the terminal's width. Lines written to stderr meanwhile (warnings, retries) are
 * drawn above it.
 */
class BarView implements ProgressView {
  readonly #output: Output;
  readonly #line: StatusLine;
  readonly #sized: boolean;

  constructor(output: Output, sized: boolean) {
    this.#output = output;
    this.#sized = sized;
    this.#line = new StatusLine(output.progressStream);
    output.attach((line) => this.#line.print(line));
  }

  update(snapshot: ProgressSnapshot): void {
    this.#line.show(statusParts(snapshot, this.#sized));
  }

  stop(): void {
    this.#line.stop();
    this.#output.detach();
  }

  clear(): void {
    this.#line.clear();
    this.#output.detach();
  }
}

/** Shows nothing (`--quiet`). */
class NoView implements ProgressView {
  update(): void {}
  stop(): void {}
  clear(): void {}
}

/**
 * The progress display for a sync: a bar when stderr is a terminal, plain periodic lines when it is
 * not (a log file, CI), nothing with `--quiet`.
 */
export function createProgressView(output: Output, options: ProgressViewOptions): ProgressView {
  if (output.quiet) return new NoView();
  if (output.isInteractive) return new BarView(output, options.sized);
  return new LineView(output, options.intervalMs);
}
