import { randomBytes } from 'node:crypto';
import { assertOptionsObject } from '../options/check.js';
import type {
  FakeIterableEndpoint,
  FakeIterableFault,
  FakeIterableOptions,
  FakeIterableProjectType,
  FakeIterableUserSeed,
  IterableFieldType,
} from './types.js';

/** Every endpoint, in a fixed order. */
export const ENDPOINTS: readonly FakeIterableEndpoint[] = ['bulkUpdate', 'update', 'getFields', 'byUserId'];

/** Iterable's documented per-project limits, in requests per second. */
export const ITERABLE_RATE_LIMITS: Readonly<Record<FakeIterableEndpoint, number>> = {
  bulkUpdate: 5,
  update: 500,
  getFields: 3,
  byUserId: 100,
};

/** The failure faults, in the order their probabilities are stacked. */
export const FAILURE_FAULTS: readonly FakeIterableFault[] = [
  'serverError',
  'badGateway',
  'serviceUnavailable',
  'rateLimitBurst',
  'connectionReset',
  'hang',
  'truncatedJson',
];

const FIELD_TYPES: ReadonlySet<string> = new Set<IterableFieldType>([
  'string',
  'long',
  'double',
  'boolean',
  'date',
  'object',
  'nested',
  'geo_location',
]);

const PROJECT_TYPES: ReadonlySet<string> = new Set<FakeIterableProjectType>(['userId', 'email', 'hybrid']);

/** Fault injection with every default filled in. */
export interface ResolvedFaults {
  readonly seed: number;
  readonly endpoints: ReadonlySet<FakeIterableEndpoint>;
  readonly latency:
    | { readonly probability: number; readonly minMs: number; readonly maxMs: number }
    | undefined;
  /** Probability of each failure fault, in {@link FAILURE_FAULTS} order. */
  readonly failures: readonly (readonly [FakeIterableFault, number])[];
  readonly rateLimitBurstLength: number;
}

/** {@link FakeIterableOptions} with every default filled in and every value checked. */
export interface ResolvedFakeOptions {
  readonly apiKey: string;
  readonly projectName: string;
  readonly projectId: number;
  readonly projectType: FakeIterableProjectType;
  readonly createNewFieldsByDefault: boolean;
  readonly fieldLimit: number;
  readonly maxBodyBytes: number;
  readonly fields: readonly (readonly [string, IterableFieldType])[];
  readonly users: readonly FakeIterableUserSeed[];
  readonly forgottenUserIds: ReadonlySet<string>;
  readonly forgottenEmails: ReadonlySet<string>;
  readonly rateLimits: Readonly<Record<FakeIterableEndpoint, number>> | undefined;
  readonly faults: ResolvedFaults | undefined;
  readonly recordRequests: 'all' | 'metadata' | 'none';
}

/** Iterable's documented request body limit: 4 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be a whole number ≥ ${min} (got ${String(value)})`);
  }
  return value;
}

function probability(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new TypeError(`${name} must be a probability from 0 to 1 (got ${String(value)})`);
  }
  return value;
}

function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean (got ${String(value)})`);
  return value;
}

function stringList(name: string, value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new TypeError(`${name} must be an array of strings`);
  }
  return new Set(value as string[]);
}

function resolveRateLimits(value: FakeIterableOptions['rateLimits']): ResolvedFakeOptions['rateLimits'] {
  if (value === undefined || value === true) return ITERABLE_RATE_LIMITS;
  if (value === false) return undefined;
  if (!isRecord(value))
    throw new TypeError('rateLimits must be a boolean or an object of requests per second');
  const limits = { ...ITERABLE_RATE_LIMITS };
  for (const [key, limit] of Object.entries(value)) {
    if (!ENDPOINTS.includes(key as FakeIterableEndpoint)) {
      throw new TypeError(`rateLimits.${key} is not an endpoint (use ${ENDPOINTS.join(', ')})`);
    }
    if (limit === undefined) continue;
    limits[key as FakeIterableEndpoint] = wholeNumber(`rateLimits.${key}`, limit, 1);
  }
  return limits;
}

function resolveFaults(value: FakeIterableOptions['faults']): ResolvedFaults | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new TypeError('faults must be an object');
  const seed = value.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`faults.seed must be a finite number (got ${String(seed)})`);
  }
  const endpointList = value.endpoints ?? ENDPOINTS;
  if (!Array.isArray(endpointList) || endpointList.some((item) => !ENDPOINTS.includes(item))) {
    throw new TypeError(`faults.endpoints must be an array of ${ENDPOINTS.join(', ')}`);
  }
  let latency: ResolvedFaults['latency'];
  if (value.latency !== undefined) {
    if (!isRecord(value.latency))
      throw new TypeError('faults.latency must be an object { probability, minMs, maxMs }');
    const minMs = wholeNumber('faults.latency.minMs', value.latency.minMs ?? 0, 0);
    const maxMs = wholeNumber('faults.latency.maxMs', value.latency.maxMs, minMs);
    latency = {
      probability: probability('faults.latency.probability', value.latency.probability ?? 1),
      minMs,
      maxMs,
    };
  }
  const failures = FAILURE_FAULTS.map(
    (fault) => [fault, probability(`faults.${fault}`, value[fault] ?? 0)] as const,
  );
  const total = failures.reduce((sum, [, chance]) => sum + chance, 0);
  if (total > 1 + 1e-9) {
    throw new TypeError(`the failure fault probabilities add up to ${total}; they must add up to at most 1`);
  }
  return {
    seed,
    endpoints: new Set(endpointList),
    latency,
    failures: failures.filter(([, chance]) => chance > 0),
    rateLimitBurstLength: wholeNumber('faults.rateLimitBurstLength', value.rateLimitBurstLength ?? 3, 1),
  };
}

function resolveFields(value: FakeIterableOptions['fields']): ResolvedFakeOptions['fields'] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new TypeError('fields must be an object of field name → type');
  return Object.entries(value).map(([name, type]) => {
    if (name.length === 0) throw new TypeError('fields must not contain an empty field name');
    if (typeof type !== 'string' || !FIELD_TYPES.has(type)) {
      throw new TypeError(
        `fields.${name} must be one of ${[...FIELD_TYPES].join(', ')} (got ${String(type)})`,
      );
    }
    return [name, type as IterableFieldType] as const;
  });
}

function resolveUsers(value: FakeIterableOptions['users']): readonly FakeIterableUserSeed[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new TypeError('users must be an array of { userId?, email?, dataFields? }');
  value.forEach((user: unknown, index) => {
    if (!isRecord(user)) throw new TypeError(`users[${index}] must be an object`);
    const { userId, email, dataFields } = user;
    if (userId === undefined && email === undefined)
      throw new TypeError(`users[${index}] needs a userId or an email`);
    if (userId !== undefined && typeof userId !== 'string')
      throw new TypeError(`users[${index}].userId must be a string`);
    if (email !== undefined && typeof email !== 'string')
      throw new TypeError(`users[${index}].email must be a string`);
    if (dataFields !== undefined && !isRecord(dataFields)) {
      throw new TypeError(`users[${index}].dataFields must be an object`);
    }
  });
  return value;
}

function resolveRecording(
  value: FakeIterableOptions['recordRequests'],
): ResolvedFakeOptions['recordRequests'] {
  if (value === undefined || value === true) return 'all';
  if (value === false) return 'none';
  if (value === 'metadata') return 'metadata';
  throw new TypeError(`recordRequests must be true, false or 'metadata' (got ${String(value)})`);
}

/**
 * Checks the stand-in's options and fills in the defaults, once.
 * @throws TypeError naming the option that is wrong.
 */
export function resolveFakeOptions(options: FakeIterableOptions): ResolvedFakeOptions {
  assertOptionsObject(options);
  const apiKey = options.apiKey ?? `fake-${randomBytes(16).toString('hex')}`;
  if (typeof apiKey !== 'string' || apiKey.length === 0)
    throw new TypeError('apiKey must be a non-empty string');
  const projectName = options.projectName ?? 'subsets-fake';
  if (typeof projectName !== 'string' || projectName.length === 0) {
    throw new TypeError('projectName must be a non-empty string');
  }
  const projectType = options.projectType ?? 'userId';
  if (typeof projectType !== 'string' || !PROJECT_TYPES.has(projectType)) {
    throw new TypeError(`projectType must be 'userId', 'email' or 'hybrid' (got ${String(projectType)})`);
  }
  return {
    apiKey,
    projectName,
    projectId: wholeNumber('projectId', options.projectId ?? 1000, 0),
    projectType,
    createNewFieldsByDefault: booleanOption(
      'createNewFieldsByDefault',
      options.createNewFieldsByDefault,
      true,
    ),
    fieldLimit: wholeNumber('fieldLimit', options.fieldLimit ?? 1000, 0),
    maxBodyBytes: wholeNumber('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 1),
    fields: resolveFields(options.fields),
    users: resolveUsers(options.users),
    forgottenUserIds: stringList('forgottenUserIds', options.forgottenUserIds),
    forgottenEmails: stringList('forgottenEmails', options.forgottenEmails),
    rateLimits: resolveRateLimits(options.rateLimits),
    faults: resolveFaults(options.faults),
    recordRequests: resolveRecording(options.recordRequests),
  };
}
