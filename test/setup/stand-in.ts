import { afterEach } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import {
  type FakeIterable,
  type FakeIterableServerOptions,
  startFakeIterable,
} from '../../src/testing/index.js';

/** One write the stand-in received, with its parsed body. */
export interface ReceivedWrite {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

const running: FakeIterable[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((iterable) => iterable.close()));
});

/** Starts a stand-in that is closed after the test. */
export async function standIn(options: FakeIterableServerOptions = {}): Promise<FakeIterable> {
  const iterable = await startFakeIterable(options);
  running.push(iterable);
  return iterable;
}

/** A client of the stand-in, with its key unless another is given. */
export function clientOf(
  iterable: FakeIterable,
  options: { apiKey?: string; region?: 'us' | 'eu' } = {},
): IterableClient {
  return new IterableClient({ apiKey: iterable.apiKey, baseUrl: iterable.url, ...options });
}

/** Every request the stand-in received, as `METHOD /path`. */
export function received(iterable: FakeIterable): string[] {
  return iterable.requests.map((request) => `${request.method} ${request.path}`);
}

/** Every POST the stand-in received (updates and bulk updates), with its body. */
export function writesTo(iterable: FakeIterable): ReceivedWrite[] {
  return iterable.requests
    .filter((request) => request.method === 'POST')
    .map((request) => ({ path: request.path, body: request.body as Record<string, unknown> }));
}

/** The stand-in's user fields, name → type. */
export function fieldTypes(iterable: FakeIterable): Record<string, string> {
  return Object.fromEntries(iterable.fields);
}

/** Ids of the users the stand-in holds. */
export function userIds(iterable: FakeIterable): string[] {
  return [...iterable.users.keys()];
}
