/**
 * SDK messages in the CLI's words: a message meant for code that calls the SDK goes in, the same
 * message naming the CLI's flags and commands comes out.
 */

/** SDK phrases and what a CLI user types instead. */
const REWRITES: readonly (readonly [RegExp, string])[] = [
  [
    /Run client\.ensureFields\(\{ setupUserId \}\) or `subsets-iterable fields --ensure --setup-user-id ID`/g,
    'Run `subsets-iterable fields --ensure --setup-user-id ID`',
  ],
  [/client\.ensureFields\(\{ setupUserId \}\)/g, '`subsets-iterable fields --ensure --setup-user-id ID`'],
  [
    /the client uses a custom baseUrl, so there is no other data center to try \(pass otherRegionBaseUrl to name one\)/g,
    '--base-url names a custom host, so there is no other data center to try',
  ],
  [/\bsetupUserId\b/g, '--setup-user-id'],
  [/\btestUserId\b/g, '--test-user-id'],
  [/\bbaseUrl\b/g, '--base-url'],
];

/** `message` with the SDK's option and method names replaced by the CLI's flags and commands. */
export function cliWords(message: string): string {
  let result = message;
  for (const [pattern, replacement] of REWRITES) result = result.replace(pattern, replacement);
  return result;
}
