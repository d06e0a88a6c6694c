import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { FakeIterableServerOptions } from '../../src/testing/index.js';
import { compileStandIn, STAND_IN_SCRIPT_VARIABLE } from './compile.js';
import { ROOT } from './paths.js';

/** What the stand-in process reports about itself. */
export interface StandInStats {
  /** Users the stand-in holds. */
  readonly users: number;
  /** Requests it recorded (0 unless recording was asked for). */
  readonly requests: number;
  /** CPU time (user + system) the stand-in process has used, in milliseconds. */
  readonly cpuMs: number;
}

/** One request the stand-in recorded. */
export interface RecordedRequest {
  readonly endpoint?: string;
  readonly status?: number;
  /** Arrival, epoch milliseconds. */
  readonly receivedAt: number;
}

/** A stand-in running in a child process. */
export interface StandIn {
  readonly url: string;
  readonly apiKey: string;
  /** The process id, to read its memory from `/proc`. */
  readonly pid: number;
  stats(): Promise<StandInStats>;
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

/** The five Subsets fields, created as strings: the project as `ensureFields` leaves it. */
export const SUBSETS_FIELDS_READY: Readonly<Record<string, 'string'>> = {
  subsetsExperimentId: 'string',
  subsetsExperimentAddedAt: 'string',
  subsetsExperimentName: 'string',
  subsetsSubscriberChurnRisk: 'string',
  subsetsExperimentAssignment: 'string',
};

/**
 * The compiled stand-in script: the one a worker was handed, so that the measured process loads no
 * compiler (esbuild, and the lexing and optimizing of its code, would count in its CPU time), or
 * compiled now.
 */
function standInScript(): Promise<string> {
  const given = process.env[STAND_IN_SCRIPT_VARIABLE];
  return given ? Promise.resolve(given) : compileStandIn();
}

/**
 * Starts the stand-in in its own process, its project set up with the five fields; options must be
 * JSON-serializable.
 */
export async function startStandIn(options: FakeIterableServerOptions): Promise<StandIn> {
  const settings = { fields: SUBSETS_FIELDS_READY, ...options };
  const child = spawn(process.execPath, [await standInScript(), JSON.stringify(settings)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done) throw new Error('the stand-in process ended');
    return next.value;
  };
  const { url, apiKey } = JSON.parse(await nextLine()) as { url: string; apiKey: string };
  // One question at a time: answers come back in order on the same pipe.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(command: string): Promise<T> => {
    const answer = queue.then(async () => {
      child.stdin.write(`${command}\n`);
      return JSON.parse(await nextLine()) as T;
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
  return {
    url,
    apiKey,
    pid: child.pid as number,
    stats: () => ask<StandInStats>('stats'),
    requests: () => ask<RecordedRequest[]>('requests'),
    async close() {
      child.stdin.end('close\n');
      await exited;
    },
  };
}
