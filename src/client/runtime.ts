interface RuntimeGlobals {
  readonly process?: { readonly release?: { readonly name?: unknown }; readonly versions?: object };
  readonly Bun?: unknown;
  readonly Deno?: unknown;
}

/**
 * Whether this is Node.js itself, not a runtime that imitates it: Bun and Deno both define a
 * `process` with `versions.node`, so that alone does not tell.
 */
export function isNodeRuntime(): boolean {
  const g = globalThis as RuntimeGlobals;
  const versions = g.process?.versions;
  return (
    g.process?.release?.name === 'node' &&
    g.Bun === undefined &&
    g.Deno === undefined &&
    versions !== undefined &&
    !('bun' in versions) &&
    !('deno' in versions)
  );
}
