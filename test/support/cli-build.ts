import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The built CLI the tests run. */
export const CLI = join(ROOT, 'dist/cli.js');

/**
 * Builds the package once when `dist/cli.js` is missing (`npm test` builds before it tests). Test
 * files run in parallel, so the first one to take the lock directory builds and the others wait for
 * it: no two builds ever write `dist/` at once.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(CLI)) return;
  const key = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `subsets-iterable-cli-build-${key}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(CLI)) return;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
  try {
    if (!existsSync(CLI)) execFileSync('npx', ['tsup'], { cwd: ROOT, stdio: 'ignore' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
