/**
 * Redirections (XCU 2.7): `>`, `>>`, `<`, `2>&1`, `&>`, and the device names scripts use.
 * A redirection's target is opened (and truncated) before the command runs.
 */
import { expandString, ExpansionError } from './expand.ts';
import { isDir, readFile, resolvePath } from './fsutil.ts';
import type { Redir } from './ast.ts';
import { expandEnvOf, shellErr, type Env } from './env.ts';
import { currentFd, newCap, type Fds, type Sink, type Thread } from './state.ts';

function openSink(env: Env, th: Thread, fds: Fds, target: string, append: boolean, line: number): Sink | null {
  switch (target) {
    case '/dev/null': return { k: 'null' };
    case '/dev/stdout': return fds[1] ?? currentFd(th, 1);
    case '/dev/stderr': return fds[2] ?? currentFd(th, 2);
    // Writing to PID 1's stdout is how an exec'd command reaches `kubectl logs`; here it lands
    // in this process's own output (simplified).
    case '/proc/1/fd/1': case '/proc/self/fd/1': return { k: 'log', stream: 'stdout' };
    case '/proc/1/fd/2': case '/proc/self/fd/2': return { k: 'log', stream: 'stderr' };
  }
  const path = resolvePath(target, th.cwd);
  if (isDir(env.ctx.fs, path)) {
    shellErr(env, th, line, env.sh.dialect === 'ash' ? `can't create ${target}: Is a directory` : env.sh.dialect === 'dash' ? `cannot create ${target}: Is a directory` : `${target}: Is a directory`);
    return null;
  }
  const files = env.ctx.fs.files;
  if (!append || files[path] === undefined) files[path] = '';
  return { k: 'file', path };
}

export function applyRedirs(env: Env, th: Thread, redirs: Redir[], fds: Fds, substOut: Record<number, string>, line: number): boolean {
  const xenv = expandEnvOf(env, th, substOut);
  for (const r of redirs) {
    let target: string;
    try {
      target = expandString(r.target, xenv);
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      shellErr(env, th, line, e.message);
      return false;
    }
    const fd = r.fd as 0 | 1 | 2;
    switch (r.op) {
      case '>': case '>|': case '>>': case '&>': {
        const sink = openSink(env, th, fds, target, r.op === '>>', line);
        if (!sink) return false;
        if (r.op === '&>') fds[1] = fds[2] = sink;
        else if (fd === 1 || fd === 2) fds[fd] = sink;
        break;
      }
      case '<': {
        const text = readFile(env.ctx.fs, resolvePath(target, th.cwd));
        if (text === undefined) {
          const d = env.sh.dialect;
          shellErr(env, th, line, d === 'ash' ? `can't open '${target}': No such file or directory` : d === 'dash' ? `cannot open ${target}: No such file` : `${target}: No such file or directory`);
          return false;
        }
        if (fd === 0) fds[0] = { k: 'text', id: newCap(env.sh, text) };
        break;
      }
      case '>&': case '<&': {
        if (fd !== 1 && fd !== 2) break;
        if (target === '-') fds[fd] = { k: 'null' };
        else if (target === '1' || target === '2') fds[fd] = fds[Number(target) as 1 | 2] ?? currentFd(th, Number(target) as 1 | 2);
        else if (!/^\d+$/.test(target)) {
          const sink = openSink(env, th, fds, target, false, line);
          if (!sink) return false;
          fds[1] = fds[2] = sink;
        }
        break;
      }
    }
  }
  return true;
}
