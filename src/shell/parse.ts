/**
 * A small POSIX-shell subset: words with quotes and escapes, $VAR and ${VAR}, `VAR=x cmd`
 * prefixes, `;` `&&` `||`, pipes, `>`/`>>` redirection and here-documents (`<<EOF` / `<<'EOF'`).
 * Enough for the commands in lessons and the kubernetes.io docs; anything else is a clear error.
 */
export interface SimpleCommand {
  argv: string[];
  /** Leading VAR=value assignments. */
  env: Record<string, string>;
  redirect?: { path: string; append: boolean };
  /** Here-document body, fed to the command's stdin. */
  stdin?: string;
}

export interface Pipeline {
  commands: SimpleCommand[];
}

/** A list of pipelines joined by operators; `op` is how this one relates to the previous. */
export interface CommandList {
  items: { op: ';' | '&&' | '||'; pipeline: Pipeline }[];
}

export class ShellSyntaxError extends Error {}

type Token = { kind: 'word'; value: string; quoted: boolean } | { kind: 'op'; value: ';' | '&&' | '||' | '|' | '>' | '>>' | '<<' };

function tokenize(line: string, vars: Record<string, string>): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word = '';
  let inWord = false;
  let quoted = false;
  const flush = () => {
    if (inWord) out.push({ kind: 'word', value: word, quoted });
    word = '';
    inWord = false;
    quoted = false;
  };
  const expandVar = (): string => {
    if (line[i + 1] === '{') {
      const end = line.indexOf('}', i);
      if (end < 0) throw new ShellSyntaxError('bad substitution');
      const name = line.slice(i + 2, end);
      i = end + 1;
      return vars[name] ?? '';
    }
    if (line[i + 1] === '(') throw new ShellSyntaxError('command substitution $(...) is not supported here; paste the value instead');
    if (line[i + 1] === '?') {
      i += 2;
      return vars['?'] ?? '0';
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1));
    if (!m) {
      i++;
      return '$';
    }
    i += 1 + m[0].length;
    return vars[m[0]] ?? '';
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unexpected EOF while looking for matching `\'\'');
      word += line.slice(i + 1, end);
      inWord = true;
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      quoted = true;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          word += expandVar();
        } else {
          word += line[i];
          i++;
        }
      }
      if (i >= line.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
      i++;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === '`') {
      throw new ShellSyntaxError('command substitution `...` is not supported here; paste the value instead');
    } else if (c === '$') {
      word += expandVar();
      inWord = true;
    } else if (c === ';' || c === '|' || c === '&' || c === '>' || c === '<') {
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '>>' || two === '<<') {
        out.push({ kind: 'op', value: two });
        i += 2;
      } else if (c === '&') {
        throw new ShellSyntaxError('background jobs (&) are not supported; open a second terminal tab instead');
      } else if (c === '<') {
        throw new ShellSyntaxError('input redirection (<) is not supported; use a here-document (<<EOF)');
      } else {
        out.push({ kind: 'op', value: c as ';' | '|' | '>' });
        i++;
      }
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  flush();
  return out;
}

/**
 * Parses a command line. `text` may span several lines when it carries here-document bodies:
 * the first line is the command; the body follows until the delimiter line.
 */
export function parseCommandLine(text: string, vars: Record<string, string>): CommandList {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const rest = lines.slice(1);
  const tokens = tokenize(first, vars);
  const list: CommandList = { items: [] };
  let op: ';' | '&&' | '||' = ';';
  let pipeline: Pipeline = { commands: [] };
  let cmd: SimpleCommand = { argv: [], env: {} };
  const endCommand = () => {
    if (cmd.argv.length === 0 && Object.keys(cmd.env).length === 0) {
      if (cmd.redirect || cmd.stdin !== undefined) throw new ShellSyntaxError('syntax error: missing command');
      return false;
    }
    pipeline.commands.push(cmd);
    cmd = { argv: [], env: {} };
    return true;
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind === 'word') {
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(tok.value);
      if (assign && cmd.argv.length === 0 && !tok.quoted) cmd.env[assign[1]!] = assign[2]!;
      else cmd.argv.push(tok.value);
      continue;
    }
    if (tok.value === '>' || tok.value === '>>') {
      const target = tokens[++t];
      if (!target || target.kind !== 'word') throw new ShellSyntaxError(`syntax error near unexpected token \`newline'`);
      cmd.redirect = { path: target.value, append: tok.value === '>>' };
    } else if (tok.value === '<<') {
      const delimTok = tokens[++t];
      if (!delimTok || delimTok.kind !== 'word') throw new ShellSyntaxError(`syntax error near unexpected token \`newline'`);
      const delim = delimTok.value.replace(/^-/, '');
      const end = rest.findIndex((l) => l.trim() === delim);
      if (end < 0) throw new ShellSyntaxError(`here-document delimited by end-of-file (wanted \`${delim}')`);
      cmd.stdin = rest.slice(0, end).join('\n') + (end > 0 ? '\n' : '');
      rest.splice(0, end + 1);
    } else if (tok.value === '|') {
      if (!endCommand()) throw new ShellSyntaxError("syntax error near unexpected token `|'");
    } else {
      endCommand();
      if (pipeline.commands.length === 0) throw new ShellSyntaxError(`syntax error near unexpected token \`${tok.value}'`);
      list.items.push({ op, pipeline });
      op = tok.value as ';' | '&&' | '||';
      pipeline = { commands: [] };
    }
  }
  endCommand();
  if (pipeline.commands.length > 0) list.items.push({ op, pipeline });
  else if (op !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  if (rest.some((l) => l.trim() !== '')) {
    // More lines without a here-document: run them as further commands.
    const more = parseCommandLine(rest.join('\n'), vars);
    for (const [i, item] of more.items.entries()) list.items.push(i === 0 ? { ...item, op: ';' } : item);
  }
  return list;
}

/** Splits `--flag=value` / `--flag value` / `-w json` style arguments (cobra/pflag rules). */
export interface ParsedFlags {
  positional: string[];
  flags: Record<string, string | true>;
}

export function parseFlags(args: string[], takesValue: ReadonlySet<string>, shortToLong: Record<string, string> = {}): ParsedFlags | { error: string } {
  const out: ParsedFlags = { positional: [], flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') || (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a))) {
      const isLong = a.startsWith('--');
      const body = a.slice(isLong ? 2 : 1);
      const eq = body.indexOf('=');
      let name = eq >= 0 ? body.slice(0, eq) : body;
      if (!isLong && eq < 0 && body.length > 1) {
        // -oyaml, -nkube-system: a short flag with its value attached.
        const long = shortToLong[body[0]!];
        if (long && takesValue.has(long)) {
          out.flags[long] = body.slice(1);
          continue;
        }
      }
      if (!isLong) {
        const long = shortToLong[name];
        if (!long) return { error: `unknown shorthand flag: '${name[0]}' in ${a}` };
        name = long;
      }
      if (takesValue.has(name)) {
        if (eq >= 0) out.flags[name] = body.slice(eq + 1);
        else {
          const v = args[i + 1];
          if (v === undefined) return { error: `flag needs an argument: ${a}` };
          out.flags[name] = v;
          i++;
        }
      } else {
        out.flags[name] = eq >= 0 ? body.slice(eq + 1) : true;
      }
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

/**
 * Splits a script into command lines, keeping a here-document's body with its command
 * (`kubectl apply -f - <<EOF` ... `EOF`), and joining lines that end in a backslash.
 */
export function splitScript(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const heredoc = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/.exec(line);
    if (heredoc) {
      const delim = heredoc[1]!;
      const body: string[] = [];
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== delim) body.push(lines[++i]!);
      if (i + 1 < lines.length) i++;
      out.push([line, ...body, delim].join('\n'));
    } else out.push(line);
  }
  return out;
}
