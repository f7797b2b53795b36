/**
 * crictl's printers (cri-tools v1.32.0 cmd/crictl; docker/go-units), from a hand-built runtime.
 */
import { describe, expect, it } from 'vitest';
import { createRuntime, type ContainerRuntime, type RtContainer, type RtSandbox } from '../cluster/runtime/containerd.ts';
import type { CriImage } from '../cluster/runtime/messages.ts';
import { crictlTable, formatG, goJson, humanDuration, humanSize, imagesTable, inspectContainer, listContainersFor, lookupId, podsTable, psTable } from './crictl.ts';

describe('go-units', () => {
  it('HumanDuration', () => {
    const table: [number, string][] = [
      [500, 'Less than a second'],
      [1000, '1 second'],
      [59_999, '59 seconds'],
      [60_000, 'About a minute'],
      [119_000, 'About a minute'],
      [120_000, '2 minutes'],
      [59 * 60_000, '59 minutes'],
      [60 * 60_000, 'About an hour'],
      [90 * 60_000, '2 hours'],
      [47 * 3_600_000, '47 hours'],
      [48 * 3_600_000, '2 days'],
      [15 * 86_400_000, '2 weeks'],
      [61 * 86_400_000, '2 months'],
      [800 * 86_400_000, '2 years'],
    ];
    for (const [ms, text] of table) expect(humanDuration(ms), String(ms)).toBe(text);
  });

  it('HumanSizeWithPrecision(size, 3): decimal units, %.3g', () => {
    expect(humanSize(72_000_000)).toBe('72MB');
    expect(humanSize(2_200_000)).toBe('2.2MB');
    expect(humanSize(320_368)).toBe('320kB');
    expect(humanSize(57_123_456)).toBe('57.1MB');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(999_600)).toBe('1e+03kB');
    expect(humanSize(1_000_000_000)).toBe('1GB');
    expect(formatG(0.000012345, 3)).toBe('1.23e-05');
    expect(formatG(0, 3)).toBe('0');
  });
});

describe('crictl tables', () => {
  it('pads every column but the last to at least 20, else its widest cell plus 3', () => {
    expect(crictlTable([['A', 'B', 'C'], ['a-cell-of-twenty-one', 'b', 'c']])).toBe(
      `A${' '.repeat(22)}B${' '.repeat(19)}C\n` + `a-cell-of-twenty-one${' '.repeat(3)}b${' '.repeat(19)}c\n`,
    );
  });

  function runtime(): ContainerRuntime {
    const rt = createRuntime('worker-1', '10.0.0.31', '10.244.3.0/24');
    const sb = (id: string, name: string, createdAtMs: number, state: RtSandbox['state'] = 'SANDBOX_READY'): RtSandbox => ({ id, podUid: `uid-${name}`, name, namespace: 'default', attempt: 0, state, ip: '10.244.3.2', createdAtMs, volumes: {}, hostname: name, containerIds: [] });
    rt.sandboxes['aaaa1111bbbb2222cccc'] = sb('aaaa1111bbbb2222cccc', 'web', 1000);
    rt.sandboxes['dddd3333eeee4444ffff'] = sb('dddd3333eeee4444ffff', 'old', 500, 'SANDBOX_NOTREADY');
    const c = (id: string, sandboxId: string, name: string, attempt: number, state: RtContainer['state'], createdAtMs: number): RtContainer =>
      ({ id, sandboxId, podUid: `uid-${name}`, name, attempt, image: 'nginx', imageId: 'sha256:4ffda94d927a3f0e0e0e', imageRef: 'sha256:4ffda94d927a3f0e0e0e', state, createdAtMs, startedAtMs: createdAtMs, finishedAtMs: state === 'CONTAINER_EXITED' ? createdAtMs + 10 : 0, exitCode: state === 'CONTAINER_EXITED' ? 137 : 0, reason: state === 'CONTAINER_EXITED' ? 'Error' : '', message: '', argv: [], env: {}, mounts: [], memoryLimitBytes: 0, stopSignal: 'TERM', fs: { files: {} }, main: null, execs: {}, logs: [], killAtMs: null, bound: null }) as RtContainer;
    rt.containers['0123456789abcdef0'] = c('0123456789abcdef0', 'aaaa1111bbbb2222cccc', 'web', 0, 'CONTAINER_EXITED', 1500);
    rt.containers['fedcba9876543210f'] = c('fedcba9876543210f', 'aaaa1111bbbb2222cccc', 'web', 1, 'CONTAINER_RUNNING', 62_000);
    rt.sandboxes['aaaa1111bbbb2222cccc']!.containerIds.push('0123456789abcdef0', 'fedcba9876543210f');
    return rt;
  }

  it('ps: running containers newest first; -a adds exited; -q prints full ids', () => {
    const rt = runtime();
    const now = 185_000;
    const running = listContainersFor(rt, {});
    expect(Array.isArray(running) && running.map((c) => c.id)).toEqual(['fedcba9876543210f']);
    const all = listContainersFor(rt, { all: true }) as RtContainer[];
    expect(psTable(rt, all, now, {})).toBe(
      [
        'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE',
        'fedcba9876543       4ffda94d927a3       2 minutes ago       Running             web                 1                   aaaa1111bbbb2       web                 default',
        '0123456789abc       4ffda94d927a3       3 minutes ago       Exited              web                 0                   aaaa1111bbbb2       web                 default',
        '',
      ].join('\n'),
    );
    expect(psTable(rt, all, now, { quiet: true })).toBe('fedcba9876543210f\n0123456789abcdef0\n');
    expect(listContainersFor(rt, { state: 'bogus' })).toEqual({ error: '--state should be one of created, running, exited or unknown' });
    expect((listContainersFor(rt, { all: true, pod: 'dddd' }) as RtContainer[]).length).toBe(0);
    expect((listContainersFor(rt, { all: true, name: '^w' }) as RtContainer[]).length).toBe(2);
    expect((listContainersFor(rt, { latest: true }) as RtContainer[]).map((c) => c.attempt)).toEqual([1]);
  });

  it('pods: POD ID CREATED STATE NAME NAMESPACE ATTEMPT RUNTIME', () => {
    const rt = runtime();
    expect(podsTable(Object.values(rt.sandboxes), 6000, {})).toBe(
      [
        'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME',
        'aaaa1111bbbb2       5 seconds ago       Ready               web                 default             0                   (default)',
        'dddd3333eeee4       5 seconds ago       NotReady            old                 default             0                   (default)',
        '',
      ].join('\n'),
    );
  });

  it('images: one row per tag, sorted by the first tag; id without sha256:, cut to 13', () => {
    const img = (tag: string, size: number): CriImage => ({ id: `sha256:${tag.length}0123456789abcdef`, repoTags: [tag], repoDigests: [`${tag.replace(/:[^:]*$/, '')}@sha256:feed`], sizeBytes: size, config: { entrypoint: [], cmd: [], env: [], workingDir: '/', exposedPorts: [], binaries: [] }, pinned: tag.includes('pause') });
    const out = imagesTable([img('registry.k8s.io/pause:3.10', 320_368), img('docker.io/library/busybox:1.36', 2_200_000)], {});
    expect(out).toBe(
      [
        'IMAGE                       TAG                 IMAGE ID            SIZE',
        'docker.io/library/busybox   1.36                300123456789a       2.2MB',
        'registry.k8s.io/pause       3.10                260123456789a       320kB',
        '',
      ].join('\n'),
    );
    expect(imagesTable([img('registry.k8s.io/pause:3.10', 320_368)], { pinned: true }).split('\n')[1]).toMatch(/320kB\s+true$/);
  });

  it('inspect: Go JSON with sorted keys, RFC3339Nano times, the zero time while not finished', () => {
    const rt = runtime();
    const text = goJson(inspectContainer(rt, rt.containers['fedcba9876543210f']!));
    const parsed = JSON.parse(text) as { status: Record<string, unknown> };
    expect(Object.keys(parsed.status)).toEqual([...Object.keys(parsed.status)].sort());
    expect(parsed.status).toMatchObject({ id: 'fedcba9876543210f', state: 'CONTAINER_RUNNING', createdAt: '2026-11-22T00:01:02Z', finishedAt: '0001-01-01T00:00:00Z', metadata: { attempt: 1, name: 'web' } });
    expect(text.split('\n')[1]).toBe('  "info": {');
    expect(goJson({ b: '<x>', a: 1 })).toBe('{\n  "a": 1,\n  "b": "\\u003cx\\u003e"\n}');
  });

  it('finds a container by a unique id prefix', () => {
    expect(lookupId(['abc123', 'abd456'], 'abc')).toBe('abc123');
    expect(lookupId(['abc123', 'abd456'], 'ab')).toBeUndefined();
    expect(lookupId(['abc123'], 'zz')).toBeUndefined();
  });
});
