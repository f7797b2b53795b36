/**
 * The shell's own builtins: variables, control flow, traps, jobs, `cd`, `read`, `eval`, `.`.
 * They act on the thread's frames through control.ts.
 */
import type { Signal } from '../types.ts';
import { SIGNAL_NUMBER } from '../program.ts';
import { parseScript } from './parse.ts';
import { pushScope, pushScript, unwindExit, unwindLoop, unwindReturn } from './control.ts';
import { isDir, readFile, resolvePath } from './fsutil.ts';
import { readLine, type Thread } from './state.ts';
import { ALL_SHELLS, done, type UtilCtx, type Utility } from './util.ts';

/** `TERM`, `SIGTERM`, `15` → TERM; `EXIT`/`0` → 'EXIT' (traps only); unknown → null. */
export function parseSignal(name: string, forTrap = false): Signal | 'EXIT' | 0 | null {
  const n = name.toUpperCase().replace(/^SIG/, '');
  if (n === '0' || n === 'EXIT') return forTrap ? 'EXIT' : 0;
  for (const [sig, num] of Object.entries(SIGNAL_NUMBER)) if (n === sig || n === String(num)) return sig as Signal;
  return null;
}

const colon: Utility = { builtin: ALL_SHELLS, start: () => done(0) };
const trueCmd: Utility = { start: () => done(0), builtin: ALL_SHELLS };
const falseCmd: Utility = { start: () => done(1), builtin: ALL_SHELLS };

const exit: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const arg = args[0];
    if (arg !== undefined && !/^-?\d+$/.test(arg)) {
      u.shellErr(u.sh.dialect === 'bash' ? `exit: ${arg}: numeric argument required` : `exit: Illegal number: ${arg}`);
      unwindExit(u.sh, u.th, 2);
      return { frames: true };
    }
    unwindExit(u.sh, u.th, arg === undefined ? u.th.status : ((Number(arg) % 256) + 256) % 256);
    return { frames: true };
  },
};

function assignArgs(u: UtilCtx, args: string[], exportThem: boolean): number {
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([\s\S]*))?$/.exec(a);
    if (!m) {
      u.shellErr(`${exportThem ? 'export' : 'readonly'}: ${a}: bad variable name`);
      return 1;
    }
    if (m[2] !== undefined) u.th.vars[m[1]!] = m[2];
    if (exportThem) u.th.exported[m[1]!] = true;
  }
  return 0;
}

const exportCmd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    if (args.length === 0 || args[0] === '-p') {
      for (const k of Object.keys(u.th.exported).sort()) {
        const v = u.th.vars[k];
        if (v !== undefined) u.out(u.sh.dialect === 'bash' ? `declare -x ${k}="${v}"\n` : `export ${k}='${v.replace(/'/g, "'\\''")}'\n`);
      }
      return done(0);
    }
    return done(assignArgs(u, args, true));
  },
};

const readonly: Utility = { builtin: ALL_SHELLS, start: (u, args) => done(assignArgs(u, args, false)) };
// `local` is modelled as a plain assignment: variables are not scoped to the function.
const local: Utility = { builtin: ALL_SHELLS, start: (u, args) => done(assignArgs(u, args, false)) };

const unset: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const funcs = args[0] === '-f';
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      if (funcs) delete u.th.funcs[a];
      else {
        delete u.th.vars[a];
        delete u.th.exported[a];
      }
    }
    return done(0);
  },
};

const set: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        u.th.positional = args.slice(i + 1);
        return done(0);
      }
      if (a === '-o' || a === '+o') {
        const opt = args[++i];
        if (opt === 'errexit') u.th.errexit = a === '-o';
        if (opt === 'xtrace') u.th.xtrace = a === '-o';
        continue;
      }
      if (!/^[-+]/.test(a)) {
        u.th.positional = args.slice(i);
        return done(0);
      }
      for (const c of a.slice(1)) {
        if (c === 'e') u.th.errexit = a[0] === '-';
        else if (c === 'x') u.th.xtrace = a[0] === '-';
        // -u (nounset), -f, -v and the rest are accepted and not modelled.
      }
    }
    return done(0);
  },
};

const shift: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const n = args[0] === undefined ? 1 : Number(args[0]);
    if (!Number.isInteger(n) || n > u.th.positional.length) {
      u.shellErr(`shift: can't shift that many`);
      return done(u.sh.dialect === 'bash' ? 1 : 2);
    }
    u.th.positional = u.th.positional.slice(n);
    return done(0);
  },
};

const trap: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
      for (const [sig, action] of Object.entries(u.sh.traps)) u.out(`trap -- '${action.replace(/'/g, "'\\''")}' ${sig}\n`);
      return done(0);
    }
    let action: string | null = args[0]!;
    let sigs = args.slice(1);
    // `trap SIG` / `trap - SIG`: reset to the default action.
    if (action === '-' || (sigs.length === 0 && parseSignal(action, true) !== null)) {
      if (action !== '-') sigs = [action];
      action = null;
    }
    for (const s of sigs) {
      const sig = parseSignal(s, true);
      if (sig === null || sig === 0) {
        u.shellErr(`trap: ${s}: bad trap`);
        return done(1);
      }
      if (action === null) delete u.sh.traps[sig];
      else u.sh.traps[sig] = action;
    }
    return done(0);
  },
};

/** The background jobs `wait` waits for: the given pids, or every job of this shell. */
function waitTargets(u: UtilCtx, pids: number[] | null): Thread[] {
  return u.sh.threads.filter((t) => t.id !== u.th.id && (pids === null || pids.includes(t.pid)));
}

const wait: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const pids = args.length ? args.map((a) => (a.startsWith('%') ? (u.sh.threads.find((t) => t.id === Number(a.slice(1)))?.pid ?? -1) : Number(a))) : null;
    return this.cont!(u, { u: 'wait', pids });
  },
  cont(u, st) {
    const pids = st['pids'] as number[] | null;
    const targets = waitTargets(u, pids);
    if (targets.some((t) => !t.done)) return { block: { kind: 'idle' }, state: st };
    let status = 0;
    if (pids) {
      const last = pids[pids.length - 1]!;
      const t = targets.find((x) => x.pid === last);
      status = t ? t.status : 127;
      if (!t) u.shellErr(`wait: pid ${last} is not a child of this shell`);
    }
    // Reaped: a finished job is forgotten once waited for.
    u.sh.threads = u.sh.threads.filter((t) => !(t.done && targets.includes(t)));
    return done(status);
  },
};

const kill: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    let sig: Signal | 0 = 'TERM';
    let i = 0;
    if (args[0] === '-l') {
      u.out('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n');
      return done(0);
    }
    if (args[0] === '-s' || args[0] === '-n') {
      const p = parseSignal(args[1] ?? '');
      if (p === null || p === 'EXIT') return badSignal(u, args[1] ?? '');
      sig = p;
      i = 2;
    } else if (args[0]?.startsWith('-') && args[0] !== '--') {
      const p = parseSignal(args[0].slice(1));
      if (p === null || p === 'EXIT') return badSignal(u, args[0].slice(1));
      sig = p;
      i = 1;
    }
    let status = 0;
    for (const target of args.slice(i).filter((a) => a !== '--')) {
      const job = target.startsWith('%') ? u.sh.threads.find((t) => t.id === Number(target.slice(1))) : undefined;
      const pid = job ? job.pid : Number(target);
      if (!Number.isInteger(pid)) {
        u.shellErr(`kill: illegal number ${target}`);
        status = 1;
        continue;
      }
      if (!signalPid(u, pid, sig)) {
        u.shellErr(u.sh.dialect === 'bash' ? `kill: (${pid}) - No such process` : u.sh.dialect === 'dash' ? 'kill: No such process' : `can't kill pid ${pid}: No such process`);
        status = 1;
      }
    }
    return done(status);
  },
};

function badSignal(u: UtilCtx, name: string) {
  u.shellErr(u.sh.dialect === 'bash' ? `kill: ${name}: invalid signal specification` : `kill: invalid signal number or name: ${name}`);
  return done(1);
}

/** Delivers a signal from `kill`: to this shell, one of its jobs, or (via the runtime) any pid. */
function signalPid(u: UtilCtx, pid: number, sig: Signal | 0): boolean {
  const job = u.sh.threads.find((t) => t.pid === pid && t.id !== 0);
  if (job) {
    if (sig !== 0 && !job.done) {
      // A job is a subshell, not PID 1: with no trap of its own it dies of the signal.
      job.stack = [];
      job.done = true;
      job.status = 128 + SIGNAL_NUMBER[sig];
    }
    return !job.done || sig !== 0;
  }
  if (pid === (u.sh.pid ?? 1)) {
    if (sig !== 0) u.sh.pendingSignals.push(sig);
    return true;
  }
  if (!u.ctx.signalPid) {
    u.shellErr(`kill: k8sim does not model signalling pid ${pid} from here`);
    return true;
  }
  return u.ctx.signalPid(pid, sig);
}

const cd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const target = args[0] === undefined ? (u.th.vars['HOME'] ?? '/root') : args[0] === '-' ? (u.th.vars['OLDPWD'] ?? u.th.cwd) : args[0];
    const path = resolvePath(target, u.th.cwd);
    if (!isDir(u.ctx.fs, path)) {
      u.shellErr(u.sh.dialect === 'ash' ? `cd: can't cd to ${target}: No such file or directory` : u.sh.dialect === 'dash' ? `cd: can't cd to ${target}` : `cd: ${target}: No such file or directory`);
      return done(u.sh.dialect === 'dash' ? 2 : 1);
    }
    u.th.vars['OLDPWD'] = u.th.cwd;
    u.th.cwd = path;
    u.th.vars['PWD'] = path;
    return done(0);
  },
};

const pwd: Utility = { builtin: ALL_SHELLS, start: (u) => (u.out(`${u.th.cwd}\n`), done(0)) };

const read: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const names = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-p');
    const raw = args.includes('-r');
    const line = readLine(u.sh, u.th);
    if (line === null) {
      for (const n of names) u.th.vars[n] = '';
      return done(1);
    }
    const text = raw ? line : line.replace(/\\(.)/g, '$1');
    const vars = names.length ? names : ['REPLY'];
    const fields = text.trim().split(/[ \t]+/);
    vars.forEach((n, i) => {
      u.th.vars[n] = i === vars.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '');
    });
    return done(0);
  },
};

const breakCmd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    unwindLoop(u.sh, u.th, 'break', args[0] ? Number(args[0]) : 1);
    return { frames: true };
  },
};

const continueCmd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    unwindLoop(u.sh, u.th, 'continue', args[0] ? Number(args[0]) : 1);
    return { frames: true };
  },
};

const returnCmd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const code = args[0] === undefined ? u.th.status : Number(args[0]) & 255;
    // Outside a function, `return` ends the script as `exit` would.
    if (!unwindReturn(u.sh, u.th, code)) unwindExit(u.sh, u.th, code);
    return { frames: true };
  },
};

const evalCmd: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    if (args.length === 0) return done(0);
    pushScript(u.th, parseScript(args.join(' ')));
    return { frames: true };
  },
};

const source: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    const file = args[0];
    if (file === undefined) return done(0);
    const text = readFile(u.ctx.fs, resolvePath(file, u.th.cwd));
    if (text === undefined) {
      u.shellErr(u.sh.dialect === 'dash' ? `.: cannot open ${file}: No such file` : u.sh.dialect === 'bash' ? `${file}: No such file or directory` : `.: can't open '${file}': No such file or directory`);
      return done(u.sh.dialect === 'bash' ? 1 : 2);
    }
    pushScope(u.th, 'source');
    pushScript(u.th, parseScript(text));
    return { frames: true };
  },
};

const command: Utility = {
  builtin: ALL_SHELLS,
  start(u, args) {
    if (args[0] !== '-v' && args[0] !== '-V') {
      u.shellErr(`k8sim does not model 'command' without -v yet`);
      return done(127);
    }
    let status = 0;
    for (const name of args.slice(1)) {
      if (u.th.funcs[name] || BUILTIN_NAMES.has(name)) u.out(`${name}\n`);
      else if (u.sh.binaries.includes(name)) u.out(`${name === 'sh' ? '/bin' : '/usr/bin'}/${name}\n`);
      else status = 1;
    }
    return done(status);
  },
};

export const CONTROL_BUILTINS: Record<string, Utility> = {
  ':': colon, true: trueCmd, false: falseCmd, exit, export: exportCmd, readonly, local, unset, set, shift, trap, wait, kill, cd, pwd, read,
  break: breakCmd, continue: continueCmd, return: returnCmd, eval: evalCmd, '.': source, source: { ...source, builtin: ['ash', 'bash'] }, command,
};

const BUILTIN_NAMES = new Set([...Object.keys(CONTROL_BUILTINS), 'echo', 'printf', 'test', '[', 'exec']);
