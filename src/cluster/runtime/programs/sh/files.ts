/**
 * File utilities: cat, touch, rm, ls, mkdir, cp, mv, head, tail, grep, wc, tee, chmod, basename,
 * dirname. Messages follow busybox (the busybox, alpine and agnhost images) or GNU coreutils
 * (the Debian-based images), which word the same failure differently:
 *   busybox cat: `cat: can't open '/tmp/healthy': No such file or directory` (libbb/xfuncs: bb_perror_msg "can't open '%s'")
 *   coreutils cat: `cat: /tmp/healthy: No such file or directory`
 */
import { DEV_NULL, exists, isDir, isFile, listDir, makeDir, parentOf, readFile, removePath, resolvePath } from './fsutil.ts';
import { done, parseShortOptions, type UtilCtx, type UtilOutcome, type Utility } from './util.ts';

/** How often `tail -f` looks for new lines: busybox and coreutils poll once a second without inotify. */
export const TAIL_FOLLOW_POLL_MS = 1000;

const gnu = (u: UtilCtx) => u.sh.flavor === 'gnu';
const enoent = 'No such file or directory';

function path(u: UtilCtx, p: string): string {
  return resolvePath(p, u.th.cwd);
}

/** `<tool>: can't open 'X': No such file or directory` in busybox's words or coreutils'. */
function cantOpen(u: UtilCtx, tool: string, file: string, gnuForm: 'plain' | 'reading' = 'plain'): void {
  if (!gnu(u)) u.err(`${tool}: can't open '${file}': ${enoent}\n`);
  else if (gnuForm === 'reading') u.err(`${tool}: cannot open '${file}' for reading: ${enoent}\n`);
  else u.err(`${tool}: ${file}: ${enoent}\n`);
}

/** Reads the operands (or stdin for none / `-`); reports missing files; returns texts and status. */
function readInputs(u: UtilCtx, tool: string, files: string[], gnuForm: 'plain' | 'reading' = 'plain'): { texts: string[]; status: number } {
  if (files.length === 0) return { texts: [u.stdin()], status: 0 };
  const texts: string[] = [];
  let status = 0;
  for (const f of files) {
    if (f === '-') {
      texts.push(u.stdin());
      continue;
    }
    const p = path(u, f);
    const text = readFile(u.ctx.fs, p);
    if (text === undefined) {
      if (isDir(u.ctx.fs, p)) u.err(gnu(u) ? `${tool}: ${f}: Is a directory\n` : `${tool}: read error: Is a directory\n`);
      else cantOpen(u, tool, f, gnuForm);
      status = 1;
      continue;
    }
    texts.push(text);
  }
  return { texts, status };
}

const cat: Utility = {
  start(u, args) {
    const { rest } = parseShortOptions(args, '');
    const { texts, status } = readInputs(u, 'cat', rest);
    u.out(texts.join(''));
    return done(status);
  },
};

const touch: Utility = {
  start(u, args) {
    const { rest } = parseShortOptions(args, 'dtr');
    for (const f of rest) {
      const p = path(u, f);
      if (!isFile(u.ctx.fs, p) && !isDir(u.ctx.fs, p)) u.ctx.fs.files[p] = '';
    }
    return done(0);
  },
};

const rm: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args, '');
    const force = !!opts['f'];
    const recursive = !!(opts['r'] || opts['R']);
    let status = 0;
    for (const f of rest) {
      const p = path(u, f);
      if (isFile(u.ctx.fs, p) && p !== DEV_NULL) removePath(u.ctx.fs, p, false);
      else if (isDir(u.ctx.fs, p) && p !== '/') {
        if (!recursive) {
          u.err(gnu(u) ? `rm: cannot remove '${f}': Is a directory\n` : `rm: '${f}' is a directory\n`);
          status = 1;
        } else removePath(u.ctx.fs, p, true);
      } else if (!force) {
        u.err(gnu(u) ? `rm: cannot remove '${f}': ${enoent}\n` : `rm: can't remove '${f}': ${enoent}\n`);
        status = 1;
      }
    }
    return done(status);
  },
};

const ls: Utility = {
  start(u, args) {
    const { opts, rest, bad } = parseShortOptions(args, '', '1aAdFlhrt');
    if (bad || opts['l']) {
      u.shellErr(`k8sim does not model 'ls ${args.join(' ')}' yet (modelled: ls [-1aAdr] [PATH]...)`);
      return done(127);
    }
    const targets = rest.length ? rest : ['.'];
    let status = 0;
    const files: string[] = [];
    const dirs: string[] = [];
    for (const t of targets) {
      const p = path(u, t);
      if (isFile(u.ctx.fs, p) || (opts['d'] && isDir(u.ctx.fs, p))) files.push(t);
      else if (isDir(u.ctx.fs, p)) dirs.push(t);
      else {
        u.err(gnu(u) ? `ls: cannot access '${t}': ${enoent}\n` : `ls: ${t}: ${enoent}\n`);
        status = gnu(u) ? 2 : 1;
      }
    }
    let out = files.map((f) => `${f}\n`).join('');
    dirs.forEach((d, i) => {
      let names = listDir(u.ctx.fs, path(u, d)).filter((n) => opts['a'] || opts['A'] || !n.startsWith('.'));
      if (opts['a']) names = ['.', '..', ...names];
      if (opts['r']) names.reverse();
      if (targets.length > 1) out += `${i > 0 || files.length ? '\n' : ''}${d}:\n`;
      out += names.map((n) => `${n}\n`).join('');
    });
    u.out(out);
    return done(status);
  },
};

const mkdir: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args, 'm');
    let status = 0;
    for (const d of rest) {
      const p = path(u, d);
      if (opts['p']) {
        makeDir(u.ctx.fs, p);
        continue;
      }
      if (exists(u.ctx.fs, p)) {
        u.err(gnu(u) ? `mkdir: cannot create directory '${d}': File exists\n` : `mkdir: can't create directory '${d}': File exists\n`);
        status = 1;
      } else if (!isDir(u.ctx.fs, parentOf(p))) {
        u.err(gnu(u) ? `mkdir: cannot create directory '${d}': ${enoent}\n` : `mkdir: can't create directory '${d}': ${enoent}\n`);
        status = 1;
      } else makeDir(u.ctx.fs, p);
    }
    return done(status);
  },
};

function copy(u: UtilCtx, tool: 'cp' | 'mv', args: string[]): UtilOutcome {
  const { rest } = parseShortOptions(args, '');
  if (rest.length < 2) {
    u.err(gnu(u) ? `${tool}: missing destination file operand after '${rest[0] ?? ''}'\n` : `${tool}: missing file operand\n`);
    return done(1);
  }
  const dest = path(u, rest[rest.length - 1]!);
  let status = 0;
  for (const src of rest.slice(0, -1)) {
    const from = path(u, src);
    const fs = u.ctx.fs;
    if (!exists(fs, from)) {
      u.err(gnu(u) ? `${tool}: cannot stat '${src}': ${enoent}\n` : `${tool}: can't stat '${src}': ${enoent}\n`);
      status = 1;
      continue;
    }
    const target = isDir(fs, dest) ? `${dest === '/' ? '' : dest}/${from.slice(from.lastIndexOf('/') + 1)}` : dest;
    if (isFile(fs, from)) fs.files[target] = fs.files[from] ?? '';
    else for (const k of Object.keys(fs.files)) if (k.startsWith(`${from}/`)) fs.files[`${target}${k.slice(from.length)}`] = fs.files[k]!;
    if (tool === 'mv') removePath(fs, from, true);
  }
  return done(status);
}

const cp: Utility = { start: (u, args) => copy(u, 'cp', args) };
const mv: Utility = { start: (u, args) => copy(u, 'mv', args) };

function lineCount(args: Record<string, string | true>, fallback: number): number {
  const n = args['n'];
  return typeof n === 'string' ? Math.abs(parseInt(n.replace(/^\+/, ''), 10)) : fallback;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const head: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)), 'nc');
    const { texts, status } = readInputs(u, 'head', rest, 'reading');
    const n = lineCount(opts, 10);
    for (const t of texts) u.out(splitLines(t).slice(0, n).map((l) => `${l}\n`).join(''));
    return done(status);
  },
};

const tail: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a)), 'nc', 'fFnqsc');
    const n = lineCount(opts, 10);
    const follow = !!(opts['f'] || opts['F']);
    const { texts, status } = readInputs(u, 'tail', rest, 'reading');
    for (const t of texts) u.out((n === 0 ? [] : splitLines(t).slice(-n)).map((l) => `${l}\n`).join(''));
    if (!follow) return done(status);
    const file = rest[0] !== undefined ? path(u, rest[0]) : null;
    // Following /dev/null or stdin never yields anything: the process just waits.
    if (file === null || file === DEV_NULL) return { block: { kind: 'idle' }, state: { u: 'tail', file: null, offset: 0 } };
    return { block: { kind: 'sleep', ms: TAIL_FOLLOW_POLL_MS }, state: { u: 'tail', file, offset: (readFile(u.ctx.fs, file) ?? '').length } };
  },
  cont(u, st) {
    if (st['file'] === null) return { block: { kind: 'idle' }, state: st };
    const text = readFile(u.ctx.fs, st['file'] as string) ?? '';
    const offset = st['offset'] as number;
    if (text.length > offset) u.out(text.slice(offset));
    // A truncated file starts over, as tail does ("file truncated").
    st['offset'] = text.length;
    return { block: { kind: 'sleep', ms: TAIL_FOLLOW_POLL_MS }, state: st };
  },
};

const grep: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args, 'em');
    const pattern = typeof opts['e'] === 'string' ? opts['e'] : rest.shift();
    if (pattern === undefined) {
      u.err(gnu(u) ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n" : 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n');
      return done(2);
    }
    let re: RegExp;
    try {
      const source = opts['F'] ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : opts['E'] ? pattern : pattern.replace(/\\([(){}|+?])/g, '$1');
      re = new RegExp(opts['w'] ? `\\b(?:${source})\\b` : opts['x'] ? `^(?:${source})$` : source, opts['i'] ? 'i' : '');
    } catch {
      u.err(`grep: bad regex '${pattern}'\n`);
      return done(2);
    }
    const missing = rest.filter((f) => f !== '-' && readFile(u.ctx.fs, path(u, f)) === undefined);
    for (const f of missing) u.err(`grep: ${f}: ${enoent}\n`);
    const sources = rest.length === 0 ? [{ name: '(standard input)', text: u.stdin() }] : rest.filter((f) => !missing.includes(f)).map((f) => ({ name: f, text: f === '-' ? u.stdin() : readFile(u.ctx.fs, path(u, f))! }));
    let matched = 0;
    let out = '';
    for (const s of sources) {
      let count = 0;
      for (const line of splitLines(s.text)) {
        if (re.test(line) === !opts['v']) {
          count++;
          if (!opts['q'] && !opts['c'] && !opts['l']) out += `${sources.length > 1 && !opts['h'] ? `${s.name}:` : ''}${line}\n`;
        }
      }
      if (opts['c']) out += `${sources.length > 1 ? `${s.name}:` : ''}${count}\n`;
      if (opts['l'] && count) out += `${s.name}\n`;
      matched += count;
    }
    if (!opts['q']) u.out(out);
    if (missing.length && !(opts['q'] && matched)) return done(2);
    return done(matched ? 0 : 1);
  },
};

const wc: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args, '');
    const counts = (t: string) => ({ l: (t.match(/\n/g) ?? []).length, w: t.split(/\s+/).filter(Boolean).length, c: t.length });
    const all = !opts['l'] && !opts['w'] && !opts['c'];
    const show = (t: string, name: string | null) => {
      const c = counts(t);
      const cols = [...(all || opts['l'] ? [c.l] : []), ...(all || opts['w'] ? [c.w] : []), ...(all || opts['c'] ? [c.c] : [])];
      const single = cols.length === 1 && name === null;
      const numbers = single ? String(cols[0]) : cols.map((n) => String(n).padStart(gnu(u) ? 1 : 7)).join(gnu(u) ? ' ' : ' ');
      return `${numbers}${name !== null ? ` ${name}` : ''}\n`;
    };
    if (rest.length === 0) {
      u.out(show(u.stdin(), null));
      return done(0);
    }
    let status = 0;
    for (const f of rest) {
      const t = readFile(u.ctx.fs, path(u, f));
      if (t === undefined) {
        u.err(`wc: ${f}: ${enoent}\n`);
        status = 1;
      } else u.out(show(t, f));
    }
    return done(status);
  },
};

const tee: Utility = {
  start(u, args) {
    const { opts, rest } = parseShortOptions(args, '');
    const text = u.stdin();
    for (const f of rest) {
      const p = path(u, f);
      u.ctx.fs.files[p] = (opts['a'] ? (readFile(u.ctx.fs, p) ?? '') : '') + text;
    }
    u.out(text);
    return done(0);
  },
};

/** File modes are not modelled: chmod checks that the file exists and changes nothing. */
const chmod: Utility = {
  start(u, args) {
    const files = args.filter((a) => !a.startsWith('-')).slice(1);
    const missing = files.filter((f) => !exists(u.ctx.fs, path(u, f)));
    for (const f of missing) u.err(gnu(u) ? `chmod: cannot access '${f}': ${enoent}\n` : `chmod: ${f}: ${enoent}\n`);
    return done(missing.length ? 1 : 0);
  },
};

const basenameCmd: Utility = {
  start(u, args) {
    const name = args[0] ?? '';
    let base = name.replace(/\/+$/, '');
    base = base.slice(base.lastIndexOf('/') + 1) || (name.startsWith('/') ? '/' : '');
    if (args[1] && base.endsWith(args[1]) && base !== args[1]) base = base.slice(0, -args[1].length);
    u.out(`${base}\n`);
    return done(0);
  },
};

const dirnameCmd: Utility = {
  start(u, args) {
    const name = (args[0] ?? '').replace(/\/+$/, '');
    const i = name.lastIndexOf('/');
    u.out(`${i < 0 ? '.' : i === 0 ? '/' : name.slice(0, i)}\n`);
    return done(0);
  },
};

export const FILE_UTILITIES: Record<string, Utility> = {
  cat, touch, rm, ls, mkdir, cp, mv, head, tail, grep, egrep: grep, wc, tee, chmod, basename: basenameCmd, dirname: dirnameCmd,
};
