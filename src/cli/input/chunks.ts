/**
 * The chunks of a byte stream, as Buffers. Reading is pulled by the consumer, so the stream's own
 * buffering bounds the memory held, however large the input.
 */
export async function* byteChunks(
  stream: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** UTF-8 text from byte chunks, never splitting a character between chunks; a leading BOM is dropped. */
export async function* utf8Text(chunks: AsyncIterable<Buffer>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** One line of text, without its line break. */
export interface TextLine {
  /** The line's number, from 1. */
  readonly line: number;
  /** Its text; empty when `oversized`. */
  readonly text: string;
  /** Its length in UTF-8 bytes, line break included. */
  readonly bytes: number;
  /** Whether it was longer than the limit (its text was dropped). */
  readonly oversized: boolean;
}

/**
 * Splits text chunks into lines (`\n` or `\r\n`). A line longer than `maxChars` is not kept in
 * memory: it is yielded with `oversized: true` and no text, so a file without line breaks cannot
 * exhaust memory.
 */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  maxChars: number,
): AsyncGenerator<TextLine, void, undefined> {
  let pending = '';
  let pendingBytes = 0;
  let oversized = false;
  let line = 1;
  const take = (piece: string) => {
    pendingBytes += Buffer.byteLength(piece);
    if (oversized) return;
    if (pending.length + piece.length > maxChars) {
      oversized = true;
      pending = '';
    } else pending += piece;
  };
  const emit = (withBreak: boolean): TextLine => {
    const text = oversized ? '' : pending.endsWith('\r') ? pending.slice(0, -1) : pending;
    const result = { line, text, bytes: pendingBytes + (withBreak ? 1 : 0), oversized };
    pending = '';
    pendingBytes = 0;
    oversized = false;
    line += 1;
    return result;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      take(chunk.slice(start, end));
      yield emit(true);
      start = end + 1;
    }
    if (start < chunk.length) take(chunk.slice(start));
  }
  if (pending.length > 0 || oversized) yield emit(false);
}
