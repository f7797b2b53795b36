/**
 * Word expansion (XCU 2.6): parameters, command substitution (already run: its output is in
 * `substOut` by id), arithmetic, then field splitting on IFS whitespace and pathname expansion
 * of unquoted patterns. Quoted text is never split or globbed.
 */
import type { ContainerFs } from '../types.ts';
import type { Word, WordPart } from './ast.ts';
import { evalArith, ArithError } from './arith.ts';
import { globPaths, globToRegExp, hasGlob } from './fsutil.ts';
import type { Thread } from './state.ts';

export class ExpansionError {
  constructor(readonly message: string) {}
}

export interface ExpandEnv {
  th: Thread;
  fs: ContainerFs;
  substOut: Record<number, string>;
  /** `$$`: the shell's pid. */
  pid: number;
}

interface Field {
  text: string;
  /** The same text as a glob pattern: quoted characters escaped. */
  pattern: string;
  globbable: boolean;
}

const IFS_WS = /[ \t\n]+/;

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

class Builder {
  fields: Field[] = [];
  cur: Field | null = null;
  constructor(readonly split: boolean) {}

  private ensure(): Field {
    if (!this.cur) this.cur = { text: '', pattern: '', globbable: false };
    return this.cur;
  }

  quoted(s: string): void {
    const f = this.ensure();
    f.text += s;
    f.pattern += escapeGlob(s);
  }

  literal(s: string): void {
    const f = this.ensure();
    f.text += s;
    f.pattern += s;
    if (hasGlob(s)) f.globbable = true;
  }

  /** The result of an unquoted expansion: split into fields on IFS whitespace. */
  expanded(s: string): void {
    if (!this.split) return this.literal(s);
    if (s === '') return;
    const pieces = s.split(IFS_WS);
    pieces.forEach((piece, i) => {
      if (i > 0) this.end();
      if (piece !== '') this.literal(piece);
    });
  }

  end(): void {
    if (this.cur) this.fields.push(this.cur);
    this.cur = null;
  }

  finish(): Field[] {
    this.end();
    return this.fields;
  }
}

function special(name: string, env: ExpandEnv): string | undefined {
  const th = env.th;
  switch (name) {
    case '?': return String(th.status);
    case '$': return String(env.pid);
    case '!': return th.lastBg === null ? '' : String(th.lastBg);
    case '#': return String(th.positional.length);
    case '0': return th.arg0;
    case '-': return th.errexit ? 'e' : '';
    case '@':
    case '*': return th.positional.join(' ');
  }
  if (/^\d+$/.test(name)) return th.positional[Number(name) - 1];
  return th.vars[name];
}

function patternOf(word: Word, env: ExpandEnv): string {
  const b = new Builder(false);
  addParts(b, word, env);
  return b.finish()[0]?.pattern ?? '';
}

function stringOf(word: Word, env: ExpandEnv): string {
  const b = new Builder(false);
  addParts(b, word, env);
  return b.finish()[0]?.text ?? '';
}

function trimPattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = globToRegExp(pattern, true, false);
  if (op === '#' || op === '##') {
    const lengths = [...Array(value.length + 1).keys()];
    if (op === '##') lengths.reverse();
    for (const n of lengths) if (re.test(value.slice(0, n))) return value.slice(n);
    return value;
  }
  const starts = [...Array(value.length + 1).keys()];
  if (op === '%') starts.reverse();
  for (const s of starts) if (re.test(value.slice(s))) return value.slice(0, s);
  return value;
}

function addParts(b: Builder, parts: WordPart[], env: ExpandEnv): void {
  for (const part of parts) {
    switch (part.k) {
      case 'lit':
        if (part.q) b.quoted(part.v);
        else b.literal(part.v);
        break;
      case 'tilde':
        b.quoted(env.th.vars['HOME'] ?? '/root');
        break;
      case 'sub': {
        const out = (env.substOut[part.id] ?? '').replace(/\n+$/, '');
        if (part.q) b.quoted(out);
        else b.expanded(out);
        break;
      }
      case 'arith': {
        let v: number;
        try {
          v = evalArith(part.expr, { get: (n) => special(n, env), set: (n, val) => (env.th.vars[n] = val) });
        } catch (e) {
          if (e instanceof ArithError) throw new ExpansionError(e.message);
          throw e;
        }
        if (part.q) b.quoted(String(v));
        else b.expanded(String(v));
        break;
      }
      case 'var':
        addVar(b, part, env);
        break;
    }
  }
}

function addVar(b: Builder, part: Extract<WordPart, { k: 'var' }>, env: ExpandEnv): void {
  const value = special(part.name, env);
  const emit = (s: string) => (part.q ? b.quoted(s) : b.expanded(s));
  if (!part.op) {
    if (part.name === '@' && part.q && b.split) {
      // "$@": every positional parameter is a field of its own.
      env.th.positional.forEach((p, i) => {
        if (i > 0) b.end();
        b.quoted(p);
      });
      return;
    }
    emit(value ?? '');
    return;
  }
  const unsetOrEmpty = value === undefined || value === '';
  const useArg = (colon: boolean) => (colon ? unsetOrEmpty : value === undefined);
  switch (part.op) {
    case 'len':
      emit(String((value ?? '').length));
      return;
    case ':-':
    case '-':
      if (useArg(part.op === ':-')) addParts(b, part.arg ?? [], env);
      else emit(value!);
      return;
    case ':=':
    case '=': {
      if (useArg(part.op === ':=')) {
        const v = stringOf(part.arg ?? [], env);
        env.th.vars[part.name] = v;
        emit(v);
      } else emit(value!);
      return;
    }
    case ':+':
    case '+':
      if (!useArg(part.op === ':+')) addParts(b, part.arg ?? [], env);
      return;
    case ':?':
    case '?':
      if (useArg(part.op === ':?')) {
        const msg = stringOf(part.arg ?? [], env);
        throw new ExpansionError(`${part.name}: ${msg || 'parameter not set'}`);
      }
      emit(value!);
      return;
    case '#':
    case '##':
    case '%':
    case '%%':
      emit(trimPattern(value ?? '', patternOf(part.arg ?? [], env), part.op));
      return;
  }
}

/** Expands command words into fields (splitting and globbing). */
export function expandWords(words: Word[], env: ExpandEnv): string[] {
  const out: string[] = [];
  for (const w of words) {
    const b = new Builder(true);
    addParts(b, w, env);
    for (const f of b.finish()) {
      if (f.globbable) {
        const matches = globPaths(env.fs, f.pattern, env.th.cwd);
        if (matches.length) {
          out.push(...matches);
          continue;
        }
      }
      out.push(f.text);
    }
  }
  return out;
}

/** Expands a word to one string: assignments, redirection targets, `case` words. */
export function expandString(word: Word, env: ExpandEnv): string {
  return stringOf(word, env);
}

/** A `case` pattern: expanded, with quoted characters matching literally. */
export function expandPattern(word: Word, env: ExpandEnv): string {
  return patternOf(word, env);
}

export function matchPattern(value: string, pattern: string): boolean {
  return globToRegExp(pattern, true, false).test(value);
}
