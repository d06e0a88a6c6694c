import { setMaxListeners } from 'node:events';
import { BatchBuilder, resolveBatchLimits } from '../batch/batch-builder.js';
import { bulkBody } from '../batch/serialize.js';
import type { ClientInternals } from '../client/client.js';
import {
  type BulkUpdateResult,
  BulkUpdateResultSchema,
  GetFieldsResponseSchema,
  type IterableUser,
} from '../client/types.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { FieldSetupRequiredError } from '../errors/field-setup-required-error.js';
import { IterableRateLimitError } from '../errors/rate-limit-error.js';
import { SyncAbortedError } from '../errors/sync-aborted-error.js';
import { IterableTypeMismatchError } from '../errors/type-mismatch-error.js';
import { isRetryable } from '../policies/retry.js';
import { fastNormalize } from '../profile/fast-normalize.js';
import { describeProfileError, type NormalizedSubsetsProfile, SubsetsProfile } from '../profile/schema.js';
import { normalizedToIterableUser } from '../profile/to-iterable-user.js';
import { rejectedUsers } from './map-result.js';
import type { SyncFailure, SyncProgress, SyncReport } from './report.js';
import { Tally } from './tally.js';
import { UserJsonWriter } from './user-json.js';

/**
 * Options of `client.syncProfiles`.
 * @category Syncing
 */
export interface SyncOptions {
  /**
   * Most users per bulkUpdate request (at most 1,000). Batches are also cut before 4 MB.
   * @default 1000
   */
  readonly batchSize?: number;
  /**
   * Send `preferUserId: true`, so that email-based projects create users they do not know.
   * @default false
   */
  readonly createMissingUsers?: boolean;
  /**
   * Send `createNewFields: true`. The five fields were agreed at setup; with `false` the project's
   * setting decides, and fields it drops show in `filteredOutFields`.
   * @default true
   */
  readonly createNewFields?: boolean;
  /**
   * Validate and batch, send nothing; `succeeded` then counts the profiles that would have been sent.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Called after every batch with the counts so far. Calls never overlap; a returned promise is
   * awaited, so a slow consumer slows the sync instead of piling up snapshots. If it throws,
   * the sync stops and rejects with that error.
   */
  readonly onProgress?: ((progress: SyncProgress) => void | Promise<void>) | undefined;
  /** Called for every failed or invalid profile, also those beyond `maxFailuresInReport`. */
  readonly onFailure?: ((failure: SyncFailure) => void) | undefined;
  /**
   * Most failures kept in `report.failures`; the counts stay exact.
   * @default 10000
   */
  readonly maxFailuresInReport?: number;
  /**
   * Before the first request that writes `subsetsExperimentAddedAt`, read the project's fields once
   * and stop with `FieldSetupRequiredError` if that field does not exist: created by a sync, it
   * would be typed `date` for good. Turn off only if the fields are known to exist.
   * @default true
   */
  readonly verifyFields?: boolean;
  /** Stops the sync: requests in flight and waits end, and the sync rejects with `SyncAbortedError`. */
  readonly signal?: AbortSignal | undefined;
}

const ADDED_AT = 'subsetsExperimentAddedAt';
const YIELD_EVERY = 255;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === 'function';

const ABORTED = Symbol('aborted');

/**
 * `promise`'s value, or {@link ABORTED} as soon as `signal` aborts. Racing each step against one
 * promise that lives as long as the sync would keep every step's result (each batch) reachable
 * until the sync ends; this leaves nothing behind once it settles.
 */
function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** One user in a batch; several profiles with the same userId merge into one entry. */
interface Entry {
  user: IterableUser & { dataFields: Record<string, string> };
  readonly index: number;
  readonly merged: number[] | undefined;
}

interface Batch {
  readonly entries: Entry[];
  /** The request body, joined when the batch was cut; `undefined` in a dry run, which sends nothing. */
  readonly body: string | undefined;
}

/** Runs one sync; see `IterableClient.syncProfiles`. */
export async function syncProfiles(
  internals: ClientInternals,
  source: Iterable<unknown> | AsyncIterable<unknown>,
  options: SyncOptions = {},
): Promise<SyncReport> {
  if (
    source === null ||
    typeof source !== 'object' ||
    !(Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    throw new TypeError('source must be an Iterable or AsyncIterable of profiles');
  }
  const limits = resolveBatchLimits({ maxUsers: options.batchSize ?? 1000 }, 'batchSize');
  const maxFailures = options.maxFailuresInReport ?? 10_000;
  if (!Number.isInteger(maxFailures) || maxFailures < 0) {
    throw new TypeError(`maxFailuresInReport must be a whole number ≥ 0 (got ${String(maxFailures)})`);
  }
  const createMissingUsers = options.createMissingUsers ?? false;
  const createNewFields = options.createNewFields ?? true;
  const dryRun = options.dryRun ?? false;
  const verifyFields = options.verifyFields ?? true;
  const { transport, options: client } = internals;
  const { logger, limiter, rateLimiter } = client;
  const userSignal = options.signal;

  const tally = new Tally(maxFailures, options.onFailure);
  // Aborted before it began: nothing was read, and the caller still gets a report.
  if (userSignal?.aborted) throw new SyncAbortedError(tally.report(dryRun), userSignal.reason);
  const stop = new AbortController();
  const signal = userSignal ? AbortSignal.any([userSignal, stop.signal]) : stop.signal;
  // Every batch in flight may wait on this signal (for the rate limiter or a retry's backoff), so as
  // many listeners at once are expected: not the leak Node warns about past 10 (each wait removes its own).
  setMaxListeners(2 * Math.max(1, limiter.concurrency) + 10, signal);
  let fatal: { error: unknown } | undefined;
  const halt = (error: unknown) => {
    fatal ??= { error };
    stop.abort(error);
  };

  // Fields the project holds with another type: left out of every request once found.
  const dropped = new Map<string, string>();

  let progressChain: Promise<void> = Promise.resolve();
  const reportProgress = (): Promise<void> => {
    const onProgress = options.onProgress;
    if (!onProgress) return Promise.resolve();
    progressChain = progressChain.then(() => onProgress(tally.progress()));
    return progressChain;
  };

  const failEntry = (entry: Entry, failure: Omit<SyncFailure, 'index' | 'userId'>) => {
    tally.fail({ ...failure, userId: entry.user.userId, index: entry.index });
    if (entry.merged)
      for (const index of entry.merged) tally.fail({ ...failure, userId: entry.user.userId, index });
  };
  const succeedEntry = (entry: Entry) => {
    tally.succeeded += 1 + (entry.merged?.length ?? 0);
  };

  const builder = new BatchBuilder<Entry>(limits);
  const writer = new UserJsonWriter(createMissingUsers);
  /** Where each userId of the batch being filled sits in it, to merge a second profile of the same user. */
  let positions = new Map<string, number>();
  /** Batches cut and not yet handed on. */
  const ready: Batch[] = [];
  const cut = () => {
    ready.push(take(builder));
    positions = new Map();
  };

  /** Validates one profile and adds it to the batch being filled, cutting batches as they fill up. */
  function add(raw: unknown, index: number): void {
    let profile = fastNormalize(raw);
    if (profile === undefined) {
      const parsed = SubsetsProfile.safeParse(raw);
      if (!parsed.success) {
        const userId = (raw as { userId?: unknown } | null)?.userId;
        const field = parsed.error.issues[0]?.path[0];
        tally.fail({
          userId: typeof userId === 'string' ? userId : undefined,
          reason: 'validation',
          message: describeProfileError(parsed.error),
          retryable: false,
          ...(typeof field === 'string' ? { field } : {}),
          index,
        });
        return;
      }
      profile = parsed.data;
    }
    const user = normalizedToIterableUser(profile, createMissingUsers) as Entry['user'];
    const at = positions.get(profile.userId);
    if (at !== undefined) {
      // The same user twice in one batch: merge in input order, later values win.
      const previous = builder.items[at] as Entry;
      const mergedUser = {
        ...previous.user,
        ...(user.preferUserId ? { preferUserId: true } : {}),
        dataFields: { ...previous.user.dataFields, ...user.dataFields },
      };
      const json = JSON.stringify(mergedUser);
      const size = Buffer.byteLength(json);
      const oldSize = Buffer.byteLength(builder.json[at] as string);
      previous.merged?.push(index);
      const merged: Entry = { user: mergedUser, index: previous.index, merged: previous.merged ?? [index] };
      if (builder.bytes - oldSize + size <= limits.maxBytes) {
        builder.replace(at, merged, json, size, oldSize);
        return;
      }
      // The merged user no longer fits in this batch: take it out, send the rest as they are, and
      // start the next batch with it, so that no request is ever larger than Iterable takes.
      builder.items.splice(at, 1);
      builder.json.splice(at, 1);
      builder.bytes -= oldSize + (builder.items.length > 0 ? 1 : 0);
      positions.delete(profile.userId);
      for (const [userId, position] of positions) if (position > at) positions.set(userId, position - 1);
      if (!builder.isEmpty) cut();
      if (builder.tooLargeAlone(size)) {
        failEntry(merged, tooLarge(profile, size));
        return;
      }
      positions.set(profile.userId, 0);
      builder.push(merged, json, size);
      return;
    }
    writer.write(profile);
    if (builder.tooLargeAlone(writer.bytes)) {
      // No request could carry it: report it, as an invalid profile, instead of sending it.
      tally.fail({ ...tooLarge(profile, writer.bytes), userId: profile.userId, index });
      return;
    }
    if (!builder.fits(writer.bytes)) cut();
    positions.set(profile.userId, builder.items.length);
    builder.push({ user, index, merged: undefined }, writer.json, writer.bytes);
    if (builder.isFull) cut();
  }

  /** The failure of a profile too large for any request, naming its largest field. */
  function tooLarge(profile: NormalizedSubsetsProfile, bytes: number): Omit<SyncFailure, 'index' | 'userId'> {
    let field = 'userId';
    let largest = -1;
    for (const [key, value] of Object.entries(profile)) {
      const size = typeof value === 'string' ? Buffer.byteLength(value) : 0;
      if (size > largest) [field, largest] = [key, size];
    }
    return {
      reason: 'validation',
      message:
        `${field} is too long: the profile takes ${bytes.toLocaleString('en-US')} bytes as JSON, more than ` +
        `one bulkUpdate request may carry (${limits.maxBytes.toLocaleString('en-US')} bytes)`,
      retryable: false,
      field,
    };
  }

  async function* batches(): AsyncGenerator<Batch, void, undefined> {
    let index = -1;
    // Let timers and sockets run between slices of the source, so that building a batch never
    // delays a request the rate limiter has just let go.
    const next = () => {
      index += 1;
      tally.total += 1;
      return (index & YIELD_EVERY) === YIELD_EVERY ? yieldToEventLoop() : undefined;
    };
    if (Symbol.asyncIterator in source) {
      for await (const raw of source) {
        const pause = next();
        if (pause !== undefined) await pause;
        add(raw, index);
        while (ready.length > 0) yield ready.shift() as Batch;
      }
    } else {
      // A plain loop: `for await` would cost a promise and a microtask turn per profile. Like
      // `for await`, it still waits for a profile given as a promise.
      for (const item of source) {
        const raw = isPromiseLike(item) ? await item : item;
        const pause = next();
        if (pause !== undefined) await pause;
        add(raw, index);
        while (ready.length > 0) yield ready.shift() as Batch;
      }
    }
    if (!builder.isEmpty) yield take(builder);
  }

  function take(builder: BatchBuilder<Entry>): Batch {
    const { items, json } = builder.take();
    tally.batches += 1;
    // Joined at once, while the users' JSON is fresh: the batch then waits for its turn holding one
    // flat string rather than a thousand small ones that each garbage collection has to move.
    return { entries: items, body: dryRun ? undefined : bulkBody(json, createNewFields) };
  }

  /** Leaves out fields known to be mistyped; returns the entries to send and the body that sends them. */
  function withoutDropped(batch: Batch, lost: Map<Entry, string>): { send: Entry[]; body: string } {
    if (dropped.size === 0 && batch.body !== undefined) return { send: batch.entries, body: batch.body };
    const send: Entry[] = [];
    const json: string[] = [];
    for (const entry of batch.entries) {
      const fields = entry.user.dataFields;
      const hit = Object.keys(fields).filter((name) => dropped.has(name));
      if (hit.length === 0) {
        send.push(entry);
        json.push(JSON.stringify(entry.user));
        continue;
      }
      if (!lost.has(entry)) lost.set(entry, hit[0] as string);
      const kept = Object.fromEntries(Object.entries(fields).filter(([name]) => !dropped.has(name)));
      if (Object.keys(kept).length === 0) continue;
      const user = { ...entry.user, dataFields: kept };
      send.push({ ...entry, user });
      json.push(JSON.stringify(user));
    }
    return { send, body: bulkBody(json, createNewFields) };
  }

  async function post(body: string): Promise<BulkUpdateResult> {
    let retries = 0;
    try {
      return await transport.call(
        {
          method: 'POST',
          path: 'api/users/bulkUpdate',
          body,
          schema: BulkUpdateResultSchema,
        },
        {
          signal,
          rateLimiter,
          onRetry: (error) => {
            retries += 1;
            if (error instanceof IterableRateLimitError) tally.rateLimited += 1;
          },
        },
      );
    } catch (error) {
      if (error instanceof IterableRateLimitError) tally.rateLimited += 1;
      throw error;
    } finally {
      tally.requests += 1 + retries;
      tally.retries += retries;
    }
  }

  /** Records the fields a type-mismatch error names; returns those not known before. */
  function noteMismatch(error: IterableTypeMismatchError): string[] {
    const found: string[] = [];
    for (const { field, expectedType } of error.fields) {
      if (dropped.has(field)) continue;
      dropped.set(field, expectedType ?? 'another type');
      found.push(field);
      logger.error(
        `Iterable holds ${field} as ${expectedType ?? 'another type'}, not string: every write of it fails, ` +
          'so it is left out of the rest of this sync. Run ensureFields to see the conflict and what to do.',
      );
    }
    return found;
  }

  // The one read of the project's fields, shared by every batch that needs it.
  let addedAtChecked: Promise<void> | undefined;
  const checkAddedAtField = (): Promise<void> => {
    addedAtChecked ??= transport
      .call(
        { method: 'GET', path: 'api/users/getFields', schema: GetFieldsResponseSchema },
        { signal, rateLimiter: client.fieldsRateLimiter },
      )
      .then(({ fields }) => {
        if (!(ADDED_AT in fields)) throw new FieldSetupRequiredError([ADDED_AT]);
      });
    return addedAtChecked;
  };

  async function sendBatch(batch: Batch): Promise<void> {
    // Scan the batch only until the one read of the fields has been asked for.
    if (
      verifyFields &&
      (addedAtChecked !== undefined || batch.entries.some((e) => ADDED_AT in e.user.dataFields))
    ) {
      await checkAddedAtField();
    }
    const lost = new Map<Entry, string>();
    let { send, body } = withoutDropped(batch, lost);
    let result: BulkUpdateResult | undefined;
    for (let attempt = 0; attempt < 2 && send.length > 0; attempt += 1) {
      try {
        result = await post(body);
        break;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof IterableAuthError) {
          halt(error);
          return;
        }
        const isMismatch = error instanceof IterableTypeMismatchError;
        if (isMismatch && attempt === 0 && noteMismatch(error).length > 0) {
          ({ send, body } = withoutDropped(batch, lost));
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        for (const entry of batch.entries) {
          const field = lost.get(entry);
          if (isMismatch || field !== undefined) {
            failEntry(entry, {
              reason: 'type-mismatch',
              message: `Iterable holds ${field ?? 'a Subsets field'} with another type than string: ${message}`,
              retryable: false,
              ...(field === undefined ? {} : { field }),
            });
          } else {
            failEntry(entry, { reason: 'request-failed', message, retryable: isRetryable(error) });
          }
        }
        return;
      }
    }
    const byUserId = result ? rejectedUsers(result) : new Map();
    for (const name of result?.createdFields ?? []) tally.createdFields.add(name);
    for (const name of result?.filteredOutFields ?? []) {
      if (tally.filteredOutFields.has(name)) continue;
      tally.filteredOutFields.add(name);
      logger.warn(
        `Iterable dropped field ${name}: the project does not accept new fields and createNewFields was false. ` +
          'Run ensureFields, or sync with createNewFields: true.',
      );
    }
    const sent = new Set(send.map((entry) => entry.index));
    for (const entry of batch.entries) {
      const rejection = byUserId.get(entry.user.userId as string);
      const field = lost.get(entry);
      if (rejection && sent.has(entry.index)) failEntry(entry, { ...rejection, retryable: false });
      else if (field !== undefined) {
        failEntry(entry, {
          reason: 'type-mismatch',
          message: `Iterable holds ${field} as ${dropped.get(field)}, not string; the user's other fields were updated`,
          retryable: false,
          field,
        });
      } else succeedEntry(entry);
    }
    if (result && result.failCount !== undefined && result.failCount > byUserId.size) {
      logger.warn(
        `bulkUpdate reported ${result.failCount} failed users but listed ${byUserId.size}; ` +
          'users not listed are counted as updated.',
      );
    }
  }

  const concurrency = Math.max(1, limiter.concurrency);
  const inFlight = new Set<Promise<void>>();
  const run = (batch: Batch) => {
    const work = dryRun
      ? Promise.resolve().then(() => batch.entries.forEach(succeedEntry))
      : limiter(() => sendBatch(batch));
    const job = work
      .then(() => {
        if (signal.aborted) return;
        tally.answered += 1;
        return reportProgress();
      })
      .catch((error: unknown) => {
        // After the caller's abort, failures are the abort itself: the report says what happened.
        if (!userSignal?.aborted) halt(error);
      })
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  };

  const iterator = batches();
  try {
    while (!signal.aborted) {
      while (inFlight.size >= concurrency && !signal.aborted) {
        await untilAborted(Promise.race(inFlight), signal);
      }
      if (signal.aborted) break;
      const next = await untilAborted(iterator.next(), signal);
      if (next === ABORTED || next.done) break;
      run(next.value);
    }
  } catch (error) {
    halt(error);
  } finally {
    if (signal.aborted) void iterator.return(undefined).catch(() => undefined);
  }
  await Promise.all(inFlight);
  await progressChain.catch(halt);

  if (fatal) throw fatal.error;
  const report = tally.report(dryRun);
  if (userSignal?.aborted) throw new SyncAbortedError(report, userSignal.reason);
  return report;
}
