// Runs every examples/*.ts as a user would: with tsx, importing `@subsets/iterable` through the
// package's own `exports` (so from dist/: run `npm run build` first), against the local stand-in
// (ITERABLE_API_KEY and the other ITERABLE_* settings are removed from the environment).
// Prints one line per example, the output of those that failed, and a closing `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examplesDir = join(root, 'examples');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TIMEOUT_MS = 60_000;

for (const built of ['dist/index.js', 'dist/testing.js']) {
  if (!existsSync(join(root, built))) {
    console.error(`${built} is missing: the examples import the built package. Run npm run build first.`);
    process.exit(1);
  }
}

const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.ts'))
  .sort();
if (examples.length === 0) {
  console.error('no examples found in examples/');
  process.exit(1);
}

const env = { ...process.env };
for (const name of ['ITERABLE_API_KEY', 'ITERABLE_BASE_URL', 'ITERABLE_REGION']) delete env[name];
// examples/tsconfig.json has no `paths`, so tsx resolves `@subsets/iterable` the way Node does for a
// user: through package.json `exports` (a self-reference from inside the package) to dist/.
env.TSX_TSCONFIG_PATH = join(examplesDir, 'tsconfig.json');

/** Runs one example; resolves to its exit code (or the reason it has none) and its output. */
function run(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    // Its own process group, so that a timeout ends tsx and the node process it starts.
    const child = spawn(process.execPath, [tsx, file], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      output += `${error.stack ?? error}\n`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      let problem;
      if (timedOut) problem = `timed out after ${TIMEOUT_MS / 1000} s`;
      else if (code !== 0) problem = code === null ? `killed by ${signal}` : `exit code ${code}`;
      resolve({ problem, seconds, output });
    });
  });
}

let passed = 0;
let failed = 0;
for (const name of examples) {
  const file = join(examplesDir, name);
  const { problem, seconds, output } = await run(file);
  const shown = relative(root, file);
  if (problem === undefined) {
    passed += 1;
    console.log(`ok    ${shown} (${seconds} s)`);
  } else {
    failed += 1;
    console.log(`FAIL  ${shown}: ${problem} (${seconds} s)`);
    const text = output.trimEnd();
    if (text !== '') console.log(text.replace(/^/gm, '      '));
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
