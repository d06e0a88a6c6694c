import { describe, expect, it } from 'vitest';
import { FakeIterableEngine } from '../../src/testing/engine.js';
import { type FakeIterableFaults, startFakeIterable } from '../../src/testing/index.js';
import { bulkUpdate, call, getFields, startFake } from './support.js';

const WRITE = { users: [{ userId: 'u-1', dataFields: { plan: 'pro' } }] };

/** Sends one write under an always-on fault and checks that it changed nothing. */
async function faultedWrite(faults: FakeIterableFaults) {
  const iterable = await startFake({ faults, rateLimits: true });
  const outcome = await bulkUpdate(iterable, WRITE).then(
    (answer) => ({ answer, error: undefined }),
    (error: unknown) => ({ answer: undefined, error }),
  );
  expect(iterable.users.size).toBe(0);
  expect(iterable.fields.size).toBe(0);
  return { iterable, ...outcome };
}

describe('fault injection', () => {
  it('serverError: 500 GenericError asking to try again later, and no state change', async () => {
    const { iterable, answer } = await faultedWrite({ serverError: 1 });
    expect(answer?.status).toBe(500);
    expect(answer?.json).toEqual({
      msg: expect.stringMatching(/try again later/i),
      code: 'GenericError',
      params: null,
    });
    expect(iterable.requests).toEqual([
      expect.objectContaining({ endpoint: 'bulkUpdate', status: 500, fault: 'serverError', body: WRITE }),
    ]);
  });

  it.each([
    ['badGateway', 502],
    ['serviceUnavailable', 503],
  ] as const)('%s: %i with an HTML body', async (fault, status) => {
    const { answer, iterable } = await faultedWrite({ [fault]: 1 });
    expect(answer?.status).toBe(status);
    expect(answer?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer?.text).toMatch(new RegExp(`<html>[\\s\\S]*${status}`));
    expect(answer?.json).toBeUndefined();
    expect(iterable.requests[0]).toMatchObject({ status, fault });
  });

  it('rateLimitBurst: plain-text 429s without Retry-After', async () => {
    const iterable = await startFake({
      faults: { rateLimitBurst: 1, rateLimitBurstLength: 2, endpoints: ['getFields'] },
    });
    const first = await getFields(iterable);
    expect(first.status).toBe(429);
    expect(first.text).toBe('Rate limit exceeded. Please try again later.');
    expect(first.headers.get('retry-after')).toBeNull();
    expect(iterable.requests[0]).toMatchObject({ status: 429, fault: 'rateLimitBurst' });
  });

  it('rateLimitBurst: each burst lasts rateLimitBurstLength requests', () => {
    const engine = new FakeIterableEngine({
      apiKey: 'k',
      rateLimits: false,
      faults: { seed: 7, rateLimitBurst: 0.1, rateLimitBurstLength: 4 },
    });
    const statuses = Array.from({ length: 300 }, () => {
      const outcome = engine.handle({
        method: 'GET',
        path: '/api/users/getFields',
        search: '',
        headers: { 'api-key': 'k' },
        bodyText: '',
        bodyBytes: 0,
        receivedAt: 0,
      });
      return outcome.kind === 'respond' ? outcome.status : 0;
    });
    const runs = statuses
      .join(',')
      .split(/,?200,?/)
      .filter((run) => run.length > 0)
      .map((run) => run.split(',').length);
    expect(runs.length).toBeGreaterThan(3);
    // Bursts may follow each other directly, so a run is a whole number of bursts.
    for (const run of runs.slice(0, -1)) expect(run % 4).toBe(0);
  });

  it('connectionReset: the connection is destroyed without an answer', async () => {
    const { error, iterable } = await faultedWrite({ connectionReset: 1 });
    expect(error).toBeInstanceOf(TypeError);
    expect(iterable.requests[0]).toMatchObject({ fault: 'connectionReset' });
    expect(iterable.requests[0]?.status).toBeUndefined();
  });

  it('hang: no answer until the client gives up', async () => {
    const iterable = await startFake({ faults: { hang: 1 } });
    await expect(
      call(iterable, 'POST', '/api/users/bulkUpdate', WRITE, { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow(/abort|timeout/i);
    expect(iterable.requests[0]).toMatchObject({ fault: 'hang' });
    expect(iterable.users.size).toBe(0);
  });

  it('truncatedJson: 200 with a JSON body cut short, content-length matching what is sent', async () => {
    const { answer, iterable } = await faultedWrite({ truncatedJson: 1 });
    expect(answer?.status).toBe(200);
    expect(answer?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer?.text.startsWith('{"successCount":')).toBe(true);
    expect(answer?.json).toBeUndefined();
    expect(Number(answer?.headers.get('content-length'))).toBe(Buffer.byteLength(answer?.text ?? ''));
    expect(iterable.requests[0]).toMatchObject({ status: 200, fault: 'truncatedJson' });
  });

  it('latency: delays the answer, which is otherwise normal and applied', async () => {
    const iterable = await startFake({ faults: { latency: { minMs: 80, maxMs: 80 } } });
    const started = performance.now();
    const answer = await bulkUpdate(iterable, WRITE);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(answer.status).toBe(200);
    expect(iterable.users.has('u-1')).toBe(true);
    expect(iterable.requests[0]).toMatchObject({ status: 200, latencyMs: 80 });
    expect(iterable.requests[0]?.fault).toBeUndefined();
  });

  it('applies only to the endpoints named', async () => {
    const iterable = await startFake({ faults: { serverError: 1, endpoints: ['bulkUpdate'] } });
    expect((await getFields(iterable)).status).toBe(200);
    expect((await bulkUpdate(iterable, WRITE)).status).toBe(500);
  });

  it('a faulted request does not count towards the rate limit', async () => {
    const iterable = await startFake({
      rateLimits: { getFields: 1 },
      faults: { seed: 7, serverError: 0.5, endpoints: ['getFields'] },
    });
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await getFields(iterable)).status);
    // Only the first request that is not faulted gets through; faulted ones answer 500.
    const firstOk = statuses.indexOf(200);
    expect(firstOk).toBe(2);
    expect(statuses.slice(0, firstOk).every((status) => status === 500)).toBe(true);
    expect(statuses.slice(firstOk + 1).every((status) => status === 500 || status === 429)).toBe(true);
  });

  it('is reproducible: the same seed gives the same faults, another seed others', async () => {
    const faults = { serverError: 0.2, badGateway: 0.1, truncatedJson: 0.2, rateLimitBurst: 0.1 };
    const run = async (seed: number) => {
      const iterable = await startFake({ faults: { ...faults, seed } });
      const seen: string[] = [];
      for (let index = 0; index < 30; index++) {
        const answer = await getFields(iterable);
        seen.push(`${answer.status}${iterable.requests.at(-1)?.fault ?? ''}`);
      }
      return seen;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(2);
  });

  it('reset() puts the generator back at its seed', async () => {
    const iterable = await startFake({ faults: { seed: 5, serverError: 0.5 } });
    const statuses = async () => {
      const out: number[] = [];
      for (let index = 0; index < 12; index++) out.push((await getFields(iterable)).status);
      return out;
    };
    const before = await statuses();
    iterable.reset();
    expect(await statuses()).toEqual(before);
  });

  it('refuses fault probabilities that add up to more than 1', async () => {
    await expect(startFakeIterable({ faults: { serverError: 0.6, hang: 0.5 } })).rejects.toThrow(TypeError);
    await expect(startFakeIterable({ faults: { serverError: 2 } })).rejects.toThrow(/faults\.serverError/);
  });
});
