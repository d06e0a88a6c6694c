// The stand-in in a process of its own, so that the CPU it spends answering is never charged to the
// client being measured. Started by stand-in.ts with its options as JSON in argv[2] (passed through
// as given: no recording unless asked). Prints `{ url, apiKey }` as one JSON line, then answers each
// line on stdin with one JSON line: `stats` (users stored, requests recorded, CPU time used so far),
// `requests` (what was recorded, without bodies), `close` (stops the server and exits).
import { createInterface } from 'node:readline';
import { loadTesting } from './paths.js';

const { startFakeIterable } = await loadTesting();
const iterable = await startFakeIterable(JSON.parse(process.argv[2] ?? '{}'));
const send = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
send({ url: iterable.url, apiKey: iterable.apiKey });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stats') {
    const cpu = process.cpuUsage();
    send({
      users: iterable.users.size,
      requests: iterable.requests.length,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  } else if (line === 'requests') {
    send(iterable.requests.map(({ endpoint, status, receivedAt }) => ({ endpoint, status, receivedAt })));
  } else if (line === 'close') {
    break;
  }
}
await iterable.close();
