/**
 * A stand-in in a process of its own, for the fleet limit test: four stand-ins in the test's one
 * event loop, each parsing 1,000-user bodies, would stamp arrivals late and bunched whenever that
 * loop falls behind. Run as `node --import tsx stand-in-process.ts '<options JSON>'`; prints
 * `{ url, apiKey }`, then answers `snapshot` on stdin with `{ requests, users }` (arrival, status
 * and endpoint of each request; each user's dataFields) and exits on `close`.
 */
import { createInterface } from 'node:readline';
import { startFakeIterable } from '../../../src/testing/index.js';

const iterable = await startFakeIterable(JSON.parse(process.argv[2] ?? '{}'));
const send = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
send({ url: iterable.url, apiKey: iterable.apiKey });
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'snapshot') {
    send({
      requests: iterable.requests.map(({ endpoint, status, receivedAt }) => ({
        endpoint,
        status,
        receivedAt,
      })),
      users: [...iterable.users].map(([userId, user]) => [userId, user.dataFields]),
    });
  } else if (line === 'close') break;
}
await iterable.close();
