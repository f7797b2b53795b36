// TEMPORARY stand-in while programs/ is being written. Not to be committed.
import type { DnsResult, HttpRequest, HttpResponse, HttpResult, ProcessState, ProgramContext, Signal, Syscall } from './programs/types.ts';
export function spawnProgram(argv: string[], env: Record<string, string>, binaries: string[], nowMs: number): ProcessState | { error: string } {
  const base = (argv[0] ?? '').replace(/^.*\//, '');
  if (binaries.length && !binaries.includes(base)) return { error: `exec: "${argv[0]}": executable file not found in $PATH` };
  const script = argv.join(' ');
  const sleeps = [...script.matchAll(/sleep\s+(\d+(?:\.\d+)?)/g)].reduce((t, m) => t + Number(m[1]) * 1000, 0);
  const exit = /exit\s+(\d+)/.exec(script);
  const forever = /sleep\s+(infinity)|while true|tail -f/.test(script) || base === 'nginx' || base === 'docker-entrypoint.sh' || base === 'agnhost' || base === 'pause' || base === 'httpd-foreground' || ['etcd','kube-apiserver','kube-controller-manager','kube-scheduler'].includes(base);
  const touch = /touch (\S+)/.exec(script)?.[1];
  const cat = base === 'cat' ? argv[1] : undefined;
  return { comm: base, startedAtMs: nowMs, exitCode: null, step: 0, sleeps, forever, code: exit ? Number(exit[1]) : 0, touch, cat, argv, mem: /stress/.test(base) ? 250 * 1048576 : 0, ignoresTerm: base === 'sh' || base === 'sleep' };
}
export function runProgram(p: ProcessState, ctx: ProgramContext): Syscall {
  const s = p as ProcessState & { step: number; sleeps: number; forever: boolean; code: number; touch?: string; cat?: string; argv: string[] };
  if (s.exitCode !== null) return { kind: 'exit', code: s.exitCode };
  if (s.cat !== undefined) {
    if (s.cat in ctx.fs.files) { ctx.write('stdout', ctx.fs.files[s.cat]!); s.exitCode = 0; return { kind: 'exit', code: 0 }; }
    ctx.write('stderr', `cat: can't open '${s.cat}': No such file or directory`); s.exitCode = 1; return { kind: 'exit', code: 1 };
  }
  if (s.step === 0) {
    s.step = 1;
    if (s.touch) ctx.fs.files[s.touch] = '';
    ctx.write('stdout', `started ${s.argv.join(' ')}`);
    if (s.sleeps > 0) return { kind: 'sleep', ms: s.sleeps };
  }
  if (s.touch && /rm -f/.test(s.argv.join(' '))) delete ctx.fs.files[s.touch];
  if (s.forever) return { kind: 'idle' };
  s.exitCode = s.code; return { kind: 'exit', code: s.code };
}
export function resumeProgram(_p: ProcessState, _r: HttpResult | DnsResult): void {}
export function signalProgram(p: ProcessState, sig: Signal, _ctx: ProgramContext): { exited: boolean; exitCode: number | null } {
  if (sig === 'KILL') { p.exitCode = 137; return { exited: true, exitCode: 137 }; }
  if ((p as { ignoresTerm?: boolean }).ignoresTerm) return { exited: false, exitCode: null };
  p.exitCode = p.comm === 'nginx' || p.comm === 'docker-entrypoint.sh' ? 0 : 143; return { exited: true, exitCode: p.exitCode };
}
export function serveHttp(p: ProcessState, req: HttpRequest, nowMs: number): HttpResponse | null {
  if ((p.comm === 'nginx' || p.comm === 'docker-entrypoint.sh') && req.port === 80) return { status: 200, body: 'Welcome to nginx!' };
  if (p.comm === 'agnhost' && req.port === 8080) return { status: nowMs - p.startedAtMs < 10000 ? 200 : 500, body: 'ok' };
  return null;
}
export function listensOn(p: ProcessState, port: number, _n: number): boolean { return (p.comm === 'nginx' || p.comm === 'docker-entrypoint.sh') && port === 80; }
export function grpcHealth(_p: ProcessState, _port: number, _n: number): 'SERVING' | 'NOT_SERVING' | null { return null; }
export function memoryBytes(p: ProcessState, _n: number): number { return (p as { mem?: number }).mem ?? 0; }
export function msUntilMemoryReaches(p: ProcessState, bytes: number, _n: number): number { return ((p as { mem?: number }).mem ?? 0) >= bytes ? 1000 : Infinity; }
