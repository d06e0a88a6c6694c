import { fstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError } from '../cli-error.js';
import { byteChunks } from './chunks.js';
import type { InputFormat } from './record.js';

/** An input opened for reading, and what is known about it before reading. */
export interface OpenedInput {
  /** The file's path as given, or `stdin`. */
  readonly label: string;
  /** The format the input is read as. */
  readonly format: InputFormat;
  /** How the format was chosen: `--format`, the file's extension, or the first character of the input. */
  readonly formatFrom: 'option' | 'extension' | 'content';
  /** The input's size in bytes when known (a file, or stdin redirected from a file). */
  readonly totalBytes: number | undefined;
  /** The input's bytes, read as they are consumed; ending the iteration early closes the input. */
  readonly chunks: AsyncIterable<Buffer>;
}

const EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.json': 'json',
};

/** The format a file's extension names, if any. */
export function formatOfExtension(path: string): InputFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/**
 * The format the input's first character suggests: `[` a JSON array, `{` NDJSON, anything else CSV
 * (a header row). A leading BOM and blank space are skipped.
 */
export function formatOfContent(start: Buffer): InputFormat {
  const text = start
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{') || text === '') return 'ndjson';
  return 'csv';
}

function describeOpenError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
  return `cannot read ${path}: ${reason}`;
}

function emptyIterator(): AsyncIterator<Buffer> {
  return { next: async () => ({ done: true, value: undefined }) };
}

/** Yields `first`, then the rest of `rest`. */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer, void, undefined> {
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/** Reads the first chunk that is not blank, to tell the format; the chunks are all yielded again. */
async function sniff(
  chunks: AsyncIterable<Buffer>,
): Promise<{ format: InputFormat; chunks: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      const all = Buffer.concat(seen);
      return { format: formatOfContent(all), chunks: prepend(all, emptyIterator()) };
    }
    seen.push(next.value);
    const start = Buffer.concat(seen);
    if (
      start
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim() !== ''
    ) {
      return { format: formatOfContent(start), chunks: prepend(start, iterator) };
    }
  }
}

/**
 * Opens a file, or stdin for `-`, without reading it into memory, and settles its format: `--format`
 * first, else the extension (`.ndjson`/`.jsonl`, `.csv`, `.json`), else the first character.
 *
 * @throws CliError (exit 2) when the file cannot be opened or stdin is a terminal.
 */
export async function openInput(
  path: string,
  explicit: InputFormat | undefined,
  stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean; readonly fd?: number },
): Promise<OpenedInput> {
  let label: string;
  let totalBytes: number | undefined;
  let chunks: AsyncIterable<Buffer>;
  if (path === '-') {
    if (stdin.isTTY) {
      throw new CliError(
        'stdin is a terminal: pipe the profiles in, e.g. `subsets-iterable sync - < profiles.ndjson`',
      );
    }
    label = 'stdin';
    try {
      const stat = fstatSync(stdin.fd ?? 0);
      if (stat.isFile()) totalBytes = stat.size;
    } catch {
      totalBytes = undefined;
    }
    chunks = byteChunks(stdin as AsyncIterable<Buffer | string>);
  } else {
    label = path;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw new CliError(describeOpenError(path, error), undefined, { cause: error });
    }
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      throw new CliError(`cannot read ${path}: it is a directory`);
    }
    if (stat.isFile()) totalBytes = stat.size;
    chunks = byteChunks(handle.createReadStream({ highWaterMark: 256 * 1024 }));
  }

  if (explicit !== undefined) return { label, format: explicit, formatFrom: 'option', totalBytes, chunks };
  const byExtension = path === '-' ? undefined : formatOfExtension(path);
  if (byExtension !== undefined)
    return { label, format: byExtension, formatFrom: 'extension', totalBytes, chunks };
  const sniffed = await sniff(chunks);
  return { label, format: sniffed.format, formatFrom: 'content', totalBytes, chunks: sniffed.chunks };
}
