/**
 * The shell's lexer, folded into the parser as shells do it: a word's quotes, `$...` expansions
 * and command substitutions are read here (a `$(...)` recurses into the grammar through P.sub).
 */
import type { Node, ParamOp, SyntaxError, Word, WordPart } from './ast.ts';

export type Token =
  | { k: 'word'; parts: Word; raw: string | null; text: string; line: number }
  | { k: 'op'; v: string; line: number }
  | { k: 'redir'; fd: number | null; op: string; line: number }
  | { k: 'nl'; line: number }
  | { k: 'eof'; line: number };

export interface P {
  src: string;
  pos: number;
  line: number;
  peeked: Token | null;
  /** Numbers command substitutions across the whole script. */
  ids: { next: number };
  /** The grammar's compound_list, for `$(...)` and backquotes (a function, so lex.ts need not import the grammar). */
  sub: (p: P, terminators: string[]) => Node | null;
}

export class ParseFail {
  constructor(readonly error: SyntaxError) {}
}

export const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', '{', '}', '!', 'in']);
export const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '$', '!', '-', '0']);

export function lineText(p: P, line: number): string {
  return p.src.split('\n')[line - 1] ?? '';
}

export function fail(p: P, tok: Token, expecting?: string): never {
  const named = describeToken(tok);
  throw new ParseFail({ kind: 'unexpected', token: named.name, quoted: named.quoted, ...(expecting ? { expecting } : {}), line: tok.line, lineText: lineText(p, tok.line) });
}

function describeToken(tok: Token): { name: string; quoted: boolean } {
  switch (tok.k) {
    case 'eof': return { name: 'end of file', quoted: false };
    case 'nl': return { name: 'newline', quoted: false };
    case 'redir': return { name: 'redirection', quoted: false };
    case 'op': return { name: tok.v, quoted: true };
    case 'word': return tok.raw !== null && KEYWORDS.has(tok.raw) ? { name: tok.raw, quoted: true } : { name: 'word', quoted: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer.

export function peek(p: P): Token {
  if (!p.peeked) p.peeked = lex(p);
  return p.peeked;
}

export function next(p: P): Token {
  const t = peek(p);
  p.peeked = null;
  return t;
}

function ch(p: P, offset = 0): string {
  return p.src[p.pos + offset] ?? '';
}

function advance(p: P, n = 1): void {
  for (let i = 0; i < n; i++) {
    if (p.src[p.pos] === '\n') p.line++;
    p.pos++;
  }
}

export function lex(p: P): Token {
  for (;;) {
    const c = ch(p);
    if (c === ' ' || c === '\t' || c === '\r') advance(p);
    else if (c === '\\' && ch(p, 1) === '\n') advance(p, 2);
    else if (c === '#') while (ch(p) !== '' && ch(p) !== '\n') advance(p);
    else break;
  }
  const line = p.line;
  const c = ch(p);
  if (c === '') return { k: 'eof', line };
  if (c === '\n') {
    advance(p);
    return { k: 'nl', line };
  }
  for (const op of ['&&', '||', ';;']) {
    if (p.src.startsWith(op, p.pos)) {
      advance(p, 2);
      return { k: 'op', v: op, line };
    }
  }
  if (c === '&' && ch(p, 1) === '>') {
    advance(p, 2);
    return { k: 'redir', fd: null, op: '&>', line };
  }
  if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
    advance(p);
    return { k: 'op', v: c, line };
  }
  if (c === '<' || c === '>') return lexRedir(p, null, line);
  const digits = /^\d+/.exec(p.src.slice(p.pos))?.[0];
  if (digits && (p.src[p.pos + digits.length] === '<' || p.src[p.pos + digits.length] === '>')) {
    advance(p, digits.length);
    return lexRedir(p, Number(digits), line);
  }
  const start = p.pos;
  const parts = readWord(p, META, false);
  const text = p.src.slice(start, p.pos);
  const raw = parts.length === 1 && parts[0]!.k === 'lit' && !parts[0]!.q ? parts[0]!.v : parts.length === 0 ? '' : null;
  return { k: 'word', parts, raw, text, line };
}

function lexRedir(p: P, fd: number | null, line: number): Token {
  for (const op of ['<<-', '<<', '>>', '>&', '>|', '<&', '<>', '>', '<']) {
    if (p.src.startsWith(op, p.pos)) {
      advance(p, op.length);
      if (op.startsWith('<<')) throw new ParseFail({ kind: 'unsupported', what: 'here-documents', line, lineText: lineText(p, line) });
      if (op === '<>') throw new ParseFail({ kind: 'unsupported', what: "the '<>' redirection", line, lineText: lineText(p, line) });
      return { k: 'redir', fd, op, line };
    }
  }
  throw new Error('unreachable');
}

function pushLit(parts: WordPart[], v: string, q: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.k === 'lit' && last.q === q) last.v += v;
  else parts.push({ k: 'lit', v, q });
}

/** Reads one word up to an unquoted character in `stop`. */
export function readWord(p: P, stop: Set<string>, inBrace: boolean): Word {
  const parts: WordPart[] = [];
  const startPos = p.pos;
  for (;;) {
    const c = ch(p);
    if (c === '' || (!inBrace && stop.has(c)) || (inBrace && c === '}')) break;
    if (c === '~' && p.pos === startPos && !inBrace && (ch(p, 1) === '/' || ch(p, 1) === '' || stop.has(ch(p, 1)))) {
      advance(p);
      parts.push({ k: 'tilde' });
    } else if (c === "'") {
      const line = p.line;
      advance(p);
      const end = p.src.indexOf("'", p.pos);
      if (end < 0) throw new ParseFail({ kind: 'unterminated', quote: "'", line, lineText: lineText(p, line) });
      // Even `''` leaves a quoted (empty) literal: the word is an empty field, not nothing.
      pushLit(parts, p.src.slice(p.pos, end), true);
      advance(p, end - p.pos + 1);
    } else if (c === '"') {
      readDouble(p, parts);
    } else if (c === '\\') {
      if (ch(p, 1) === '\n') advance(p, 2);
      else if (ch(p, 1) === '') {
        advance(p);
        pushLit(parts, '\\', false);
      } else {
        pushLit(parts, ch(p, 1), true);
        advance(p, 2);
      }
    } else if (c === '$') {
      readDollar(p, parts, false);
    } else if (c === '`') {
      readBacktick(p, parts, false);
    } else {
      pushLit(parts, c, false);
      advance(p);
    }
  }
  return parts;
}

function readDouble(p: P, parts: WordPart[]): void {
  const line = p.line;
  advance(p);
  let sawAny = false;
  for (;;) {
    const c = ch(p);
    if (c === '') throw new ParseFail({ kind: 'unterminated', quote: '"', line, lineText: lineText(p, line) });
    if (c === '"') {
      advance(p);
      break;
    }
    sawAny = true;
    if (c === '\\') {
      const n = ch(p, 1);
      if (n === '\n') advance(p, 2);
      else if (n === '$' || n === '`' || n === '"' || n === '\\') {
        pushLit(parts, n, true);
        advance(p, 2);
      } else {
        pushLit(parts, '\\', true);
        advance(p);
      }
    } else if (c === '$') readDollar(p, parts, true);
    else if (c === '`') readBacktick(p, parts, true);
    else {
      pushLit(parts, c, true);
      advance(p);
    }
  }
  // `""` is an empty field of its own: keep a quoted empty literal.
  if (!sawAny) parts.push({ k: 'lit', v: '', q: true });
}

function readDollar(p: P, parts: WordPart[], q: boolean): void {
  const n = ch(p, 1);
  if (n === '(' && ch(p, 2) === '(') {
    advance(p, 3);
    const start = p.pos;
    let depth = 0;
    for (;;) {
      const c = ch(p);
      if (c === '') throw new ParseFail({ kind: 'unexpected', token: 'end of file', quoted: false, expecting: '))', line: p.line, lineText: lineText(p, p.line) });
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0 && ch(p, 1) === ')') break;
        depth--;
      }
      advance(p);
    }
    parts.push({ k: 'arith', expr: p.src.slice(start, p.pos), q });
    advance(p, 2);
    return;
  }
  if (n === '(') {
    advance(p, 2);
    const body = p.sub(p, ['op:)']);
    const close = next(p);
    if (close.k !== 'op' || close.v !== ')') fail(p, close, ')');
    parts.push({ k: 'sub', id: p.ids.next++, body: { units: body ? [body] : [], error: null }, q });
    return;
  }
  if (n === '{') {
    readBraceParam(p, parts, q);
    return;
  }
  if (/[A-Za-z_]/.test(n)) {
    advance(p);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(p.src.slice(p.pos))![0];
    advance(p, name.length);
    parts.push({ k: 'var', name, q });
    return;
  }
  if (/[0-9]/.test(n) || SPECIAL_PARAMS.has(n)) {
    advance(p, 2);
    parts.push({ k: 'var', name: n, q });
    return;
  }
  pushLit(parts, '$', q);
  advance(p);
}

function readBraceParam(p: P, parts: WordPart[], q: boolean): void {
  const line = p.line;
  advance(p, 2);
  const bad = (): never => {
    throw new ParseFail({ kind: 'unsupported', what: 'bad substitution', line, lineText: lineText(p, line) });
  };
  let length = false;
  if (ch(p) === '#' && ch(p, 1) !== '}' && (/[A-Za-z_0-9]/.test(ch(p, 1)) || SPECIAL_PARAMS.has(ch(p, 1)))) {
    length = true;
    advance(p);
  }
  const rest = p.src.slice(p.pos);
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? /^\d+/.exec(rest)?.[0] ?? (SPECIAL_PARAMS.has(ch(p)) ? ch(p) : '');
  if (!name) bad();
  advance(p, name.length);
  if (length) {
    if (ch(p) !== '}') bad();
    advance(p);
    parts.push({ k: 'var', name, q, op: 'len' });
    return;
  }
  if (ch(p) === '}') {
    advance(p);
    parts.push({ k: 'var', name, q });
    return;
  }
  let op: ParamOp | null = null;
  for (const o of [':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%'] as ParamOp[]) {
    if (p.src.startsWith(o, p.pos)) {
      op = o;
      advance(p, o.length);
      break;
    }
  }
  if (!op) bad();
  const arg = readWord(p, new Set(), true).map((part) => (q && part.k !== 'tilde' ? { ...part, q: true } : part));
  if (ch(p) !== '}') throw new ParseFail({ kind: 'unexpected', token: 'end of file', quoted: false, expecting: '}', line, lineText: lineText(p, line) });
  advance(p);
  parts.push({ k: 'var', name, q, op: op!, arg });
}

function readBacktick(p: P, parts: WordPart[], inDouble: boolean): void {
  const line = p.line;
  advance(p);
  let inner = '';
  for (;;) {
    const c = ch(p);
    if (c === '') throw new ParseFail({ kind: 'unterminated', quote: '`', line, lineText: lineText(p, line) });
    if (c === '`') {
      advance(p);
      break;
    }
    if (c === '\\' && (ch(p, 1) === '`' || ch(p, 1) === '\\' || ch(p, 1) === '$' || (inDouble && ch(p, 1) === '"'))) {
      inner += ch(p, 1);
      advance(p, 2);
    } else {
      inner += c;
      advance(p);
    }
  }
  const sub: P = { src: inner, pos: 0, line, peeked: null, ids: p.ids, sub: p.sub };
  const body = p.sub(sub, ['eof']);
  const end = next(sub);
  if (end.k !== 'eof') fail(sub, end);
  parts.push({ k: 'sub', id: p.ids.next++, body: { units: body ? [body] : [], error: null }, q: inDouble });
}
