/**
 * Pushing and popping the shell's frames, and the non-local exits (`exit`, `break`, `continue`,
 * `return`) that unwind them. Shared by the interpreter (exec.ts) and the builtins.
 */
import type { Node, Script } from './ast.ts';
import { restoreScope, saveScope, type Fds, type Frame, type ScopeKind, type ShState, type Thread } from './state.ts';

export function top(th: Thread): Frame | undefined {
  return th.stack[th.stack.length - 1];
}

export function pushScript(th: Thread, script: Script): void {
  th.stack.push({ f: 'script', script, i: 0 });
}

export function pushScope(th: Thread, kind: ScopeKind, opts: { fds?: Fds; capId?: number; substId?: number; isolate?: boolean; exitTrap?: boolean } = {}): void {
  th.stack.push({
    f: 'scope', kind, saved: opts.isolate ? saveScope(th) : null, fds: opts.fds ?? {}, savedStatus: th.status,
    capId: opts.capId ?? null, substId: opts.substId ?? null, exitTrap: opts.exitTrap ?? false,
  });
}

/** Pushes the frame that runs `node`. Function definitions take effect at once. */
export function pushNode(th: Thread, node: Node): void {
  // A compound command's redirections apply around it; a simple command applies its own.
  if (node.t !== 'cmd' && 'redirs' in node && node.redirs.length > 0) {
    th.stack.push({ f: 'io', node, fds: {}, entered: false, substOut: {}, nextSub: 0 });
    return;
  }
  pushBare(th, node);
}

/** The frame for a node, its redirections already applied by an enclosing `io` frame. */
export function pushBare(th: Thread, node: Node): void {
  switch (node.t) {
    case 'list': th.stack.push({ f: 'seq', node, i: 0 }); return;
    case 'andor': th.stack.push({ f: 'andor', node, i: 0 }); return;
    case 'pipe': th.stack.push({ f: 'pipe', node, i: 0, inId: null, outId: null }); return;
    case 'cmd': th.stack.push({ f: 'cmd', node, substOut: {}, nextSub: 0, fds: {}, ran: false, util: null, execs: false }); return;
    case 'if': th.stack.push({ f: 'if', node, i: 0, phase: 'cond' }); return;
    case 'loop': th.stack.push({ f: 'loop', node, phase: 'cond', bodyStatus: 0 }); return;
    case 'for': th.stack.push({ f: 'for', node, values: null, i: 0, substOut: {}, nextSub: 0 }); return;
    case 'case': th.stack.push({ f: 'case', node, done: false, substOut: {}, nextSub: 0 }); return;
    case 'group': th.stack.push({ f: 'seq', node: { t: 'list', items: [{ node: node.body, bg: false }] }, i: 0 }); return;
    case 'subshell':
      pushScope(th, 'subshell', { isolate: true });
      pushNode(th, node.body);
      return;
    case 'func':
      th.funcs[node.name] = node.body;
      th.status = 0;
      return;
  }
}

/**
 * Pops the top frame. A scope frame undoes what it scoped: a subshell's variables, a function's
 * arguments; a command substitution hands its captured output to the frame that asked for it.
 */
export function popFrame(sh: ShState, th: Thread): void {
  const fr = th.stack.pop();
  if (!fr || fr.f !== 'scope') return;
  // A function call restores only its arguments: its variable assignments are the shell's.
  if (fr.saved && fr.kind === 'call') th.positional = fr.saved.positional;
  else if (fr.saved) restoreScope(th, fr.saved);
  if (fr.kind === 'trap') th.status = fr.savedStatus;
  if (fr.kind === 'subst' && fr.capId !== null && fr.substId !== null) {
    const owner = top(th);
    if (owner && 'substOut' in owner) owner.substOut[fr.substId] = sh.caps[fr.capId] ?? '';
  }
  if (fr.capId !== null && fr.kind === 'subst') delete sh.caps[fr.capId];
}

/** Scopes that `exit` ends (a subshell exits, not the shell around it). */
function isExitBoundary(fr: Frame): boolean {
  return fr.f === 'scope' && (fr.kind === 'subshell' || fr.kind === 'subst' || fr.kind === 'pipe' || fr.kind === 'bg');
}

/** `exit N`: unwinds to the enclosing subshell, or ends the thread. */
export function unwindExit(sh: ShState, th: Thread, code: number): void {
  while (th.stack.length > 0) {
    const fr = top(th)!;
    const boundary = isExitBoundary(fr);
    popFrame(sh, th);
    if (boundary) {
      th.status = code;
      return;
    }
  }
  th.status = code;
  th.done = true;
}

/** `break N` / `continue N`: unwinds to the Nth enclosing loop; false if there is none. */
export function unwindLoop(sh: ShState, th: Thread, kind: 'break' | 'continue', levels: number): boolean {
  let remaining = Math.max(1, levels);
  const loops = th.stack.filter((f, i) => (f.f === 'loop' || f.f === 'for') && !th.stack.slice(i + 1).some((g) => g.f === 'scope' && g.kind !== 'trap')).length;
  if (loops === 0) return false;
  remaining = Math.min(remaining, loops);
  while (th.stack.length > 0) {
    const fr = top(th)!;
    if (fr.f === 'loop' || fr.f === 'for') {
      remaining--;
      if (remaining === 0) {
        if (kind === 'break') {
          popFrame(sh, th);
          th.status = 0;
        } else if (fr.f === 'loop') fr.phase = 'cond';
        return true;
      }
    }
    popFrame(sh, th);
  }
  return true;
}

/** `return N`: unwinds to the function (or `.` script) being run; false when there is none. */
export function unwindReturn(sh: ShState, th: Thread, code: number): boolean {
  if (!th.stack.some((f) => f.f === 'scope' && (f.kind === 'call' || f.kind === 'source'))) return false;
  while (th.stack.length > 0) {
    const fr = top(th)!;
    const isCall = fr.f === 'scope' && (fr.kind === 'call' || fr.kind === 'source');
    popFrame(sh, th);
    if (isCall) break;
  }
  th.status = code;
  return true;
}

/**
 * Whether a failing command here is exempt from `set -e`: it is a condition (`if`, `while`),
 * a non-final part of `&&`/`||`, or negated with `!` (XCU 2.14 set -e).
 */
export function inCondition(th: Thread): boolean {
  for (let i = th.stack.length - 1; i >= 0; i--) {
    const fr = th.stack[i]!;
    if ((fr.f === 'if' || fr.f === 'loop') && fr.phase === 'condWait') return true;
    if (fr.f === 'andor' && fr.i - 1 < fr.node.rest.length) return true;
    if (fr.f === 'pipe' && (fr.node.neg || fr.i < fr.node.cmds.length)) return true;
    if (fr.f === 'scope' && (fr.kind === 'subshell' || fr.kind === 'subst' || fr.kind === 'bg')) return false;
  }
  return false;
}
