/**
 * Column alignment as Go's `text/tabwriter` does it with (minwidth 0, tabwidth 0, padding 2, padchar ' ',
 * flags 0) — the writer `kubectl argo rollouts get` uses (through juju/ansiterm) for its tree.
 *
 * Cells are tab-terminated; the text after a line's last tab is a trailing cell that never aligns. A column
 * is aligned over a block of consecutive lines that all have a tab-terminated cell in it, so a short line
 * splits the block (Go's recursive `format`). Widths count Unicode code points, as Go counts runes.
 */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function alignTabs(text: string, padding = 2): string {
  const rawLines = text.split('\n');
  const endsWithNewline = rawLines.length > 0 && rawLines[rawLines.length - 1] === '';
  if (endsWithNewline) rawLines.pop();
  const lines = rawLines.map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      let s = '';
      lines[i].forEach((cell, j) => {
        s += cell;
        if (j < widths.length && j < lines[i].length - 1) s += ' '.repeat(Math.max(0, widths[j] - width(cell)));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = 0;
      for (; cur < line1; cur++) {
        if (column >= lines[cur].length - 1) break;
        w = Math.max(w, width(lines[cur][column]) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
