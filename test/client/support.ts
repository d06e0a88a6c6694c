export { recordingLogger } from '../support/recording-logger.js';
export { rejectionOf } from '../support/rejection-of.js';

import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import type { IterableClientOptions } from '../../src/client/options.js';

/** A key distinctive enough that any leak of it shows up in a plain substring search. */
export const API_KEY = 'key-SECRET-1234567890';
export const US = 'https://api.iterable.com';
export const EU = 'https://api.eu.iterable.com';

/** One request as the (fake) server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * Starts one msw server for the test file and records every request it sees, handled or not.
 * Unhandled requests fail the test that made them.
 */
export function useServer() {
  const server = setupServer();
  const pending: Promise<ReceivedRequest>[] = [];
  server.events.on('request:start', ({ request }) => {
    const copy = request.clone();
    pending.push(
      copy.text().then((body) => ({
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body,
      })),
    );
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    pending.length = 0;
    vi.useRealTimers();
  });
  afterAll(() => server.close());
  return {
    server,
    /** Every request received so far, in order. */
    received: (): Promise<ReceivedRequest[]> => Promise.all(pending),
    /** How many requests were received so far (synchronous, for use between timer steps). */
    count: (): number => pending.length,
  };
}

/** A client for tests: the test key, no retries, no rate limit, unless the test says otherwise. */
export function makeClient(options: IterableClientOptions = {}): IterableClient {
  return new IterableClient({ apiKey: API_KEY, retry: false, rateLimit: false, ...options });
}

/** An Iterable error body. */
export function iterableError(status: number, code: string, msg: string, params?: Record<string, unknown>) {
  return HttpResponse.json(params === undefined ? { code, msg } : { code, msg, params }, { status });
}

/** A bulkUpdate success body. */
export function bulkOk(extra: Record<string, unknown> = {}) {
  return HttpResponse.json({ successCount: 1, failCount: 0, ...extra });
}

/** Handler answering every bulkUpdate on `base` with `respond`. */
export function onBulkUpdate(respond: () => Response | Promise<Response>, base = US) {
  return http.post(`${base}/api/users/bulkUpdate`, respond);
}

/** Fake timers for backoff tests; only timers and Date are faked so that msw keeps working. */
export function useFakeTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** Lets pending promise chains (msw's handling included) run without moving the fake clock. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A promise with its resolve function, for handlers that wait until the test lets them answer. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A user as toIterableUser builds it. */
export function user(
  userId: string,
  dataFields: Record<string, string> = { subsetsSubscriberChurnRisk: '0.5' },
) {
  return { userId, mergeNestedObjects: true, dataFields };
}
