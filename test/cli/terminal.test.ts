import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { ensureBuilt, READY_FIELDS, refreshes, scratchDir } from './cli-harness.js';
import { runInTerminal } from './pty-harness.js';
import { playTerminal } from './terminal-screen.js';

// Items 9–11 as a user sees them: the CLI runs in a pseudo-terminal 80 columns wide, and the
// assertions are on the lines the terminal shows.

const WIDTH = 80;
const scratch = scratchDir();
let iterable: FakeIterable;
let unavailable: Server;
let unavailableUrl: string;
const env = () => ({ ITERABLE_API_KEY: iterable.apiKey, ITERABLE_BASE_URL: iterable.url });

/** Every rate printed (`3,888 profiles/s`, `4.1 requests/s`) as written. */
function rates(text: string): string[] {
  return [...text.matchAll(/([\d,]+(?:\.\d+)?) (?:profiles|requests)\/s(?![a-z])/g)].map(
    (match) => match[1] as string,
  );
}

/** A rate in the CLI's one format: one decimal under 100, whole numbers with separators from 100. */
function inOneFormat(rate: string): boolean {
  const value = Number(rate.replaceAll(',', ''));
  return value < 100 ? /^\d+\.\d$/.test(rate) : /^\d{1,3}(,\d{3})*$/.test(rate);
}

beforeAll(async () => {
  await ensureBuilt();
  iterable = await startFakeIterable({ fields: READY_FIELDS });
  // A host that answers every request 503, asking for a 10 ms wait: the client retries at once.
  unavailable = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'text/html', 'retry-after-ms': '10' });
    response.end('<html>down for maintenance</html>');
  });
  await new Promise<void>((resolve) => unavailable.listen(0, '127.0.0.1', resolve));
  unavailableUrl = `http://127.0.0.1:${(unavailable.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await iterable.close();
  await new Promise((resolve) => unavailable.close(resolve));
  scratch.remove();
});

describe('sync on an 80-column terminal', () => {
  // Each test's CLI is a new process with a limiter of its own: it must not find the requests of the
  // test before it still counted in the project's one-second window.
  beforeEach(() => iterable.reset());

  it('draws a status line that never wraps, ends on a whole word, and shows rates in one format', async () => {
    const file = scratch.file('many.ndjson', refreshes(12_000, 'tty'));
    const run = await runInTerminal(['sync', file, '--batch-size', '500'], { env: env(), columns: WIDTH });
    expect(run.code).toBe(0);
    const screen = playTerminal(run.output, WIDTH);
    expect(run.output).toContain(' of ~');
    expect(screen.wrapped.filter((line) => line.includes(' of ~'))).toEqual([]);
    const status = screen.lines.filter((line) => line.includes(' of ~'));
    expect(status).toHaveLength(1);
    expect(status[0]).toMatch(/^█+ 100% · 12,000 of ~12,000 profiles · 0 failed · 0 invalid$/);
    expect(screen.lines.every((line) => line.length <= WIDTH)).toBe(true);
    expect(run.output).not.toMatch(/ETA \d+s/);
    const summary = screen.lines.findIndex((line) => / requests for 24 batches \(/.test(line));
    expect(screen.lines[summary + 1]).toMatch(/^ {2}[\d.]+ requests\/s · [\d,]+ profiles\/s$/);
    expect(rates(run.output).length).toBeGreaterThan(0);
    expect(rates(run.output).filter((rate) => !inOneFormat(rate))).toEqual([]);
  });

  it('shows no rate for a single request', async () => {
    const file = scratch.file('three.ndjson', refreshes(3, 'one'));
    const run = await runInTerminal(['sync', file], { env: env(), columns: WIDTH });
    expect(run.code).toBe(0);
    const screen = playTerminal(run.output, WIDTH);
    expect(screen.lines.join('\n')).toMatch(/1 request for 1 batch \(0 retries, 0 rate limited\)$/m);
    expect(rates(run.output)).toEqual([]);
  });

  it('erases the status line before printing the error that ended the sync', async () => {
    const project = await startFakeIterable({});
    try {
      // Refreshes first (synced, progress drawn), then a timestamp the project has no field for.
      const experiment = {
        userId: 'exp-1',
        experimentId: 'e',
        experimentName: 'n',
        addedAt: '2026-11-29T01:40:43Z',
        assignment: 'control',
      };
      const file = scratch.file(
        'setup.ndjson',
        `${refreshes(3000, 'before')}${JSON.stringify(experiment)}\n${refreshes(3000, 'after')}`,
      );
      const run = await runInTerminal(['sync', file], {
        env: { ITERABLE_API_KEY: project.apiKey, ITERABLE_BASE_URL: project.url },
        columns: WIDTH,
      });
      expect(run.code).toBe(2);
      expect(run.output).toContain(' of ~');
      const screen = playTerminal(run.output, WIDTH);
      expect(screen.lines.filter((line) => /profiles|ETA|invalid/.test(line))).toEqual([]);
      const error = screen.lines.findIndex((line) => line.startsWith('error: '));
      // Nothing between the first line (wrapped at 80 columns) and the error.
      expect(screen.lines.slice(0, error).join('')).toMatch(new RegExp(`^Syncing .* to ${project.url}\\.$`));
      expect(screen.lines.slice(error).join(' ')).toContain(
        'subsets-iterable fields --ensure --setup-user-id ID',
      );
      expect(screen.lines.join(' ')).not.toContain('client.ensureFields');
    } finally {
      await project.close();
    }
  });
});

describe('retries on a terminal', () => {
  it('says each retry with its number, delay and cause, and the attempts in the final error', async () => {
    const run = await runInTerminal(['fields'], {
      env: { ITERABLE_API_KEY: 'test-key-1234', ITERABLE_BASE_URL: unavailableUrl },
      columns: WIDTH,
    });
    expect(run.code).toBe(2);
    const shown = playTerminal(run.output, WIDTH).lines.join('\n');
    for (let retry = 1; retry <= 5; retry += 1) {
      expect(shown).toMatch(
        new RegExp(`^retrying \\(${retry}/5\\) in 10 ms: GET /api/users/getFields .*503`, 'm'),
      );
    }
    expect(shown).not.toMatch(/retrying \(6\/5\)/);
    expect(shown).toMatch(/^error: .*503.*\(gave up after 6 attempts\)$/ms);
    expect(shown).not.toContain('test-key-1234');
  });
});
