// Bundles tiny consumer scripts against the installed package, as a user's bundler would
// (esbuild --bundle --minify --platform=node), and holds each to its size budget.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Each consumer script and the most its minified bundle may weigh, in bytes. */
export const BUDGETS = [
  {
    name: 'IterableClient + syncProfiles',
    // 59,675 bytes today: p-retry (3.2 KB), the node:http and fetch transports, the sync's stages, the
    // state lookup, and the setup and check methods the client class carries.
    limit: 60_000,
    source: `import { IterableClient } from '@subsets/iterable';
const client = new IterableClient({ apiKey: process.env.ITERABLE_API_KEY });
const report = await client.syncProfiles([{ userId: 'u-1', churnRisk: 0.27 }]);
console.log(report.succeeded);
`,
  },
  {
    name: 'one error class',
    limit: 10_000,
    source: `import { IterableError } from '@subsets/iterable';
export const isIterableError = (error) => error instanceof IterableError;
`,
  },
  {
    name: 'SubsetsProfile (the zod schema)',
    limit: undefined,
    source: `import { SubsetsProfile } from '@subsets/iterable';
console.log(SubsetsProfile.safeParse({ userId: 'u-1', churnRisk: 0.27 }).success);
`,
  },
];

/** The package a bundled input comes from. */
function packageOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return '(consumer)';
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

/** Bundles each budgeted script in `consumer` (a project with the package installed). */
export async function measureBundles(consumer) {
  const rows = [];
  for (const budget of BUDGETS) {
    const result = await build({
      stdin: { contents: budget.source, resolveDir: consumer, sourcefile: 'consumer.mjs', loader: 'js' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: path.resolve(consumer),
    });
    const bytes = result.outputFiles[0].contents;
    const byPackage = new Map();
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
      }
    }
    const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 3);
    rows.push({
      bundle: budget.name,
      'minified (KB)': (bytes.length / 1000).toFixed(1),
      'gzip (KB)': (gzipSync(bytes).length / 1000).toFixed(1),
      'budget (KB)': budget.limit === undefined ? '-' : (budget.limit / 1000).toFixed(0),
      largest: largest.map(([name, size]) => `${name} ${(size / 1000).toFixed(1)}`).join(', '),
      over: budget.limit !== undefined && bytes.length > budget.limit,
    });
  }
  return rows;
}
