/**
 * What every program's state has in common, and the interface each program module implements.
 * index.ts dispatches on `prog`; the shell and entrypoint scripts start other programs through a
 * `Host` handed to them (so modules do not import each other in a cycle).
 */
import { utf8Length } from '../../../api/names.ts';
import type { ContainerFs, HttpRequest, HttpResponse, NetworkResult, ProcessState, ProgramContext, Signal, Syscall } from './types.ts';

export interface ProgramBase extends ProcessState {
  /** Which module runs this process (`sh`, `nginx`, `agnhost`, ...). */
  prog: string;
  argv: string[];
  env: Record<string, string>;
  /** The image's executables, by base name: what `sh` can find on $PATH. */
  binaries: string[];
  /** The image reference when the runtime told us (version-dependent output), else ''. */
  image: string;
  /** Learned from the context on the first run (1 = the container's init). */
  pid: number | null;
  /** Set while runProgram is on the stack: a signal that arrives then is queued, not nested. */
  running: boolean;
  /** Log lines produced where no context was at hand (an access log line from serveHttp). */
  pendingLog: { stream: 'stdout' | 'stderr'; text: string }[];
}

/** What a program does with a signal it receives (KILL never reaches a module). */
export type SignalOutcome =
  /** The program ends now with this code. */
  | { action: 'exit'; code: number }
  /** The program handles it and keeps running (it may have more to do: runProgram is called next). */
  | { action: 'handled' }
  /** No handler: the kernel's default applies (PID 1 ignores it, any other process dies). */
  | { action: 'default' };

export type ChildSyscall = Syscall;

/** The dispatch functions, handed to programs that start or replace other programs. */
export interface Host {
  spawn(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): ProgramBase | { error: string };
  run(p: ProgramBase, ctx: ProgramContext): Syscall;
  resume(p: ProgramBase, result: NetworkResult): void;
  signal(p: ProgramBase, sig: Signal, ctx: ProgramContext): { exited: boolean; exitCode: number | null };
  serve(p: ProgramBase, req: HttpRequest, nowMs: number, io?: ServeIo | null): HttpResponse | null;
  listens(p: ProgramBase, port: number, nowMs: number): boolean;
  grpc(p: ProgramBase, port: number, nowMs: number): 'SERVING' | 'NOT_SERVING' | null;
  memory(p: ProgramBase, nowMs: number): number;
}

export interface ProgramModule {
  run(p: ProgramBase, ctx: ProgramContext, host: Host): Syscall;
  resume?(p: ProgramBase, result: NetworkResult, host: Host): void;
  signal?(p: ProgramBase, sig: Exclude<Signal, 'KILL'>, ctx: ProgramContext, host: Host): SignalOutcome;
  serve?(p: ProgramBase, req: HttpRequest, nowMs: number, io: ServeIo, host: Host): HttpResponse | null;
  listens?(p: ProgramBase, port: number, nowMs: number, host: Host): boolean;
  grpc?(p: ProgramBase, port: number, nowMs: number, host: Host): 'SERVING' | 'NOT_SERVING' | null;
  memory?(p: ProgramBase, nowMs: number, host: Host): number;
}

/** Where a server writes a log line while it answers a request. */
export type LogWriter = (stream: 'stdout' | 'stderr', text: string) => void;

/** What a server has at hand while it answers: a log, and the container's files when the runtime passed them. */
export interface ServeIo {
  log: LogWriter;
  fs: ContainerFs | null;
}

/**
 * The files under `root`, copied: a server keeps them so that it can answer from them even when
 * serveHttp is called without the container's filesystem.
 */
export function snapshotFiles(fs: ContainerFs, root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const prefix = `${root}/`;
  for (const k of Object.keys(fs.files)) if (k.startsWith(prefix) && !k.endsWith('/')) files[k] = fs.files[k]!;
  return files;
}

export const SIGNAL_NUMBER: Record<Signal, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15 };
/** strsignal(3) texts, as psignal and shells print them. */
export const SIGNAL_TEXT: Record<Signal, string> = { HUP: 'Hangup', INT: 'Interrupt', QUIT: 'Quit', KILL: 'Killed', TERM: 'Terminated' };

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || (path.startsWith('/') ? '/' : '');
}

/**
 * The fields every program's state starts with. A program adds its own with
 * `Object.assign(baseState(...), { ... })`, not `{ ...baseState(...), ... }`: V8 builds a spread
 * followed by new keys on its slow path (api/objects.ts), which made starting a container's
 * program cost about 7 µs.
 */
export function baseState(prog: string, comm: string, argv: string[], env: Record<string, string>, binaries: string[], nowMs: number, image: string): ProgramBase {
  return { prog, comm, startedAtMs: nowMs, exitCode: null, argv, env, binaries, image, pid: null, running: false, pendingLog: [] };
}

/** The process becomes another program (exec): same pid, same start of the container. */
export function replaceProcess(p: ProgramBase, next: ProgramBase): void {
  const keep = { pid: p.pid, running: p.running, pendingLog: p.pendingLog };
  // Last key first: V8 undoes each such delete by stepping back along the object's hidden
  // classes, so the process object keeps fast properties (a delete of any other key turns it
  // into a hash table, and every later read of the running program with it).
  const keys = Object.keys(p);
  for (let i = keys.length - 1; i >= 0; i--) delete p[keys[i]!];
  Object.assign(p, next, keep);
}

/** Ends the process with `code` and returns the syscall that says so. */
export function exitWith(p: ProgramBase, code: number): Syscall {
  if (p.exitCode === null) p.exitCode = code;
  return { kind: 'exit', code: p.exitCode };
}

/** The pid the process runs as: 1 unless the runtime says otherwise. */
export function pidOf(p: ProgramBase, ctx?: ProgramContext): number {
  if (p.pid === null && ctx) p.pid = ctx.pid ?? 1;
  return p.pid ?? 1;
}

/**
 * A Go program with no handler for a signal: the Go runtime's dieFromSignal re-raises it with the
 * default action, and when that does nothing (PID 1 in a PID namespace, pid_namespaces(7)) it
 * calls exit(2) (go/src/runtime/signal_unix.go). Any other process dies of the signal: 128+n.
 */
export function goDefaultSignal(p: ProgramBase, sig: Signal): SignalOutcome {
  return { action: 'exit', code: (p.pid ?? 1) === 1 ? 2 : 128 + SIGNAL_NUMBER[sig] };
}

/** Parses `--flag=value`, `--flag value`, `-flag value` style options (Go's flag and pflag). */
export function flagValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const dash of ['--', '-']) {
      if (a === `${dash}${name}`) return args[i + 1];
      if (a.startsWith(`${dash}${name}=`)) return a.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

/** Byte length of a body as UTF-8 (Content-Length, nginx's body_bytes_sent). */
export { utf8Length };

/** Env lookup with a number parse; `fallback` when unset or not a number. */
export function envNumber(env: Record<string, string>, key: string, fallback: number): number {
  const v = env[key];
  if (v === undefined || v.trim() === '') return fallback;
  if (/^(inf|infinity|never)$/i.test(v.trim())) return Infinity;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

export const MiB = 1024 * 1024;
