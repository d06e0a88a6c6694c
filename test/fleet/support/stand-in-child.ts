/** Starts test/fleet/support/stand-in-process.ts and talks to it. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeIterableOptions } from '../../../src/testing/types.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./stand-in-process.ts', import.meta.url));

/** What a stand-in process received and holds. */
export interface StandInSnapshot {
  readonly requests: ReadonlyArray<{ endpoint?: string; status?: number; receivedAt: number }>;
  readonly users: ReadonlyMap<string, { readonly dataFields: Readonly<Record<string, unknown>> }>;
}

export interface StandInChild {
  readonly url: string;
  readonly apiKey: string;
  snapshot(): Promise<StandInSnapshot>;
  close(): Promise<void>;
}

export async function startStandInChild(options: FakeIterableOptions): Promise<StandInChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(options)], {
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
  return {
    url,
    apiKey,
    async snapshot() {
      child.stdin.write('snapshot\n');
      const { requests, users } = JSON.parse(await nextLine()) as {
        requests: StandInSnapshot['requests'];
        users: Array<[string, Record<string, unknown>]>;
      };
      return { requests, users: new Map(users.map(([userId, dataFields]) => [userId, { dataFields }])) };
    },
    async close() {
      if (child.exitCode === null) child.stdin.end('close\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
