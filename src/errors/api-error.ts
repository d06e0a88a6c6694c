import { IterableError } from './iterable-error.js';

/**
 * What {@link IterableApiError} needs to describe one failed HTTP answer.
 * @category Errors
 */
export interface IterableApiErrorInit {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** Iterable's error code (`BadApiKey`, `RequestFieldsTypesMismatched`, ...), when the body had one. */
  readonly code?: string | undefined;
  /** Iterable's `msg`, when the body had one. */
  readonly msg?: string | undefined;
  /** Iterable's `params`, when the body had them. */
  readonly params?: Record<string, unknown> | undefined;
  /** The parsed JSON body, or the raw text when the body was not JSON (cut to 2,000 characters). */
  readonly body?: unknown;
  /** Method and path of the request, for example `POST /api/users/bulkUpdate`. */
  readonly endpoint: string;
  /** The request id Iterable sent back, when there was one. */
  readonly requestId?: string | undefined;
  /** Whether repeating the request may succeed. */
  readonly retryable: boolean;
  /** Delay the server asked for in `retry-after-ms` or `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /** Overrides the generated message. */
  readonly message?: string;
}

/**
 * Iterable answered with an error status (or a 200 whose body could not be understood).
 * `status` is the HTTP status; `code`, `msg` and `params` come from Iterable's JSON error body.
 * @category Errors
 */
export class IterableApiError extends IterableError {
  /** HTTP status code. */
  declare readonly status: number;
  /** Iterable's error code, for example `BadApiKey`; `undefined` when the body had none. */
  declare readonly code: string | undefined;
  /** Iterable's own message. */
  declare readonly msg: string | undefined;
  /** Iterable's `params` (for a type mismatch, `validationErrors`). */
  declare readonly params: Record<string, unknown> | undefined;
  /** The parsed body, or its text (at most 2,000 characters) when it was not JSON. */
  declare readonly body: unknown;
  /** Method and path, for example `POST /api/users/bulkUpdate`. */
  declare readonly endpoint: string;
  /** Request id from the response headers, when present. */
  declare readonly requestId: string | undefined;
  /** Delay the server asked for (`retry-after-ms`, else `Retry-After`), in milliseconds; else `undefined`. */
  declare readonly retryAfterMs: number | undefined;

  /** @param init - The answer's details. */
  constructor(init: IterableApiErrorInit) {
    super(init.message ?? describeApiError(init), { retryable: init.retryable });
    this.name = 'IterableApiError';
    this.status = init.status;
    this.code = init.code;
    this.msg = init.msg;
    this.params = init.params;
    this.body = init.body;
    this.endpoint = init.endpoint;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** As {@link IterableError.toJSON}, without `body`: `code`, `msg` and `params` already hold what a log needs. */
  override toJSON(): Record<string, unknown> {
    const { body: _body, ...json } = super.toJSON();
    return json;
  }
}

function describeApiError(init: IterableApiErrorInit): string {
  const what = `${init.endpoint} failed with ${statusText(init.status, init.code)}`;
  return init.msg ? `${what}: ${init.msg}` : what;
}

/** `HTTP 401`, or `HTTP 401 BadApiKey` when Iterable gave a code. */
export function statusText(status: number, code: string | undefined): string {
  return `HTTP ${status}${code ? ` ${code}` : ''}`;
}
