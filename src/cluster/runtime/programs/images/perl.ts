/**
 * perl, enough for the kubernetes.io Job example (docs/concepts/workloads/controllers/job.md):
 * `perl -Mbignum=bpi -wle 'print bpi(2000)'` computes π to 2000 digits and prints it. The real
 * computation takes seconds of CPU; here it takes PI_2000_DIGITS_MS of virtual time (scaled with
 * the square of the digits asked for), then prints the true digits (pi.ts) and exits 0.
 * Also modelled: `perl -e` programs made of print, sleep and exit statements. perl has no
 * signal handlers by default: as PID 1 it ignores SIGTERM (pid_namespaces(7)).
 */
import { baseState, exitWith, MiB, type ProgramBase, type ProgramModule } from '../program.ts';
import type { ProgramContext, Syscall } from '../types.ts';
import { piDigits } from './pi.ts';

/** How long `bpi(2000)` runs, in virtual ms. */
export const PI_2000_DIGITS_MS = 10_000;

type Statement = { k: 'print'; text: string } | { k: 'sleep'; ms: number } | { k: 'exit'; code: number } | { k: 'pi'; digits: number };

export interface PerlState extends ProgramBase {
  prog: 'perl';
  statements: Statement[];
  next: number;
  /** When the statement in progress (a sleep, the π computation) is done. */
  busyUntilMs: number | null;
  /** -l: print adds a newline. */
  newline: boolean;
  startError: string | null;
  debugger: boolean;
}

function unquote(s: string, interpolate: boolean): string {
  const body = s.slice(1, -1);
  return interpolate ? body.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : body.replace(/\\'/g, "'");
}

/** Parses a perl one-liner made of the statements we model; null if it is anything else. */
export function parsePerl(script: string): Statement[] | null {
  const out: Statement[] = [];
  for (const raw of script.split(';')) {
    const s = raw.trim();
    if (s === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^print\s+bpi\(\s*(\d+)\s*\)$/.exec(s))) out.push({ k: 'pi', digits: Number(m[1]) });
    else if ((m = /^print\s*\(?\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)?$/.exec(s))) out.push({ k: 'print', text: unquote(m[1]!, m[1]!.startsWith('"')) });
    else if ((m = /^sleep\s*\(?\s*(\d+)\s*\)?$/.exec(s))) out.push({ k: 'sleep', ms: Number(m[1]) * 1000 });
    else if ((m = /^exit\s*\(?\s*(\d*)\s*\)?$/.exec(s))) out.push({ k: 'exit', code: Number(m[1] || '0') });
    else return null;
  }
  return out;
}

export function spawnPerl(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): PerlState {
  let script: string | null = null;
  let newline = false;
  let debug = false;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a.startsWith('-M') || a === '--') continue;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === 'l') newline = true;
      else if (c === 'd') debug = true;
      else if (c === 'e' || c === 'E') {
        script = j + 1 < a.length ? a.slice(j + 1) : (args[++i] ?? '');
        break;
      }
    }
  }
  const statements = script === null ? [] : parsePerl(script);
  return Object.assign(baseState('perl', 'perl', argv, env, binaries, nowMs, image), {
    prog: 'perl' as const, statements: statements ?? [], next: 0, busyUntilMs: null, newline,
    startError: script !== null && statements === null ? `k8sim does not model this perl program yet (modelled: print, sleep, exit, bpi): ${script}` : null, debugger: debug,
  });
}

function runPerl(p: PerlState, ctx: ProgramContext): Syscall {
  if (p.startError) {
    ctx.write('stderr', p.startError);
    return exitWith(p, 2);
  }
  if (p.debugger) {
    // perl -d reads debugger commands from the terminal; a container has none, so it ends.
    ctx.write('stderr', 'k8sim does not model the perl debugger (perl -d) yet');
    return exitWith(p, 0);
  }
  for (;;) {
    const st = p.statements[p.next];
    if (!st) return exitWith(p, 0);
    if (st.k === 'sleep' || st.k === 'pi') {
      if (p.busyUntilMs === null) p.busyUntilMs = ctx.nowMs + (st.k === 'sleep' ? st.ms : Math.max(1, Math.round(PI_2000_DIGITS_MS * (st.digits / 2000) ** 2)));
      if (ctx.nowMs < p.busyUntilMs) return { kind: 'sleep', ms: p.busyUntilMs - ctx.nowMs };
      p.busyUntilMs = null;
      if (st.k === 'pi') ctx.write('stdout', piDigits(st.digits));
    } else if (st.k === 'print') {
      const text = st.text + (p.newline ? '\n' : '');
      // Lines without their newline yet are printed when the program ends.
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (const l of lines) ctx.write('stdout', l);
    } else return exitWith(p, st.code);
    p.next++;
  }
}

export const perlModule: ProgramModule = {
  run: (p, ctx) => runPerl(p as PerlState, ctx),
  memory: (p) => {
    const s = p as PerlState;
    // Math::BigFloat's working numbers while it computes π.
    return s.busyUntilMs !== null && s.statements[s.next]?.k === 'pi' ? 30 * MiB : 6 * MiB;
  },
};
