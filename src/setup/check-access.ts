import type { ClientInternals, IterableClient } from '../client/client.js';
import { ENDPOINTS } from '../client/endpoints.js';
import { REGION_BASE_URLS, type Region } from '../client/options.js';
import { type IterableApiError, statusText } from '../errors/api-error.js';
import { IterableAuthError } from '../errors/auth-error.js';
import { messageOf } from '../errors/message-of.js';
import { failed, type IntegrationStep, passed, skipped } from './integration-step.js';

/** An API host and, when it is one of Iterable's, its region. */
export interface Host {
  readonly baseUrl: string;
  readonly region: Region | 'custom';
}

/** The `api-key` and `region` steps, and the project's fields when the key was accepted. */
export interface AccessResult {
  readonly fields: Record<string, string> | undefined;
  readonly steps: readonly [key: IntegrationStep, region: IntegrationStep];
}

function describe(host: Host): string {
  return host.region === 'custom'
    ? host.baseUrl
    : `Iterable's ${host.region.toUpperCase()} data center (${host.baseUrl})`;
}

function isRejection(error: unknown): error is IterableApiError {
  return error instanceof IterableAuthError;
}

function statusOf(error: IterableApiError): string {
  return statusText(error.status, error.code);
}

/** The data center to try when this client's host rejects the key: the other region, or `otherBaseUrl`. */
export function otherHost(client: Host, otherBaseUrl: Host | undefined): Host | undefined {
  const opposite: Region | undefined =
    client.region === 'us' ? 'eu' : client.region === 'eu' ? 'us' : undefined;
  if (otherBaseUrl === undefined) {
    return opposite === undefined ? undefined : { baseUrl: REGION_BASE_URLS[opposite], region: opposite };
  }
  return otherBaseUrl.region === 'custom' && opposite !== undefined
    ? { baseUrl: otherBaseUrl.baseUrl, region: opposite }
    : otherBaseUrl;
}

/**
 * Runs the `api-key` and `region` steps: reads `getFields` on the client's host; when the key is
 * rejected there, asks the other data center whether it accepts the key, to tell a wrong key from
 * a wrong region. Never throws for an answer from Iterable; rejects only when `signal` aborts.
 */
export async function checkAccess(
  client: IterableClient,
  internals: ClientInternals,
  other: Host | undefined,
  signal: AbortSignal | undefined,
): Promise<AccessResult> {
  const here: Host = internals.options;
  const hereText = describe(here);
  try {
    const fields = await client.getFields({ signal });
    const regionMessage =
      here.region === 'custom'
        ? `The key works at ${here.baseUrl} (a custom baseUrl, so there is no data center to compare).`
        : `The key belongs to ${hereText}, the one this client uses.`;
    return {
      fields,
      steps: [
        passed(
          'api-key',
          `Iterable accepted the API key at ${hereText}; the project has ${Object.keys(fields).length} user fields.`,
        ),
        passed('region', regionMessage),
      ],
    };
  } catch (error) {
    // An abort rejects; any other error is reported as a failed step.
    signal?.throwIfAborted();
    if (!isRejection(error)) {
      return {
        fields: undefined,
        steps: [
          failed('api-key', `Could not check the API key: ${messageOf(error)}`),
          skipped('region', 'Skipped: Iterable did not answer, so the data center could not be checked.'),
        ],
      };
    }
    return { fields: undefined, steps: await diagnoseRejection(internals, hereText, other, error, signal) };
  }
}

/** The steps after the client's host rejected the key; `hereText` describes that host. */
async function diagnoseRejection(
  internals: ClientInternals,
  hereText: string,
  other: Host | undefined,
  rejection: IterableApiError,
  signal: AbortSignal | undefined,
): Promise<[IntegrationStep, IntegrationStep]> {
  const rejectedHere = `Iterable rejected the API key at ${hereText} (${statusOf(rejection)})`;
  const rejected = `${rejectedHere}. Check ITERABLE_API_KEY: it must be a server-side key of this project.`;
  if (other === undefined) {
    return [
      failed('api-key', rejected),
      skipped(
        'region',
        'Skipped: the client uses a custom baseUrl, so there is no other data center to try (pass otherRegionBaseUrl to name one).',
      ),
    ];
  }
  const there = describe(other);
  try {
    await internals.transport
      .forBaseUrl(other.baseUrl, other.region)
      .request(ENDPOINTS.getFields, { signal });
  } catch (error) {
    // An abort rejects; any other error is reported as a failed step.
    signal?.throwIfAborted();
    if (isRejection(error)) {
      return [
        failed(
          'api-key',
          `${rejectedHere} and at ${there} ` +
            `(${statusOf(error)}). The key is wrong, revoked, or not a server-side key: create a server-side key ` +
            "in the project's API keys settings and set ITERABLE_API_KEY to it.",
        ),
        skipped('region', 'Skipped: no data center accepted the key, so it tells nothing about the region.'),
      ];
    }
    return [
      failed('api-key', rejected),
      skipped('region', `Skipped: could not ask ${there} whether the key belongs there: ${messageOf(error)}`),
    ];
  }
  const fix =
    other.region === 'custom'
      ? `Set baseUrl to ${other.baseUrl}.`
      : `Use region '${other.region}' (--region ${other.region} on the command line).`;
  return [
    passed('api-key', `The API key is valid: ${there} accepted it.`),
    failed(
      'region',
      `Wrong region: the key belongs to ${there}, but this client talks to ${hereText}. ${fix}`,
    ),
  ];
}
