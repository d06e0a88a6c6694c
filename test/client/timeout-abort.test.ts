import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { IterableTimeoutError } from '../../src/errors/timeout-error.js';
import {
  bulkOk,
  iterableError,
  makeClient,
  onBulkUpdate,
  rejectionOf,
  settle,
  US,
  useFakeTimers,
  user,
  useServer,
} from './support.js';

const { server, count } = useServer();

const encoder = new TextEncoder();

/** A 200 whose JSON body arrives one byte every `everyMs`, taking far longer than any timeout here. */
function drippingBody(everyMs: number) {
  const text = JSON.stringify({ fields: { email: 'string' } }).padEnd(500, ' ');
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      controller.enqueue(encoder.encode(text.charAt(sent)));
      sent++;
      if (sent === text.length) controller.close();
    },
  });
  return new HttpResponse(stream, { status: 200, headers: { 'content-type': 'application/json' } });
}

function hangingFields() {
  return http.get(`${US}/api/users/getFields`, async () => {
    await delay('infinite');
    return HttpResponse.json({ fields: {} });
  });
}

describe('timeout', () => {
  it('a server slower than timeout fails with IterableTimeoutError', async () => {
    useFakeTimers();
    server.use(
      http.get(`${US}/api/users/getFields`, async () => {
        await delay(60_000);
        return HttpResponse.json({ fields: {} });
      }),
    );
    const outcome = rejectionOf(makeClient({ timeout: 1000 }).getFields());
    await vi.advanceTimersByTimeAsync(1000);
    const error = await outcome;
    expect(error).toBeInstanceOf(IterableTimeoutError);
    expect(error).toMatchObject({
      name: 'IterableTimeoutError',
      endpoint: 'GET /api/users/getFields',
      timeoutMs: 1000,
      retryable: true,
    });
    expect((error as Error).message).toContain('1000 ms');
  });

  it('a server that answers within timeout succeeds', async () => {
    useFakeTimers();
    server.use(
      http.get(`${US}/api/users/getFields`, async () => {
        await delay(900);
        return HttpResponse.json({ fields: { email: 'string' } });
      }),
    );
    const outcome = makeClient({ timeout: 1000 }).getFields();
    await vi.advanceTimersByTimeAsync(900);
    await expect(outcome).resolves.toEqual({ email: 'string' });
  });

  it('covers a body that drips in after the headers', async () => {
    useFakeTimers();
    server.use(http.get(`${US}/api/users/getFields`, () => drippingBody(50)));
    const outcome = rejectionOf(makeClient({ timeout: 1000 }).getFields());
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toBeInstanceOf(IterableTimeoutError);
  });

  it('applies to each attempt, and a timed-out request is retried', async () => {
    useFakeTimers();
    server.use(hangingFields());
    const outcome = rejectionOf(
      makeClient({ timeout: 1000, retry: { retries: 2, minDelayMs: 100, maxDelayMs: 100 } }).getFields(),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1100);
    expect(count()).toBe(2);
    await vi.advanceTimersByTimeAsync(1100);
    expect(count()).toBe(3);
    expect(await outcome).toBeInstanceOf(IterableTimeoutError);
  });
});

describe('abort', () => {
  it('aborts a request in flight and rejects with the signal’s reason', async () => {
    server.use(hangingFields());
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const outcome = rejectionOf(makeClient({ retry: 3 }).getFields({ signal: controller.signal }));
    await settle();
    expect(count()).toBe(1);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(count()).toBe(1);
  });

  it('rejects with a reason that is not an Error as it is, retries or not', async () => {
    server.use(hangingFields());
    for (const retry of [false, 3] as const) {
      const controller = new AbortController();
      const outcome = rejectionOf(makeClient({ retry }).getFields({ signal: controller.signal }));
      await settle();
      controller.abort('stop');
      expect(await outcome).toBe('stop');
    }
  });

  it('rejects with an AbortError when abort() is given no reason', async () => {
    server.use(hangingFields());
    const controller = new AbortController();
    const outcome = rejectionOf(makeClient().getFields({ signal: controller.signal }));
    await settle();
    controller.abort();
    const error = await outcome;
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already aborted signal sends nothing', async () => {
    server.use(
      hangingFields(),
      onBulkUpdate(() => bulkOk()),
    );
    const signal = AbortSignal.abort(new Error('too late'));
    const client = makeClient({ retry: 3 });
    await expect(client.getFields({ signal })).rejects.toThrow('too late');
    await expect(client.bulkUpdate([user('u-1')], { signal })).rejects.toThrow('too late');
    await expect(client.getUser('u-1', { signal })).rejects.toThrow('too late');
    await expect(client.updateUser(user('u-1'), { signal })).rejects.toThrow('too late');
    expect(count()).toBe(0);
  });

  it('stops a backoff wait: no further request is sent', async () => {
    useFakeTimers();
    server.use(onBulkUpdate(() => iterableError(503, 'GenericError', 'try again later')));
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const outcome = rejectionOf(
      makeClient({ retry: { retries: 5, minDelayMs: 10_000 } }).bulkUpdate([user('u-1')], {
        signal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(count()).toBe(1);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(count()).toBe(1);
  });

  it('stops a wait the server asked for with Retry-After', async () => {
    useFakeTimers();
    server.use(
      onBulkUpdate(() => new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '30' } })),
    );
    const controller = new AbortController();
    const outcome = rejectionOf(
      makeClient({ retry: 3 }).bulkUpdate([user('u-1')], { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    controller.abort('stop');
    expect(await outcome).toBe('stop');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(count()).toBe(1);
  });

  it('stops a body that is still dripping in', async () => {
    useFakeTimers();
    server.use(http.get(`${US}/api/users/getFields`, () => drippingBody(50)));
    const controller = new AbortController();
    const reason = new Error('enough');
    const outcome = rejectionOf(makeClient({ timeout: 60_000 }).getFields({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
  });
});
