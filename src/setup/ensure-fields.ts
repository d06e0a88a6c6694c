import type { IterableClient } from '../client/client.js';

/** Options of `client.ensureFields`. */
export interface EnsureFieldsOptions {
  /** The user that receives the string placeholders which create missing fields. */
  readonly setupUserId: string;
  /** Report what would be done; write nothing. @default false */
  readonly dryRun?: boolean;
  /** The project's field limit. @default 1000 */
  readonly fieldLimit?: number;
  /** Aborts the setup. */
  readonly signal?: AbortSignal;
}

/** What `ensureFields` found and did. */
export interface EnsureFieldsReport {
  readonly fields: readonly unknown[];
}

/** Not yet implemented. */
export async function ensureFields(_client: IterableClient, _options: EnsureFieldsOptions): Promise<EnsureFieldsReport> {
  throw new Error('not implemented');
}
