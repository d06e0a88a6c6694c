import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory, and how to remove it. */
export function tempDir(name: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `subsets-iterable-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
