/**
 * A shell session: the user's terminal on one host of the simulated cluster. One interpreter
 * serves the app's terminal, `k8sim shell`, scenario steps and tests.
 *
 * A command is a generator: it runs synchronously until it has to wait for the simulation (an
 * etcd reply, a timeout, `sleep`), yields what it waits for, and is resumed once that has
 * happened in virtual time. No promises, no real timers: the same input gives the same output.
 */
import { traceNow } from '../kernel/index.ts';
import type { World } from '../simulation/world.ts';
import { stepWorld } from '../simulation/world.ts';
import { parseCommandLine, ShellSyntaxError, type SimpleCommand } from './parse.ts';
import { runCommand } from './commands.ts';

/** What a suspended command waits for. */
export type Wait =
  | { type: 'until'; atMs: number }
  | { type: 'calls'; ports: string[] }
  /** A streaming call (watch): resume when it has more responses than `seen`, on Ctrl-C, or at `untilMs` (a `timeout` deadline). */
  | { type: 'stream'; port: string; seen: number; untilMs?: number };

export type Program = Generator<Wait, number, void>;

export interface OutputLine {
  text: string;
  stream: 'out' | 'err';
}

export interface CommandIO {
  session: Session;
  stdin: string;
  /** Writes to stdout/stderr; text may hold several lines. */
  out(text: string): void;
  err(text: string): void;
}

export interface Session {
  world: World;
  host: string;
  /** Hosts left by `ssh`, so `exit` returns to the previous one. */
  hostStack: string[];
  cwd: string;
  env: Record<string, string>;
  lastExit: number;
  /** Set by Ctrl-C in the terminal (or `timeout N`); a streaming command stops at its next resume. */
  interrupted: boolean;
}

export function createSession(world: World, host: string): Session {
  return { world, host, hostStack: [], cwd: '/root', env: { HOME: '/root', ETCDCTL_API: '3' }, lastExit: 0, interrupted: false };
}

export function prompt(s: Session): string {
  const dir = s.cwd === '/root' ? '~' : s.cwd;
  return `root@${s.host}:${dir}# `;
}

/** A running command line. `output` grows as it runs; `done` once its last command has exited. */
export interface Job {
  line: string;
  program: Program;
  wait: Wait | null;
  output: OutputLine[];
  done: boolean;
  exitCode: number;
  startedAt: number;
}

export function startJob(s: Session, line: string): Job {
  const output: OutputLine[] = [];
  const job: Job = { line, program: runLine(s, line, output), wait: null, output, done: false, exitCode: 0, startedAt: s.world.kernel.now };
  if (line.trim() !== '') {
    s.world.inputs.push({ atMs: s.world.kernel.now, host: s.host, line });
    traceNow(s.world.kernel, { source: 'user', target: s.host, kind: 'shell.command', summary: line.split('\n')[0]! });
  }
  s.interrupted = false;
  resume(s, job);
  return job;
}

export function waitSatisfied(s: Session, wait: Wait): boolean {
  const w = s.world;
  switch (wait.type) {
    case 'until':
      return w.kernel.now >= wait.atMs || s.interrupted;
    case 'calls':
      return wait.ports.every((p) => w.calls[p]?.state === 'done' || !w.calls[p]);
    case 'stream': {
      const call = w.calls[wait.port];
      return s.interrupted || !call || call.state === 'done' || call.responses.length > wait.seen || (wait.untilMs !== undefined && w.kernel.now >= wait.untilMs);
    }
  }
}

/** Resumes the job as long as what it waits for has happened. Returns true once it is done. */
export function resume(s: Session, job: Job): boolean {
  while (!job.done && (job.wait === null || waitSatisfied(s, job.wait))) {
    const r = job.program.next();
    if (r.done) {
      job.done = true;
      job.exitCode = r.value;
      s.lastExit = r.value;
      s.env['?'] = String(r.value);
      job.wait = null;
    } else {
      job.wait = r.value;
    }
  }
  return job.done;
}

/**
 * Runs a command line to completion in virtual time (the headless mode of `k8sim shell`,
 * scenarios and tests). `maxVirtualMs` guards against a command that never ends (a watch
 * without a timeout): it is interrupted as if by Ctrl-C.
 */
export function runToCompletion(s: Session, line: string, maxVirtualMs = 3_600_000): Job {
  const job = startJob(s, line);
  const limit = s.world.kernel.now + maxVirtualMs;
  let streamQuietSince = s.world.kernel.now;
  let lastWait: Wait | null = null;
  while (!job.done) {
    if (job.wait !== lastWait) {
      streamQuietSince = s.world.kernel.now;
      lastWait = job.wait;
    }
    // Headless, nobody can type Ctrl-C: a stream (watch) that has been quiet for
    // HEADLESS_STREAM_IDLE_MS of virtual time is interrupted as if they had.
    // A stream under `timeout N` runs to its deadline instead.
    const streamLimit = job.wait?.type === 'stream' ? (job.wait.untilMs ?? streamQuietSince + HEADLESS_STREAM_IDLE_MS) : limit;
    const until = job.wait?.type === 'until' ? Math.min(job.wait.atMs, limit) : Math.min(limit, streamLimit);
    if (job.wait?.type === 'stream' && job.wait.untilMs === undefined && s.world.kernel.now >= streamLimit) s.interrupted = true;
    if (!stepWorld(s.world, until)) {
      // Nothing more will happen before `until`: the clock is there now.
      if (s.world.kernel.now >= limit) s.interrupted = true;
    }
    resume(s, job);
  }
  return job;
}

/** How long a headless watch may stay quiet before it is stopped (virtual ms). */
export const HEADLESS_STREAM_IDLE_MS = 2000;

export function jobText(job: Job): string {
  return job.output.map((l) => l.text).join('');
}

// ---------------------------------------------------------------------------------------------

export function* runLine(s: Session, line: string, output: OutputLine[]): Program {
  let list;
  try {
    list = parseCommandLine(line, s.env);
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      output.push({ text: `bash: ${e.message}\n`, stream: 'err' });
      return 2;
    }
    throw e;
  }
  let status = 0;
  for (const item of list.items) {
    if (item.op === '&&' && status !== 0) continue;
    if (item.op === '||' && status === 0) continue;
    status = yield* runPipeline(s, item.pipeline.commands, output);
    s.lastExit = status;
    s.env['?'] = String(status);
  }
  return status;
}

/**
 * Runs a pipeline: each command's stdout becomes the next one's stdin. Commands run one after
 * another (a simplification that holds for the filters we model, which read all their input).
 */
function* runPipeline(s: Session, commands: SimpleCommand[], output: OutputLine[]): Program {
  let stdin = '';
  let status = 0;
  for (const [i, cmd] of commands.entries()) {
    const last = i === commands.length - 1;
    const captured: string[] = [];
    const io: CommandIO = {
      session: s,
      stdin: cmd.stdin ?? stdin,
      out: (text) => {
        if (!last || cmd.redirect) captured.push(text);
        else output.push({ text, stream: 'out' });
      },
      err: (text) => output.push({ text, stream: 'err' }),
    };
    const savedEnv = { ...s.env };
    Object.assign(s.env, cmd.env);
    if (cmd.argv.length === 0) {
      // Plain assignment: keep it.
      status = 0;
      continue;
    }
    try {
      status = yield* runCommand(cmd.argv, io);
    } finally {
      if (cmd.argv.length > 0) {
        for (const k of Object.keys(cmd.env)) {
          if (k in savedEnv) s.env[k] = savedEnv[k]!;
          else delete s.env[k];
        }
      }
    }
    stdin = captured.join('');
    if (cmd.redirect) {
      const err = writeRedirect(s, cmd.redirect.path, stdin, cmd.redirect.append);
      if (err) {
        output.push({ text: `bash: ${cmd.redirect.path}: ${err}\n`, stream: 'err' });
        status = 1;
      }
      stdin = '';
    }
  }
  return status;
}

function writeRedirect(s: Session, path: string, text: string, append: boolean): string | undefined {
  const host = s.world.hosts[s.host]!;
  const abs = path.startsWith('/') ? path : `${s.cwd}/${path}`.replace(/\/+/g, '/');
  const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
  if (!host.fs[parent] || host.fs[parent]!.type !== 'dir') return 'No such file or directory';
  const existing = host.fs[abs];
  if (existing && existing.type !== 'file') return 'Is a directory';
  host.fs[abs] = { type: 'file', content: (append && existing?.type === 'file' ? existing.content : '') + text };
  return undefined;
}
