/**
 * Simple commands: expand the words, apply the redirections, then run a function, a builtin, a
 * utility, a nested shell, or one of the image's programs as a child (`sh -c "nginx ..."`).
 * Looking the command up follows the shell: functions, builtins, then $PATH (the image's
 * executables); a command on no path is "not found" (127).
 */
import { basename, type ProgramBase } from '../program.ts';
import type { ProgramContext, Syscall } from '../types.ts';
import { inCondition, pushNode, pushScope, pushScript, top, unwindExit } from './control.ts';
import { cleanupInput, expandEnvOf, expansionFailed, needSubst, shellErr, type Env } from './env.ts';
import { expandString, expandWords } from './expand.ts';
import { readFile, resolvePath } from './fsutil.ts';
import { notFound } from './messages.ts';
import { parseScript } from './parse.ts';
import { applyRedirs } from './redirect.ts';
import { environOf, flushLogs, readStdin, writeFd, type Frame, type ShState, type Thread } from './state.ts';
import { SHELLS, UTILITIES } from './utilities.ts';
import type { UtilCtx, UtilOutcome } from './util.ts';

type CmdFrame = Extract<Frame, { f: 'cmd' }>;

export function stepCmd(env: Env, th: Thread, fr: CmdFrame): Syscall | null {
  const sh = env.sh;
  if (fr.util) return continueUtil(env, th, fr);
  if (fr.ran) {
    completeCmd(env, th, fr, th.status);
    return null;
  }
  const node = fr.node;
  if (needSubst(env, th, fr, node.subs)) return null;
  const xenv = expandEnvOf(env, th, fr.substOut);
  let argv: string[];
  let assigns: [string, string][];
  try {
    argv = expandWords(node.words, xenv);
    assigns = node.assigns.map((a) => [a.name, expandString(a.value, xenv)]);
  } catch (e) {
    th.stack.pop();
    return expansionFailed(env, th, e, node.line);
  }
  fr.ran = true;
  if (!applyRedirs(env, th, node.redirs, fr.fds, fr.substOut, node.line)) {
    completeCmd(env, th, fr, 1);
    return null;
  }
  if (th.xtrace && (argv.length > 0 || assigns.length > 0)) writeFd(sh, th, env.ctx, 2, `+ ${[...assigns.map(([k, v]) => `${k}=${v}`), ...argv].map(traceQuote).join(' ')}\n`);
  if (argv.length === 0) {
    for (const [k, v] of assigns) th.vars[k] = v;
    completeCmd(env, th, fr, node.subs.length ? th.status : 0);
    return null;
  }
  return runCommand(env, th, fr, argv, Object.fromEntries(assigns));
}

function traceQuote(s: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function completeCmd(env: Env, th: Thread, fr: CmdFrame, status: number): void {
  if (top(th) === fr) th.stack.pop();
  cleanupInput(env.sh, fr.fds);
  th.status = status;
  if (fr.execs) unwindExit(env.sh, th, status);
  else if (status !== 0 && th.errexit && !inCondition(th)) unwindExit(env.sh, th, status);
}

function utilCtx(env: Env, th: Thread, fr: CmdFrame, name: string, tempEnv: Record<string, string>): UtilCtx {
  const sh = env.sh;
  return {
    sh, th, ctx: env.ctx, host: env.host, name, line: fr.node.line, env: environOf(th, tempEnv),
    out: (t) => writeFd(sh, th, env.ctx, 1, t),
    err: (t) => writeFd(sh, th, env.ctx, 2, t),
    stdin: () => readStdin(sh, th),
    shellErr: (t) => shellErr(env, th, fr.node.line, t),
  };
}

function handleOutcome(env: Env, th: Thread, fr: CmdFrame, name: string, r: UtilOutcome): Syscall | null {
  if ('status' in r) completeCmd(env, th, fr, r.status);
  else if ('block' in r) {
    fr.util = { ...r.state, invokedAs: name };
    return r.block;
  }
  return null;
}

/** The commands a shell here can run, for the message about the ones it cannot. */
function modelledList(sh: ShState): string {
  return Object.keys(UTILITIES).filter((k) => (UTILITIES[k]!.builtin?.includes(sh.dialect) ?? false) || sh.binaries.includes(k)).sort().join(', ');
}

function runCommand(env: Env, th: Thread, fr: CmdFrame, argv: string[], tempEnv: Record<string, string>): Syscall | null {
  const sh = env.sh;
  let name = argv[0]!;
  let args = argv.slice(1);
  if (name === 'exec') {
    if (args.length === 0) {
      // `exec >file 2>&1`: the redirections stay for the rest of the shell.
      Object.assign(th.baseFds, fr.fds);
      fr.fds = {};
      completeCmd(env, th, fr, 0);
      return null;
    }
    fr.execs = true;
    name = args[0]!;
    args = args.slice(1);
  }
  if (!name.includes('/') && th.funcs[name] && !fr.execs) {
    pushScope(th, 'call', { isolate: true });
    th.positional = args;
    pushNode(th, th.funcs[name]!);
    return null;
  }
  const builtin = UTILITIES[name];
  if (builtin?.builtin?.includes(sh.dialect)) return handleOutcome(env, th, fr, name, builtin.start(utilCtx(env, th, fr, name, tempEnv), args));
  const base = basename(name);
  const path = resolvePath(name, th.cwd);
  const script = name.includes('/') && !sh.binaries.includes(base) ? readFile(env.ctx.fs, path) : undefined;
  if (!sh.binaries.includes(base) && script === undefined) {
    writeFd(sh, th, env.ctx, 2, `${notFound(sh.dialect, th.arg0, fr.node.line, name)}\n`);
    completeCmd(env, th, fr, 127);
    return null;
  }
  if (fr.execs && th.id === 0) {
    sh.traps = {};
    sh.comm = base;
  }
  if (script !== undefined) return runNestedShell(env, th, fr, name, [name, ...args], script);
  if (SHELLS.has(base)) return runNestedShell(env, th, fr, name, args, null);
  const util = UTILITIES[base];
  if (util) return handleOutcome(env, th, fr, name, util.start(utilCtx(env, th, fr, name, tempEnv), args));
  const child = env.host.spawn([name, ...args], environOf(th, tempEnv), sh.binaries, env.ctx.nowMs, sh.image);
  if ('error' in child || child.prog === 'unmodelled') {
    shellErr(env, th, fr.node.line, `k8sim does not model '${base}' yet (modelled: ${modelledList(sh)})`);
    completeCmd(env, th, fr, 127);
    return null;
  }
  if (fr.execs && th.id === 0) {
    replaceShell(env, child);
    return { kind: 'idle' };
  }
  child.pid = sh.nextPid++;
  fr.util = { u: 'program', child, invokedAs: name };
  return continueUtil(env, th, fr);
}

/** `exec PROGRAM`: the process becomes that program (same pid, same container). */
function replaceShell(env: Env, child: ProgramBase): void {
  flushLogs(env.sh, env.ctx);
  const p = env.sh as unknown as ProgramBase;
  const keep = { pid: p.pid, running: p.running, pendingLog: p.pendingLog, startedAtMs: p.startedAtMs };
  for (const k of Object.keys(p)) delete p[k];
  Object.assign(p, child, keep);
  env.replaced = true;
}

/** `sh -c SCRIPT [ARG0 [ARGS]]`, `sh FILE`, a script run by path: a subshell with its own $0. */
function runNestedShell(env: Env, th: Thread, fr: CmdFrame, name: string, args: string[], scriptText: string | null): Syscall | null {
  let text = scriptText;
  let arg0 = name;
  let positional: string[] = [];
  let errexit = th.errexit;
  let xtrace = th.xtrace;
  if (text === null) {
    let i = 0;
    let command = false;
    for (; i < args.length && args[i]!.startsWith('-') && args[i] !== '-'; i++) {
      for (const c of args[i]!.slice(1)) {
        if (c === 'c') command = true;
        else if (c === 'e') errexit = true;
        else if (c === 'x') xtrace = true;
      }
    }
    if (command) {
      text = args[i] ?? null;
      if (text === null) {
        writeFd(env.sh, th, env.ctx, 2, `${name}: -c: option requires an argument\n`);
        completeCmd(env, th, fr, 2);
        return null;
      }
      arg0 = args[i + 1] ?? name;
      positional = args.slice(i + 2);
    } else if (args[i] !== undefined) {
      const file = args[i]!;
      text = readFile(env.ctx.fs, resolvePath(file, th.cwd)) ?? null;
      if (text === null) {
        const d = env.sh.dialect;
        writeFd(env.sh, th, env.ctx, 2, `${d === 'dash' ? `${name}: 0: cannot open ${file}: No such file` : d === 'bash' ? `${name}: ${file}: No such file or directory` : `${name}: can't open '${file}': No such file or directory`}\n`);
        completeCmd(env, th, fr, d === 'bash' ? 127 : 2);
        return null;
      }
      arg0 = file;
      positional = args.slice(i + 1);
    } else text = readStdin(env.sh, th);
  } else {
    positional = args.slice(1);
  }
  pushScope(th, 'subshell', { isolate: true });
  Object.assign(th, { arg0, positional, errexit, xtrace });
  pushScript(th, parseScript(text));
  return null;
}

function childContext(env: Env, th: Thread, child: ProgramBase): ProgramContext {
  const { sh, ctx } = env;
  return {
    nowMs: ctx.nowMs,
    fs: ctx.fs,
    pid: child.pid ?? undefined,
    write: (stream, line) => writeFd(sh, th, ctx, stream === 'stdout' ? 1 : 2, `${line}\n`),
    signalByName: (name, sig) => ctx.signalByName(name, sig),
    ...(ctx.signalPid ? { signalPid: ctx.signalPid } : {}),
    ...(ctx.processes ? { processes: ctx.processes } : {}),
  };
}

function continueUtil(env: Env, th: Thread, fr: CmdFrame): Syscall | null {
  const st = fr.util!;
  const name = st['invokedAs'] as string;
  if (st.u === 'program') {
    const child = st['child'] as ProgramBase;
    const sc = env.host.run(child, childContext(env, th, child));
    if (sc.kind !== 'exit') return sc;
    fr.util = null;
    completeCmd(env, th, fr, sc.code);
    return null;
  }
  const util = UTILITIES[st.u]!;
  fr.util = null;
  return handleOutcome(env, th, fr, name, util.cont!(utilCtx(env, th, fr, name, {}), st));
}

/** The children a shell runs in the foreground or as jobs: their servers are the container's. */
export function childPrograms(sh: ShState): ProgramBase[] {
  const out: ProgramBase[] = [];
  for (const th of sh.threads) {
    if (th.done) continue;
    for (const fr of th.stack) if (fr.f === 'cmd' && fr.util?.u === 'program') out.push(fr.util['child'] as ProgramBase);
  }
  return out;
}
