import type { ConnectionSources, IterableClientOptions } from './options.js';

/** The variable that names another API host, as the CLI and the stand-in's instructions use it. */
export const BASE_URL_VARIABLE = 'ITERABLE_BASE_URL';
/** The variable that names the project's data center, `us` or `eu`. */
export const REGION_VARIABLE = 'ITERABLE_REGION';

/** A variable's value without surrounding space, or `undefined` when it is unset or blank. */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Takes the `region` and `baseUrl` options and the environment, and gives the values the client
 * uses with the name each came from: an option given wins, then `ITERABLE_BASE_URL`, then
 * `ITERABLE_REGION`. A host from `ITERABLE_BASE_URL` is used even when `region` is given, so that
 * code written for a region can be pointed at a stand-in without a change.
 */
export function connectionOptions(
  options: Pick<IterableClientOptions, 'region' | 'baseUrl'>,
  env: NodeJS.ProcessEnv,
): { values: Pick<IterableClientOptions, 'region' | 'baseUrl'>; sources: ConnectionSources } {
  const envBaseUrl = options.baseUrl === undefined ? variable(env, BASE_URL_VARIABLE) : undefined;
  const envRegion = options.region === undefined ? variable(env, REGION_VARIABLE) : undefined;
  return {
    values: {
      region: options.region ?? (envRegion as IterableClientOptions['region']),
      baseUrl: options.baseUrl ?? envBaseUrl,
    },
    sources: {
      region: envRegion === undefined ? 'region' : REGION_VARIABLE,
      baseUrl: envBaseUrl === undefined ? 'baseUrl' : BASE_URL_VARIABLE,
    },
  };
}
