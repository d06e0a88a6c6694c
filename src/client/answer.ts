import type { z } from 'zod';
import { IterableApiError, statusText } from '../errors/api-error.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { IterableRateLimitError } from '../errors/rate-limit-error.js';
import { IterableTypeMismatchError } from '../errors/type-mismatch-error.js';
import { parseRetryAfter } from '../policies/retry-after.js';
import type { ResolvedClientOptions } from './options.js';
import { ApiResponseSchema } from './types.js';

/** The most characters of an answer kept in an error: its body text, or Iterable's `msg`. */
const MAX_ERROR_BODY = 2000;

/** One answer from Iterable, its text already redacted. */
export interface Answer {
  /** Method and path, for example `POST /api/users/bulkUpdate`. */
  readonly endpoint: string;
  readonly status: number;
  readonly text: string;
}

/** The host an answer came from, as the client names it. */
export type AnswerHost = Pick<ResolvedClientOptions, 'region' | 'baseUrl'>;

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

/**
 * The value of a 2xx answer, read with `schema`.
 * @throws IterableApiError (retryable) when the body is cut short or is not the JSON Iterable
 *   documents: the outcome is unknown, and every write this SDK sends merges, so sending it again is safe.
 */
export function readSuccess<T>(schema: z.ZodType<T>, { endpoint, status, text }: Answer): T {
  const body = parseJson(text);
  const parsed = schema.safeParse(body ?? {});
  if (body !== undefined && parsed.success) return parsed.data;
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

/**
 * The typed error of an answer that is not a 2xx: 429, 401/403 (with what the region suggests),
 * a refused redirect, a type mismatch, or any other status.
 * @param headers - The answer's headers.
 * @param requestId - The answer's `x-request-id`, redacted; `undefined` when it had none.
 * @param host - The host the request went to.
 */
export function answerError(
  answer: Answer,
  headers: Headers,
  requestId: string | undefined,
  host: AnswerHost,
): IterableApiError {
  const { endpoint, status, text } = answer;
  const body = parseJson(text);
  const parsed = ApiResponseSchema.safeParse(body);
  const fields = parsed.success ? parsed.data : {};
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
    retryAfterMs: parseRetryAfter(headers),
  };
  const { region, baseUrl } = host;
  if (status === 429) return new IterableRateLimitError(init);
  if (status === 401 || status === 403) {
    // A key from the other data center answers exactly like a bad key.
    const other = region === 'us' ? 'eu' : 'us';
    const where = region === 'custom' ? baseUrl : `${baseUrl} (region '${region}')`;
    const hint =
      region === 'custom'
        ? ''
        : ` Is the project in Iterable's ${other.toUpperCase()} data center? Use region '${other}'.`;
    return new IterableAuthError({
      ...init,
      message:
        `Iterable rejected the API key at ${where}: ${statusText(status, fields.code)}. ` +
        `A key works only in its own project's data center, and needs server-side permissions.${hint}`,
    });
  }
  if (status >= 300 && status < 400) {
    const location = headers.get('location');
    let target = 'another location';
    try {
      if (location) target = new URL(location, baseUrl).origin;
    } catch {
      target = 'an unparseable location';
    }
    return new IterableApiError({
      ...init,
      retryable: false,
      message: `${endpoint} answered with a redirect (HTTP ${status}) to ${target}. Redirects are not followed, so the API key never leaves ${baseUrl}: check baseUrl.`,
    });
  }
  if (status === 400 && fields.code === 'RequestFieldsTypesMismatched')
    return new IterableTypeMismatchError(init);
  return new IterableApiError({ ...init, retryable: status === 408 || status >= 500 });
}
