import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchUsers, type UserBatch } from '../../src/index.js';

async function collect<T>(source: AsyncIterable<UserBatch<T>>): Promise<UserBatch<T>[]> {
  const out: UserBatch<T>[] = [];
  for await (const batch of source) out.push(batch);
  return out;
}

const user = (i: number, pad = 0) => ({ userId: `u${i}`, dataFields: { note: 'x'.repeat(pad) } });

describe('batchUsers', () => {
  it('cuts batches at 1,000 users by default', async () => {
    const batches = await collect(batchUsers(Array.from({ length: 2001 }, (_, i) => user(i))));
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 1]);
    expect(batches.every((b) => !b.oversized)).toBe(true);
  });

  it('splits a batch before the serialized body would pass maxBytes, counting UTF-8 bytes and the wrapper', async () => {
    const users = Array.from({ length: 50 }, (_, i) => ({
      userId: `u${i}`,
      dataFields: { name: 'é'.repeat(100) },
    }));
    const maxBytes = 2000;
    const batches = await collect(batchUsers(users, { maxBytes }));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const body = JSON.stringify({ users: [...batch], createNewFields: false });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxBytes);
      expect(batch.bytes).toBe(Buffer.byteLength(body));
    }
    // Each batch is as full as it can be: adding the next user would pass the limit.
    const first = batches[0] as UserBatch<(typeof users)[number]>;
    const next = users[first.length];
    const grown = JSON.stringify({ users: [...first, next], createNewFields: false });
    expect(Buffer.byteLength(grown)).toBeGreaterThan(maxBytes);
    expect(batches.flat()).toEqual(users);
  });

  it('yields a user too large on its own alone and flagged', async () => {
    const batches = await collect(batchUsers([user(1), user(2, 5000), user(3)], { maxBytes: 1000 }));
    expect(batches.map((b) => [b.length, b.oversized])).toEqual([
      [1, false],
      [1, true],
      [1, false],
    ]);
    expect(batches[1]?.[0]?.userId).toBe('u2');
  });

  it('reads the source lazily: never more than the batch it is filling', async () => {
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 10_000; i += 1) {
        pulled += 1;
        yield user(i);
      }
    }
    const iterator = batchUsers(source(), { maxUsers: 100 })[Symbol.asyncIterator]();
    await iterator.next();
    expect(pulled).toBe(100);
    await iterator.next();
    expect(pulled).toBe(200);
    await iterator.return(undefined);
  });

  it('accepts async iterables and object-mode Readable streams', async () => {
    async function* source() {
      for (let i = 0; i < 5; i += 1) yield user(i);
    }
    expect((await collect(batchUsers(source(), { maxUsers: 2 }))).map((b) => b.length)).toEqual([2, 2, 1]);
    const stream = Readable.from(Array.from({ length: 5 }, (_, i) => user(i)));
    expect((await collect(batchUsers(stream, { maxUsers: 3 }))).map((b) => b.length)).toEqual([3, 2]);
  });

  it('refuses limits above what Iterable accepts, naming the option', async () => {
    await expect(batchUsers([], { maxUsers: 1001 }).next()).rejects.toThrow(/maxUsers/);
    await expect(batchUsers([], { maxBytes: 5_000_000 }).next()).rejects.toThrow(/maxBytes/);
    await expect(batchUsers([], { maxUsers: 0 }).next()).rejects.toThrow(/maxUsers/);
  });
});
