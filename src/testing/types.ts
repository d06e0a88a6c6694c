/**
 * A user field type as Iterable reports it in `getFields`. The stand-in infers `string`, `long`,
 * `double`, `boolean`, `date`, `object` and `nested` (an array of objects) from written values;
 * `geo_location` exists only when pre-seeded with the `fields` option.
 * @category Project options
 */
export type IterableFieldType =
  | 'string'
  | 'long'
  | 'double'
  | 'boolean'
  | 'date'
  | 'object'
  | 'nested'
  | 'geo_location';

/**
 * An endpoint of the stand-in, as named in rate limits, fault restrictions and request records:
 * `bulkUpdate` (`POST /api/users/bulkUpdate`), `update` (`POST /api/users/update`),
 * `getFields` (`GET /api/users/getFields`) and `byUserId` (`GET /api/users/byUserId/{userId}`
 * and `GET /api/users/byUserId?userId=`).
 * @category Project options
 */
export type FakeIterableEndpoint = 'bulkUpdate' | 'update' | 'getFields' | 'byUserId';

/**
 * How the simulated project identifies users:
 * - `userId`: an unknown `userId` creates the user (without an email); an unknown email fails
 *   into `notFoundEmails`, since every user of such a project needs a `userId`.
 * - `email`: an unknown email creates the user; an unknown `userId` fails into `notFoundUserIds`
 *   unless the user has `preferUserId: true`, which creates it with a placeholder email.
 * - `hybrid`: either identifier creates the user; users created from a `userId` get a placeholder email.
 * @category Project options
 */
export type FakeIterableProjectType = 'userId' | 'email' | 'hybrid';

/**
 * A fault the stand-in can inject instead of answering normally:
 * `serverError` (500 JSON `GenericError`), `badGateway` (502 HTML), `serviceUnavailable` (503 HTML),
 * `rateLimitBurst` (429 plain text), `connectionReset` (the socket is destroyed),
 * `hang` (no answer until the stand-in closes or the client gives up),
 * `truncatedJson` (200 with a JSON body cut short).
 * @category Project options
 */
export type FakeIterableFault =
  | 'serverError'
  | 'badGateway'
  | 'serviceUnavailable'
  | 'rateLimitBurst'
  | 'connectionReset'
  | 'hang'
  | 'truncatedJson';

/**
 * One user profile as the stand-in stores it.
 * @category Project state
 */
export interface FakeIterableUser {
  /** The user's `userId`; absent for users known only by email. */
  readonly userId?: string;
  /** The user's email; absent for users of a userId-based project that never had one. */
  readonly email?: string;
  /** The profile's fields, nested objects included. */
  readonly dataFields: Readonly<Record<string, unknown>>;
}

/**
 * A user to pre-seed the project with (see {@link FakeIterableOptions.users}).
 * @category Project options
 */
export interface FakeIterableUserSeed {
  /** The user's `userId`; give it, `email`, or both. */
  readonly userId?: string;
  /** The user's email. */
  readonly email?: string;
  /** Profile fields; unknown fields are created and typed as a write would. */
  readonly dataFields?: Readonly<Record<string, unknown>>;
}

/**
 * One request the stand-in received, as recorded in `requests`.
 * @category Project state
 */
export interface FakeIterableRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** URL path as received (still percent-encoded), without the query string. */
  readonly path: string;
  /** Query string including its `?`, or `''`. */
  readonly search: string;
  /** The endpoint the path matched; absent for unknown paths. */
  readonly endpoint?: FakeIterableEndpoint;
  /** The HTTP status answered; absent when a `connectionReset` or `hang` fault left no answer. */
  readonly status?: number;
  /** The fault injected instead of the normal answer, if any. */
  readonly fault?: FakeIterableFault;
  /** Latency injected before answering, in milliseconds, if any. */
  readonly latencyMs?: number;
  /**
   * The request body: parsed JSON, or the raw text when it is not JSON. Absent for bodiless
   * requests, bodies over the size limit, and when `recordRequests` is `'metadata'`.
   */
  readonly body?: unknown;
  /** When the request arrived, in epoch milliseconds. */
  readonly receivedAt: number;
}

/**
 * Requests per second allowed on each endpoint. Each one left out keeps Iterable's limit.
 * @category Project options
 */
export interface FakeIterableRateLimits {
  /** Requests per second to `POST /api/users/bulkUpdate`. @default 5 */
  readonly bulkUpdate?: number;
  /** Requests per second to `POST /api/users/update`. @default 500 */
  readonly update?: number;
  /** Requests per second to `GET /api/users/getFields`. @default 3 */
  readonly getFields?: number;
  /** Requests per second to `GET /api/users/byUserId`, path and query forms together. @default 100 */
  readonly byUserId?: number;
}

/**
 * Injected latency (see {@link FakeIterableFaults.latency}).
 * @category Project options
 */
export interface FakeIterableLatency {
  /** Chance, from 0 to 1, that a request is delayed. @default 1 */
  readonly probability?: number;
  /** Shortest delay, in milliseconds. @default 0 */
  readonly minMs?: number;
  /** Longest delay, in milliseconds (inclusive). */
  readonly maxMs: number;
}

/**
 * Opt-in, seeded fault injection. Every probability is a number from 0 to 1; the failure faults
 * are mutually exclusive and their probabilities must add up to at most 1. Latency is drawn
 * independently and delays the answer, whatever it is. A request hit by a failure fault changes
 * no state and does not count towards the rate limits. The same seed and the same sequence of
 * requests give the same faults.
 * @category Project options
 */
export interface FakeIterableFaults {
  /** Seed of the pseudo-random generator. @default 1 */
  readonly seed?: number;
  /** Endpoints faults apply to. @default all four */
  readonly endpoints?: readonly FakeIterableEndpoint[];
  /** Delay answers. @default no latency */
  readonly latency?: FakeIterableLatency;
  /** Chance of a 500 `{ code: "GenericError", msg: "... try again later" }`. @default 0 */
  readonly serverError?: number;
  /** Chance of a 502 with an HTML body. @default 0 */
  readonly badGateway?: number;
  /** Chance of a 503 with an HTML body. @default 0 */
  readonly serviceUnavailable?: number;
  /** Chance that a burst of plain-text 429s starts. @default 0 */
  readonly rateLimitBurst?: number;
  /** How many consecutive faultable requests a 429 burst answers. @default 3 */
  readonly rateLimitBurstLength?: number;
  /** Chance that the connection is reset instead of answered. @default 0 */
  readonly connectionReset?: number;
  /** Chance that the request is never answered (until `close()`). @default 0 */
  readonly hang?: number;
  /** Chance of a 200 whose JSON body is cut short. @default 0 */
  readonly truncatedJson?: number;
}

/**
 * Options shared by {@link startFakeIterable} and {@link iterableHandlers}.
 * @category Project options
 */
export interface FakeIterableOptions {
  /** The API key requests must send in the `Api-Key` header. @default a random key, returned as `apiKey` */
  readonly apiKey?: string;
  /** The project name used in `validationErrors` keys (`"<projectName>:::<field>"`). @default 'subsets-fake' */
  readonly projectName?: string;
  /** The project number used in error messages (`Project 1000: ...`). @default 1000 */
  readonly projectId?: number;
  /** How the project identifies users. @default 'userId' */
  readonly projectType?: FakeIterableProjectType;
  /** The project's setting for writes that do not give `createNewFields`. @default true */
  readonly createNewFieldsByDefault?: boolean;
  /** The most user fields the project may have. @default 1000 */
  readonly fieldLimit?: number;
  /** The largest request body accepted, in bytes. @default 4194304 (4 MiB) */
  readonly maxBodyBytes?: number;
  /**
   * Fields the project has from the start, with their types (an {@link IterableFieldType} name;
   * any other string is refused with a `TypeError`). @default none
   */
  readonly fields?: Readonly<Record<string, IterableFieldType | (string & {})>>;
  /** Users the project has from the start; their data creates fields as a write would. @default none */
  readonly users?: readonly FakeIterableUserSeed[];
  /** `userId`s that were GDPR-forgotten: writes to them fail into `forgottenUserIds`. @default none */
  readonly forgottenUserIds?: readonly string[];
  /** Emails that were GDPR-forgotten: writes to them fail into `forgottenEmails`. @default none */
  readonly forgottenEmails?: readonly string[];
  /**
   * Per-endpoint rate limits over a sliding one-second window: `true` for Iterable's limits
   * (bulkUpdate 5/s, update 500/s, getFields 3/s, byUserId 100/s), an object to change some,
   * `false` for none. Only requests let through count.
   * @default true
   */
  readonly rateLimits?: boolean | FakeIterableRateLimits;
  /** Fault injection. @default no faults */
  readonly faults?: FakeIterableFaults;
  /**
   * What to keep in `requests`: `true` keeps every request with its parsed body, `'metadata'`
   * keeps every request without its body, `false` keeps nothing (for benchmarks).
   * @default true
   */
  readonly recordRequests?: boolean | 'metadata';
}

/**
 * The state of a simulated project, shared by the HTTP stand-in and the msw handlers.
 * @category Project state
 */
export interface FakeIterableState {
  /** The API key requests must send. */
  readonly apiKey: string;
  /** The project name used in `validationErrors` keys. */
  readonly projectName: string;
  /** Users that have a `userId`, by `userId`. */
  readonly users: ReadonlyMap<string, FakeIterableUser>;
  /** Users that have an email, by email. */
  readonly usersByEmail: ReadonlyMap<string, FakeIterableUser>;
  /** The project's user fields and their types, in creation order; nested fields named with dots. */
  readonly fields: ReadonlyMap<string, IterableFieldType>;
  /** Requests received, oldest first (see {@link FakeIterableOptions.recordRequests}). */
  readonly requests: readonly FakeIterableRequest[];
  /**
   * Puts the project back as it started: seeded users and fields only, no requests, empty rate
   * windows, the fault generator back at its seed. The maps and array keep their identity.
   */
  reset(): void;
}
