/**
 * The kubernetes.io examples, run with the images' real configuration from the registry's catalog
 * (ENTRYPOINT/CMD, env, the executables on PATH), and the rule the runtime applies:
 * `command` replaces ENTRYPOINT (and CMD), `args` replaces CMD.
 */
import { describe, expect, it } from 'vitest';
import { lookupImage } from '../../registry/catalog.ts';
import { spawnProgram } from './index.ts';
import { piDigits } from './images/pi.ts';
import { advance, exec, http, logText, memory, signal, startContainer, tcp, type FakeNetwork } from './testing.ts';

function containerFor(image: string, spec: { command?: string[]; args?: string[]; env?: Record<string, string> } = {}, opts: { files?: Record<string, string>; net?: FakeNetwork } = {}) {
  const pulled = lookupImage(image);
  if (!pulled.ok) throw new Error(pulled.message);
  const cfg = pulled.manifest.config;
  const entry = spec.command?.length ? spec.command : cfg.entrypoint;
  const cmd = spec.args?.length ? spec.args : spec.command?.length ? [] : cfg.cmd;
  const env = Object.fromEntries(cfg.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return startContainer([...entry, ...cmd], { binaries: cfg.binaries, env: { ...env, HOSTNAME: 'pod-1', ...spec.env }, image: pulled.manifest.reference, ...opts });
}

// docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes.md (exec-liveness.yaml)
describe('liveness probe with exec: cat /tmp/healthy', () => {
  it('succeeds for the first 30 s, then fails with busybox\'s message', () => {
    const c = containerFor('registry.k8s.io/busybox:1.27.2', { args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] });
    advance(c, 5000);
    expect(exec(c, ['cat', '/tmp/healthy'])).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    advance(c, 25_000);
    expect(exec(c, ['cat', '/tmp/healthy'])).toEqual({ exitCode: 1, stdout: '', stderr: "cat: can't open '/tmp/healthy': No such file or directory" });
    expect(c.main.state.exitCode).toBeNull();
    advance(c, 600_000);
    expect(c.main.state.exitCode).toBe(0);
  });
});

// docs/concepts/workloads/pods/init-containers.md (myapp-pod)
describe('init container: until nslookup myservice...; do sleep 2; done', () => {
  it('loops while the service does not resolve, then completes', () => {
    let lookups = 0;
    const net: FakeNetwork = {
      dns: (name) => (++lookups <= 3 ? { ok: false, error: 'NXDOMAIN', server: '10.96.0.10' } : { ok: true, name, addresses: ['10.96.12.3'], server: '10.96.0.10' }),
    };
    const c = containerFor('busybox:1.28', { command: ['sh', '-c', 'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done'] }, {
      files: { '/var/run/secrets/kubernetes.io/serviceaccount/namespace': 'default' },
      net,
    });
    advance(c, 60_000);
    expect(c.main.state.exitCode).toBe(0);
    expect(c.calls).toEqual(Array(4).fill('dns myservice.default.svc.cluster.local'));
    expect(logText(c, 'stderr')).toEqual(Array(3).fill("nslookup: can't resolve 'myservice.default.svc.cluster.local'"));
    expect(logText(c, 'stdout').filter((l) => l === 'waiting for myservice')).toHaveLength(3);
    expect(logText(c, 'stdout').slice(-2)).toEqual(['Name:      myservice.default.svc.cluster.local', 'Address 1: 10.96.12.3 myservice.default.svc.cluster.local']);
    // Three failed rounds of `sleep 2`, then the successful lookup.
    expect(c.logs.at(-1)!.atMs).toBe(6000);
  });
});

// docs/tasks/configure-pod-container/attach-handler-lifecycle-event.md (lifecycle-events.yaml)
describe('postStart and preStop handlers on nginx', () => {
  it('postStart writes the message that kubectl exec then reads', () => {
    const c = containerFor('nginx');
    expect(exec(c, ['/bin/sh', '-c', 'echo Hello from the postStart handler > /usr/share/message']).exitCode).toBe(0);
    expect(exec(c, ['cat', '/usr/share/message']).stdout).toBe('Hello from the postStart handler');
  });

  it('preStop `nginx -s quit; while killall -0 nginx; ...`: nginx quits gracefully; the image has no killall', () => {
    const c = containerFor('nginx');
    const r = exec(c, ['/bin/sh', '-c', 'nginx -s quit; while killall -0 nginx; do sleep 1; done']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').at(-1)).toBe('/bin/sh: 1: killall: not found');
    expect(c.main.state.exitCode).toBe(0);
    expect(logText(c, 'stderr')).toContain('2026/11/22 00:00:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down');
  });
});

// docs/tasks/configure-pod-container/assign-memory-resource.md (memory-request-limit.yaml)
describe('stress in the memory examples', () => {
  it('resident memory reaches --vm-bytes', () => {
    const c = containerFor('polinux/stress', { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'] });
    advance(c, 2000);
    expect(memory(c)).toBeGreaterThanOrEqual(150 * 1024 * 1024);
  });
});

// docs/concepts/workloads/controllers/job.md (job.yaml)
describe('the pi Job', () => {
  it('prints 2000 digits of pi and completes', () => {
    const c = containerFor('perl:5.34.0', { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
    advance(c, 60_000);
    expect(logText(c)).toEqual([piDigits(2000)]);
    expect(c.main.state.exitCode).toBe(0);
  });
});

// configure-liveness-readiness-startup-probes.md: the tcpSocket example (goproxy) and the HTTP one (agnhost liveness).
describe('the probe examples\' servers', () => {
  it('goproxy accepts TCP on 8080', () => {
    const c = containerFor('registry.k8s.io/goproxy:0.1');
    expect(tcp(c, 8080)).toBe(true);
    expect(tcp(c, 8081)).toBe(false);
  });

  it('agnhost liveness turns unhealthy after 10 s', () => {
    const c = containerFor('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['liveness'] });
    advance(c, 11_000);
    expect(http(c, 8080, '/healthz')?.status).toBe(500);
  });
});

// pid_namespaces(7): PID 1 gets only the signals it has a handler for.
describe('SIGTERM to PID 1, image by image', () => {
  const table: [string, string, { command?: string[]; args?: string[] }, 'ignored' | number][] = [
    ['busybox sleep', 'busybox', { command: ['sleep', '3600'] }, 'ignored'],
    ['sh without a trap', 'busybox', { command: ['sh', '-c', 'sleep 3600'] }, 'ignored'],
    ['sh with a trap and wait', 'busybox', { command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] }, 0],
    ['nginx (handles TERM)', 'nginx', {}, 0],
    ['agnhost netexec (Go, no handler)', 'registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['netexec'] }, 2],
    ['agnhost pause', 'registry.k8s.io/e2e-test-images/agnhost:2.40', {}, 2],
    ['perl (no handler)', 'perl:5.34.0', { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }, 'ignored'],
    ['stress (no handler)', 'polinux/stress', { command: ['stress'], args: ['--vm', '1'] }, 'ignored'],
    ['the pause container', 'registry.k8s.io/pause:3.10', {}, 0],
    ['k8sim app', 'ghcr.io/k8sim/app:1.0', {}, 0],
    ['redis', 'redis:7', {}, 0],
    ['python http.server (no handler)', 'python:3.12', { command: ['python3', '-m', 'http.server'] }, 'ignored'],
  ];
  for (const [name, image, spec, want] of table) {
    it(`${name}: ${want === 'ignored' ? 'ignored' : `exits ${want}`}`, () => {
      const c = containerFor(image, spec);
      signal(c, 'TERM');
      expect(c.main.state.exitCode).toBe(want === 'ignored' ? null : want);
    });
  }
});

describe('starting a process the image does not have', () => {
  it.each([
    ['registry.k8s.io/etcd:3.5.16-0', ['sh']],
    ['nginx', ['killall', '-0', 'nginx']],
    ['registry.k8s.io/pause:3.10', ['/bin/sh', '-c', 'true']],
  ])('%s: %j → runc\'s "executable file not found in $PATH"', (image, argv) => {
    const pulled = lookupImage(image);
    if (!pulled.ok) throw new Error(pulled.message);
    expect(spawnProgram(argv, {}, pulled.manifest.config.binaries, 0)).toEqual({ error: `exec: "${argv[0]}": executable file not found in $PATH` });
  });

  it('busybox with its default CMD (sh, no terminal) exits 0 at once: the CrashLoopBackOff lesson', () => {
    const c = containerFor('busybox');
    expect(c.main.state.exitCode).toBe(0);
  });
});
