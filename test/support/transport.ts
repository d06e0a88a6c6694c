/**
 * Which HTTP path the client and reliability suites exercise. The `unit` project leaves `fetch`
 * out, so that on Node.js the client sends over its built-in `node:http` transport (the default);
 * the `unit-fetch` project sets `SUBSETS_TEST_TRANSPORT=fetch`, and then every client these suites
 * build is given a `fetch` (the global one, looked up at each call so that msw's patch applies).
 */
export const TEST_TRANSPORT: 'fetch' | 'node' =
  process.env.SUBSETS_TEST_TRANSPORT === 'fetch' ? 'fetch' : 'node';

/** The client options that select {@link TEST_TRANSPORT}: spread them into every client a suite builds. */
export function transportOptions(): { fetch?: typeof fetch } {
  return TEST_TRANSPORT === 'fetch' ? { fetch: (input, init) => globalThis.fetch(input, init) } : {};
}
