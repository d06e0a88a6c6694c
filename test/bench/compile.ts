import path from 'node:path';
import { BENCH_DIR, CACHE } from './paths.js';

const built = new Map<string, Promise<string>>();

/** The variable through which `runWorker` hands a measured process the compiled stand-in script. */
export const STAND_IN_SCRIPT_VARIABLE = 'BENCH_STAND_IN_SCRIPT';

/** Compiles the script the stand-in process runs. */
export const compileStandIn = (): Promise<string> => compile('stand-in-process.ts');

/**
 * Compiles one script of this folder, with the folder's modules it imports, to plain JavaScript
 * (packages stay imports), and resolves with the file to run. Measured processes then run on bare
 * Node.js: no TypeScript loader thread, no transform cache, nothing in their memory or CPU profile
 * that a user's process would not have.
 */
export function compile(script: string): Promise<string> {
  let file = built.get(script);
  if (file === undefined) {
    const outfile = path.join(CACHE, 'scripts', script.replace(/\.ts$/, '.mjs'));
    // Loaded when first needed: a measured process that is handed its scripts compiled never loads
    // the compiler (see `standInScript` in stand-in.ts).
    file = import('esbuild')
      .then(({ build }) =>
        build({
          entryPoints: [path.join(BENCH_DIR, script)],
          outfile,
          bundle: true,
          packages: 'external',
          platform: 'node',
          format: 'esm',
          target: 'node20',
          logLevel: 'warning',
        }),
      )
      .then(() => outfile);
    built.set(script, file);
  }
  return file;
}
