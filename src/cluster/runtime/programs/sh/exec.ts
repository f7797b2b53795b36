/**
 * The interpreter: one step of the frame on top of a thread's stack. A step either makes
 * progress (pushes or pops frames, runs a command that finishes at once) and returns null, or
 * blocks on a syscall that it returns. All state is in the frames; nothing is held in closures.
 */
import type { Syscall } from '../types.ts';
import { inCondition, popFrame, pushBare, pushNode, pushScope, top, unwindExit } from './control.ts';
import { cleanupInput, expandEnvOf, expansionFailed, needSubst, type Env } from './env.ts';
import { expandPattern, expandString, expandWords, matchPattern } from './expand.ts';
import { syntaxErrorLines } from './messages.ts';
import { applyRedirs } from './redirect.ts';
import { stepCmd } from './simple.ts';
import { currentFd, newCap, newThread, writeFd, type Fds, type Frame, type Thread } from './state.ts';

export type { Env } from './env.ts';

/** Finished `&` jobs whose status a later `wait` may still ask for. */
const MAX_FINISHED_JOBS = 64;

export function stepThread(env: Env, th: Thread): Syscall | null {
  const fr = top(th);
  if (!fr) {
    th.done = true;
    return null;
  }
  const sh = env.sh;
  switch (fr.f) {
    case 'script': {
      const unit = fr.script.units[fr.i];
      if (unit) {
        fr.i++;
        pushNode(th, unit);
        return null;
      }
      th.stack.pop();
      if (fr.script.error) {
        for (const line of syntaxErrorLines(sh.dialect, th.arg0, fr.script.error)) writeFd(sh, th, env.ctx, 2, `${line}\n`);
        unwindExit(sh, th, 2);
      }
      return null;
    }
    case 'scope': {
      const errexit = fr.kind === 'subshell' && th.status !== 0;
      popFrame(sh, th);
      if (errexit && th.errexit && !inCondition(th)) unwindExit(sh, th, th.status);
      return null;
    }
    case 'seq': {
      const item = fr.node.items[fr.i];
      if (!item) {
        th.stack.pop();
        return null;
      }
      fr.i++;
      if (item.bg) spawnJob(env, th, item.node);
      else pushNode(th, item.node);
      return null;
    }
    case 'andor': {
      if (fr.i === 0) {
        fr.i = 1;
        pushNode(th, fr.node.first);
        return null;
      }
      while (fr.i - 1 < fr.node.rest.length) {
        const next = fr.node.rest[fr.i - 1]!;
        fr.i++;
        if ((next.op === '&&') === (th.status === 0)) {
          pushNode(th, next.node);
          return null;
        }
      }
      th.stack.pop();
      return null;
    }
    case 'pipe':
      return stepPipe(env, th, fr);
    case 'if': {
      const clause = fr.node.clauses[fr.i];
      if (fr.phase === 'cond') {
        if (clause) {
          fr.phase = 'condWait';
          pushNode(th, clause.cond);
        } else if (fr.node.else) {
          fr.phase = 'bodyWait';
          pushNode(th, fr.node.else);
        } else {
          th.stack.pop();
          th.status = 0;
        }
      } else if (fr.phase === 'condWait') {
        if (th.status === 0) {
          fr.phase = 'bodyWait';
          pushNode(th, clause!.body);
        } else {
          fr.i++;
          fr.phase = 'cond';
        }
      } else th.stack.pop();
      return null;
    }
    case 'loop': {
      if (fr.phase === 'cond') {
        fr.phase = 'condWait';
        pushNode(th, fr.node.cond);
      } else if (fr.phase === 'condWait') {
        if ((th.status === 0) !== fr.node.until) {
          fr.phase = 'bodyWait';
          pushNode(th, fr.node.body);
        } else {
          th.stack.pop();
          th.status = fr.bodyStatus;
        }
      } else {
        fr.bodyStatus = th.status;
        fr.phase = 'cond';
      }
      return null;
    }
    case 'for': {
      if (fr.values === null) {
        if (needSubst(env, th, fr, fr.node.subs)) return null;
        try {
          fr.values = fr.node.items === null ? [...th.positional] : expandWords(fr.node.items, expandEnvOf(env, th, fr.substOut));
        } catch (e) {
          return expansionFailed(env, th, e, fr.node.line);
        }
        if (fr.values.length === 0) th.status = 0;
      }
      const v = fr.values[fr.i];
      if (v === undefined) {
        th.stack.pop();
        return null;
      }
      fr.i++;
      th.vars[fr.node.name] = v;
      pushNode(th, fr.node.body);
      return null;
    }
    case 'case': {
      if (fr.done) {
        th.stack.pop();
        return null;
      }
      if (needSubst(env, th, fr, fr.node.subs)) return null;
      fr.done = true;
      const xenv = expandEnvOf(env, th, fr.substOut);
      try {
        const word = expandString(fr.node.word, xenv);
        for (const arm of fr.node.arms) {
          if (arm.patterns.some((p) => matchPattern(word, expandPattern(p, xenv)))) {
            if (arm.body) pushNode(th, arm.body);
            else th.status = 0;
            return null;
          }
        }
      } catch (e) {
        return expansionFailed(env, th, e, 0);
      }
      th.status = 0;
      return null;
    }
    case 'io': {
      if (fr.entered) {
        popFrame(sh, th);
        cleanupInput(sh, fr.fds);
        return null;
      }
      if (needSubst(env, th, fr, fr.node.subs)) return null;
      fr.entered = true;
      if (!applyRedirs(env, th, fr.node.redirs, fr.fds, fr.substOut, 0)) {
        th.stack.pop();
        th.status = 1;
        return null;
      }
      pushBare(th, fr.node);
      return null;
    }
    case 'cmd':
      return stepCmd(env, th, fr);
  }
}

function stepPipe(env: Env, th: Thread, fr: Extract<Frame, { f: 'pipe' }>): null {
  const sh = env.sh;
  const cmds = fr.node.cmds;
  if (fr.i > 0) {
    if (fr.inId !== null) delete sh.caps[fr.inId];
    fr.inId = fr.outId;
    fr.outId = null;
  }
  if (fr.i < cmds.length) {
    // Elements run one after another, each reading what the previous one wrote: enough for
    // `cat f | grep x | wc -l`, not for a pipeline whose first command never ends.
    const fds: Fds = {};
    if (fr.inId !== null) fds[0] = { k: 'text', id: fr.inId };
    if (fr.i < cmds.length - 1) {
      fr.outId = newCap(sh);
      fds[1] = { k: 'cap', id: fr.outId };
    }
    pushScope(th, 'pipe', { fds, isolate: cmds.length > 1 });
    pushNode(th, cmds[fr.i++]!);
    return null;
  }
  if (fr.inId !== null) delete sh.caps[fr.inId];
  th.stack.pop();
  if (fr.node.neg) th.status = th.status === 0 ? 1 : 0;
  return null;
}

/** An `&` job: a thread of its own, with the shell's variables and output, and stdin from /dev/null. */
function spawnJob(env: Env, th: Thread, node: Parameters<typeof pushNode>[1]): void {
  const sh = env.sh;
  const pid = sh.nextPid++;
  const job = newThread(sh.nextThreadId++, pid, th, { 0: { k: 'none' }, 1: currentFd(th, 1), 2: currentFd(th, 2) });
  pushScope(job, 'bg');
  pushNode(job, node);
  sh.threads.push(job);
  // Finished jobs are kept for `wait`; a script that never waits keeps only the latest ones.
  const finished = sh.threads.filter((t) => t.done && t.id !== 0);
  if (finished.length > MAX_FINISHED_JOBS) sh.threads = sh.threads.filter((t) => !finished.slice(0, finished.length - MAX_FINISHED_JOBS).includes(t));
  th.lastBg = pid;
  th.status = 0;
}
