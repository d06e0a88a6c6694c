// Opens an LMDB state at argv[2] in this process, reads one user, and prints what happened as
// JSON: `{ ok: true }` or `{ name, store, message }` of the error. Lets the tests watch a process
// that cannot read the directory, or that has no lmdb package, from the outside.
import { createLmdbState } from '../../src/lmdb/index.js';

const state = createLmdbState({ path: process.argv[2] as string });
try {
  await state.get('project', ['user-1']);
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  const { name, message, store } = error as { name: string; message: string; store?: string };
  console.log(JSON.stringify({ name, message, store }));
} finally {
  await state.close();
}
