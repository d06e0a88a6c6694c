import { bulkUpdate, byUserId, getFields, typicalBody, updateUser } from './endpoints.js';
import { type FaultDecision, FaultInjector, faultResponse } from './faults.js';
import { type ResolvedFakeOptions, resolveFakeOptions } from './options.js';
import { EndpointRateLimits } from './rate-limit.js';
import { ShapeError } from './request-shape.js';
import { apiError, type EngineResponse, rateLimited } from './responses.js';
import { ProjectStore } from './store.js';
import type {
  FakeIterableEndpoint,
  FakeIterableOptions,
  FakeIterableRequest,
  FakeIterableState,
} from './types.js';

/** One request, as any transport hands it to the engine. */
export interface EngineRequest {
  /** HTTP method, any case. */
  readonly method: string;
  /** URL path as received, still percent-encoded, below the stand-in's base path. */
  readonly path: string;
  /** Query string with its `?`, or `''`. */
  readonly search: string;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text (`''` when there is none, or when it was over the size limit and not kept). */
  readonly bodyText: string;
  /** The body's size in bytes, counted even when it was not kept. */
  readonly bodyBytes: number;
  /** Arrival time, epoch milliseconds (for the request record). */
  readonly receivedAt: number;
  /**
   * Monotonic milliseconds when the request arrived (its first byte, not the end of its body); the
   * rate limits count requests at this moment, as a server does. Defaults to the time of handling.
   */
  readonly arrivedAt?: number;
}

/** What the transport must do with a request. */
export type EngineOutcome =
  | ({ readonly kind: 'respond'; readonly delayMs: number } & EngineResponse)
  /** Destroy the connection without answering. */
  | { readonly kind: 'reset'; readonly delayMs: number }
  /** Never answer: hold the connection until the stand-in closes or the client gives up. */
  | { readonly kind: 'hang'; readonly delayMs: number };

interface Route {
  readonly endpoint: FakeIterableEndpoint;
  /** For `byUserId`, the user asked for (decoded); `null` when the path segment is not valid percent-encoding. */
  readonly userId?: string | null;
}

const BY_USER_ID_PREFIX = '/api/users/byUserId/';

function matchRoute(method: string, path: string, search: string): Route | undefined {
  const verb = method.toUpperCase();
  if (verb === 'POST') {
    if (path === '/api/users/bulkUpdate') return { endpoint: 'bulkUpdate' };
    if (path === '/api/users/update') return { endpoint: 'update' };
    return undefined;
  }
  if (verb !== 'GET') return undefined;
  if (path === '/api/users/getFields') return { endpoint: 'getFields' };
  if (path === '/api/users/byUserId') {
    const userId = new URLSearchParams(search).get('userId');
    return userId === null ? { endpoint: 'byUserId' } : { endpoint: 'byUserId', userId };
  }
  if (path.startsWith(BY_USER_ID_PREFIX)) {
    try {
      return { endpoint: 'byUserId', userId: decodeURIComponent(path.slice(BY_USER_ID_PREFIX.length)) };
    } catch {
      return { endpoint: 'byUserId', userId: null };
    }
  }
  return undefined;
}

const NO_FAULT: FaultDecision = { latencyMs: 0, failure: undefined };

type Body = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/**
 * The stand-in's behaviour, independent of any transport: routing, auth, rate limits, body
 * limits, fault injection, and the endpoints themselves over one project's state. `handle` is
 * synchronous: state changes happen when the request is handled; only the delivery of the
 * answer may be delayed by injected latency.
 */
export class FakeIterableEngine {
  readonly options: ResolvedFakeOptions;
  readonly store: ProjectStore;
  /** The state handed to callers; reads through to the store. */
  readonly state: FakeIterableState;
  readonly #limits: EndpointRateLimits | undefined;
  readonly #faults: FaultInjector | undefined;
  readonly #clock: () => number;

  /**
   * @param clock - Monotonic milliseconds for the rate limits.
   * @throws TypeError naming the option that is wrong.
   */
  constructor(options: FakeIterableOptions, clock: () => number = () => performance.now()) {
    this.options = resolveFakeOptions(options);
    this.store = new ProjectStore(this.options);
    this.#limits = this.options.rateLimits && new EndpointRateLimits(this.options.rateLimits);
    this.#faults = this.options.faults && new FaultInjector(this.options.faults);
    this.#clock = clock;
    const { store } = this;
    this.state = {
      apiKey: this.options.apiKey,
      projectName: this.options.projectName,
      users: store.users,
      usersByEmail: store.usersByEmail,
      fields: store.fields,
      requests: store.requests,
      reset: () => this.reset(),
    };
  }

  /** Back to the seeded state, with empty rate windows and the fault generator at its seed. */
  reset(): void {
    this.store.reset();
    this.#limits?.clear();
    this.#faults?.reset();
  }

  /** Handles one request and says how to answer it. Never throws. */
  handle(request: EngineRequest): EngineOutcome {
    let body: Body | undefined;
    const readBody = (): Body => {
      body ??= parseBody(request.bodyText);
      return body;
    };
    const route = matchRoute(request.method, request.path, request.search);
    let decision = NO_FAULT;
    let response: EngineResponse | undefined;
    try {
      if (route === undefined) {
        response = apiError(404, 'NotFound', `No route for ${request.method.toUpperCase()} ${request.path}`);
      } else {
        decision = this.#faults?.decide(route.endpoint) ?? NO_FAULT;
        response =
          decision.failure === undefined
            ? this.#answer(route, request, readBody)
            : faultResponse(decision.failure, () => typicalBody(route.endpoint, this.store));
      }
    } catch (error) {
      response = apiError(500, 'GenericError', `The stand-in failed: ${(error as Error).message}`);
    }
    this.#record(request, route?.endpoint, response?.status, decision, readBody);
    if (response !== undefined) return { kind: 'respond', delayMs: decision.latencyMs, ...response };
    return { kind: decision.failure === 'hang' ? 'hang' : 'reset', delayMs: decision.latencyMs };
  }

  #answer(route: Route, request: EngineRequest, readBody: () => Body): EngineResponse {
    const { options, store } = this;
    if (request.headers['api-key'] !== options.apiKey) {
      return apiError(401, 'BadApiKey', 'Invalid API key');
    }
    if (
      this.#limits !== undefined &&
      !this.#limits.tryAcquire(route.endpoint, request.arrivedAt ?? this.#clock())
    )
      return rateLimited();
    if (request.bodyBytes > options.maxBodyBytes) {
      return apiError(
        400,
        'BatchTooLarge',
        `The request body is ${request.bodyBytes} bytes; the limit is ${options.maxBodyBytes} bytes`,
      );
    }
    switch (route.endpoint) {
      case 'getFields':
        return getFields(store);
      case 'byUserId':
        if (route.userId === null) return apiError(400, 'BadParams', 'userId is not valid percent-encoding');
        return byUserId(store, route.userId);
      case 'bulkUpdate':
      case 'update': {
        const body = readBody();
        if (!body.ok)
          return apiError(400, 'BadJsonBody', `The request body is not valid JSON: ${body.error}`);
        try {
          return route.endpoint === 'bulkUpdate'
            ? bulkUpdate(store, options, body.value)
            : updateUser(store, options, body.value);
        } catch (error) {
          if (error instanceof ShapeError)
            return apiError(400, 'BadParams', `Invalid request: ${error.message}`);
          throw error;
        }
      }
    }
  }

  #record(
    request: EngineRequest,
    endpoint: FakeIterableEndpoint | undefined,
    status: number | undefined,
    decision: FaultDecision,
    readBody: () => Body,
  ): void {
    const mode = this.options.recordRequests;
    if (mode === 'none') return;
    const entry: {
      -readonly [K in keyof FakeIterableRequest]: FakeIterableRequest[K];
    } = {
      method: request.method.toUpperCase(),
      path: request.path,
      search: request.search,
      receivedAt: request.receivedAt,
    };
    if (endpoint !== undefined) entry.endpoint = endpoint;
    if (status !== undefined) entry.status = status;
    if (decision.failure !== undefined) entry.fault = decision.failure;
    if (decision.latencyMs > 0) entry.latencyMs = decision.latencyMs;
    if (mode === 'all' && request.bodyText.length > 0) {
      const body = readBody();
      entry.body = body.ok ? body.value : request.bodyText;
    }
    this.store.requests.push(entry);
  }
}

function parseBody(text: string): Body {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
