/**
 * Process and system utilities: sleep, date, hostname, env, printenv, uname, killall, ps.
 */
import { cDate, strftime } from '../clock.ts';
import type { Signal } from '../types.ts';
import { parseSignal } from './builtins.ts';
import { done, type UtilCtx, type Utility } from './util.ts';

const SLEEP_SUFFIX_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `sleep` operands in seconds (suffixes s/m/h/d, `inf`), or the operand that is not a number. */
export function sleepSeconds(args: string[]): { seconds: number } | { bad: string } {
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) return { seconds: Infinity };
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return { bad: a };
    total += Number(m[1]) * SLEEP_SUFFIX_SECONDS[m[2]!]!;
  }
  return { seconds: total };
}

const sleep: Utility = {
  start(u, args) {
    const gnu = u.sh.flavor === 'gnu';
    if (args.length === 0) {
      u.err(gnu ? "sleep: missing operand\nTry 'sleep --help' for more information.\n" : 'Usage: sleep [N]...\n');
      return done(1);
    }
    const parsed = sleepSeconds(args);
    if ('bad' in parsed) {
      u.err(gnu ? `sleep: invalid time interval '${parsed.bad}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${parsed.bad}'\n`);
      return done(1);
    }
    if (parsed.seconds === Infinity) return { block: { kind: 'idle' }, state: { u: 'sleep', untilMs: null } };
    const untilMs = u.ctx.nowMs + Math.round(parsed.seconds * 1000);
    return this.cont!(u, { u: 'sleep', untilMs });
  },
  cont(u, st) {
    const until = st['untilMs'] as number | null;
    if (until === null) return { block: { kind: 'idle' }, state: st };
    if (u.ctx.nowMs >= until) return done(0);
    return { block: { kind: 'sleep', ms: until - u.ctx.nowMs }, state: st };
  },
};

const date: Utility = {
  start(u, args) {
    let format: string | null = null;
    for (const a of args) {
      if (a === '-u' || a === '--utc') continue;
      if (a.startsWith('+')) format = a.slice(1);
      else if (a === '-I' || a === '--iso-8601') format = '%Y-%m-%d';
      else if (a === '-R' || a === '--rfc-email') format = '%a, %d %b %Y %H:%M:%S +0000';
      else {
        u.err(`date: k8sim does not model 'date ${args.join(' ')}' yet (modelled: date [-u] [-I] [-R] [+FORMAT])\n`);
        return done(127);
      }
    }
    u.out(`${format === null ? cDate(u.ctx.nowMs) : strftime(format, u.ctx.nowMs)}\n`);
    return done(0);
  },
};

const hostname: Utility = {
  start(u, args) {
    if (args.length) {
      u.err(`hostname: k8sim does not model 'hostname ${args.join(' ')}' yet (modelled: hostname)\n`);
      return done(127);
    }
    // The UTS namespace's name: the pod's hostname, which the runtime also puts in HOSTNAME.
    u.out(`${u.sh.env['HOSTNAME'] ?? 'localhost'}\n`);
    return done(0);
  },
};

const env: Utility = {
  start(u, args) {
    if (args.length) {
      u.err(`env: k8sim does not model 'env ${args.join(' ')}' yet (modelled: env)\n`);
      return done(127);
    }
    u.out(Object.entries(u.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return done(0);
  },
};

const printenv: Utility = {
  start(u, args) {
    if (args.length === 0) {
      u.out(Object.entries(u.env).map(([k, v]) => `${k}=${v}\n`).join(''));
      return done(0);
    }
    let status = 0;
    for (const a of args) {
      if (u.env[a] === undefined) status = 1;
      else u.out(`${u.env[a]}\n`);
    }
    return done(status);
  },
};

const uname: Utility = {
  start(u, args) {
    const parts: string[] = [];
    for (const a of args.length ? args : ['-s']) {
      if (a === '-s') parts.push('Linux');
      else if (a === '-n') parts.push(u.sh.env['HOSTNAME'] ?? 'localhost');
      else if (a === '-m') parts.push('x86_64');
      else {
        // The node's kernel release is not part of the model.
        u.err(`uname: k8sim does not model 'uname ${a}' yet (modelled: uname [-s] [-n] [-m])\n`);
        return done(127);
      }
    }
    u.out(`${parts.join(' ')}\n`);
    return done(0);
  },
};

/** busybox killall (procps/kill.c): signals every process of that name in the container. */
const killall: Utility = {
  start(u, args) {
    let sig: Signal | 0 = 'TERM';
    let quiet = false;
    const names: string[] = [];
    for (const a of args) {
      if (a === '-q') quiet = true;
      else if (a.startsWith('-') && a.length > 1) {
        const p = parseSignal(a.slice(1));
        if (p === null || p === 'EXIT') {
          u.err(`killall: bad signal name '${a.slice(1)}'\n`);
          return done(1);
        }
        sig = p;
      } else names.push(a);
    }
    let status = 0;
    for (const name of names) {
      const n = u.ctx.signalByName(name, sig);
      if (n === 0) {
        if (!quiet) u.err(`killall: ${name}: no process killed\n`);
        status = 1;
      }
    }
    return done(status);
  },
};

/** The container's processes (the runtime's list, or this shell alone), and `ps` itself. */
function processList(u: UtilCtx, args: string[]): { pid: number; comm: string; args: string[] }[] {
  const others = u.ctx.processes ? u.ctx.processes() : [{ pid: u.sh.pid ?? 1, comm: u.sh.comm, args: u.sh.argv }];
  return [...others, { pid: u.sh.nextPid, comm: 'ps', args: ['ps', ...args] }];
}

/** busybox ps (procps/ps.c) or procps-ng's; CPU time is not modelled and shows as 0. */
const ps: Utility = {
  start(u, args) {
    const procs = processList(u, args);
    if (u.sh.flavor === 'busybox') {
      const rows = procs.map((p) => `${String(p.pid).padStart(5)} root      0:00 ${p.args.join(' ')}\n`);
      u.out(`PID   USER     TIME  COMMAND\n${rows.join('')}`);
      return done(0);
    }
    if (args.length) {
      u.err(`ps: k8sim does not model 'ps ${args.join(' ')}' yet (modelled: ps)\n`);
      return done(127);
    }
    const rows = procs.map((p) => `${String(p.pid).padStart(7)} ?        00:00:00 ${p.comm}\n`);
    u.out(`    PID TTY          TIME CMD\n${rows.join('')}`);
    return done(0);
  },
};

export const MISC_UTILITIES: Record<string, Utility> = { sleep, date, hostname, env, printenv, uname, killall, ps };
