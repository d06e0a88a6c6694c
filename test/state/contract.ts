import { afterEach, describe, expect, it } from 'vitest';
import type { StateEntry, SyncState } from '../../src/state/sync-state.js';

/** A store made for one test, and how to release what it holds afterwards. */
export interface StoreUnderTest {
  readonly state: SyncState;
  /** Closes the store and removes its data (temp directory, Redis keys). */
  readonly cleanup?: () => Promise<void>;
}

/** Makes a fresh, empty store; `scope` is the store's own scope when given. */
export type StoreFactory = (options: { scope?: string }) => Promise<StoreUnderTest>;

const entries = (prefix: string, count: number, fingerprint = (i: number) => `fp-${prefix}${i}`) =>
  Array.from(
    { length: count },
    (_, i): StateEntry => ({ userId: `${prefix}${i}`, fingerprint: fingerprint(i) }),
  );

/**
 * The contract every {@link SyncState} of this package keeps, as one `describe` block: run it
 * against each store with a factory that makes a fresh, empty one.
 */
export function describeStateContract(name: string, factory: StoreFactory): void {
  describe(`${name}: the SyncState contract`, () => {
    const made: StoreUnderTest[] = [];
    const store = async (options: { scope?: string } = {}): Promise<SyncState> => {
      const created = await factory(options);
      made.push(created);
      return created.state;
    };
    afterEach(async () => {
      for (const created of made.splice(0)) await created.cleanup?.();
    });

    it('has a name for error messages', async () => {
      const state = await store();
      expect(typeof state.name).toBe('string');
      expect(state.name.length).toBeGreaterThan(0);
    });

    it('answers undefined for users it never recorded', async () => {
      const state = await store();
      expect(await state.get('project-a', ['u1', 'u2', 'u3'])).toEqual([undefined, undefined, undefined]);
      expect(await state.get('project-a', [])).toEqual([]);
    });

    it('returns what was set, in the order asked, with gaps for unknown users', async () => {
      const state = await store();
      await state.set('project-a', [
        { userId: 'u1', fingerprint: 'aaaa000000000001' },
        { userId: 'u2', fingerprint: 'aaaa000000000002' },
        { userId: 'u3', fingerprint: 'aaaa000000000003' },
      ]);
      expect(await state.get('project-a', ['u3', 'nobody', 'u1', 'u2', 'u1'])).toEqual([
        'aaaa000000000003',
        undefined,
        'aaaa000000000001',
        'aaaa000000000002',
        'aaaa000000000001',
      ]);
    });

    it('replaces a fingerprint with a later one, and keeps the last of duplicates in one set', async () => {
      const state = await store();
      await state.set('project-a', [
        { userId: 'u1', fingerprint: 'old' },
        { userId: 'u2', fingerprint: 'kept' },
      ]);
      await state.set('project-a', [
        { userId: 'u1', fingerprint: 'new' },
        { userId: 'u3', fingerprint: 'first' },
        { userId: 'u3', fingerprint: 'last' },
      ]);
      expect(await state.get('project-a', ['u1', 'u2', 'u3'])).toEqual(['new', 'kept', 'last']);
    });

    it('keeps scopes apart: the same userId in two scopes has two fingerprints', async () => {
      const state = await store();
      await state.set('project-a', [{ userId: 'same', fingerprint: 'in-a' }]);
      await state.set('project-b', [{ userId: 'same', fingerprint: 'in-b' }]);
      expect(await state.get('project-a', ['same'])).toEqual(['in-a']);
      expect(await state.get('project-b', ['same'])).toEqual(['in-b']);
      expect(await state.get('project-c', ['same'])).toEqual([undefined]);
      // A scope that is a prefix of another, or that ends where a userId could begin, is still apart.
      await state.set('project', [{ userId: '-a:same', fingerprint: 'not-in-a' }]);
      expect(await state.get('project-a', ['same'])).toEqual(['in-a']);
      expect(await state.get('project', ['same'])).toEqual([undefined]);
    });

    it('uses its own scope, when created with one, whatever scope a call passes', async () => {
      const state = await store({ scope: 'fixed' });
      await state.set('project-a', [{ userId: 'u1', fingerprint: 'f1' }]);
      expect(await state.get('project-b', ['u1'])).toEqual(['f1']);
    });

    it('rejects a scope that is empty or holds a NUL character', async () => {
      const state = await store();
      await expect(state.get('', ['u1'])).rejects.toThrow(TypeError);
      await expect(state.set('a\u0000b', [{ userId: 'u1', fingerprint: 'f' }])).rejects.toThrow(TypeError);
    });

    it('takes 10,000 entries in one set and reads them back in one get', async () => {
      const state = await store();
      const many = entries('bulk-', 10_000);
      await state.set('project-a', many);
      const asked = [...many.map((entry) => entry.userId), 'bulk-missing'];
      const got = await state.get('project-a', asked);
      expect(got).toHaveLength(10_001);
      expect(got.slice(0, 10_000)).toEqual(many.map((entry) => entry.fingerprint));
      expect(got[10_000]).toBeUndefined();
    });

    it('stores any userId and any fingerprint string as given', async () => {
      const state = await store();
      const odd: StateEntry[] = [
        { userId: 'user:42', fingerprint: 'f:colon' },
        { userId: 'user', fingerprint: 'f:plain' },
        { userId: 'Ünïcödé-ユーザー-😀', fingerprint: 'f:unicode' },
        { userId: 'has space ', fingerprint: 'f:space' },
        { userId: '{braces}*?[]', fingerprint: 'f:glob' },
        { userId: 'nul\u0000inside', fingerprint: 'f:nul' },
        { userId: 'line\nbreak', fingerprint: 'f:newline' },
        { userId: 'USER:42', fingerprint: 'f:case' },
        { userId: 'long', fingerprint: `${'é😀'.repeat(100)}${'0123456789abcdef'.repeat(8)}` },
      ];
      await state.set('scope:with:colons', odd);
      expect(
        await state.get(
          'scope:with:colons',
          odd.map((entry) => entry.userId),
        ),
      ).toEqual(odd.map((entry) => entry.fingerprint));
      expect(await state.get('scope:with', ['colons:user:42', 'user:4', 'USER'])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('lands both of two concurrent sets of different users', async () => {
      const state = await store();
      const left = entries('left-', 3000);
      const right = entries('right-', 3000);
      await Promise.all([state.set('project-a', left), state.set('project-a', right)]);
      const all = [...left, ...right];
      expect(
        await state.get(
          'project-a',
          all.map((entry) => entry.userId),
        ),
      ).toEqual(all.map((entry) => entry.fingerprint));
    });

    it('answers concurrent gets each with its own users', async () => {
      const state = await store();
      const some = entries('c-', 2000);
      await state.set('project-a', some);
      const [first, second] = await Promise.all([
        state.get('project-a', ['c-1', 'c-2', 'none']),
        state.get('project-a', ['c-1999', 'c-0']),
      ]);
      expect(first).toEqual(['fp-c-1', 'fp-c-2', undefined]);
      expect(second).toEqual(['fp-c-1999', 'fp-c-0']);
    });
  });
}
