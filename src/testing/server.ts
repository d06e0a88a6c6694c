import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { assertOptionsObject } from '../options/check.js';
import { type EngineOutcome, FakeIterableEngine } from './engine.js';
import { PendingWaits } from './pending.js';
import type { FakeIterableOptions, FakeIterableState } from './types.js';

/**
 * Options of {@link startFakeIterable}: the project's ({@link FakeIterableOptions}) and the server's.
 * @category Stand-in
 */
export interface FakeIterableServerOptions extends FakeIterableOptions {
  /** TCP port to listen on; `0` picks a free one. @default 0 */
  readonly port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
}

/**
 * A running Iterable stand-in: its address, its state, and `close()`.
 * @category Stand-in
 */
export interface FakeIterable extends FakeIterableState {
  /** Base URL to give the client, without a trailing slash: `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops listening and destroys every connection, hung requests included, so the port is free
   * and nothing keeps the process alive once the promise resolves. Safe to call twice.
   */
  close(): Promise<void>;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/**
 * Starts a local HTTP server that behaves like Iterable's user endpoints: `POST /api/users/bulkUpdate`,
 * `POST /api/users/update`, `GET /api/users/getFields` and `GET /api/users/byUserId[/{userId}]`,
 * with API-key auth, the 4 MiB body limit, field creation and typing, type conflicts, `userId`
 * rules, `failedUpdates`, per-endpoint rate limits (plain-text 429s) and opt-in seeded faults.
 *
 * @remarks
 * Choices where Iterable's documentation is silent:
 * - Dates: a string creates a `date` field only when the field is new and the string has a form
 *   Iterable reads as a date (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` with an optional zone such as
 *   `+01:00`, or an ISO-8601 date-time with a zone such as `2026-11-29T01:40:43.000Z`). An existing
 *   `string` field takes any string; a `date` field takes only those forms; a `long`, `double` or
 *   `boolean` field takes no string at all (400 `RequestFieldsTypesMismatched`).
 * - `byUserId` answers 200 `{}` for an unknown user (the spec's `UserResponse` makes `user`
 *   optional and documents no 404). A user without an email (userId-based projects) is answered
 *   without `email`, although the spec lists it as required.
 * - The deprecated top-level `invalidUserIds` / `invalidEmails` of bulkUpdate list every user that
 *   failed, whatever the reason, as the spec describes them; `failedUpdates` gives the reason.
 * - A request changes the state when it is handled; injected latency delays only the answer, so a
 *   client that times out may still have written (as with the real service).
 *
 * @param options - See {@link FakeIterableServerOptions}; every option has a default.
 * @throws TypeError naming the option that is wrong; rejects when the port is taken.
 * @example
 * ```ts
 * import { IterableClient } from '@subsets/iterable';
 * import { startFakeIterable } from '@subsets/iterable/testing';
 *
 * const iterable = await startFakeIterable({ fields: { plan: 'string' } });
 * const client = new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url });
 * const user = { userId: 'u-1', dataFields: { subsetsExperimentId: 'exp-7' } };
 * await client.bulkUpdate([user]);
 * iterable.users.get('u-1')?.dataFields; // { subsetsExperimentId: 'exp-7' }
 * iterable.fields.get('subsetsExperimentId'); // 'string'
 * await iterable.close();
 * ```
 * @category Stand-in
 */
export async function startFakeIterable(options: FakeIterableServerOptions = {}): Promise<FakeIterable> {
  const { port, host, projectOptions } = resolveServerOptions(options);
  const engine = new FakeIterableEngine(projectOptions);
  const waits = new PendingWaits();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => receive(engine, waits, request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await listen(server, port, host);
  const address = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      waits.releaseAll(true);
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return { ...engine.state, url: `http://${hostInUrl}:${address.port}`, port: address.port, close };
}

function resolveServerOptions(options: FakeIterableServerOptions) {
  assertOptionsObject(options);
  const { port = 0, host = '127.0.0.1', ...projectOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`port must be a whole number from 0 to 65535 (got ${String(port)})`);
  }
  if (typeof host !== 'string' || host.length === 0) throw new TypeError('host must be a non-empty string');
  return { port, host, projectOptions };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Reads one request's body (up to the engine's limit), has the engine handle it, and answers. */
function receive(
  engine: FakeIterableEngine,
  waits: PendingWaits,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const receivedAt = Date.now();
  const arrivedAt = performance.now();
  const limit = engine.options.maxBodyBytes;
  const chunks: Buffer[] = [];
  let bytes = 0;
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    // Past the limit the body is read to its end (so the answer can be sent) but not kept.
    if (bytes <= limit) chunks.push(chunk);
  });
  request.on('error', () => request.socket.destroy());
  request.on('end', () => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const outcome = engine.handle({
      method: request.method ?? 'GET',
      path: query === -1 ? url : url.slice(0, query),
      search: query === -1 ? '' : url.slice(query),
      headers: flattenHeaders(request.headers),
      bodyText: bytes <= limit ? Buffer.concat(chunks, bytes).toString('utf8') : '',
      bodyBytes: bytes,
      receivedAt,
      arrivedAt,
    });
    void deliver(waits, outcome, request, response);
  });
}

/** Answers after the outcome's delay (unless the server closes first): a response, a reset, or nothing. */
async function deliver(
  waits: PendingWaits,
  outcome: EngineOutcome,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (outcome.delayMs > 0 && !(await waits.delay(outcome.delayMs))) {
    request.socket.destroy();
    return;
  }
  if (outcome.kind === 'respond') {
    response.writeHead(outcome.status, {
      ...outcome.headers,
      'content-length': Buffer.byteLength(outcome.body),
    });
    response.end(outcome.body);
  } else if (outcome.kind === 'reset') {
    request.socket.resetAndDestroy();
  }
  // 'hang': the socket stays open until the client gives up or close() destroys it.
}
