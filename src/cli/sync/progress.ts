import cliProgress from 'cli-progress';
import { count, duration, percent, perSecond, plural } from '../format.js';
import type { Output } from '../output.js';

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
  if (expected === undefined || done === 0 || done >= expected) return undefined;
  return duration(((expected - done) * elapsedMs) / done);
}

/** The plain progress line printed when stderr is not a terminal. */
export function progressLine(snapshot: ProgressSnapshot): string {
  const { done, expected, elapsedMs } = snapshot;
  const total =
    expected === undefined
      ? ` ${done === 1 ? 'profile' : 'profiles'}`
      : ` of ~${count(expected)} profiles (${percent(done, expected)})`;
  const remaining = eta(snapshot);
  return (
    `progress: ${count(done)}${total} · ${count(snapshot.succeeded)} ${snapshot.dryRun ? 'valid' : 'updated'} · ` +
    `${problems(snapshot)} · ${perSecond(done, elapsedMs)} profiles/s · ${plural(snapshot.requests, 'request')}` +
    `${snapshot.rateLimited > 0 ? ` (${count(snapshot.rateLimited)} rate limited)` : ''}` +
    `${remaining === undefined ? '' : ` · ETA ${remaining}`}`
  );
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
}

/**
 * A bar on the terminal (cli-progress): profiles done out of the expected total, rate, failures and
 * ETA. Lines written to stderr meanwhile (warnings) are drawn above it.
 */
class BarView implements ProgressView {
  readonly #output: Output;
  readonly #bars: cliProgress.MultiBar;
  readonly #bar: cliProgress.SingleBar;

  constructor(output: Output, sized: boolean) {
    this.#output = output;
    const format = sized
      ? '{bar} {percentage}% | {done} of ~{expected} profiles | {rate}/s | {problems} | ETA {eta_formatted}'
      : '{done} profiles | {rate}/s | {problems} | {duration_formatted}';
    this.#bars = new cliProgress.MultiBar(
      {
        stream: output.progressStream,
        format,
        barsize: 24,
        fps: 5,
        etaBuffer: 40,
        hideCursor: true,
        gracefulExit: false,
        emptyOnZero: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar = this.#bars.create(0, 0, {
      done: '0',
      expected: '?',
      rate: '0',
      problems: '0 failed · 0 invalid',
    });
    output.attach((line) => this.#bars.log(`${line}\n`));
  }

  update(snapshot: ProgressSnapshot): void {
    if (snapshot.expected !== undefined) this.#bar.setTotal(Math.max(snapshot.expected, snapshot.done));
    this.#bar.update(snapshot.done, {
      done: count(snapshot.done),
      expected: snapshot.expected === undefined ? '?' : count(snapshot.expected),
      rate: perSecond(snapshot.done, snapshot.elapsedMs),
      problems: problems(snapshot),
    });
  }

  stop(): void {
    this.#bars.update();
    this.#bars.stop();
    this.#output.detach();
  }
}

/** Shows nothing (`--quiet`). */
class NoView implements ProgressView {
  update(): void {}
  stop(): void {}
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
