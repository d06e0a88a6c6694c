import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/index.js';
import { recordingLogger } from '../support/recording-logger.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function grantTimes(limiter: ReturnType<typeof createRateLimiter>, count: number, advanceMs: number) {
  const times: number[] = [];
  const start = performance.now();
  const all = Array.from({ length: count }, () =>
    limiter.acquire().then(() => {
      times.push(performance.now() - start);
    }),
  );
  await vi.advanceTimersByTimeAsync(advanceMs);
  await Promise.all(all);
  return times;
}

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (const t of times) max = Math.max(max, times.filter((u) => u >= t && u < t + windowMs).length);
  return max;
}

describe('createRateLimiter', () => {
  it('spaces starts evenly and never grants more than the rate in any one-second window', async () => {
    const times = await grantTimes(createRateLimiter({ requestsPerSecond: 5 }), 20, 10_000);
    expect(times).toHaveLength(20);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(5);
    for (let i = 1; i < times.length; i += 1)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(200);
    // 20 starts at 5/s: the ideal is 3.8 s; the margin (15 ms a window, 3 ms a start) and the
    // first start's margin (200 ms) add 257 ms.
    expect(times.at(-1)).toBe(3800 + 19 * 3 + 200);
  });

  it('is shared: two clients on one limiter together stay within its rate', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 3 });
    const a = grantTimes(limiter, 6, 0);
    const b = grantTimes(limiter, 6, 10_000);
    const times = [...(await a), ...(await b)].sort((x, y) => x - y);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(3);
  });

  it('holds every start back after penalize', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 5 });
    await limiter.acquire();
    limiter.penalize?.(2000);
    let granted = false;
    const next = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(1900);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await next;
    expect(granted).toBe(true);
  });

  it('rejects a waiting acquire with the signal reason, and the aborted wait uses up no start', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    const after = limiter.acquire();
    await vi.advanceTimersByTimeAsync(1015 + 200);
    await expect(after).resolves.toBeUndefined();
  });

  it('counts the first start late, so a slow first request never shares its second with a sixth', async () => {
    const times = await grantTimes(createRateLimiter({ requestsPerSecond: 5, marginMs: 0 }), 6, 5000);
    expect(times[5]).toBeGreaterThanOrEqual(1200);
    const without = await grantTimes(
      createRateLimiter({ requestsPerSecond: 5, marginMs: 0, firstRequestMarginMs: 0 }),
      6,
      5000,
    );
    expect(without[5]).toBe(1000);
  });

  it('still accepts the former name firstRequestAllowanceMs, and the new name wins over it', async () => {
    const old = await grantTimes(
      createRateLimiter({ requestsPerSecond: 5, marginMs: 0, firstRequestAllowanceMs: 0 }),
      6,
      5000,
    );
    expect(old[5]).toBe(1000);
    const both = await grantTimes(
      createRateLimiter({
        requestsPerSecond: 5,
        marginMs: 0,
        firstRequestMarginMs: 100,
        firstRequestAllowanceMs: 0,
      }),
      2,
      5000,
    );
    expect(both[1]).toBe(300);
  });

  it('paces on an even beat of (1000 + marginMs) / requestsPerSecond, after the first start’s margin', async () => {
    const times = await grantTimes(createRateLimiter({ requestsPerSecond: 5 }), 12, 10_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps[0]).toBe(200 + 203);
    for (const gap of gaps.slice(1)) expect(gap).toBe(203);
  });

  it('treats a start after 4 s without one as cold again', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 5 });
    await grantTimes(limiter, 2, 1000);
    await vi.advanceTimersByTimeAsync(5000);
    const times = await grantTimes(limiter, 2, 2000);
    expect((times[1] as number) - (times[0] as number)).toBe(200 + 203);
  });

  it('widens its margin after a 429, says so once, and returns to it 10 minutes after the last', async () => {
    const logger = recordingLogger();
    const limiter = createRateLimiter({ requestsPerSecond: 5, logger });
    await grantTimes(limiter, 3, 1000);
    limiter.penalize?.(100);
    let times = await grantTimes(limiter, 4, 2000);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([208, 208, 208]);
    limiter.penalize?.(100);
    times = await grantTimes(limiter, 4, 2000);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([213, 213, 213]);
    expect(logger.lines.filter((line) => line.startsWith('info:'))).toEqual([
      expect.stringMatching(
        /^info: rate limiter: .*429.*by 25 ms to 40 ms.*\(4\.93 → 4\.81 requests\/second\)$/,
      ),
    ]);
    expect(logger.lines.filter((line) => line.startsWith('debug:'))).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    times = await grantTimes(limiter, 4, 3000);
    expect(times.slice(2).map((t, i) => t - (times[i + 1] as number))).toEqual([203, 203]);
  });

  it('says so again at info when a 429 comes after a widening has run out, even with no start between', () => {
    const logger = recordingLogger();
    const limiter = createRateLimiter({ requestsPerSecond: 5, logger });
    limiter.penalize?.(100);
    vi.advanceTimersByTime(10 * 60_000 + 1);
    limiter.penalize?.(100);
    expect(logger.lines.filter((line) => line.startsWith('info:'))).toEqual([
      expect.stringMatching(/by 25 ms to 40 ms/),
      expect.stringMatching(/by 25 ms to 40 ms/),
    ]);
  });

  it('never widens past 200 ms', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 5 });
    for (let i = 0; i < 20; i += 1) limiter.penalize?.(1);
    const times = await grantTimes(limiter, 4, 5000);
    expect(times.slice(2).map((t, i) => t - (times[i + 1] as number))).toEqual([240, 240]);
  });

  it('adds how late its own timers fire to the margin, and lets it fade by half every 10 s', async () => {
    vi.useRealTimers();
    const limiter = createRateLimiter({ requestsPerSecond: 5, firstRequestMarginMs: 0 });
    await limiter.acquire();
    const second = limiter.acquire(); // its timer is due 203 ms after the first start
    const busyUntil = performance.now() + 400;
    while (performance.now() < busyUntil) {
      // The event loop is held up, as on a loaded machine: the timer fires about 200 ms late.
    }
    await second;
    await limiter.acquire(); // on the beat: made up for the late one
    await limiter.acquire();
    const from = performance.now();
    await limiter.acquire();
    // (1000 + 15 + ~195) / 5 apart, where an idle machine gets 203 ms.
    expect(performance.now() - from).toBeGreaterThanOrEqual(235);
  });

  it('names a bad option', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
    expect(() => createRateLimiter({ requestsPerSecond: 5, marginMs: -1 })).toThrow(/marginMs/);
    expect(() => createRateLimiter({ requestsPerSecond: 5, firstRequestMarginMs: -1 })).toThrow(
      /^firstRequestMarginMs/,
    );
    expect(() => createRateLimiter({ requestsPerSecond: 5, firstRequestAllowanceMs: -1 })).toThrow(
      /^firstRequestAllowanceMs/,
    );
  });
});
