import { IterableApiError } from '../errors/api-error.js';
import { IterableNetworkError } from '../errors/network-error.js';
import { IterableRateLimitError } from '../errors/rate-limit-error.js';
import { IterableTimeoutError } from '../errors/timeout-error.js';
import { type RateLimiter, unlimitedRateLimiter } from '../policies/rate-limiter.js';
import { withRetry } from '../policies/retry.js';
import { answerError, readSuccess } from './answer.js';
import type { Endpoint, LimiterChoice } from './endpoints.js';
import type { Exchange, RawResponse } from './exchange.js';
import { fetchExchange } from './fetch-exchange.js';
import { log } from './log.js';
import { nodeExchange } from './node-exchange.js';
import type { ResolvedClientOptions } from './options.js';

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
   * endpoint names before every attempt, with the client's retry policy.
   */
  request<T>(endpoint: Endpoint<T>, input: RequestInput = {}): Promise<T> {
    const { signal, onRetry, onSend } = input;
    const { retry, logger } = this.#options;
    const rateLimiter = this.#limiterFor(endpoint.limiter);
    const { method } = endpoint;
    const path = `/${endpoint.path}`;
    return withRetry(
      async () => {
        await rateLimiter.acquire(signal);
        signal?.throwIfAborted();
        onSend?.();
        return this.#send(endpoint, input);
      },
      retry,
      {
        signal,
        onRetry: (error, delayMs, attempt) => {
          if (error instanceof IterableRateLimitError) rateLimiter.penalize?.(delayMs);
          const [ms, { message }] = [Math.round(delayMs), error as Error];
          log(logger, 'debug', `retrying ${method} ${path} in ${ms} ms: ${message}`, {
            event: 'retry',
            method,
            path,
            attempt,
            retries: retry.retries,
            delayMs: ms,
            status: error instanceof IterableApiError ? error.status : undefined,
            error: message,
          });
          onRetry?.(error, delayMs);
        },
      },
    );
  }

  #limiterFor(choice: LimiterChoice): RateLimiter {
    if (choice === 'requests') return this.#options.rateLimiter;
    if (choice === 'fields') return this.#options.fieldsRateLimiter;
    return unlimitedRateLimiter;
  }

  /** Sends one request once: no rate limiting, no retry. */
  async #send<T>(spec: Endpoint<T>, { body, searchParams, signal }: RequestInput): Promise<T> {
    const { method } = spec;
    const path = `/${spec.path}`;
    const endpoint = `${method} ${path}`;
    const { timeout, logger, baseUrl } = this.#options;
    const timer = new AbortController();
    const timeoutId = setTimeout(() => timer.abort(), timeout);
    const started = performance.now();
    let response: RawResponse;
    try {
      const query = searchParams === undefined ? '' : `?${new URLSearchParams(searchParams).toString()}`;
      response = await this.#exchange({
        method,
        url: `${baseUrl}${path}${query}`,
        headers: body === undefined ? this.#headers : this.#jsonHeaders,
        body,
        signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) throw new IterableTimeoutError(endpoint, timeout);
      throw new IterableNetworkError(endpoint, error);
    } finally {
      clearTimeout(timeoutId);
    }
    const { status } = response;
    const durationMs = Math.round(performance.now() - started);
    log(logger, 'debug', `${endpoint} → ${status} in ${durationMs} ms`, {
      event: 'request',
      method,
      path,
      status,
      durationMs,
    });

    if (status === spec.emptyStatus) return undefined as T;
    // A success is redacted too: what it holds ends up in results, reports and log lines
    // (createdFields, filteredOutFields), so a server echoing the key must not put it there.
    const answer = { endpoint, status, text: this.#redact(response.text) };
    if (status >= 200 && status < 300) return readSuccess(spec.schema, answer);
    const headers = response.headers();
    const requestId = this.#redact(headers.get('x-request-id') ?? '') || undefined;
    throw answerError(answer, headers, requestId, this.#options);
  }

  /** The text with every copy of the API key replaced, so that a server echoing it cannot leak it. */
  #redact(text: string): string {
    let out = text;
    for (const form of new Set([this.#apiKey, JSON.stringify(this.#apiKey).slice(1, -1)])) {
      out = out.split(form).join('[redacted]');
    }
    return out;
  }
}
