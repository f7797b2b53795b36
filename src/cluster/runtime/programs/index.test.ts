import { describe, expect, it } from 'vitest';
import { grpcHealth, listensOn, memoryBytes, msUntilMemoryReaches, runProgram, serveHttp, signalProgram, spawnProgram } from './index.ts';
import type { ProgramContext } from './types.ts';

function ctx(nowMs = 0, lines: string[] = []): ProgramContext {
  return { nowMs, fs: { files: {} }, write: (_s, l) => lines.push(l), signalByName: () => 0 };
}

describe('spawnProgram', () => {
  it('refuses an argv[0] that is not on the image\'s PATH, in runc\'s words', () => {
    expect(spawnProgram(['nginx'], {}, ['sh'], 0)).toEqual({ error: 'exec: "nginx": executable file not found in $PATH' });
    expect(spawnProgram(['/usr/local/bin/app'], {}, ['sh'], 0)).toEqual({ error: 'exec: "/usr/local/bin/app": executable file not found in $PATH' });
  });

  it('finds absolute paths by their base name and returns plain data', () => {
    const p = spawnProgram(['/bin/sh', '-c', 'echo hi'], { HOSTNAME: 'x' }, ['sh'], 5);
    expect('error' in p).toBe(false);
    expect(p).toMatchObject({ comm: 'sh', startedAtMs: 5, exitCode: null });
    expect(structuredClone(p)).toEqual(p);
  });

  it('a program in the image that k8sim does not model says so in its log and exits 1', () => {
    const p = spawnProgram(['java', '-jar', 'app.jar'], {}, ['java'], 0);
    const lines: string[] = [];
    expect(runProgram(p as never, ctx(0, lines))).toEqual({ kind: 'exit', code: 1 });
    expect(lines[0]).toMatch(/^k8sim does not model 'java' yet/);
  });
});

describe('runProgram, signalProgram and the queries on an exited process', () => {
  it('answers exit again once a process has exited, and KILL always ends one with 137', () => {
    const p = spawnProgram(['sleep', '10'], {}, ['sleep'], 0) as never;
    expect(runProgram(p, ctx())).toEqual({ kind: 'sleep', ms: 10_000 });
    expect(signalProgram(p, 'KILL', ctx(1))).toEqual({ exited: true, exitCode: 137 });
    expect(runProgram(p, ctx(2))).toEqual({ kind: 'exit', code: 137 });
    expect(runProgram(p, ctx(3))).toEqual({ kind: 'exit', code: 137 });
    expect(signalProgram(p, 'TERM', ctx(4))).toEqual({ exited: true, exitCode: 137 });
    expect(memoryBytes(p, 5)).toBe(0);
    expect(msUntilMemoryReaches(p, 1, 5)).toBe(Infinity);
  });

  it('a stopped server refuses connections', () => {
    const p = spawnProgram(['/agnhost', 'netexec'], {}, ['agnhost'], 0) as never;
    runProgram(p, ctx());
    expect(listensOn(p, 8080, 0)).toBe(true);
    signalProgram(p, 'KILL', ctx());
    expect(listensOn(p, 8080, 1)).toBe(false);
    expect(serveHttp(p, { port: 8080, path: '/' }, 1)).toBeNull();
    expect(grpcHealth(p, 8080, 1)).toBeNull();
  });

  it('without a context, a server keeps its log lines and writes them on its next run', () => {
    const p = spawnProgram(['nginx', '-g', 'daemon off;'], { NGINX_VERSION: '1.27.3' }, ['nginx'], 0) as never;
    const lines: string[] = [];
    runProgram(p, ctx(0, lines));
    const before = lines.length;
    expect(serveHttp(p, { port: 80, path: '/', clientIp: '10.0.0.9' }, 1000)?.status).toBe(200);
    expect(lines.length).toBe(before);
    runProgram(p, ctx(2000, lines));
    expect(lines.at(-1)).toBe('10.0.0.9 - - [22/Nov/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 615 "-" "-" "-"');
  });
});
