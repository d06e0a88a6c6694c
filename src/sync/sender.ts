/**
 * Sending stage: one batch in, its {@link BatchOutcome} out. Owns what the sync learns while
 * sending: the fields the project holds with another type (left out of every request once found)
 * and the one field check; writes nothing but the outcome.
 */

import type { ClientInternals } from '../client/client.js';
import { ENDPOINTS } from '../client/endpoints.js';
import { log } from '../client/log.js';
import type { BulkUpdateResult } from '../client/types.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { IterableRateLimitError } from '../errors/rate-limit-error.js';
import { IterableTypeMismatchError } from '../errors/type-mismatch-error.js';
import { isRetryable } from '../policies/retry.js';
import type { Batch } from './batcher.js';
import { ADDED_AT, FieldCheck, type FieldCheckResult } from './field-check.js';
import { mapAnswer, mapFailure, rejectedUsers } from './map-result.js';
import { type BatchOutcome, emptyOutcome } from './outcome.js';
import { type BodyFlags, planRequest, type RequestPlan } from './request-plan.js';

/** Sends batches for one sync; see the file's opening sentence. */
export class Sender {
  readonly #internals: ClientInternals;
  readonly #flags: BodyFlags;
  readonly #fieldCheck: FieldCheck | undefined;
  /** Fields the project holds with another type, with that type. */
  readonly #dropped = new Map<string, string>();
  /** Dropped fields already warned about. */
  readonly #warned = new Set<string>();

  constructor(internals: ClientInternals, options: BodyFlags & { readonly verifyFields: boolean }) {
    this.#internals = internals;
    this.#flags = options;
    this.#fieldCheck = options.verifyFields ? new FieldCheck(internals.transport) : undefined;
  }

  /** Sends one batch (at most twice, after a type mismatch) and tells what became of each user. */
  async send(batch: Batch, signal: AbortSignal): Promise<BatchOutcome> {
    const outcome = emptyOutcome();
    try {
      const check: FieldCheckResult = (await this.#fieldCheck?.before(batch.entries, signal)) ?? { ok: true };
      let plan = this.#plan(batch, check);
      for (let attempt = 0; ; attempt += 1) {
        if (plan.sentCount === 0) return mapAnswer(outcome, batch, plan, new Map(), this.#dropped);
        try {
          const result = await this.#post(plan.body, outcome, signal);
          const rejected = rejectedUsers(result);
          this.#noteAnswer(result, rejected.size, outcome);
          return mapAnswer(outcome, batch, plan, rejected, this.#dropped);
        } catch (error) {
          if (signal.aborted || error instanceof IterableAuthError) throw error;
          if (error instanceof IterableTypeMismatchError && attempt === 0) {
            this.#noteMismatch(error);
            // Resent once without the fields now known to be mistyped, whichever batch found them
            // first: a request built before they were found still carries them.
            const next = this.#plan(batch, check);
            if (next.leftOut > plan.leftOut) {
              plan = next;
              continue;
            }
          }
          return mapFailure(outcome, batch, plan, error, isRetryable(error));
        }
      }
    } catch (error) {
      outcome.stop = { error };
      return outcome;
    }
  }

  #plan(batch: Batch, check: FieldCheckResult): RequestPlan {
    const hold = check.ok ? undefined : { field: ADDED_AT, error: check.error };
    return planRequest(batch, this.#dropped, hold, this.#flags);
  }

  async #post(
    body: Uint8Array<ArrayBuffer>,
    outcome: BatchOutcome,
    signal: AbortSignal,
  ): Promise<BulkUpdateResult> {
    try {
      return await this.#internals.transport.request(ENDPOINTS.bulkUpdate, {
        body,
        signal,
        // Only attempts that went out count: one stopped while it waited for its turn was never sent.
        onSend: () => {
          outcome.requests += 1;
        },
        onRetry: (error) => {
          outcome.retries += 1;
          if (error instanceof IterableRateLimitError) outcome.rateLimited += 1;
        },
      });
    } catch (error) {
      if (error instanceof IterableRateLimitError) outcome.rateLimited += 1;
      throw error;
    }
  }

  /** Records the fields a type-mismatch answer names, logging each once. */
  #noteMismatch(error: IterableTypeMismatchError): void {
    for (const { field, expectedType } of error.fields) {
      if (this.#dropped.has(field)) continue;
      const type = expectedType ?? 'another type';
      this.#dropped.set(field, type);
      log(
        this.#internals.options.logger,
        'error',
        `Iterable holds ${field} as ${type}, not string: every write of it fails, ` +
          'so it is left out of the rest of this sync. Run ensureFields to see the conflict and what to do.',
        { event: 'field-type-conflict', field, expectedType },
      );
    }
  }

  /** Copies created and dropped fields into the outcome; warns once per dropped field. */
  #noteAnswer(result: BulkUpdateResult, listed: number, outcome: BatchOutcome): void {
    const { logger } = this.#internals.options;
    if (result.failCount !== undefined && result.failCount > listed) {
      log(
        logger,
        'warn',
        `bulkUpdate reported ${result.failCount} failed users but listed ${listed}; ` +
          'users not listed are counted as updated.',
        { event: 'fail-count-mismatch', failCount: result.failCount, listed },
      );
    }
    outcome.createdFields = result.createdFields ?? [];
    outcome.filteredOutFields = result.filteredOutFields ?? [];
    for (const name of outcome.filteredOutFields) {
      if (this.#warned.has(name)) continue;
      this.#warned.add(name);
      log(
        logger,
        'warn',
        `Iterable dropped field ${name}: the project does not accept new fields and createNewFields was false. ` +
          'Run ensureFields, or sync with createNewFields: true.',
        { event: 'field-dropped', field: name },
      );
    }
  }
}
