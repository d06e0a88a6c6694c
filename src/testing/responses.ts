/** A transport-neutral HTTP answer. */
export interface EngineResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The plain-text body Iterable answers 429s with (no `Retry-After` header). */
export const RATE_LIMIT_TEXT = 'Rate limit exceeded. Please try again later.';

/** A JSON answer. */
export function jsonResponse(status: number, value: unknown): EngineResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) };
}

/** Iterable's error body (`IterableApiResponse`): `{ msg, code, params }`. */
export function apiError(
  status: number,
  code: string,
  msg: string,
  params: Record<string, unknown> | null = null,
): EngineResponse {
  return jsonResponse(status, { msg, code, params });
}

/** A text answer (429s, and the HTML pages of 502/503 faults). */
export function textResponse(
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): EngineResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

/** The plain-text 429 Iterable answers when a rate limit is exceeded. */
export function rateLimited(): EngineResponse {
  return textResponse(429, RATE_LIMIT_TEXT);
}

/** A JSON 200 whose body is cut in half, with `content-type` still JSON. */
export function truncatedJson(value: unknown): EngineResponse {
  const full = JSON.stringify(value);
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    body: full.slice(0, Math.max(1, full.length >> 1)),
  };
}
