/**
 * A small terminal model for the CLI tests: the bytes a program wrote to a pseudo-terminal go in;
 * the lines the terminal shows come out, with every line that ran past the right edge and wrapped.
 */

/** What a terminal of some width shows after a program's output. */
export interface Screen {
  /** The lines shown, top to bottom, trailing spaces removed. */
  readonly lines: string[];
  /** Every line that was written past the last column and wrapped onto the next one, as written. */
  readonly wrapped: string[];
}

/**
 * Plays `output` on a terminal `width` columns wide with automatic wrapping, as xterm does: printable
 * characters, `\r`, `\n`, `\b`, and the CSI sequences for erasing (`K`, `J`) and moving the cursor
 * (`A`, `B`, `C`, `D`, `G`); other escape sequences (colours, cursor visibility) change nothing shown.
 */
export function playTerminal(output: string, width: number): Screen {
  const rows: string[][] = [[]];
  const wrapped: string[] = [];
  let row = 0;
  let col = 0;
  const line = () => {
    while (rows.length <= row) rows.push([]);
    return rows[row] as string[];
  };
  const chars = [...output];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] as string;
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row += 1;
      col = 0;
    } else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\x1b') {
      if (chars[i + 1] !== '[') {
        i += 1;
        continue;
      }
      let end = i + 2;
      while (end < chars.length && !/[@-~]/.test(chars[end] as string)) end += 1;
      const params = chars.slice(i + 2, end).join('');
      const n = Number.parseInt(params.replace(/^\?/, ''), 10);
      const command = chars[end];
      i = end;
      if (params.startsWith('?')) continue;
      const current = line();
      if (command === 'K') {
        if (params === '2') current.length = 0;
        else if (params === '1') current.fill(' ', 0, col + 1);
        else current.length = Math.min(current.length, col);
      } else if (command === 'J') {
        current.length = Math.min(current.length, col);
        rows.length = row + 1;
      } else if (command === 'A') row = Math.max(0, row - (n || 1));
      else if (command === 'B') row += n || 1;
      else if (command === 'C') col = Math.min(width - 1, col + (n || 1));
      else if (command === 'D') col = Math.max(0, col - (n || 1));
      else if (command === 'G') col = (n || 1) - 1;
    } else if (ch >= ' ') {
      if (col >= width) {
        wrapped.push(line().join(''));
        row += 1;
        col = 0;
      }
      const current = line();
      while (current.length < col) current.push(' ');
      current[col] = ch;
      col += 1;
    }
  }
  const lines = rows.map((cells) => cells.join('').trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { lines, wrapped };
}
