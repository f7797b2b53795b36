/**
 * The shell's process state: plain data. Execution is an explicit stack of frames per thread
 * (the shell itself and each `&` job), so a `sleep 30` inside a loop blocks by returning a
 * syscall and the next runProgram continues at the same frame.
 */
import type { ProgramBase } from '../program.ts';
import type { CmdNode, CompoundNode, Node, NodeOf, Script } from './ast.ts';
import type { ProgramContext, Signal } from '../types.ts';

/** Which shell's wording: busybox ash, Debian's dash as /bin/sh, or bash. */
export type Dialect = 'ash' | 'dash' | 'bash';
/** Whose utilities: busybox applets or GNU coreutils (their messages differ). */
export type Flavor = 'busybox' | 'gnu';

export type Sink = { k: 'log'; stream: 'stdout' | 'stderr' } | { k: 'file'; path: string } | { k: 'cap'; id: number } | { k: 'null' };
export type Source = { k: 'none' } | { k: 'text'; id: number };
export interface Fds {
  0?: Source;
  1?: Sink;
  2?: Sink;
}

/** What a subshell saves and restores (its changes do not reach the parent shell). */
export interface Saved {
  vars: Record<string, string>;
  exported: Record<string, true>;
  positional: string[];
  arg0: string;
  cwd: string;
  funcs: Record<string, Node>;
  errexit: boolean;
  xtrace: boolean;
}

export type ScopeKind = 'subshell' | 'subst' | 'pipe' | 'trap' | 'call' | 'source' | 'bg';

/** A running utility that blocked (sleep, wget, a child program): its own plain-data state. */
export interface UtilState {
  u: string;
  [k: string]: unknown;
}

export type Frame =
  | { f: 'script'; script: Script; i: number }
  | { f: 'scope'; kind: ScopeKind; saved: Saved | null; fds: Fds; savedStatus: number; capId: number | null; substId: number | null; exitTrap: boolean }
  | { f: 'seq'; node: NodeOf<'list'>; i: number }
  | { f: 'andor'; node: NodeOf<'andor'>; i: number }
  | { f: 'pipe'; node: NodeOf<'pipe'>; i: number; inId: number | null; outId: number | null }
  /** `cond`: about to test clause i; `condWait`: its condition is running; `bodyWait`: a body is. */
  | { f: 'if'; node: NodeOf<'if'>; i: number; phase: 'cond' | 'condWait' | 'bodyWait' }
  | { f: 'loop'; node: NodeOf<'loop'>; phase: 'cond' | 'condWait' | 'bodyWait'; bodyStatus: number }
  | { f: 'for'; node: NodeOf<'for'>; values: string[] | null; i: number; substOut: Record<number, string>; nextSub: number }
  | { f: 'case'; node: NodeOf<'case'>; done: boolean; substOut: Record<number, string>; nextSub: number }
  | { f: 'io'; node: CompoundNode; fds: Fds; entered: boolean; substOut: Record<number, string>; nextSub: number }
  | {
      f: 'cmd';
      node: CmdNode;
      substOut: Record<number, string>;
      nextSub: number;
      fds: Fds;
      /** The command has been started (its argv expanded and run). */
      ran: boolean;
      util: UtilState | null;
      /** `exec cmd`: when cmd ends, the shell ends with its status. */
      execs: boolean;
    };

/** A shell thread: what a subshell saves (Saved: variables, cwd, functions, `set -e`, `set -x`) plus its stack. */
export interface Thread extends Saved {
  id: number;
  pid: number;
  stack: Frame[];
  status: number;
  done: boolean;
  /** `$!`: the pid of the last background job. */
  lastBg: number | null;
  /** Where this thread's output goes when no frame redirects it (a job inherits its parent's). */
  baseFds: Fds;
}

export interface ShState extends ProgramBase {
  prog: 'sh';
  dialect: Dialect;
  flavor: Flavor;
  /** The script, or null until `sh FILE` has read FILE. */
  script: Script | null;
  scriptPath: string | null;
  threads: Thread[];
  nextThreadId: number;
  /** Capture buffers (command substitution, pipes, here-strings), by id. */
  caps: Record<number, string>;
  nextCapId: number;
  /** Output not yet ended by a newline, per log stream. */
  partial: { stdout: string; stderr: string };
  traps: Record<string, string>;
  pendingSignals: Signal[];
  /** The thread waiting for a network answer (resumeProgram delivers it there). */
  awaiting: number | null;
  nextPid: number;
  /** argv[0] was a utility run directly (`sleep 3600`), not a shell. */
  direct: boolean;
  /** The script has been pushed onto the main thread. */
  started: boolean;
  /** The EXIT trap has run (it runs once). */
  exitTrapDone: boolean;
}

// ---------------------------------------------------------------------------------------------
// Output and input.

export function currentFd<K extends 0 | 1 | 2>(th: Thread, fd: K, from = th.stack.length - 1): NonNullable<Fds[K]> {
  for (let i = from; i >= 0; i--) {
    const fr = th.stack[i]!;
    if ('fds' in fr) {
      const v = fr.fds[fd];
      if (v) return v as NonNullable<Fds[K]>;
    }
  }
  const base = th.baseFds[fd];
  if (base) return base as NonNullable<Fds[K]>;
  return (fd === 0 ? { k: 'none' } : { k: 'log', stream: fd === 1 ? 'stdout' : 'stderr' }) as NonNullable<Fds[K]>;
}

export function writeTo(sh: ShState, ctx: ProgramContext, sink: Sink, text: string): void {
  if (!text) return;
  switch (sink.k) {
    case 'null':
      return;
    case 'cap':
      sh.caps[sink.id] = (sh.caps[sink.id] ?? '') + text;
      return;
    case 'file':
      ctx.fs.files[sink.path] = (ctx.fs.files[sink.path] ?? '') + text;
      return;
    case 'log':
      return logWrite(sh, ctx, sink.stream, text);
  }
}

/** The log is line-oriented: text is held until its newline (or until the process exits). */
export function logWrite(sh: ShState, ctx: ProgramContext, stream: 'stdout' | 'stderr', text: string): void {
  const all = sh.partial[stream] + text;
  const lines = all.split('\n');
  sh.partial[stream] = lines.pop()!;
  for (const line of lines) ctx.write(stream, line);
}

export function flushLogs(sh: ShState, ctx: ProgramContext): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (sh.partial[stream]) ctx.write(stream, sh.partial[stream]);
    sh.partial[stream] = '';
  }
}

export function writeFd(sh: ShState, th: Thread, ctx: ProgramContext, fd: 1 | 2, text: string): void {
  writeTo(sh, ctx, currentFd(th, fd), text);
}

/** Reads all of standard input (a pipe's text, a `< file`); a container's stdin is empty. */
export function readStdin(sh: ShState, th: Thread): string {
  const src = currentFd(th, 0);
  if (src.k !== 'text') return '';
  const text = sh.caps[src.id] ?? '';
  sh.caps[src.id] = '';
  return text;
}

/** Reads one line of standard input (`read`); null at end of input. */
export function readLine(sh: ShState, th: Thread): string | null {
  const src = currentFd(th, 0);
  if (src.k !== 'text') return null;
  const text = sh.caps[src.id] ?? '';
  if (text === '') return null;
  const nl = text.indexOf('\n');
  sh.caps[src.id] = nl < 0 ? '' : text.slice(nl + 1);
  return nl < 0 ? text : text.slice(0, nl);
}

export function newCap(sh: ShState, text = ''): number {
  const id = sh.nextCapId++;
  sh.caps[id] = text;
  return id;
}

export function saveScope(th: Thread): Saved {
  return {
    vars: { ...th.vars }, exported: { ...th.exported }, positional: [...th.positional], arg0: th.arg0, cwd: th.cwd, funcs: { ...th.funcs }, errexit: th.errexit, xtrace: th.xtrace,
  };
}

export function restoreScope(th: Thread, s: Saved): void {
  Object.assign(th, { vars: s.vars, exported: s.exported, positional: s.positional, arg0: s.arg0, cwd: s.cwd, funcs: s.funcs, errexit: s.errexit, xtrace: s.xtrace });
}

/** The environment a command gets: the exported variables, plus its own `VAR=value` prefix. */
export function environOf(th: Thread, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of Object.keys(th.exported)) if (th.vars[k] !== undefined) env[k] = th.vars[k]!;
  return { ...env, ...extra };
}

export function newThread(id: number, pid: number, from: Omit<Thread, 'id' | 'pid' | 'stack' | 'done' | 'lastBg' | 'status' | 'baseFds'>, baseFds: Fds): Thread {
  return {
    id, pid, stack: [], vars: { ...from.vars }, exported: { ...from.exported }, positional: [...from.positional], arg0: from.arg0, cwd: from.cwd,
    funcs: { ...from.funcs }, errexit: from.errexit, xtrace: from.xtrace, status: 0, done: false, lastBg: null, baseFds,
  };
}
