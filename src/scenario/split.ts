/**
 * Splits a block of commands (a YAML block string, a script on stdin) into command lines, the
 * way the shell will run them: one command per line, blank and `#` comment lines dropped, a
 * trailing backslash joining the next line, and a here-document's body (up to its delimiter
 * line) kept with the command that opened it, as one string containing newlines.
 *
 * The delimiter line is matched after trimming, as src/shell/parse.ts does when it runs the
 * command, so what the splitter keeps together is exactly what the shell reads as one body.
 */

export interface SplitResult {
  commands: string[];
  /** Delimiters of here-documents that reached the end of the block without their closing line. */
  unterminated: string[];
}

export function splitCommands(block: string): string[] {
  return splitCommandsChecked(block).commands;
}

export function splitCommandsChecked(block: string): SplitResult {
  const lines = block.split('\n').map((l) => l.replace(/\r$/, ''));
  const commands: string[] = [];
  const unterminated: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let line = lines[i++]!;
    // bash removes backslash-newline before anything else, so a continued line is one command.
    while (line.endsWith('\\') && i < lines.length) line = line.slice(0, -1) + lines[i++]!;
    line = line.trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = [line];
    for (const delimiter of heredocDelimiters(line)) {
      const end = findDelimiter(lines, i, delimiter);
      if (end < 0) {
        unterminated.push(delimiter);
        body.push(...lines.slice(i));
        i = lines.length;
        continue;
      }
      body.push(...lines.slice(i, end + 1));
      i = end + 1;
    }
    commands.push(body.join('\n'));
  }
  return { commands, unterminated };
}

function findDelimiter(lines: string[], from: number, delimiter: string): number {
  for (let j = from; j < lines.length; j++) if (lines[j]!.trim() === delimiter) return j;
  return -1;
}

/**
 * The delimiters of the here-documents a command line opens, in order (`<<EOF`, `<<-EOF`,
 * `<< 'EOF'`, `<<"EOF"`). Quotes are tracked so `echo "a <<b"` opens none; `<<<` (a here-string)
 * and anything after an unquoted `#` comment are ignored.
 */
export function heredocDelimiters(line: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') k++;
      continue;
    }
    if (ch === '\\') k++;
    else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (k === 0 || /\s/.test(line[k - 1]!))) break;
    else if (line.startsWith('<<', k)) {
      if (line[k + 2] === '<') {
        k += 2;
        continue;
      }
      const m = /^<<-?\s*(?:'([^']*)'|"([^"]*)"|([^\s;&|<>'"]+))/.exec(line.slice(k));
      if (!m) continue;
      out.push((m[1] ?? m[2] ?? m[3])!);
      k += m[0].length - 1;
    }
  }
  return out;
}
