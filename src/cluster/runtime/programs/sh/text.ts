/**
 * The text builtins and utilities: echo, printf, test/[, expr, seq. Pure string work; the
 * differences between the shells (dash's echo always interprets backslashes) are kept.
 */
import { isDir, isFile, readFile, resolvePath } from './fsutil.ts';
import { ALL_SHELLS, done, type UtilCtx, type Utility } from './util.ts';

/** Backslash escapes as echo -e, dash's echo and printf's %b interpret them; `\c` stops output. */
export function unescape(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\x1b'; break;
      case '\\': out += '\\'; break;
      case 'c': return { text: out, stop: true };
      case '0': {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(m || '0', 8));
        i += m.length;
        break;
      }
      default: out += `\\${n}`;
    }
  }
  return { text: out, stop: false };
}

const echo: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    let newline = true;
    let escapes = u.sh.dialect === 'dash';
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (u.sh.dialect === 'dash') {
        if (a !== '-n') break;
        newline = false;
        continue;
      }
      if (!/^-[neE]+$/.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === 'n') newline = false;
        else if (c === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = args.slice(i).join(' ');
    if (escapes) {
      const r = unescape(text);
      text = r.text;
      if (r.stop) newline = false;
    }
    u.out(newline ? `${text}\n` : text);
    return done(0);
  },
};

/** An escape in printf's format: `\NNN` is octal there (in %b it is `\0NNN`). */
function formatEscape(s: string, i: number): { text: string; len: number } {
  const m = /^\\([0-7]{1,3})/.exec(s.slice(i));
  if (m) return { text: String.fromCharCode(parseInt(m[1]!, 8)), len: m[0].length };
  return { text: unescape(s.slice(i, i + 2)).text, len: 2 };
}

function printfNumber(u: UtilCtx, arg: string | undefined): number {
  if (arg === undefined || arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.charCodeAt(1) || 0;
  const t = arg.trim();
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  u.err(u.sh.flavor === 'busybox' ? `printf: invalid number '${arg}'\n` : `${u.name}: ${arg}: expected numeric value\n`);
  return 0;
}

/** printf(1): the format is reused until the arguments are used up (XCU printf). */
export function formatPrintf(u: UtilCtx, format: string, args: string[]): string {
  let out = '';
  let ai = 0;
  for (;;) {
    let usedArg = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c === '\\') {
        const e = formatEscape(format, i);
        out += e.text;
        i += e.len - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([sbcdiuoxXfeEgG%])/.exec(format.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const conv = m[4]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const flags = m[1]!;
      const width = m[2] === '*' ? printfNumber(u, args[ai++]) : m[2] ? Number(m[2]) : 0;
      const precision = m[3] === undefined ? undefined : m[3] === '*' ? printfNumber(u, args[ai++]) : Number(m[3] || '0');
      const arg = args[ai];
      if (ai < args.length) {
        ai++;
        usedArg = true;
      }
      let body: string;
      switch (conv) {
        case 's': body = arg ?? ''; if (precision !== undefined) body = body.slice(0, precision); break;
        case 'b': body = unescape(arg ?? '').text; break;
        case 'c': body = (arg ?? '').slice(0, 1); break;
        case 'd': case 'i': case 'u': {
          const n = Math.trunc(printfNumber(u, arg));
          body = String(Math.abs(n));
          if (precision !== undefined) body = body.padStart(precision, '0');
          body = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o': body = Math.trunc(printfNumber(u, arg)).toString(8); break;
        case 'x': body = Math.trunc(printfNumber(u, arg)).toString(16); break;
        case 'X': body = Math.trunc(printfNumber(u, arg)).toString(16).toUpperCase(); break;
        case 'f': body = printfNumber(u, arg).toFixed(precision ?? 6); break;
        case 'e': case 'E': {
          const s = printfNumber(u, arg).toExponential(precision ?? 6).replace(/e([-+])(\d)$/, 'e$10$2');
          body = conv === 'E' ? s.toUpperCase() : s;
          break;
        }
        default: body = String(printfNumber(u, arg));
      }
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && /[diuoxXfeE]/.test(conv)) {
          const sign = /^[-+ ]/.test(body) ? body[0]! : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      out += body;
    }
    if (!usedArg || ai >= args.length) break;
  }
  return out;
}

const printf: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    if (args.length === 0) {
      u.err(u.sh.flavor === 'busybox' ? 'printf: usage: printf FORMAT [ARGUMENT...]\n' : `${u.name}: usage: printf format [arg ...]\n`);
      return done(u.sh.dialect === 'bash' ? 2 : 1);
    }
    u.out(formatPrintf(u, args[0]!, args.slice(1)));
    return done(0);
  },
};

// ---------------------------------------------------------------------------------------------
// test / [

class TestError {
  constructor(readonly message: string) {}
}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-p', '-S', '-b', '-c', '-z', '-n', '-t', '-g', '-u', '-k', '-O', '-G']);
const BINARY_OPS = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-gt', '-le', '-ge', '-nt', '-ot', '-ef']);

function testInteger(u: UtilCtx, s: string): number {
  const t = s.trim();
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  switch (u.sh.dialect) {
    case 'ash': throw new TestError(`invalid number '${s}'`);
    case 'dash': throw new TestError(`${u.name}: Illegal number: ${s}`);
    case 'bash': throw new TestError(`${u.name}: ${s}: integer expression expected`);
  }
}

function evalTest(u: UtilCtx, a: string[]): boolean {
  let i = 0;
  const fs = u.ctx.fs;
  const path = (p: string) => resolvePath(p, u.th.cwd);
  const unary = (op: string, x: string): boolean => {
    switch (op) {
      case '-e': return isFile(fs, path(x)) || isDir(fs, path(x));
      case '-f': return isFile(fs, path(x));
      case '-d': return isDir(fs, path(x));
      case '-s': return (readFile(fs, path(x)) ?? '').length > 0;
      case '-r': case '-w': case '-x': return x !== '' && (isFile(fs, path(x)) || isDir(fs, path(x)));
      case '-z': return x === '';
      case '-n': return x !== '';
      default: return false;
    }
  };
  const binary = (l: string, op: string, r: string): boolean => {
    switch (op) {
      case '=': case '==': return l === r;
      case '!=': return l !== r;
      case '<': return l < r;
      case '>': return l > r;
      case '-eq': return testInteger(u, l) === testInteger(u, r);
      case '-ne': return testInteger(u, l) !== testInteger(u, r);
      case '-lt': return testInteger(u, l) < testInteger(u, r);
      case '-gt': return testInteger(u, l) > testInteger(u, r);
      case '-le': return testInteger(u, l) <= testInteger(u, r);
      case '-ge': return testInteger(u, l) >= testInteger(u, r);
      default: return false;
    }
  };
  const primary = (): boolean => {
    const t = a[i];
    if (t === undefined) throw new TestError(`${u.name}: argument expected`);
    if (a[i + 1] !== undefined && BINARY_OPS.has(a[i + 1]!) && a[i + 2] !== undefined) {
      i += 3;
      return binary(t, a[i - 2]!, a[i - 1]!);
    }
    if (t === '!') {
      i++;
      return !primary();
    }
    if (t === '(' && a.length - i > 1) {
      i++;
      const v = or();
      if (a[i] !== ')') throw new TestError(`${u.name}: closing paren expected`);
      i++;
      return v;
    }
    if (UNARY.has(t) && a[i + 1] !== undefined) {
      i += 2;
      return unary(t, a[i - 1]!);
    }
    i++;
    return t !== '';
  };
  const and = (): boolean => {
    let v = primary();
    while (a[i] === '-a') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (a[i] === '-o') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  if (a.length === 0) return false;
  const v = or();
  if (i < a.length) throw new TestError(`${u.name}: ${a[i]}: unexpected operator`);
  return v;
}

function runTest(u: UtilCtx, args: string[]): { status: number } {
  let a = args;
  if (u.name === '[' || u.name.endsWith('/[')) {
    if (a[a.length - 1] !== ']') {
      u.shellErr(u.sh.dialect === 'bash' ? "[: missing `]'" : '[: missing ]');
      return done(2) as { status: number };
    }
    a = a.slice(0, -1);
  }
  try {
    return { status: evalTest(u, a) ? 0 : 1 };
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    u.shellErr(e.message);
    return { status: 2 };
  }
}

const test: Utility = { builtin: ALL_SHELLS, start: (u, args) => runTest(u, args) };

// ---------------------------------------------------------------------------------------------
// expr, seq

function exprValue(u: UtilCtx, args: string[]): string {
  // Precedence climbing over expr(1)'s operators: | & (comparisons) (+ -) (* / %) and `:`.
  let i = 0;
  const levels: string[][] = [['|'], ['&'], ['=', '!=', '<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%'], [':']];
  const isInt = (s: string) => /^-?\d+$/.test(s);
  const num = (s: string) => {
    if (!isInt(s)) throw new TestError('expr: non-numeric argument');
    return Number(s);
  };
  const apply = (l: string, op: string, r: string): string => {
    switch (op) {
      case '|': return l !== '' && l !== '0' ? l : r !== '' && r !== '0' ? r : '0';
      case '&': return l !== '' && l !== '0' && r !== '' && r !== '0' ? l : '0';
      case '+': return String(num(l) + num(r));
      case '-': return String(num(l) - num(r));
      case '*': return String(num(l) * num(r));
      case '/': if (num(r) === 0) throw new TestError('expr: division by zero'); return String(Math.trunc(num(l) / num(r)));
      case '%': if (num(r) === 0) throw new TestError('expr: division by zero'); return String(num(l) % num(r));
      case ':': {
        const m = new RegExp(`^(?:${r})`).exec(l);
        if (/\\\(/.test(r)) return m?.[1] ?? '';
        return String(m ? m[0].length : 0);
      }
      default: {
        const cmp = isInt(l) && isInt(r) ? Number(l) - Number(r) : l < r ? -1 : l > r ? 1 : 0;
        const ok = op === '=' ? cmp === 0 : op === '!=' ? cmp !== 0 : op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0;
        return ok ? '1' : '0';
      }
    }
  };
  const level = (n: number): string => {
    if (n >= levels.length) {
      const t = args[i++];
      if (t === undefined) throw new TestError('expr: syntax error');
      if (t === '(') {
        const v = level(0);
        if (args[i++] !== ')') throw new TestError('expr: syntax error');
        return v;
      }
      if (t === 'length') return String((args[i++] ?? '').length);
      return t;
    }
    let left = level(n + 1);
    while (i < args.length && levels[n]!.includes(args[i]!)) {
      const op = args[i++]!;
      left = apply(left, op, level(n + 1));
    }
    return left;
  };
  const v = level(0);
  if (i < args.length) throw new TestError('expr: syntax error');
  void u;
  return v;
}

const expr: Utility = {
  start(u, args) {
    try {
      const v = exprValue(u, args);
      u.out(`${v}\n`);
      return done(v === '' || v === '0' ? 1 : 0);
    } catch (e) {
      if (!(e instanceof TestError)) throw e;
      u.err(`${e.message}\n`);
      return done(2);
    }
  },
};

const seq: Utility = {
  start(u, args) {
    const nums = args.filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
    if (nums.length === 0 || nums.some((n) => Number.isNaN(n))) {
      u.err(`seq: invalid number '${args.find((a) => Number.isNaN(Number(a))) ?? ''}'\n`);
      return done(1);
    }
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
    let out = '';
    // A guard against `seq 1 1e12`: output past a million lines is not something a lesson needs.
    for (let v = first, n = 0; step > 0 ? v <= last : v >= last; v += step, n++) {
      if (n >= 1_000_000 || step === 0) break;
      out += `${v}\n`;
    }
    u.out(out);
    return done(0);
  },
};

export const TEXT_UTILITIES: Record<string, Utility> = { echo, printf, test, '[': test, expr, seq };
