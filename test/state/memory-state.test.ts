import { expect, it } from 'vitest';
import { createMemoryState } from '../../src/index.js';
import { describeStateContract } from './contract.js';

describeStateContract('createMemoryState', async ({ scope }) => ({
  state: createMemoryState(scope === undefined ? {} : { scope }),
}));

it('names itself memory', () => {
  expect(createMemoryState().name).toBe('memory');
});

it('rejects an own scope that is not a non-empty string, naming the option', () => {
  expect(() => createMemoryState({ scope: '' })).toThrow(/scope must be a non-empty string/);
  expect(() => createMemoryState({ scope: 42 as unknown as string })).toThrow(/scope .*got 42/);
});

it('keeps two memory states apart', async () => {
  const one = createMemoryState();
  const two = createMemoryState();
  await one.set('p', [{ userId: 'u', fingerprint: 'f' }]);
  expect(await two.get('p', ['u'])).toEqual([undefined]);
});
