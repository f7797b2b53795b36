/**
 * Splits a block of commands (a YAML block string) into command lines. A line ending in `<<EOF`
 * (or `<<'EOF'`) starts a here-document whose body, up to the delimiter line, stays with it.
 */
export function splitCommandBlock(block: string): string[] {
  const out: string[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const heredoc = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$/.exec(line);
    if (!heredoc) {
      out.push(line);
      continue;
    }
    const body = [line];
    while (i + 1 < lines.length) {
      const next = lines[++i]!;
      body.push(next);
      if (next.trim() === heredoc[1]) break;
    }
    out.push(body.join('\n'));
  }
  return out;
}
