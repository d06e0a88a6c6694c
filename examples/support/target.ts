/**
 * Where the examples send their requests.
 *
 * - By default: a local Iterable stand-in from `@subsets/iterable/testing`, started on a free
 *   loopback port and stopped by `close()`. Nothing leaves the machine.
 * - With `ITERABLE_API_KEY` set: the real Iterable API of that key's project. `ITERABLE_REGION=eu`
 *   selects the EU data center; `ITERABLE_BASE_URL` another host.
 *
 * Against a real project the examples write only to users whose id starts with `subsets-example-`,
 * plus the setup and test users of the field-setup example.
 */
import { type IterableClientOptions, REGION_BASE_URLS, type Region, SUBSETS_FIELDS } from '@subsets/iterable';
import {
  type FakeIterable,
  type FakeIterableServerOptions,
  type IterableFieldType,
  startFakeIterable,
} from '@subsets/iterable/testing';

/** Where an example runs. */
export interface Target {
  /** What to pass to `new IterableClient(...)`. */
  readonly clientOptions: IterableClientOptions;
  /** The stand-in, to look at its users, fields and requests; `undefined` against the real API. */
  readonly standIn: FakeIterable | undefined;
  /** Where the requests go, for the example's output. */
  readonly description: string;
  /** Stops the stand-in; nothing to do against the real API. */
  close(): Promise<void>;
}

/**
 * The five Subsets fields typed `string`, as `ensureFields` leaves a project: pass it as the
 * stand-in's `fields` to start from a project that is already set up.
 */
export const SUBSETS_FIELDS_READY: Readonly<Record<string, IterableFieldType>> = Object.fromEntries(
  SUBSETS_FIELDS.map((field) => [field.name, field.type]),
);

/**
 * Opens the target: the real API when `ITERABLE_API_KEY` is set, else a stand-in started with
 * `standIn` (ignored against the real API).
 */
export async function openTarget(standIn: FakeIterableServerOptions = {}): Promise<Target> {
  const apiKey = process.env.ITERABLE_API_KEY;
  if (apiKey !== undefined && apiKey !== '') {
    const region: Region = process.env.ITERABLE_REGION === 'eu' ? 'eu' : 'us';
    const baseUrl = process.env.ITERABLE_BASE_URL || undefined;
    return {
      clientOptions: baseUrl === undefined ? { apiKey, region } : { apiKey, region, baseUrl },
      standIn: undefined,
      description: `Iterable at ${baseUrl ?? REGION_BASE_URLS[region]}`,
      close: async () => {},
    };
  }
  const fake = await startFakeIterable(standIn);
  return {
    clientOptions: { apiKey: fake.apiKey, baseUrl: fake.url },
    standIn: fake,
    description: `a local Iterable stand-in at ${fake.url}`,
    close: () => fake.close(),
  };
}
