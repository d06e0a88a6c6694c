import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStoreError } from '../../src/index.js';
import { createLmdbState, type LmdbState } from '../../src/lmdb/index.js';
import { describeStateContract } from '../state/contract.js';
import { tempDir } from './support.js';

describeStateContract('createLmdbState', async ({ scope }) => {
  const dir = tempDir('lmdb-contract');
  const state = createLmdbState({ path: join(dir.path, 'state'), ...(scope === undefined ? {} : { scope }) });
  return {
    state,
    cleanup: async () => {
      await state.close();
      dir.remove();
    },
  };
});

describeStateContract('createLmdbState with durable: false', async ({ scope }) => {
  const dir = tempDir('lmdb-contract');
  const state = createLmdbState({
    path: dir.path,
    durable: false,
    ...(scope === undefined ? {} : { scope }),
  });
  return {
    state,
    cleanup: async () => {
      await state.close();
      dir.remove();
    },
  };
});

describe('createLmdbState', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const dir = (): string => {
    const made = tempDir('lmdb');
    cleanups.push(made.remove);
    return made.path;
  };
  const open = (path: string): LmdbState => {
    const state = createLmdbState({ path });
    cleanups.push(() => state.close());
    return state;
  };
  const rejection = async (promise: Promise<unknown>): Promise<StateStoreError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StateStoreError);
    return error as StateStoreError;
  };

  it('keeps fingerprints across a close and a reopen of the directory', async () => {
    const path = join(dir(), 'state');
    const first = createLmdbState({ path });
    await first.set('project', [{ userId: 'u1', fingerprint: '0123456789abcdef' }]);
    await first.close();
    expect(await open(path).get('project', ['u1', 'u2'])).toEqual(['0123456789abcdef', undefined]);
  });

  it('makes a directory even when the path looks like a file name', async () => {
    const path = join(dir(), 'state.db');
    await open(path).set('project', [{ userId: 'u1', fingerprint: 'f' }]);
    expect(statSync(path).isDirectory()).toBe(true);
    expect(statSync(join(path, 'data.mdb')).isFile()).toBe(true);
  });

  it('is named after its path', () => {
    expect(open('./some/state').name).toBe('lmdb at ./some/state');
  });

  it('rejects a path that is a file, naming the store and the path', async () => {
    const path = join(dir(), 'a-file');
    writeFileSync(path, 'not a directory');
    const error = await rejection(open(path).get('project', ['u1']));
    expect(error.store).toBe(`lmdb at ${path}`);
    expect(error.message).toContain(`${path} is not a directory`);
    expect(error.retryable).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('not a directory');
  });

  it('rejects a path beneath a file', async () => {
    const file = join(dir(), 'a-file');
    writeFileSync(file, 'x');
    const error = await rejection(open(join(file, 'state')).set('p', [{ userId: 'u', fingerprint: 'f' }]));
    expect(error.message).toMatch(/lmdb at .*a-file\/state.*ENOTDIR/);
  });

  it.each([
    ['garbage', Buffer.from('this is not an LMDB file '.repeat(400)), 'it is not an LMDB data file'],
    ['one byte', Buffer.from('x'), 'it is not an LMDB data file'],
    ['zeros', Buffer.alloc(16_384), 'it is not an LMDB data file'],
  ])('rejects a data.mdb that holds %s, without crashing the process', async (_, bytes, problem) => {
    const path = dir();
    writeFileSync(join(path, 'data.mdb'), bytes);
    const error = await rejection(open(path).get('project', ['u1']));
    expect(error.store).toBe(`lmdb at ${path}`);
    expect(error.message).toContain(`${join(path, 'data.mdb')} is not a readable LMDB database: ${problem}`);
  });

  it('rejects a data.mdb that was cut short, without crashing the process', async () => {
    const path = dir();
    const writer = createLmdbState({ path });
    await writer.set(
      'project',
      Array.from({ length: 5000 }, (_, i) => ({
        userId: `user-${i}`,
        fingerprint: `${i}`.padStart(16, '0'),
      })),
    );
    await writer.close();
    const data = readFileSync(join(path, 'data.mdb'));
    const cuts: Array<[number, string]> = [
      [100, 'it is not an LMDB data file'],
      [4096, 'its second meta page is missing or damaged'],
      [data.length - 4096, 'it was cut short'],
    ];
    for (const [keep, problem] of cuts) {
      const cut = join(dir(), 'cut');
      mkdirSync(cut);
      writeFileSync(join(cut, 'data.mdb'), data.subarray(0, keep));
      const error = await rejection(open(cut).get('project', ['user-1']));
      expect(error.message).toContain(`is not a readable LMDB database: ${problem}`);
    }
  });

  it('rejects calls after close()', async () => {
    const state = createLmdbState({ path: dir() });
    await state.set('p', [{ userId: 'u', fingerprint: 'f' }]);
    await state.close();
    await state.close();
    const error = await rejection(state.get('p', ['u']));
    expect(error.message).toContain('used after close()');
  });

  it('rejects a userId too long for an LMDB key, naming the store', async () => {
    const state = open(dir());
    const error = await rejection(state.set('p', [{ userId: 'x'.repeat(3000), fingerprint: 'f' }]));
    expect(error.message).toMatch(/could not record fingerprints/);
  });

  it('checks its options', () => {
    expect(() => createLmdbState({ path: '' })).toThrow(/path must be a non-empty string/);
    expect(() => createLmdbState({} as never)).toThrow(/path must be a non-empty string/);
    expect(() => createLmdbState({ path: 'x', scope: '' })).toThrow(/scope must be a non-empty string/);
    expect(() => createLmdbState({ path: 'x', durable: 'yes' as never })).toThrow(
      /durable must be true or false/,
    );
  });
});

describe('createLmdbState in a process that', () => {
  const script = join(import.meta.dirname, 'open-state.ts');
  /** Runs open-state.ts on `path`; `unprivileged` takes root's power to read any file away first. */
  const child = (flags: string[], path: string, unprivileged = false): Record<string, unknown> => {
    const node = [process.execPath, ...flags, script, path];
    // Root reads every directory whatever its mode. setpriv (util-linux) drops the two capabilities
    // that allow it, so the child sees what any other user would, and still reads the repository.
    const command =
      unprivileged && process.getuid?.() === 0
        ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', ...node]
        : node;
    const out = execFileSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').at(-1) as string);
  };

  it('has no lmdb package says which package to install', () => {
    const made = tempDir('lmdb-missing');
    try {
      const hide = join(import.meta.dirname, 'hide-lmdb.mjs');
      const result = child(['--import', 'tsx', '--import', hide], made.path);
      expect(result.name).toBe('StateStoreError');
      expect(result.store).toBe(`lmdb at ${made.path}`);
      expect(result.message).toContain("needs the package 'lmdb'");
      expect(result.message).toContain('npm install lmdb');
    } finally {
      made.remove();
    }
  });

  it('may not read the directory says permission denied, naming the store', () => {
    const made = tempDir('lmdb-denied');
    try {
      writeFileSync(join(made.path, 'data.mdb'), '');
      execFileSync('chmod', ['000', made.path]);
      const result = child(['--import', 'tsx'], made.path, true);
      expect(result.name).toBe('StateStoreError');
      expect(result.store).toBe(`lmdb at ${made.path}`);
      expect(result.message).toMatch(/permission denied/i);
    } finally {
      execFileSync('chmod', ['700', made.path]);
      made.remove();
    }
  });
});
