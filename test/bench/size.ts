import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { distDir, ROOT } from './paths.js';

/** The size of one built file, alone and with the local chunks it imports. */
export interface FileSize {
  readonly file: string;
  readonly bytes: number;
  /** The file plus every `./chunk-*.js` it imports, directly or not. */
  readonly withChunks: number;
  /** The file plus its chunks, gzipped. */
  readonly gzip: number;
}

/** The minified bundle of a consumer that imports `IterableClient`. */
export interface BundleSize {
  readonly bytes: number;
  readonly gzip: number;
  /** The packages that take the most of it, largest first. */
  readonly packages: readonly { readonly name: string; readonly bytes: number }[];
}

const LOCAL_IMPORT = /from\s*["'](\.\/[^"']+)["']|import\s*["'](\.\/[^"']+)["']/g;

/** The file and every local chunk it reaches, each once. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(LOCAL_IMPORT)) {
    closure(path.resolve(path.dirname(file), (match[1] ?? match[2]) as string), seen);
  }
  return seen;
}

/** Sizes of the built entry points. */
export function entrySizes(): FileSize[] {
  return ['index.js', 'index.cjs', 'testing.js', 'cli.js', 'redis.js'].map((name) => {
    const file = path.join(distDir(), name);
    const files = [...closure(file)];
    const all = Buffer.concat(files.map((each) => readFileSync(each)));
    return {
      file: `dist/${name}`,
      bytes: statSync(file).size,
      withChunks: all.length,
      gzip: gzipSync(all).length,
    };
  });
}

/** The package a bundled file comes from, named as in package.json. */
function packageOf(input: string, ownFiles: string): string {
  if (input.startsWith(ownFiles) || input === '<stdin>') return '@subsets/iterable';
  const inside = input.slice(input.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return inside
    .split('/')
    .slice(0, inside.startsWith('@') ? 2 : 1)
    .join('/');
}

/**
 * Bundles, minified, a consumer module that imports `IterableClient` from the built package, with
 * every dependency included (esbuild's JS API, as a consumer's bundler would).
 */
export async function consumerBundle(): Promise<BundleSize> {
  const entry = path.join(distDir(), 'index.js');
  const result = await build({
    stdin: {
      contents: `import { IterableClient } from ${JSON.stringify(entry)};\nexport const client = new IterableClient({ apiKey: process.env.KEY });\n`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const ownFiles = path.relative(ROOT, distDir());
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(
        packageOf(input, ownFiles),
        (byPackage.get(packageOf(input, ownFiles)) ?? 0) + bytesInOutput,
      );
    }
  }
  return {
    bytes: code.byteLength,
    gzip: gzipSync(code).length,
    packages: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}
