import type { ClientInternals, IterableClient } from '../client/client.js';

/** Options of `client.checkIntegration`. */
export interface CheckIntegrationOptions {
  /** A test user the check may write to and read back. */
  readonly testUserId: string;
}

/** The result of `checkIntegration`. */
export interface IntegrationReport {
  readonly ok: boolean;
}

/** Not yet implemented. */
export async function checkIntegration(
  _client: IterableClient,
  _internals: ClientInternals,
  _options: CheckIntegrationOptions,
): Promise<IntegrationReport> {
  throw new Error('not implemented');
}
