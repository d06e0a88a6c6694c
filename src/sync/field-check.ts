/**
 * The one read of the project's fields before the first write of `subsetsExperimentAddedAt`: a
 * batch in, whether it may carry that field out.
 */

import { ENDPOINTS } from '../client/endpoints.js';
import type { Transport } from '../client/transport.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { FieldSetupRequiredError } from '../errors/field-setup-required-error.js';
import type { BatchEntry } from './batcher.js';

/** The field whose first write would create it typed `date`. */
export const ADDED_AT = 'subsetsExperimentAddedAt';

/** What a batch learns from the check. */
export type FieldCheckResult =
  /** The batch may be sent as it is. */
  | { readonly ok: true }
  /**
   * The check could not be made (the read failed after its retries): users carrying the field must
   * not be sent, since the field may not exist; the others may.
   */
  | { readonly ok: false; readonly error: unknown };

const OK: FieldCheckResult = { ok: true };

/**
 * Makes the check at most once per sync, shared by every batch that needs it. A failed read is not
 * repeated: every later batch carrying the field learns the same failure.
 */
export class FieldCheck {
  readonly #transport: Transport;
  #result: Promise<FieldCheckResult> | undefined;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Whether `entries` may be sent as they are.
   * @throws FieldSetupRequiredError when the field does not exist; the error of a rejected key;
   *   the abort reason.
   */
  async before(entries: readonly BatchEntry[], signal: AbortSignal): Promise<FieldCheckResult> {
    // Scan the batch only until the read has been asked for.
    if (this.#result === undefined && !entries.some((entry) => entry.profile.addedAt !== undefined))
      return OK;
    this.#result ??= this.#read(signal);
    return this.#result;
  }

  async #read(signal: AbortSignal): Promise<FieldCheckResult> {
    let fields: Record<string, string>;
    try {
      ({ fields } = await this.#transport.request(ENDPOINTS.getFields, { signal }));
    } catch (error) {
      if (signal.aborted || error instanceof IterableAuthError) throw error;
      return { ok: false, error };
    }
    if (!(ADDED_AT in fields)) throw new FieldSetupRequiredError([ADDED_AT]);
    return OK;
  }
}
