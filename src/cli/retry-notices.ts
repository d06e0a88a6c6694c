/**
 * Retry notices: the client's requests (through its `fetch`) and its debug lines go in; one line per
 * retry comes out on stderr, `retrying (2/5) in 1.2 s: <cause>`, so a slow or unreachable host is
 * never waited on in silence.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_RETRY, type Logger } from '../index.js';
import { duration } from './format.js';
import type { Output } from './output.js';

/** The client's debug line before a retry: `retrying POST /api/users/bulkUpdate in 1234 ms: <cause>`. */
const RETRY_LINE = /^retrying (\S+) \/(\S+) in (\d+) ms: ([\s\S]*)$/;

/** How long the same notice (same retry, same cause) from requests failing together is shown once. */
const REPEAT_MS = 1000;

/** The retries the CLI's client makes after a failed attempt (it uses the SDK's default policy). */
export const CLI_RETRIES = DEFAULT_RETRY.retries;

/** A failed attempt that the client will retry, waiting for its debug line. */
interface PendingRetry {
  readonly method: string;
  readonly path: string;
  readonly retry: number;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A short fingerprint of a request body, so that retries of one request are told from others. */
function fingerprint(body: unknown): string {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return '';
  return createHash('sha1').update(body).digest('base64');
}

/**
 * Counts the attempts of each request the client sends and tells the user about each retry. The
 * client retries network errors, timeouts, 408, 429 and 5xx; its `fetch` sees every attempt (a
 * request is known by its method, URL and body), and its debug line before each retry gives the
 * delay and the cause. The two are matched in order, per endpoint.
 */
export class RetryNotices {
  readonly #output: Output;
  readonly #attempts = new Map<string, number>();
  readonly #pending: PendingRetry[] = [];
  #lastNotice = '';
  #lastNoticeAt = Number.NEGATIVE_INFINITY;

  /** @param output - Where the notices go (stderr, not with `--quiet`). */
  constructor(output: Output) {
    this.#output = output;
  }

  /**
   * A `fetch` that counts the attempts of each request, tells `onSend` about each one, then hands
   * it to `base`.
   */
  fetch(base: typeof fetch = globalThis.fetch, onSend?: (path: string) => void): typeof fetch {
    return async (input, init) => {
      const method = init?.method ?? 'GET';
      const url = new URL(input instanceof Request ? input.url : String(input));
      onSend?.(url.pathname);
      const key = `${method} ${url.href} ${fingerprint(init?.body)}`;
      try {
        const response = await base(input, init);
        if (isRetryableStatus(response.status)) this.#failed(key, method, url.pathname);
        else this.#attempts.delete(key);
        return response;
      } catch (error) {
        this.#failed(key, method, url.pathname);
        throw error;
      }
    };
  }

  /** A logger for the client: retry lines become notices, the rest goes to `output.logger()`. */
  logger(): Logger {
    const logger = this.#output.logger();
    return {
      ...logger,
      debug: (message) => {
        const retry = RETRY_LINE.exec(message);
        if (retry !== null)
          this.#notice(retry[1] as string, retry[2] as string, Number(retry[3]), retry[4] ?? '');
        logger.debug(message);
      },
    };
  }

  #failed(key: string, method: string, path: string): void {
    const attempts = (this.#attempts.get(key) ?? 0) + 1;
    if (attempts > CLI_RETRIES) {
      this.#attempts.delete(key);
      return;
    }
    this.#attempts.set(key, attempts);
    this.#pending.push({ method, path, retry: attempts });
  }

  #notice(method: string, path: string, delayMs: number, cause: string): void {
    const at = this.#pending.findIndex((entry) => entry.method === method && entry.path.endsWith(`/${path}`));
    const retry = at === -1 ? undefined : this.#pending.splice(at, 1)[0]?.retry;
    const same = `${retry} ${cause}`;
    const now = performance.now();
    if (same === this.#lastNotice && now - this.#lastNoticeAt < REPEAT_MS) return;
    this.#lastNotice = same;
    this.#lastNoticeAt = now;
    const count = retry === undefined ? '' : ` (${retry}/${CLI_RETRIES})`;
    this.#output.note(`retrying${count} in ${duration(delayMs)}: ${cause}`);
  }
}
