/**
 * What the interpreter's pieces share while a step runs: the process, its context and host, and
 * small helpers (expansion environment, the shell's own error messages, command substitutions).
 */
import type { Host } from '../program.ts';
import type { ProgramContext } from '../types.ts';
import type { SubRef } from './ast.ts';
import { pushScope, pushScript, unwindExit } from './control.ts';
import { ExpansionError, type ExpandEnv } from './expand.ts';
import { shellError } from './messages.ts';
import { newCap, writeFd, type Fds, type ShState, type Thread } from './state.ts';

export interface Env {
  sh: ShState;
  ctx: ProgramContext;
  host: Host;
  /** Set when `exec PROGRAM` replaced the shell's process with another program. */
  replaced: boolean;
}

export function expandEnvOf(env: Env, th: Thread, substOut: Record<number, string>): ExpandEnv {
  return { th, fs: env.ctx.fs, substOut, pid: env.sh.pid ?? 1 };
}

export function shellErr(env: Env, th: Thread, line: number, text: string): void {
  writeFd(env.sh, th, env.ctx, 2, `${shellError(env.sh.dialect, th.arg0, line, text)}\n`);
}

/** Runs the next pending command substitution of a frame; false when all have run. */
export function needSubst(env: Env, th: Thread, fr: { substOut: Record<number, string>; nextSub: number }, subs: SubRef[]): boolean {
  if (fr.nextSub >= subs.length) return false;
  const s = subs[fr.nextSub++]!;
  const capId = newCap(env.sh);
  pushScope(th, 'subst', { fds: { 1: { k: 'cap', id: capId } }, capId, substId: s.id, isolate: true });
  pushScript(th, s.body);
  return true;
}

export function cleanupInput(sh: ShState, fds: Fds): void {
  const input = fds[0];
  if (input && input.k === 'text') delete sh.caps[input.id];
}

export function expansionFailed(env: Env, th: Thread, e: unknown, line: number): null {
  if (!(e instanceof ExpansionError)) throw e;
  shellErr(env, th, line, e.message);
  unwindExit(env.sh, th, 2);
  return null;
}
