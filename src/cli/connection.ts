import { type Command, Option } from 'commander';
import { IterableClient, type RateLimiter, REGION_BASE_URLS, type Region } from '../index.js';
import { CliError } from './cli-error.js';
import { cliWords } from './cli-words.js';
import type { Output } from './output.js';
import { RetryNotices } from './retry-notices.js';

/** The options every command that talks to Iterable takes. */
export interface ConnectionFlags {
  /** `--region`: the project's data center. */
  readonly region?: Region;
  /** `--base-url` (or `ITERABLE_BASE_URL`): another API host, for example a local stand-in. */
  readonly baseUrl?: string;
}

/** The environment variable the API key is read from; the CLI never takes the key as a flag. */
export const API_KEY_VARIABLE = 'ITERABLE_API_KEY';

/** Adds `--region us|eu` and `--base-url URL` (also `ITERABLE_BASE_URL`) to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--region <region>', "the project's Iterable data center (default: us)").choices([
        'us',
        'eu',
      ]),
    )
    .addOption(
      new Option(
        '--base-url <url>',
        'another API host, e.g. a local stand-in (https, or http on loopback)',
      ).env('ITERABLE_BASE_URL'),
    );
}

/** The API key from `ITERABLE_API_KEY`, or `undefined` when it is missing or blank. */
export function readApiKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[API_KEY_VARIABLE]?.trim();
  return key ? key : undefined;
}

/** The one-line error for a missing API key. */
export function missingApiKey(): CliError {
  return new CliError(
    `${API_KEY_VARIABLE} is not set: export the Iterable project's server-side API key ` +
      `(e.g. ${API_KEY_VARIABLE}=... subsets-iterable ...); it is never taken as a flag`,
  );
}

/** What {@link createClient} needs besides the flags. */
export interface ClientSettings {
  /** The API key. */
  readonly apiKey: string;
  /** Where the SDK logs, and where retries and warnings are shown. */
  readonly output: Output;
  /** The environment, to name `ITERABLE_BASE_URL` in a warning when it is where the host came from. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Requests in flight at once. */
  readonly concurrency?: number | undefined;
  /** bulkUpdate requests per second. */
  readonly rateLimit?: number | RateLimiter | false | undefined;
  /** Counts the bulkUpdate requests that really went out (the sync's own count includes requests stopped before sending). */
  readonly sent?: SentRequests | undefined;
}

/** The bulkUpdate requests a client sent, retries included, counted as each one goes out. */
export class SentRequests {
  /** Requests sent so far. */
  count = 0;

  /** Counts a request when its path is bulkUpdate's. */
  readonly note = (path: string): void => {
    if (path.endsWith('/users/bulkUpdate')) this.count += 1;
  };
}

/**
 * A client for the flags' host. An empty `ITERABLE_BASE_URL` counts as unset.
 * @throws CliError (exit 2) when an option is wrong (for example a `--base-url` that is not https).
 */
export function createClient(flags: ConnectionFlags, settings: ClientSettings): IterableClient {
  const baseUrl = flags.baseUrl?.trim() ? flags.baseUrl.trim() : undefined;
  const notices = new RetryNotices(settings.output);
  let client: IterableClient;
  try {
    client = new IterableClient({
      apiKey: settings.apiKey,
      region: flags.region,
      baseUrl,
      logger: notices.logger(),
      fetch: notices.fetch(globalThis.fetch, settings.sent?.note),
      concurrency: settings.concurrency,
      rateLimit: settings.rateLimit,
    });
  } catch (error) {
    throw new CliError(cliWords((error as Error).message), undefined, { cause: error });
  }
  const mismatch = regionMismatch(flags, client.baseUrl, settings.env);
  if (mismatch !== undefined) settings.output.warn(mismatch);
  return client;
}

/**
 * The warning when `--region` and the host (`--base-url` or `ITERABLE_BASE_URL`) disagree: the host
 * wins, so the region given is not the one used.
 */
export function regionMismatch(
  flags: ConnectionFlags,
  baseUrl: string,
  env: NodeJS.ProcessEnv = {},
): string | undefined {
  if (flags.region === undefined || flags.baseUrl === undefined || flags.baseUrl.trim() === '')
    return undefined;
  if (REGION_BASE_URLS[flags.region] === baseUrl) return undefined;
  const source = env.ITERABLE_BASE_URL?.trim() === flags.baseUrl.trim() ? 'ITERABLE_BASE_URL' : '--base-url';
  return (
    `--region ${flags.region} and ${source} (${baseUrl}) disagree: requests go to ${baseUrl}. ` +
    `Unset ${source} to use the ${flags.region} data center, or leave out --region.`
  );
}
