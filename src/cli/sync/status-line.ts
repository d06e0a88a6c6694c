/**
 * A status line redrawn in place at the bottom of a terminal: it takes the line's parts and the
 * terminal's width and draws the parts that fit, with lines printed above it meanwhile.
 */

/** One part of a status line. */
export interface StatusPart {
  /**
   * The text, or `bar` (the fraction done) for a progress bar, drawn first and as wide as the room
   * the other parts leave.
   */
  readonly text: string | { readonly bar: number };
  /** Parts are dropped from the lowest rank up until the line fits; the highest one is never dropped. */
  readonly rank: number;
}

/** The narrowest and the widest a bar is drawn. */
const BAR_MIN = 10;
const BAR_MAX = 30;
const SEPARATOR = ' · ';

/** The number of terminal columns a text takes (the CLI's texts hold no wide characters). */
export function columns(text: string): number {
  return [...text].length;
}

function drawBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/**
 * The parts that fit in `width` columns, joined: the lowest-ranked parts are left out first; a bar
 * takes the room the others leave (at least 10 columns, else it is left out too). When even the
 * highest-ranked part alone is too wide, it is cut at a space and ends with `…`.
 */
export function fitParts(parts: readonly StatusPart[], width: number): string {
  const byRank = [...parts].sort((a, b) => a.rank - b.rank);
  for (let dropped = 0; dropped < byRank.length; dropped += 1) {
    const kept = new Set(byRank.slice(dropped));
    const shown = parts.filter((part) => kept.has(part));
    const texts = shown.filter((part) => typeof part.text === 'string').map((part) => part.text as string);
    const fixed = columns(texts.join(SEPARATOR));
    const bar = shown.find((part) => typeof part.text !== 'string');
    if (bar === undefined) {
      if (fixed <= width) return texts.join(SEPARATOR);
      continue;
    }
    const room = width - fixed - (texts.length > 0 ? 1 : 0);
    if (room < BAR_MIN) continue;
    const drawn = drawBar((bar.text as { readonly bar: number }).bar, Math.min(BAR_MAX, room));
    return texts.length > 0 ? `${drawn} ${texts.join(SEPARATOR)}` : drawn;
  }
  const last = byRank[byRank.length - 1];
  const text = typeof last?.text === 'string' ? last.text : '';
  return clip(text, width);
}

/** `text` cut to `width` columns at a space, ending with `…`. */
export function clip(text: string, width: number): string {
  if (columns(text) <= width) return text;
  const chars = [...text].slice(0, Math.max(0, width - 1));
  const space = chars.lastIndexOf(' ');
  return `${(space > 0 ? chars.slice(0, space) : chars).join('').trimEnd()}…`;
}

/** A terminal stream, with its width when it has one. */
export type TerminalStream = NodeJS.WritableStream & { readonly columns?: number };

/**
 * One line at the bottom of a terminal, redrawn in place (`\r`, erase line) at most every
 * `intervalMs`, never wider than the terminal (one column is left free, so the line never wraps).
 * Lines printed meanwhile go above it.
 */
export class StatusLine {
  readonly #stream: TerminalStream;
  readonly #intervalMs: number;
  #parts: readonly StatusPart[] | undefined;
  #drawn = false;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param stream - The terminal.
   * @param intervalMs - Least time between two redraws.
   */
  constructor(stream: TerminalStream, intervalMs = 200) {
    this.#stream = stream;
    this.#intervalMs = intervalMs;
  }

  /** The width a line may take: the terminal's columns less one (80 columns when not known). */
  get width(): number {
    const terminal = this.#stream.columns;
    return (typeof terminal === 'number' && terminal > 0 ? terminal : 80) - 1;
  }

  /** Shows new parts: at once, or when the interval since the last redraw has passed. */
  show(parts: readonly StatusPart[]): void {
    this.#parts = parts;
    const wait = this.#lastDraw + this.#intervalMs - performance.now();
    if (wait <= 0) this.#draw();
    else this.#timer ??= setTimeout(() => this.#draw(), wait);
  }

  /** Prints a line above the status line. */
  print(line: string): void {
    this.#stream.write(`${this.#drawn ? '\r\x1b[2K' : ''}${line}\n${this.#text()}`);
  }

  /** Draws the last parts and leaves them on screen, moving to the next line. */
  stop(): void {
    this.#cancel();
    if (this.#parts !== undefined) this.#stream.write(`\r\x1b[2K${this.#text(true)}\n`);
    this.#drawn = false;
  }

  /** Erases the status line, leaving the cursor at the start of the empty line. */
  clear(): void {
    this.#cancel();
    if (this.#drawn) this.#stream.write('\r\x1b[2K');
    this.#drawn = false;
  }

  #cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #text(force = false): string {
    if (this.#parts === undefined || (!this.#drawn && !force)) return '';
    return fitParts(this.#parts, this.width);
  }

  #draw(): void {
    this.#cancel();
    this.#lastDraw = performance.now();
    this.#drawn = true;
    this.#stream.write(`\r\x1b[2K${this.#text()}`);
  }
}
