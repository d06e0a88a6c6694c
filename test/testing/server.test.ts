import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeIterableEngine } from '../../src/testing/engine.js';
import { startFakeIterable } from '../../src/testing/index.js';
import { bulkUpdate, call, getFields, startFake } from './support.js';

/** Whether nothing listens on the port any more (binding it works). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('close()', () => {
  it('frees the port and ends a hung request', async () => {
    const iterable = await startFakeIterable({ faults: { hang: 1 } });
    const pending = call(iterable, 'GET', '/api/users/getFields').then(
      () => 'answered',
      () => 'rejected',
    );
    await expect.poll(() => iterable.requests.length).toBe(1);

    await iterable.close();

    expect(await pending).toBe('rejected');
    expect(await portIsFree(iterable.port)).toBe(true);
    const again = await startFakeIterable({ port: iterable.port });
    expect(again.port).toBe(iterable.port);
    await again.close();
    await iterable.close(); // a second close is harmless
  });

  it('lets the process exit with a hung and a delayed request open', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/close-with-pending-requests.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);

    expect(output.trim()).toBe('rejected rejected');
    expect(code).toBe(0);
  });
});

describe('options', () => {
  it('listens on the port asked for', async () => {
    const first = await startFake();
    const port = first.port;
    await first.close();
    const iterable = await startFake({ port });
    expect(iterable.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('rejects when the port is taken', async () => {
    const iterable = await startFake();
    await expect(startFakeIterable({ port: iterable.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it.each([
    [{ port: -1 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ apiKey: '' }, /apiKey/],
    [{ projectType: 'emails' }, /projectType/],
    [{ fieldLimit: -1 }, /fieldLimit/],
    [{ rateLimits: { bulkUpdate: 0 } }, /rateLimits\.bulkUpdate/],
    [{ rateLimits: { events: 5 } }, /rateLimits\.events/],
    [{ recordRequests: 'bodies' }, /recordRequests/],
    [{ faults: { latency: { minMs: 50, maxMs: 10 } } }, /faults\.latency\.maxMs/],
    [{ faults: { endpoints: ['track'] } }, /faults\.endpoints/],
    [{ users: [{ dataFields: {} }] }, /users\[0\]/],
    [{ createNewFieldsByDefault: 'yes' }, /createNewFieldsByDefault/],
  ])('refuses %o with a TypeError naming the option', async (options, name) => {
    await expect(startFakeIterable(options as never)).rejects.toThrow(name);
    await expect(startFakeIterable(options as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('recorded requests', () => {
  it('records method, path, query, endpoint, status, parsed body and arrival time', async () => {
    const iterable = await startFake();
    const before = Date.now();
    await bulkUpdate(iterable, { users: [] });
    await call(iterable, 'GET', '/api/users/byUserId?userId=u%201');
    await call(iterable, 'POST', '/api/users/update', undefined, { rawBody: 'not json' });

    expect(iterable.requests).toEqual([
      {
        method: 'POST',
        path: '/api/users/bulkUpdate',
        search: '',
        endpoint: 'bulkUpdate',
        status: 200,
        body: { users: [] },
        receivedAt: expect.any(Number),
      },
      {
        method: 'GET',
        path: '/api/users/byUserId',
        search: '?userId=u%201',
        endpoint: 'byUserId',
        status: 200,
        receivedAt: expect.any(Number),
      },
      expect.objectContaining({ endpoint: 'update', status: 400, body: 'not json' }),
    ]);
    expect(iterable.requests[0]?.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it("keeps no bodies with recordRequests: 'metadata', and nothing with false", async () => {
    const metadata = await startFake({ recordRequests: 'metadata' });
    const none = await startFake({ recordRequests: false });
    await bulkUpdate(metadata, { users: [] });
    await bulkUpdate(none, { users: [{ userId: 'u-1' }] });

    expect(metadata.requests).toEqual([expect.objectContaining({ endpoint: 'bulkUpdate', status: 200 })]);
    expect(metadata.requests[0]).not.toHaveProperty('body');
    expect(none.requests).toEqual([]);
    expect(none.users.has('u-1')).toBe(true);
  });
});

describe('reset()', () => {
  it('goes back to the seeded users and fields, keeping the same maps and array', async () => {
    const iterable = await startFake({
      fields: { plan: 'string' },
      users: [{ userId: 'seeded', dataFields: { plan: 'free' } }],
    });
    const { users, fields, requests } = iterable;
    await bulkUpdate(iterable, {
      users: [{ userId: 'seeded', dataFields: { plan: 'pro', extra: 1 } }, { userId: 'new' }],
    });

    iterable.reset();

    expect(iterable.users).toBe(users);
    expect(iterable.fields).toBe(fields);
    expect(iterable.requests).toBe(requests);
    expect(requests).toEqual([]);
    expect([...users.keys()]).toEqual(['seeded']);
    expect(users.get('seeded')?.dataFields).toEqual({ plan: 'free' });
    expect(Object.fromEntries(fields)).toEqual({ plan: 'string' });
    expect((await getFields(iterable)).json).toEqual({ fields: { plan: 'string' } });
  });
});

describe('the hot path', () => {
  it('handles a 1,000-user bulkUpdate of the five Subsets fields in a few milliseconds', () => {
    const engine = new FakeIterableEngine({ apiKey: 'k', rateLimits: false, recordRequests: false });
    const batch = (offset: number) =>
      JSON.stringify({
        users: Array.from({ length: 1000 }, (_, index) => ({
          userId: `user-${offset + index}`,
          mergeNestedObjects: true,
          dataFields: {
            subsetsExperimentId: 'exp-7',
            subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
            subsetsExperimentName: 'Winter retention',
            subsetsSubscriberChurnRisk: '0.27',
            subsetsExperimentAssignment: index % 2 === 0 ? 'treatment' : 'control',
          },
        })),
        createNewFields: true,
      });
    const send = (bodyText: string) =>
      engine.handle({
        method: 'POST',
        path: '/api/users/bulkUpdate',
        search: '',
        headers: { 'api-key': 'k' },
        bodyText,
        bodyBytes: Buffer.byteLength(bodyText),
        receivedAt: Date.now(),
      });
    send(batch(0)); // warm-up
    const bodies = Array.from({ length: 10 }, (_, index) => batch((index + 1) * 1000));
    const started = performance.now();
    for (const body of bodies) expect(send(body)).toMatchObject({ status: 200 });
    const perBatchMs = (performance.now() - started) / bodies.length;

    expect(engine.store.users.size).toBe(11_000);
    // Typically 2–4 ms; the bound is generous so that a loaded CI machine does not fail it.
    expect(perBatchMs).toBeLessThan(100);
  });
});
