import { afterEach } from 'vitest';
import {
  type FakeIterable,
  type FakeIterableServerOptions,
  startFakeIterable,
} from '../../src/testing/index.js';

/** A parsed answer of the stand-in. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
}

const running: FakeIterable[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((iterable) => iterable.close()));
});

/**
 * Starts a stand-in that is closed after the test. Rate limits are off unless the test sets
 * them, so that tests sending many requests stay about what they test.
 */
export async function startFake(options: FakeIterableServerOptions = {}): Promise<FakeIterable> {
  const iterable = await startFakeIterable({ rateLimits: false, ...options });
  running.push(iterable);
  return iterable;
}

/** Options of {@link call}. */
export interface CallOptions {
  /** The key to send; `null` sends none. Defaults to the stand-in's own key. */
  readonly apiKey?: string | null;
  /** A body sent as is, instead of the JSON of `body`. */
  readonly rawBody?: string;
  readonly signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends one request to `url + path` with plain fetch and reads the whole answer. */
export async function call(
  target: { readonly url: string; readonly apiKey: string },
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const apiKey = options.apiKey === undefined ? target.apiKey : options.apiKey;
  if (apiKey !== null) headers['Api-Key'] = apiKey;
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

/** `POST /api/users/bulkUpdate`. */
export function bulkUpdate(
  target: { readonly url: string; readonly apiKey: string },
  body: unknown,
  options?: CallOptions,
): Promise<Answer> {
  return call(target, 'POST', '/api/users/bulkUpdate', body, options);
}

/** `GET /api/users/getFields`. */
export function getFields(target: { readonly url: string; readonly apiKey: string }): Promise<Answer> {
  return call(target, 'GET', '/api/users/getFields');
}

/** The stand-in's fields as a plain record, name → type. */
export function fieldsOf(iterable: { readonly fields: ReadonlyMap<string, string> }): Record<string, string> {
  return Object.fromEntries(iterable.fields);
}

/** The `failedUpdates` object with every list empty except those given. */
export function failedUpdates(lists: Partial<Record<string, string[]>> = {}): Record<string, string[]> {
  return {
    conflictEmails: [],
    conflictUserIds: [],
    forgottenEmails: [],
    forgottenUserIds: [],
    invalidDataEmails: [],
    invalidDataUserIds: [],
    invalidEmails: [],
    invalidUserIds: [],
    notFoundEmails: [],
    notFoundUserIds: [],
    ...lists,
  };
}
