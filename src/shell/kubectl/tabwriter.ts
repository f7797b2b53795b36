/**
 * kubectl's column writer: Go text/tabwriter as k8s.io/cli-runtime pkg/printers/tabwriter.go
 * configures it (minwidth 6, padding 3, pad char ' ', v0.32.13). Cells are tab-terminated, so
 * the last cell of each row is never padded; every other column is as wide as its widest cell
 * plus 3, and at least 6. Widths count runes (utf8.RuneCount), not bytes.
 */

export const TABWRITER_MIN_WIDTH = 6;
export const TABWRITER_PADDING = 3;

const runeCount = (s: string): number => [...s].length;

/**
 * Lay out rows of cells. All rows are expected to have the same number of cells, as kubectl's
 * tables do; a shorter row simply ends early (its missing cells take no space).
 * Returns the text with a newline after every row.
 */
export function tabulate(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    // The last cell of a row is not followed by a tab: it does not size a column.
    for (let c = 0; c < row.length - 1; c++) {
      const w = Math.max(TABWRITER_MIN_WIDTH, runeCount(row[c]!) + TABWRITER_PADDING);
      widths[c] = Math.max(widths[c] ?? 0, w);
    }
  }
  return rows
    .map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell + ' '.repeat(widths[c]! - runeCount(cell)))).join('') + '\n')
    .join('');
}
