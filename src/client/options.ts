import { assertOptionsObject, fn, MILLISECONDS, oneOf, positive, wholeNumber } from '../options/check.js';
import { type Limiter, toLimiter } from '../policies/limiter.js';
import {
  DEFAULT_MARGINS,
  pacedRateLimiter,
  type RateLimiter,
  unlimitedRateLimiter,
} from '../policies/rate-limiter.js';
import { normalizeRetry, type RetryOptions, type RetryPolicy } from '../policies/retry.js';
import { connectionOptions } from './environment.js';
import { type LogFields, type Logger, resolveLogger, silentLogger } from './logger.js';
import { isNodeRuntime } from './runtime.js';

/**
 * Iterable's data centers. A key works only in the one that holds its project.
 * @category Client
 */
export type Region = 'us' | 'eu';

/**
 * API hosts of each region.
 * @category Client
 */
export const REGION_BASE_URLS: Readonly<Record<Region, string>> = Object.freeze({
  us: 'https://api.iterable.com',
  eu: 'https://api.eu.iterable.com',
});

/**
 * Options of `new IterableClient(options)`.
 * @category Client
 */
export interface IterableClientOptions {
  /**
   * The project's server-side API key.
   * @default process.env.ITERABLE_API_KEY
   */
  readonly apiKey?: string | undefined;
  /**
   * The data center of the project: `'us'` (api.iterable.com) or `'eu'` (api.eu.iterable.com).
   * A host in `baseUrl` or `ITERABLE_BASE_URL` takes precedence over it.
   * @default process.env.ITERABLE_REGION, else 'us'
   */
  readonly region?: Region | undefined;
  /**
   * Overrides the host chosen by `region`, for example a local stand-in. Must be `https:` unless the
   * host is loopback (`localhost`, `127.0.0.0/8`, `[::1]`). The host is chosen in this order: this
   * option, then `ITERABLE_BASE_URL`, then the host of `region` (or of `ITERABLE_REGION`), then
   * the US host. A blank variable counts as unset; an invalid one throws a `TypeError` naming it.
   * @default process.env.ITERABLE_BASE_URL, else the region's host
   */
  readonly baseUrl?: string | undefined;
  /**
   * Time one request may take, answer body included, in milliseconds.
   * @default 30000
   */
  readonly timeout?: number | undefined;
  /**
   * How failed requests are retried: a number of retries, a {@link RetryOptions}, or `false` for none.
   * Network errors, timeouts, 408, 429 and 5xx are retried; other 4xx never.
   * @default 5 retries, exponential backoff from 500 ms with jitter, server hints honoured
   */
  readonly retry?: number | RetryOptions | false | undefined;
  /**
   * How many bulkUpdate requests may be in flight at once: a number, or a p-limit compatible
   * {@link Limiter} shared with other clients.
   * @default 5
   */
  readonly concurrency?: number | Limiter | undefined;
  /**
   * bulkUpdate requests per second: a number, a {@link RateLimiter} shared with other clients of
   * the same project, or `false` for none (only against a stand-in: Iterable answers 429).
   * getFields is always held to Iterable's 3 requests/second.
   * @default 5 (Iterable's per-project limit)
   */
  readonly rateLimit?: number | RateLimiter | false | undefined;
  /**
   * The `fetch` used for every request. When none is given, Node.js sends over its own
   * `node:http`/`node:https` with keep-alive connections (cheaper per request), and other runtimes
   * (Bun, Deno) use their `fetch`.
   * @default globalThis.fetch; on Node.js, the built-in HTTP client
   */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Where the SDK logs: `console`, winston, or any {@link Logger}; each line is a sentence plus
   * {@link LogFields} (pino needs the small adapter shown on {@link Logger}). Never receives the API key.
   * @default a silent logger
   */
  readonly logger?: Logger | undefined;
}

/** The client's options after validation, with every default filled in. The key is kept apart. */
export interface ResolvedClientOptions {
  readonly region: Region | 'custom';
  readonly baseUrl: string;
  readonly timeout: number;
  readonly retry: RetryPolicy;
  readonly limiter: Limiter;
  readonly rateLimiter: RateLimiter;
  readonly fieldsRateLimiter: RateLimiter;
  /** The `fetch` to send with; `undefined` on Node.js when none was given (the transport then uses `node:http`). */
  readonly fetch: typeof fetch | undefined;
  readonly logger: Logger;
}

const API_KEY_CHARS = /^[\x21-\x7e]+$/;

/** Longest delay `setTimeout` honours; a longer one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a URL's host is this machine (where plain `http:` is allowed). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname);
}

/** Where the `region` and `baseUrl` values came from, as named in error messages. */
export interface ConnectionSources {
  readonly region: string;
  readonly baseUrl: string;
}

const OPTION_NAMES: ConnectionSources = { region: 'region', baseUrl: 'baseUrl' };

/**
 * The API host and region the `region` and `baseUrl` values name; a `TypeError` naming the option
 * (or the variable, per `sources`) when one is wrong.
 */
export function resolveBaseUrl(
  options: Pick<IterableClientOptions, 'region' | 'baseUrl'>,
  sources: ConnectionSources = OPTION_NAMES,
): {
  baseUrl: string;
  region: Region | 'custom';
} {
  const region = oneOf(sources.region, options.region ?? 'us', ['us', 'eu']);
  if (options.baseUrl === undefined) return { baseUrl: REGION_BASE_URLS[region], region };
  const name = sources.baseUrl;
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`${name} must be an absolute URL (got ${JSON.stringify(options.baseUrl)})`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new TypeError(
      `${name} must use https: unless its host is loopback (got ${url.protocol}//${url.host}); the API key must not travel in clear text`,
    );
  }
  if (url.username || url.password) throw new TypeError(`${name} must not contain credentials`);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const known = (Object.keys(REGION_BASE_URLS) as Region[]).find((r) => REGION_BASE_URLS[r] === base);
  return { baseUrl: base, region: known ?? (options.region === undefined ? 'custom' : region) };
}

/**
 * Validates the options once and fills in every default.
 * @throws TypeError naming the option that is wrong.
 */
export function resolveClientOptions(options: IterableClientOptions): {
  apiKey: string;
  resolved: ResolvedClientOptions;
} {
  assertOptionsObject(options);
  const given = options.apiKey ?? process.env.ITERABLE_API_KEY;
  if (typeof given !== 'string' || given.trim() === '') {
    throw new TypeError('apiKey is missing: pass the apiKey option or set ITERABLE_API_KEY');
  }
  // A key read from a file or an environment variable often ends in a line break. Anything else
  // outside printable ASCII cannot travel in a header, and fetch would put the key in its error message.
  const apiKey = given.trim();
  if (!API_KEY_CHARS.test(apiKey)) {
    throw new TypeError(
      'apiKey must be printable ASCII without spaces or line breaks (the value is not shown)',
    );
  }
  const connection = connectionOptions(options, process.env);
  const { baseUrl, region } = resolveBaseUrl(connection.values, connection.sources);
  const timeout = positive('timeout', options.timeout ?? 30_000, MILLISECONDS);
  if (timeout > MAX_TIMEOUT_MS)
    throw new TypeError(`timeout must be at most ${MAX_TIMEOUT_MS} ms (got ${timeout})`);
  const retry = normalizeRetry(options.retry);

  const concurrencyOption = options.concurrency ?? 5;
  // A p-limit compatible Limiter is a function; anything else must be a count.
  const concurrency =
    typeof concurrencyOption === 'function'
      ? concurrencyOption
      : wholeNumber('concurrency', concurrencyOption, 1);

  const logger = resolveLogger(options.logger);
  const rateLimit = options.rateLimit ?? 5;
  let rateLimiter: RateLimiter;
  if (rateLimit === false) rateLimiter = unlimitedRateLimiter;
  else if (typeof rateLimit === 'number')
    rateLimiter = pacedRateLimiter({
      ...DEFAULT_MARGINS,
      requestsPerSecond: positive('rateLimit', rateLimit),
      logger,
    });
  else if (typeof rateLimit === 'object' && rateLimit !== null && typeof rateLimit.acquire === 'function')
    rateLimiter = rateLimit;
  else throw new TypeError('rateLimit must be a positive number, a RateLimiter or false');

  const fetchOption = options.fetch ?? (isNodeRuntime() ? undefined : globalThis.fetch);
  const fetchFn = fetchOption === undefined ? undefined : fn<typeof fetch>('fetch', fetchOption);

  return {
    apiKey,
    resolved: {
      region,
      baseUrl,
      timeout,
      retry,
      limiter: toLimiter(concurrency),
      rateLimiter,
      fieldsRateLimiter:
        rateLimit === false
          ? unlimitedRateLimiter
          : pacedRateLimiter({ ...DEFAULT_MARGINS, requestsPerSecond: 3, logger: silentLogger }),
      fetch: fetchFn,
      logger,
    },
  };
}
