import type { HttpHandler } from 'msw';
import { assertOptionsObject } from '../options/check.js';
import { requirePeer } from '../peers/require-peer.js';
import { FakeIterableEngine } from './engine.js';
import { PendingWaits } from './pending.js';
import type { FakeIterableOptions, FakeIterableState } from './types.js';

/**
 * Options of {@link iterableHandlers}: the project's ({@link FakeIterableOptions}) and the base URL.
 * @category msw handlers
 */
export interface IterableHandlersOptions extends FakeIterableOptions {
  /** The Iterable host the handlers answer for; a path below it is allowed. @default 'https://api.iterable.com' */
  readonly baseUrl?: string;
}

/**
 * msw request handlers for one simulated Iterable project: an array to spread into
 * `setupServer(...)` or `server.use(...)`, which also carries the project's state.
 * @category msw handlers
 */
export type IterableHandlers = HttpHandler[] &
  FakeIterableState & {
    /** The base URL the handlers answer for, without a trailing slash. */
    readonly baseUrl: string;
    /**
     * Ends every request still held (hung by a `hang` fault, or delayed by latency) with a
     * network error, and makes later ones end at once. Call it when the test run ends.
     */
    close(): void;
  };

/**
 * msw 2 handlers that behave like Iterable's user endpoints, exactly as {@link startFakeIterable}
 * does (they share one engine): auth, body limit, field typing, type conflicts, `userId` rules,
 * rate limits and opt-in faults. Every other path below `baseUrl` answers 404. A
 * `connectionReset` fault answers with a network error (`Response.error()`); a `hang` fault holds the request
 * until it is aborted or `close()` is called.
 *
 * @param options - See {@link IterableHandlersOptions}; every option has a default.
 * @throws TypeError naming the option that is wrong.
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { IterableClient } from '@subsets/iterable';
 * import { iterableHandlers } from '@subsets/iterable/testing';
 *
 * const iterable = iterableHandlers({ rateLimits: false });
 * const server = setupServer(...iterable);
 * server.listen({ onUnhandledRequest: 'error' });
 *
 * const client = new IterableClient({ apiKey: iterable.apiKey });
 * const user = { userId: 'u-1', dataFields: { subsetsExperimentId: 'exp-7' } };
 * await client.bulkUpdate([user]);
 * iterable.users.get('u-1')?.dataFields; // { subsetsExperimentId: 'exp-7' }
 *
 * iterable.close();
 * server.close();
 * ```
 * @category msw handlers
 */
export function iterableHandlers(options: IterableHandlersOptions = {}): IterableHandlers {
  assertOptionsObject(options);
  const { baseUrl: rawBaseUrl = 'https://api.iterable.com', ...projectOptions } = options;
  let parsed: URL;
  try {
    parsed = new URL(rawBaseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL (got ${String(rawBaseUrl)})`);
  }
  if (parsed.search !== '' || parsed.hash !== '')
    throw new TypeError('baseUrl must not have a query or a fragment');
  const baseUrl = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  const basePath = parsed.pathname.replace(/\/+$/, '');
  // Only msw's HTTP handlers: the package root also opens a channel for WebSocket mocking at load,
  // which keeps runtimes without `unref` (Deno) alive after the work is done.
  const { http } = requirePeer<typeof import('msw/core/http')>({
    specifier: 'msw/core/http',
    packageName: 'msw',
    neededBy: 'iterableHandlers',
  });
  const engine = new FakeIterableEngine(projectOptions);
  const waits = new PendingWaits();
  const limit = engine.options.maxBodyBytes;
  const decoder = new TextDecoder();

  const resolve = async ({ request }: { request: Request }): Promise<Response> => {
    const receivedAt = Date.now();
    const url = new URL(request.url);
    const body = request.body === null ? new ArrayBuffer(0) : await request.arrayBuffer();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const outcome = engine.handle({
      method: request.method,
      path: url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname,
      search: url.search,
      headers,
      bodyText: body.byteLength <= limit ? decoder.decode(body) : '',
      bodyBytes: body.byteLength,
      receivedAt,
    });
    if (outcome.delayMs > 0 && !(await waits.delay(outcome.delayMs))) return Response.error();
    if (outcome.kind === 'respond') {
      return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
    }
    if (outcome.kind === 'hang') await waits.hold(request.signal);
    return Response.error();
  };

  const handlers: HttpHandler[] = [
    http.post(`${baseUrl}/api/users/bulkUpdate`, resolve),
    http.post(`${baseUrl}/api/users/update`, resolve),
    http.get(`${baseUrl}/api/users/getFields`, resolve),
    http.get(`${baseUrl}/api/users/byUserId`, resolve),
    http.get(`${baseUrl}/api/users/byUserId/:userId`, resolve),
    // Everything else below the base URL reaches the engine too, which answers 404 as Iterable would.
    http.all(`${baseUrl}/*`, resolve),
  ];
  return Object.assign(handlers, engine.state, { baseUrl, close: () => waits.releaseAll(true) });
}
