import type { z } from 'zod';
import { IterableApiError } from '../errors/api-error.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { IterableNetworkError } from '../errors/network-error.js';
import { IterableRateLimitError } from '../errors/rate-limit-error.js';
import { IterableTimeoutError } from '../errors/timeout-error.js';
import { IterableTypeMismatchError } from '../errors/type-mismatch-error.js';
import { type RateLimiter, unlimitedRateLimiter } from '../policies/rate-limiter.js';
import { withRetry } from '../policies/retry.js';
import { parseRetryAfter } from '../policies/retry-after.js';
import type { Endpoint, LimiterChoice } from './endpoints.js';
import type { Exchange, RawResponse } from './exchange.js';
import { fetchExchange } from './fetch-exchange.js';
import { log } from './log.js';
import { nodeExchange } from './node-exchange.js';
import type { ResolvedClientOptions } from './options.js';
import { ApiResponseSchema } from './types.js';

/** One HTTP call to Iterable. */
export interface RequestSpec<T> {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, without a leading slash: `api/users/bulkUpdate`. */
  readonly path: string;
  /** A JSON body already serialized, as text or UTF-8 bytes. */
  readonly body?: string | Uint8Array<ArrayBuffer>;
  readonly searchParams?: Record<string, string>;
  /** Parses the 2xx body. */
  readonly schema: z.ZodType<T>;
  /** Answers with this status resolve to `undefined` instead of throwing (404 for reads). */
  readonly emptyStatus?: number;
}

/** What one call of {@link Transport.request} sends, and its hooks. */
export interface RequestInput {
  /** A JSON body already serialized, as text or UTF-8 bytes. */
  readonly body?: string | Uint8Array<ArrayBuffer> | undefined;
  readonly searchParams?: Record<string, string> | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called before each retry's wait. */
  readonly onRetry?: ((error: unknown, delayMs: number) => void) | undefined;
  /** Called as each attempt is sent, once the rate limiter let it go. */
  readonly onSend?: (() => void) | undefined;
}

/** Hooks of {@link Transport.call}. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Waited on before every attempt. */
  readonly rateLimiter: RateLimiter;
  /** Called before each retry's wait. */
  readonly onRetry?: ((error: unknown, delayMs: number) => void) | undefined;
  /** Called as each attempt is sent, once the rate limiter let it go. */
  readonly onSend?: (() => void) | undefined;
}

const MAX_ERROR_BODY = 2000;

/** What a 401/403 suggests: a key from the other data center answers exactly like a bad key. */
const OTHER_REGION_HINT: Readonly<Record<ResolvedClientOptions['region'], string>> = {
  us: " Is the project in Iterable's EU data center? Use region 'eu'.",
  eu: " Is the project in Iterable's US data center? Use region 'us'.",
  custom: '',
};

/**
 * Sends requests to Iterable and turns every answer into a parsed value or a typed error. Holds
 * the API key; never lets it into a message, log line or URL.
 *
 * On Node.js, when the client was given no `fetch`, requests go over `node:http`/`node:https`
 * with keep-alive pools (see `node-exchange.ts`); otherwise through the `fetch` given or the
 * runtime's. Both paths share everything else here: the timeout, abort, redirect refusal,
 * redaction and error classes.
 */
export class Transport {
  readonly #options: ResolvedClientOptions;
  readonly #apiKey: string;
  readonly #exchange: Exchange;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #jsonHeaders: Readonly<Record<string, string>>;

  constructor(apiKey: string, options: ResolvedClientOptions, exchange?: Exchange) {
    this.#options = options;
    this.#apiKey = apiKey;
    this.#exchange =
      exchange ?? (options.fetch === undefined ? nodeExchange() : fetchExchange(options.fetch));
    this.#headers = { 'Api-Key': apiKey, accept: 'application/json' };
    this.#jsonHeaders = { ...this.#headers, 'content-type': 'application/json' };
  }

  /** A transport with the same key, policies and connections that talks to another host (used to test the region). */
  forBaseUrl(baseUrl: string, region: ResolvedClientOptions['region']): Transport {
    return new Transport(this.#apiKey, { ...this.#options, baseUrl, region }, this.#exchange);
  }

  /**
   * Sends one request to an endpoint of the table (`endpoints.ts`), waiting on the rate limiter the
   * endpoint names, with the client's retry policy.
   */
  request<T>(endpoint: Endpoint<T>, input: RequestInput = {}): Promise<T> {
    const { body, searchParams, signal, onRetry, onSend } = input;
    return this.call(
      {
        method: endpoint.method,
        path: endpoint.path,
        schema: endpoint.schema,
        ...(endpoint.emptyStatus === undefined ? {} : { emptyStatus: endpoint.emptyStatus }),
        ...(body === undefined ? {} : { body }),
        ...(searchParams === undefined ? {} : { searchParams }),
      },
      { signal, onRetry, onSend, rateLimiter: this.#limiterFor(endpoint.limiter) },
    );
  }

  #limiterFor(choice: LimiterChoice): RateLimiter {
    if (choice === 'requests') return this.#options.rateLimiter;
    if (choice === 'fields') return this.#options.fieldsRateLimiter;
    return unlimitedRateLimiter;
  }

  /** Sends one request with rate limiting and the client's retry policy. */
  call<T>(spec: RequestSpec<T>, options: CallOptions): Promise<T> {
    const { signal, rateLimiter, onRetry, onSend } = options;
    return withRetry(
      async () => {
        await rateLimiter.acquire(signal);
        signal?.throwIfAborted();
        onSend?.();
        return this.send(spec, signal);
      },
      this.#options.retry,
      {
        signal,
        onRetry: (error, delayMs, attempt) => {
          if (error instanceof IterableRateLimitError) rateLimiter.penalize?.(delayMs);
          const [ms, { message }] = [Math.round(delayMs), error as Error];
          log(
            this.#options.logger,
            'debug',
            `retrying ${spec.method} /${spec.path} in ${ms} ms: ${message}`,
            {
              event: 'retry',
              method: spec.method,
              path: `/${spec.path}`,
              attempt,
              retries: this.#options.retry.retries,
              delayMs: ms,
              status: error instanceof IterableApiError ? error.status : undefined,
              error: message,
            },
          );
          onRetry?.(error, delayMs);
        },
      },
    );
  }

  /** Sends one request once: no rate limiting, no retry. */
  async send<T>(spec: RequestSpec<T>, signal?: AbortSignal): Promise<T> {
    const endpoint = `${spec.method} /${spec.path}`;
    const { timeout, logger, baseUrl } = this.#options;
    const timer = new AbortController();
    const timeoutId = setTimeout(() => timer.abort(), timeout);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    const started = performance.now();
    let response: RawResponse;
    try {
      const query =
        spec.searchParams === undefined ? '' : `?${new URLSearchParams(spec.searchParams).toString()}`;
      response = await this.#exchange({
        method: spec.method,
        url: `${baseUrl}/${spec.path}${query}`,
        headers: spec.body === undefined ? this.#headers : this.#jsonHeaders,
        body: spec.body,
        signal: combined,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) throw new IterableTimeoutError(endpoint, timeout);
      throw new IterableNetworkError(endpoint, error);
    } finally {
      clearTimeout(timeoutId);
    }
    const { status, text } = response;
    const durationMs = Math.round(performance.now() - started);
    log(logger, 'debug', `${endpoint} → ${status} in ${durationMs} ms`, {
      event: 'request',
      method: spec.method,
      path: `/${spec.path}`,
      status,
      durationMs,
    });

    if (status === spec.emptyStatus) return undefined as T;
    if (status >= 200 && status < 300)
      return parseSuccess(spec, endpoint, status, text, (t) => this.#redact(t));
    throw this.#errorFor(endpoint, status, response.headers(), text);
  }

  /** The text with every copy of the API key replaced, so that a server echoing it cannot leak it. */
  #redact(text: string): string {
    let out = text;
    for (const form of new Set([this.#apiKey, JSON.stringify(this.#apiKey).slice(1, -1)])) {
      out = out.split(form).join('[redacted]');
    }
    return out;
  }

  #errorFor(endpoint: string, status: number, headers: Headers, raw: string): IterableApiError {
    const text = this.#redact(raw);
    const body = parseJson(text);
    const parsed = ApiResponseSchema.safeParse(body);
    const fields = parsed.success ? parsed.data : {};
    const requestId = this.#redact(headers.get('x-request-id') ?? '') || undefined;
    const retryAfterMs = parseRetryAfter(headers);
    const init = {
      status,
      endpoint,
      code: fields.code,
      // A server may answer with a message of any size; the error's message and every log line that
      // repeats it stay readable.
      msg: fields.msg === undefined ? undefined : clip(fields.msg, MAX_ERROR_BODY),
      params: fields.params ?? undefined,
      body: body === undefined ? text.slice(0, MAX_ERROR_BODY) : body,
      requestId,
      retryAfterMs,
    };
    if (status === 429) return new IterableRateLimitError(init);
    if (status === 401 || status === 403) {
      const { region, baseUrl } = this.#options;
      const where = region === 'custom' ? baseUrl : `${baseUrl} (region '${region}')`;
      const other = OTHER_REGION_HINT[region];
      return new IterableAuthError({
        ...init,
        message:
          `Iterable rejected the API key at ${where}: HTTP ${status}${fields.code ? ` ${fields.code}` : ''}. ` +
          `A key works only in its own project's data center, and needs server-side permissions.${other}`,
      });
    }
    if (status >= 300 && status < 400) {
      const location = headers.get('location');
      let target = 'another location';
      try {
        if (location) target = new URL(location, this.#options.baseUrl).origin;
      } catch {
        target = 'an unparseable location';
      }
      return new IterableApiError({
        ...init,
        retryable: false,
        message: `${endpoint} answered with a redirect (HTTP ${status}) to ${target}. Redirects are not followed, so the API key never leaves ${this.#options.baseUrl}: check baseUrl.`,
      });
    }
    if (status === 400 && fields.code === 'RequestFieldsTypesMismatched')
      return new IterableTypeMismatchError(init);
    const retryable = status === 408 || status >= 500;
    return new IterableApiError({ ...init, retryable });
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function parseSuccess<T>(
  spec: RequestSpec<T>,
  endpoint: string,
  status: number,
  raw: string,
  redact: (text: string) => string,
): T {
  // A success is redacted too: what it holds ends up in results, reports and log lines
  // (createdFields, filteredOutFields), so a server echoing the key must not put it there.
  const text = redact(raw);
  const body = parseJson(text);
  const parsed = spec.schema.safeParse(body ?? {});
  if (body !== undefined && parsed.success) return parsed.data;
  // A 2xx whose body is cut short or is not the JSON Iterable documents: the outcome is unknown,
  // and every write this SDK sends merges, so sending it again is safe.
  throw new IterableApiError({
    status,
    endpoint,
    body: text.slice(0, MAX_ERROR_BODY),
    retryable: true,
    message: `${endpoint} answered HTTP ${status} with a body that is not the JSON Iterable documents${
      body === undefined ? '' : `: ${parsed.error?.issues[0]?.message ?? 'unexpected shape'}`
    }`,
  });
}
