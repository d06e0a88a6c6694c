/** The EXAMPLES section that ends each command's `--help`: pairs of what and how go in, the text comes out. */

/** `--help`'s EXAMPLES section: each example as a comment line and the command under it. */
export function examples(items: readonly (readonly [what: string, command: string])[]): string {
  return `\nEXAMPLES\n${items.map(([what, command]) => `  # ${what}\n  $ ${command}`).join('\n\n')}\n`;
}
