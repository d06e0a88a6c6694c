/**
 * Retry notices: the client's `retry` log events go in; one line per retry comes out on stderr,
 * `retrying (2/5) in 1.2 s: <cause>`, so a slow or unreachable host is never waited on in silence.
 */
import { DEFAULT_RETRY, type LogFields, type Logger } from '../index.js';
import { duration } from './format.js';
import type { Output } from './output.js';

/** How long the same notice (same attempt, same cause) from requests failing together is shown once. */
const REPEAT_MS = 1000;

/** The retries the CLI's client makes after a failed attempt (it uses the SDK's default policy). */
export const CLI_RETRIES = DEFAULT_RETRY.retries;

/** Turns the client's retry events into notices; see the file's opening sentence. */
export class RetryNotices {
  readonly #output: Output;
  #lastNotice = '';
  #lastNoticeAt = Number.NEGATIVE_INFINITY;

  /** @param output - Where the notices go (stderr, not with `--quiet`). */
  constructor(output: Output) {
    this.#output = output;
  }

  /** A logger for the client: retry events become notices, every line goes on to `output.logger()`. */
  logger(): Logger {
    const logger = this.#output.logger();
    return {
      ...logger,
      debug: (message, fields) => {
        if (fields?.event === 'retry') this.#notice(fields);
        logger.debug(message, fields);
      },
    };
  }

  #notice(fields: LogFields): void {
    const { attempt, retries, delayMs, error } = fields;
    const cause = typeof error === 'string' ? error : 'the request failed';
    const same = `${String(attempt)} ${cause}`;
    const now = performance.now();
    // Batches in flight together often fail together: one notice says it for all of them.
    if (same === this.#lastNotice && now - this.#lastNoticeAt < REPEAT_MS) return;
    this.#lastNotice = same;
    this.#lastNoticeAt = now;
    const count =
      typeof attempt === 'number' && typeof retries === 'number' ? ` (${attempt}/${retries})` : '';
    this.#output.note(`retrying${count} in ${duration(typeof delayMs === 'number' ? delayMs : 0)}: ${cause}`);
  }
}
