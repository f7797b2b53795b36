/**
 * The shell as a program: `sh -c SCRIPT`, `bash -c`, `sh FILE`, and a utility run directly as a
 * container's command (`sleep 3600`, `echo hi`). It runs its threads (the shell and its `&`
 * jobs) until every one blocks, and says on what: the nearest wake-up, or a network call.
 *
 * Signals (pid_namespaces(7)): as PID 1 a shell ignores a signal it has no trap for. A trapped
 * signal runs the trap once the foreground command finishes (a running `sleep 3600` delays it),
 * except that `wait` is interrupted at once and returns 128+n (XCU 2.11, `wait`).
 *
 * A script that never blocks (`while true; do :; done`) is cut into slices of STEP_BUDGET steps,
 * each costing BUSY_SLICE_MS of virtual time, so the rest of the simulation keeps running.
 */
import { baseState, basename, exitWith, pidOf, SIGNAL_NUMBER, type Host, type ProgramBase, type ProgramModule, type SignalOutcome } from '../program.ts';
import type { NetworkResult, ProgramContext, Syscall } from '../types.ts';
import type { CmdNode, Script } from './ast.ts';
import { popFrame, pushScope, pushScript, top } from './control.ts';
import { stepThread, type Env } from './exec.ts';
import { childPrograms } from './simple.ts';
import { SHELLS } from './utilities.ts';
import { parseScript } from './parse.ts';
import { flushLogs, newThread, type Dialect, type ShState, type Thread } from './state.ts';

/** Steps one runProgram call may take before it yields, and the virtual time such a slice costs. */
export const STEP_BUDGET = 100_000;
export const BUSY_SLICE_MS = 1000;

/** Resident memory of the shell itself, by shell (ps RSS of an idle shell, rounded). */
const SHELL_RSS_BYTES: Record<Dialect, number> = { ash: 400 * 1024, dash: 600 * 1024, bash: 3 * 1024 * 1024 };

function dialectFor(invokedAs: string, binaries: string[]): Dialect {
  if (invokedAs === 'bash') return 'bash';
  if (binaries.includes('busybox') || invokedAs === 'ash') return 'ash';
  if (binaries.includes('dash')) return 'dash';
  return binaries.includes('bash') ? 'bash' : 'ash';
}

/** argv as a command with literal words: what a utility run directly sees (no shell, no expansion). */
function literalScript(argv: string[]): Script {
  const cmd: CmdNode = { t: 'cmd', assigns: [], words: argv.map((a) => [{ k: 'lit', v: a, q: true }]), redirs: [], line: 1, subs: [] };
  return { units: [cmd], error: null };
}

export function spawnShell(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): ShState {
  const invokedAs = basename(argv[0] ?? 'sh');
  const direct = !SHELLS.has(invokedAs);
  const base = baseState('sh', invokedAs, argv, env, binaries, nowMs, image);
  const sh: ShState = {
    ...base, prog: 'sh', dialect: dialectFor(invokedAs, binaries), flavor: binaries.includes('busybox') ? 'busybox' : 'gnu',
    script: null, scriptPath: null, threads: [], nextThreadId: 1, caps: {}, nextCapId: 1, partial: { stdout: '', stderr: '' }, traps: {},
    pendingSignals: [], awaiting: null, nextPid: 7, direct, started: false, exitTrapDone: false,
  };
  const main = newThread(0, 1, { vars: { ...env }, exported: Object.fromEntries(Object.keys(env).map((k) => [k, true as const])), positional: [], arg0: argv[0] ?? 'sh', cwd: '/', funcs: {}, errexit: false, xtrace: false }, {});
  if (!main.vars['PWD']) main.vars['PWD'] = '/';
  sh.threads.push(main);
  if (direct) {
    sh.script = literalScript(argv);
    return sh;
  }
  const args = argv.slice(1);
  let i = 0;
  let command = false;
  for (; i < args.length && /^[-+]/.test(args[i]!) && args[i] !== '-' && args[i] !== '--'; i++) {
    for (const c of args[i]!.slice(1)) {
      if (c === 'c') command = true;
      else if (c === 'e') main.errexit = args[i]![0] === '-';
      else if (c === 'x') main.xtrace = args[i]![0] === '-';
    }
  }
  if (args[i] === '--') i++;
  if (command) {
    const text = args[i];
    if (text === undefined) sh.script = { units: [], error: { kind: 'unsupported', what: "'-c' without a script", line: 1, lineText: '' } };
    else sh.script = parseScript(text);
    main.arg0 = args[i + 1] ?? argv[0]!;
    main.positional = args.slice(i + 2);
  } else if (args[i] !== undefined) {
    // `sh FILE`: read when the process first runs, from the container's filesystem.
    sh.scriptPath = args[i]!;
    main.arg0 = args[i]!;
    main.positional = args.slice(i + 1);
  } else {
    // No script and no terminal: the shell reads its (empty) stdin and exits 0.
    sh.script = { units: [], error: null };
  }
  return sh;
}

function loadScript(sh: ShState, ctx: ProgramContext): boolean {
  if (sh.script) return true;
  const path = sh.scriptPath!;
  const text = ctx.fs.files[path.startsWith('/') ? path : `/${path}`];
  if (text === undefined) {
    const name = sh.argv[0]!;
    ctx.write('stderr', sh.dialect === 'dash' ? `${name}: 0: cannot open ${path}: No such file` : sh.dialect === 'bash' ? `${name}: ${path}: No such file or directory` : `${name}: can't open '${path}': No such file or directory`);
    exitWith(sh, sh.dialect === 'bash' ? 127 : 2);
    return false;
  }
  sh.script = parseScript(text);
  return true;
}

function main(sh: ShState): Thread {
  return sh.threads.find((t) => t.id === 0)!;
}

/** Runs pending traps on the main thread where a shell would: not inside a foreground command. */
function deliverSignals(sh: ShState): void {
  const m = main(sh);
  while (sh.pendingSignals.length > 0 && !m.done) {
    const sig = sh.pendingSignals[0]!;
    const action = sh.traps[sig];
    if (action === undefined || action === '') {
      sh.pendingSignals.shift();
      if (action === undefined && (sh.pid ?? 1) !== 1) {
        // Not PID 1 and no trap: the default action ends the shell.
        m.stack = [];
        m.done = true;
        m.status = 128 + SIGNAL_NUMBER[sig];
        sh.exitTrapDone = true;
      }
      continue;
    }
    const fr = top(m);
    if (fr && fr.f === 'cmd' && fr.util) {
      if (fr.util.u !== 'wait') return;
      popFrame(sh, m);
      m.status = 128 + SIGNAL_NUMBER[sig];
    }
    sh.pendingSignals.shift();
    pushScope(m, 'trap');
    pushScript(m, parseScript(action));
  }
}

const BUDGET = Symbol('budget');

function runThread(env: Env, th: Thread, budget: { steps: number; progress: number }): Syscall | null | typeof BUDGET {
  for (;;) {
    // A trap deferred while a foreground command ran is taken as soon as that command is done.
    if (th.id === 0 && env.sh.pendingSignals.length > 0) deliverSignals(env.sh);
    if (th.done) return null;
    if (th.stack.length === 0) {
      th.done = true;
      return null;
    }
    const sc = stepThread(env, th);
    if (env.replaced) return { kind: 'idle' };
    if (sc) return sc;
    budget.progress++;
    if (++budget.steps > STEP_BUDGET) return BUDGET;
  }
}

export function runShell(sh: ShState, ctx: ProgramContext, host: Host): Syscall {
  pidOf(sh, ctx);
  if (sh.exitCode !== null) return { kind: 'exit', code: sh.exitCode };
  if (!loadScript(sh, ctx)) return { kind: 'exit', code: sh.exitCode! };
  const m = main(sh);
  if (!sh.started) {
    sh.started = true;
    pushScript(m, sh.script!);
  }
  const env: Env = { sh, ctx, host, replaced: false };
  const budget = { steps: 0, progress: 0 };
  for (;;) {
    deliverSignals(sh);
    budget.progress = 0;
    const blocked: Syscall[] = [];
    let network: { th: Thread; sc: Syscall } | null = null;
    for (const th of [...sh.threads]) {
      if (th.done) continue;
      const sc = runThread(env, th, budget);
      // `exec PROGRAM`: this state is now that program's; index.ts runs it.
      if (env.replaced) return { kind: 'idle' };
      if (sc === BUDGET) return { kind: 'sleep', ms: BUSY_SLICE_MS };
      if (sc && (sc.kind === 'http' || sc.kind === 'dns' || sc.kind === 'dnstool') && !network) network = { th, sc };
      else if (sc) blocked.push(sc);
      if (sh.exitCode !== null) return { kind: 'exit', code: sh.exitCode };
    }
    if (m.done) {
      if (!sh.exitTrapDone && sh.traps['EXIT'] !== undefined) {
        sh.exitTrapDone = true;
        m.done = false;
        pushScope(m, 'trap');
        pushScript(m, parseScript(sh.traps['EXIT']));
        continue;
      }
      flushLogs(sh, ctx);
      return exitWith(sh, m.status);
    }
    if (network) {
      sh.awaiting = network.th.id;
      return network.sc;
    }
    if (budget.progress > 0 || sh.pendingSignals.some((s) => sh.traps[s] !== undefined && canTrapNow(sh))) continue;
    const sleeps = blocked.filter((s): s is { kind: 'sleep'; ms: number } => s.kind === 'sleep').map((s) => s.ms);
    return sleeps.length ? { kind: 'sleep', ms: Math.min(...sleeps) } : { kind: 'idle' };
  }
}

function canTrapNow(sh: ShState): boolean {
  const fr = top(main(sh));
  return !(fr && fr.f === 'cmd' && fr.util && fr.util.u !== 'wait');
}

export function resumeShell(sh: ShState, result: NetworkResult, host: Host): void {
  const th = sh.threads.find((t) => t.id === sh.awaiting);
  sh.awaiting = null;
  const fr = th ? top(th) : undefined;
  if (!fr || fr.f !== 'cmd' || !fr.util) return;
  if (fr.util.u === 'program') host.resume(fr.util['child'] as ProgramBase, result);
  else fr.util['result'] = result;
}

export function signalShell(sh: ShState, sig: 'TERM' | 'QUIT' | 'INT' | 'HUP'): SignalOutcome {
  if (sh.running) {
    // Signalled by one of its own commands (`kill $$`, `killall sh`): handled when it gets back.
    sh.pendingSignals.push(sig);
    return { action: 'handled' };
  }
  const trap = sh.traps[sig];
  if (trap === undefined) return { action: 'default' };
  if (trap !== '') sh.pendingSignals.push(sig);
  return { action: 'handled' };
}

export const shellModule: ProgramModule = {
  run: (p, ctx, host) => runShell(p as ShState, ctx, host),
  resume: (p, result, host) => resumeShell(p as ShState, result, host),
  signal: (p, sig) => signalShell(p as ShState, sig),
  serve(p, req, nowMs, io, host) {
    for (const child of childPrograms(p as ShState)) {
      const r = host.serve(child, req, nowMs, io);
      if (r) return r;
    }
    return null;
  },
  listens: (p, port, nowMs, host) => childPrograms(p as ShState).some((c) => host.listens(c, port, nowMs)),
  grpc(p, port, nowMs, host) {
    for (const c of childPrograms(p as ShState)) {
      const r = host.grpc(c, port, nowMs);
      if (r) return r;
    }
    return null;
  },
  memory(p, nowMs, host) {
    const sh = p as ShState;
    return (sh.direct ? 256 * 1024 : SHELL_RSS_BYTES[sh.dialect]) + childPrograms(sh).reduce((t, c) => t + host.memory(c, nowMs), 0);
  },
};
