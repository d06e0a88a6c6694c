import { bulkBody, MAX_BATCH_USERS, MAX_BODY_BYTES, serializedUsers } from '../batch/serialize.js';
import type { SubsetsProfile } from '../profile/schema.js';
import {
  type CheckIntegrationOptions,
  checkIntegration,
  type IntegrationReport,
} from '../setup/check-integration.js';
import { type EnsureFieldsOptions, type EnsureFieldsReport, ensureFields } from '../setup/ensure-fields.js';
import { defaultStateScope } from '../state/default-scope.js';
import { failedCounts, type SyncReport } from '../sync/report.js';
import { type SyncOptions, syncProfiles } from '../sync/sync-profiles.js';
import { ENDPOINTS } from './endpoints.js';
import { log } from './log.js';
import type { Logger } from './logger.js';
import { type IterableClientOptions, type ResolvedClientOptions, resolveClientOptions } from './options.js';
import { Transport } from './transport.js';
import type {
  BulkUpdateResult,
  IterableUser,
  IterableUserProfile,
  RequestOptions,
  WriteOptions,
} from './types.js';
import { profileItems, type UntypedProfiles } from './untyped-profiles.js';

/**
 * One profile as `syncProfiles` takes it: the input of the `SubsetsProfile` schema, which the
 * interface of the same name spells out (held equal to `z.input<typeof SubsetsProfile>` by a type
 * test). Change this line alone to take profiles as another type.
 * @inline
 */
type ProfileInput = SubsetsProfile;

/** What the sync pipeline and setup helpers use of a client; not part of the public API. */
export interface ClientInternals {
  readonly transport: Transport;
  readonly options: ResolvedClientOptions;
  /** The state scope of this client's project, for stores that name none (host and key digest). */
  readonly stateScope: string;
}

/**
 * A client for Iterable's user endpoints, holding one project's API key and the policies
 * (retry, concurrency, rate limit) every call goes through.
 *
 * @example
 * ```ts
 * import { IterableClient } from '@subsets/iterable';
 *
 * const client = new IterableClient({ region: 'us' }); // key from ITERABLE_API_KEY
 * const report = await client.syncProfiles([
 *   { userId: 'user-1', churnRisk: 0.27 },
 *   { userId: 'user-2', churnRisk: '0.81' },
 * ]);
 * console.log(`${report.succeeded} of ${report.total} users updated`);
 * ```
 * @category Client
 */
export class IterableClient {
  readonly #internals: ClientInternals;

  /**
   * @param options - See {@link IterableClientOptions}; every option has a default.
   * @throws TypeError naming the option when one is missing or wrong (for example no API key).
   */
  constructor(options: IterableClientOptions = {}) {
    const { apiKey, resolved } = resolveClientOptions(options);
    this.#internals = {
      transport: new Transport(apiKey, resolved),
      options: resolved,
      stateScope: defaultStateScope(resolved.baseUrl, apiKey),
    };
  }

  /**
   * Writes any number of profiles to Iterable: validates, batches (≤ 1,000 users, ≤ 4 MB), rate
   * limits, retries, and reports every user's outcome. Invalid profiles never stop the sync.
   *
   * @param source - The profiles: an array, any iterable or async iterable of {@link SubsetsProfile}
   *   objects (a generator, a database cursor, an object-mode stream), read lazily. A misspelt key
   *   or a wrong value fails to compile. Data whose type is not known (parsed JSON, CSV rows) goes
   *   in through {@link untypedProfiles}. Either way every item is validated as it is read; an
   *   invalid one is counted as `invalid` and reported.
   * @param options - See {@link SyncOptions}; every option has a default.
   * @returns The {@link SyncReport}: counts, and every user that was not updated with the reason.
   * @throws One of these errors; a failed user is never thrown, it is in the report.
   *
   * - {@link IterableApiError} on 401/403: the key or the region is wrong; nothing more is sent.
   * - {@link FieldSetupRequiredError} before writing `subsetsExperimentAddedAt` to a project that
   *   lacks the field (run {@link IterableClient.ensureFields} first).
   * - {@link SyncAbortedError} when `signal` aborts; its `report` counts every profile.
   * - `TypeError` before reading when `source` is not iterable or an option is wrong.
   * @example
   * ```ts
   * import { IterableClient, type SubsetsProfile } from '@subsets/iterable';
   *
   * const client = new IterableClient(); // key and host from the environment
   * const profiles: SubsetsProfile[] = [
   *   { userId: 'user-1', churnRisk: 0.27 },
   *   {
   *     userId: 'user-2',
   *     experimentId: 'exp-42',
   *     experimentName: 'Winback discount',
   *     addedAt: new Date(),
   *     assignment: 'treatment',
   *   },
   * ];
   * const report = await client.syncProfiles(profiles, {
   *   onProgress: (p) => console.log(`${p.processed} of ${p.total} profiles done`),
   * });
   * for (const failure of report.failures) console.log(failure.userId, failure.reason);
   * ```
   * @example Untyped data
   * ```ts
   * import { readFile } from 'node:fs/promises';
   * import { IterableClient, untypedProfiles } from '@subsets/iterable';
   *
   * const client = new IterableClient();
   * const rows: unknown[] = JSON.parse(await readFile('profiles.json', 'utf8'));
   * // Each row is validated as it is read; invalid ones are counted and reported.
   * const report = await client.syncProfiles(untypedProfiles(rows));
   * console.log(`${report.invalid} rows were not valid profiles`);
   * ```
   */
  async syncProfiles(
    source: Iterable<ProfileInput> | AsyncIterable<ProfileInput> | UntypedProfiles,
    options: SyncOptions = {},
  ): Promise<SyncReport> {
    const report = await syncProfiles(this.#internals, profileItems(source), options);
    logSyncReport(this.#internals.options.logger, report);
    return report;
  }

  /** The API host this client talks to, for example `https://api.iterable.com`. */
  get baseUrl(): string {
    return this.#internals.options.baseUrl;
  }

  /**
   * Reads every user field the project has, with its Iterable type (`string`, `long`, `double`,
   * `boolean`, `date`, `object`, ...); nested fields are named with dots. Held to 3 requests/second.
   */
  async getFields(options: RequestOptions = {}): Promise<Record<string, string>> {
    const response = await this.#internals.transport.request(ENDPOINTS.getFields, {
      signal: options.signal,
    });
    return response.fields;
  }

  /**
   * Sends one bulkUpdate request (rate limited, retried). Iterable answers 200 even when some users
   * failed: read `failedUpdates` in the result. For many users, use {@link IterableClient.syncProfiles}.
   *
   * @param users - At most 1,000 users; the body must stay under 4 MB.
   * @returns Iterable's answer: `successCount`, `failCount` and `failedUpdates`.
   * @throws RangeError before sending when there are more than 1,000 users or the body is over 4 MB.
   * @throws {@link IterableApiError} (and the other client errors) when the request fails after its retries.
   */
  async bulkUpdate(users: readonly IterableUser[], options: WriteOptions = {}): Promise<BulkUpdateResult> {
    if (!Array.isArray(users)) throw new TypeError('users must be an array');
    if (users.length > MAX_BATCH_USERS) {
      throw new RangeError(`bulkUpdate takes at most ${MAX_BATCH_USERS} users (got ${users.length})`);
    }
    const body = bulkBody(serializedUsers(users), options.createNewFields);
    if (body.length > MAX_BODY_BYTES) {
      throw new RangeError(
        `bulkUpdate body is ${body.length} bytes, over Iterable's limit of ${MAX_BODY_BYTES}`,
      );
    }
    const { transport, options: resolved } = this.#internals;
    return resolved.limiter(() => transport.request(ENDPOINTS.bulkUpdate, { body, signal: options.signal }));
  }

  /** Updates one user through `users/update` (merges; 500 requests/second in Iterable). */
  async updateUser(user: IterableUser, options: WriteOptions = {}): Promise<void> {
    const payload =
      options.createNewFields === undefined ? user : { ...user, createNewFields: options.createNewFields };
    await this.#internals.transport.request(ENDPOINTS.updateUser, {
      body: JSON.stringify(payload),
      signal: options.signal,
    });
  }

  /** Reads one user by `userId`; `undefined` when the project has no such user. */
  async getUser(userId: string, options: RequestOptions = {}): Promise<IterableUserProfile | undefined> {
    if (typeof userId !== 'string' || userId.length === 0)
      throw new TypeError('userId must be a non-empty string');
    const response = await this.#internals.transport.request(ENDPOINTS.getUser, {
      searchParams: { userId },
      signal: options.signal,
    });
    return response?.user;
  }

  /**
   * Makes sure the project has the five Subsets fields, typed `string` (setup step 1): creates the
   * missing ones by writing a string placeholder to each, on the setup user only, then waits until
   * Iterable lists them. Running it again writes nothing. See {@link EnsureFieldsOptions} and
   * {@link EnsureFieldsReport}.
   *
   * @throws {@link FieldTypeConflictError} when a Subsets field exists with another type (nothing is written).
   * @throws {@link FieldCapacityError} when the project has no room for the missing fields (nothing is written).
   * @throws {@link FieldSetupTimeoutError} when the new fields are not listed within `timeoutMs`.
   * @example
   * ```ts
   * const setupUserId = 'subsets-setup';
   * const preview = await client.ensureFields({ setupUserId, dryRun: true });
   * for (const field of preview.fields) console.log(field.name, field.status);
   * const report = await client.ensureFields({ setupUserId });
   * console.log(report.wrote ? 'created the missing fields' : 'every field was ready');
   * ```
   */
  ensureFields(options: EnsureFieldsOptions): Promise<EnsureFieldsReport> {
    return ensureFields(this, options);
  }

  /**
   * Checks the integration end to end on one test user (setup step 4): key, region, fields, and a
   * write and read-back. Each step is reported; it never touches other users. Problems found are
   * reported in the steps, never thrown.
   *
   * @example
   * ```ts
   * const check = await client.checkIntegration({ testUserId: 'subsets-test' });
   * for (const step of check.steps) {
   *   console.log(`${step.status} ${step.name}: ${step.message}`);
   * }
   * ```
   */
  checkIntegration(options: CheckIntegrationOptions): Promise<IntegrationReport> {
    return checkIntegration(this, this.#internals, options);
  }
}

/** Logs a finished sync's counts, one info line with the same numbers as fields. */
function logSyncReport(logger: Logger, report: SyncReport): void {
  const { failures, createdFields, filteredOutFields, dryRun, batches, ...counts } = report;
  const { total, succeeded, requests, retries, rateLimited, durationMs } = counts;
  log(
    logger,
    'info',
    `sync ${dryRun ? 'dry run ' : ''}done in ${durationMs} ms: ${succeeded} of ${total} profiles updated, ` +
      `${failedCounts(report)} ` +
      `(${requests} requests, ${retries} retries, ${rateLimited} answered 429)`,
    { event: 'sync', ...counts },
  );
}
