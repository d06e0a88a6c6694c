// Worker: the raw cost of each way Node.js can send the SDK's requests, side by side in one
// process against one stand-in in another: `fetch`, `node:http` with a keep-alive `Agent`, and
// undici's `Pool` (only when the `undici` package can be loaded: installed, or its entry file named
// in BENCH_UNDICI). Every contender posts the same prebuilt bulkUpdate bodies, 5 in flight, and
// reads each answer as text; rounds alternate, rotating the order.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { benchProfile } from './profiles.js';
import { startStandIn } from './stand-in.js';
import { emit, workerInput } from './worker.js';

/** What the orchestrator asks for. */
export interface TransportsInput {
  /** Requests per timed run (1,000 users each). */
  readonly requests: number;
  readonly rounds: number;
  readonly concurrency: number;
}

/** One timed run of one transport. */
export interface TransportRun {
  readonly transport: string;
  readonly round: number;
  readonly requests: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** The figures, and why undici was not measured when it was not. */
export interface TransportsResult {
  readonly runs: readonly TransportRun[];
  readonly usersPerRequest: number;
  readonly bodyBytes: number;
  readonly undiciVersion?: string | undefined;
  readonly skipped?: string | undefined;
}

type Send = (body: string) => Promise<string>;

interface Contender {
  readonly name: string;
  readonly send: Send;
  close(): Promise<void> | void;
}

const USERS = 1000;

function bodies(count: number): string[] {
  return Array.from({ length: count }, (_, request) => {
    const users = Array.from({ length: USERS }, (_, i) => {
      const profile = benchProfile(request * USERS + i, 'transport');
      return {
        userId: profile.userId,
        mergeNestedObjects: true,
        dataFields: {
          subsetsExperimentId: profile.experimentId,
          subsetsExperimentAddedAt: profile.addedAt,
          subsetsExperimentName: profile.experimentName,
          subsetsExperimentAssignment: profile.assignment,
          subsetsSubscriberChurnRisk: String(profile.churnRisk),
        },
      };
    });
    return JSON.stringify({ users, createNewFields: true });
  });
}

function fetchContender(url: string, headers: Record<string, string>): Contender {
  return {
    name: 'fetch',
    async send(body) {
      const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`fetch: HTTP ${response.status}`);
      return text;
    },
    close() {},
  };
}

function nodeHttpContender(
  url: string,
  headers: Record<string, string>,
  concurrency: number,
  bodyAs: 'string' | 'buffer',
): Contender {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  return {
    name: `node:http + keep-alive Agent, body as a ${bodyAs}`,
    send: (body) =>
      new Promise<string>((resolve, reject) => {
        const payload = bodyAs === 'buffer' ? Buffer.from(body, 'utf8') : body;
        const request = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              if (response.statusCode !== 200) reject(new Error(`node:http: HTTP ${response.statusCode}`));
              else resolve(Buffer.concat(chunks).toString('utf8'));
            });
          },
        );
        request.on('error', reject);
        request.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

interface UndiciModule {
  readonly Pool: new (
    origin: string,
    options: { connections: number },
  ) => {
    request(options: {
      path: string;
      method: string;
      headers: Record<string, string>;
      body: string;
    }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
    close(): Promise<void>;
  };
}

async function loadUndici(): Promise<{ module: UndiciModule; version: string } | string> {
  const given = process.env.BENCH_UNDICI;
  try {
    const module = (await import(given ? pathToFileURL(given).href : 'undici')) as UndiciModule;
    const { createRequire } = await import('node:module');
    const require = createRequire(given ? pathToFileURL(given).href : import.meta.url);
    const version = (require('undici/package.json') as { version: string }).version;
    return { module, version };
  } catch (error) {
    return `undici could not be loaded (${(error as Error).message.split('\n')[0]}); set BENCH_UNDICI to its entry file`;
  }
}

function undiciContender(
  undici: UndiciModule,
  url: string,
  headers: Record<string, string>,
  concurrency: number,
): Contender {
  const target = new URL(url);
  const pool = new undici.Pool(target.origin, { connections: concurrency });
  return {
    name: 'undici Pool.request',
    async send(body) {
      const response = await pool.request({ path: target.pathname, method: 'POST', headers, body });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`undici: HTTP ${response.statusCode}`);
      return text;
    },
    close: () => pool.close(),
  };
}

async function run(send: Send, all: readonly string[], concurrency: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < all.length) {
      const body = all[next] as string;
      next += 1;
      await send(body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

const input = workerInput<TransportsInput>();
const standIn = await startStandIn({ rateLimits: false, recordRequests: false });
const url = `${standIn.url}/api/users/bulkUpdate`;
const headers = { 'Api-Key': standIn.apiKey, accept: 'application/json', 'content-type': 'application/json' };
const all = bodies(input.requests);
const contenders = [
  fetchContender(url, headers),
  nodeHttpContender(url, headers, input.concurrency, 'string'),
  nodeHttpContender(url, headers, input.concurrency, 'buffer'),
];
const undici = await loadUndici();
if (typeof undici !== 'string')
  contenders.push(undiciContender(undici.module, url, headers, input.concurrency));

const gc = (globalThis as { gc?: () => void }).gc;
// Every user exists before timing, and each contender warms up on a tenth of the bodies.
await run(contenders[0]?.send as Send, all, input.concurrency);
for (const contender of contenders)
  await run(contender.send, all.slice(0, Math.ceil(all.length / 10)), input.concurrency);

const runs: TransportRun[] = [];
for (let round = 0; round < input.rounds; round += 1) {
  for (let step = 0; step < contenders.length; step += 1) {
    const contender = contenders[(round + step) % contenders.length] as Contender;
    gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(contender.send, all, input.concurrency);
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    runs.push({
      transport: contender.name,
      round,
      requests: all.length,
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
    });
  }
}
for (const contender of contenders) await contender.close();
await standIn.close();
emit({
  runs,
  usersPerRequest: USERS,
  bodyBytes: Buffer.byteLength(all[0] ?? ''),
  undiciVersion: typeof undici === 'string' ? undefined : undici.version,
  skipped: typeof undici === 'string' ? undici : undefined,
} satisfies TransportsResult);
