// Runs the stand-in in a process of its own, so that the arrival times it records are not delayed
// by the client's work in the test process. Prints `{ url, apiKey }` as one JSON line; answers the
// line `requests` on stdin with one JSON line of what it received, and exits on `close`.
import { createInterface } from 'node:readline';
import { startFakeIterable } from '../../src/testing/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const iterable = await startFakeIterable({ ...options, recordRequests: 'metadata' });
process.stdout.write(`${JSON.stringify({ url: iterable.url, apiKey: iterable.apiKey })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'requests') {
    const requests = iterable.requests.map(({ endpoint, status, receivedAt }) => ({
      endpoint,
      status,
      receivedAt,
    }));
    process.stdout.write(`${JSON.stringify({ requests, users: iterable.users.size })}\n`);
  } else if (line === 'close') {
    break;
  }
}
await iterable.close();
