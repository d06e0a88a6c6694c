import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of the samples. */
export interface HotFunction {
  /** Function name, `(anonymous)` when it has none; V8's own entries keep their parenthesised names. */
  readonly name: string;
  /** Where it is: a path relative to the repository or a package name, with its line. */
  readonly where: string;
  /** Self time, in milliseconds. */
  readonly selfMs: number;
  /** Self time as a share of the busy time (all samples but `(idle)`). */
  readonly share: number;
}

/** What a `.cpuprofile` says about where the time went. */
export interface ProfileSummary {
  /** Sampled time the thread was busy, in milliseconds. */
  readonly busyMs: number;
  /** The functions with the most self time, most first. */
  readonly top: readonly HotFunction[];
}

function place(url: string, line: number): string {
  if (url === '') return '';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const packageAt = file.lastIndexOf('/node_modules/');
  const shown =
    packageAt !== -1
      ? file.slice(packageAt + '/node_modules/'.length)
      : file.startsWith(ROOT)
        ? path.relative(ROOT, file)
        : file;
  return `${shown.replace(/^\.cache\/subsets-bench\//, '')}:${line + 1}`;
}

/** Sums each function's self time in a V8 CPU profile and lists the `limit` largest. */
export function summarizeProfile(file: string, limit = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, { name: string; where: string; ms: number }>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    // A sample's time is the gap until the next sample.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') return;
    busyMs += ms;
    const where = place(frame.url, frame.lineNumber);
    const key = `${frame.functionName} ${where}`;
    const entry = selfMs.get(key) ?? { name: frame.functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    selfMs.set(key, entry);
  });
  const top = [...selfMs.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
    .map(({ name, where, ms }) => ({ name, where, selfMs: ms, share: ms / busyMs }));
  return { busyMs, top };
}
