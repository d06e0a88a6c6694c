import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** What the stand-in in the other process recorded. */
export interface ChildRecord {
  readonly requests: ReadonlyArray<{ endpoint?: string; status?: number; receivedAt: number }>;
  readonly users: number;
}

/** A stand-in running in a child process (see stand-in-process.ts). */
export interface StandInChild {
  readonly url: string;
  readonly apiKey: string;
  record(): Promise<ChildRecord>;
  close(): Promise<void>;
}

const script = path.join(import.meta.dirname, 'stand-in-process.ts');
const tsx = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');

function nextLine(lines: Interface): Promise<string> {
  return new Promise((resolve, reject) => {
    lines.once('line', resolve);
    lines.once('close', () => reject(new Error('the stand-in process ended')));
  });
}

/** Starts the stand-in in a child process with the given options (JSON-serializable). */
export async function startStandInChild(options: Record<string, unknown> = {}): Promise<StandInChild> {
  const child = spawn(process.execPath, [tsx, script, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const { url, apiKey } = JSON.parse(await nextLine(lines)) as { url: string; apiKey: string };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    apiKey,
    async record() {
      const answer = nextLine(lines);
      child.stdin.write('requests\n');
      return JSON.parse(await answer) as ChildRecord;
    },
    async close() {
      child.stdin.end('close\n');
      await exited;
    },
  };
}

/** Most requests whose arrival times fall within any one-second window. */
export function maxInAnySecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to += 1) {
    while ((sorted[to] as number) - (sorted[from] as number) >= 1000) from += 1;
    max = Math.max(max, to - from + 1);
  }
  return max;
}
