/**
 * The kubelet's API on :10250 (server.ts): which container's log a request reads and the texts
 * of kubelet_pods.go validateContainerLogStatus, the log formatting (RFC3339NanoFixed
 * timestamps, tail, follow cursors), and exec's three answers (now, later, not running).
 */
import { describe, expect, it } from 'vitest';
import { newSink, type ClusterEffect } from '../effects.ts';
import type { KubeletApiRequest, KubeletApiResponse, KubeletLogChunk, KubeObject } from '../apiserver/messages.ts';
import type { CriApi, CriContainer, ExecResult, LogLine } from '../runtime/messages.ts';
import { initialContainerState, type ContainerStateName } from './container.machine.ts';
import { createKubelet, type Kubelet } from './kubelet.ts';
import { after, containerLogs, cursorAfter, logContainerId, onKubeletApi, rfc3339NanoFixed } from './server.ts';
import type { ContainerEntry, PodEntry, TerminationRecord } from './types.ts';

const POD: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-1' }, spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx' }] } };

function entry(state: ContainerStateName, opts: { containerId?: string | null; last?: TerminationRecord | null; current?: TerminationRecord | null } = {}): ContainerEntry {
  return {
    name: 'web', kind: 'app', machine: { ...initialContainerState(), value: state }, containerId: opts.containerId ?? null, startedAtMs: 1000, restartCount: 0, lastRestartAtMs: null, ready: state === 'Running',
    waitingForImage: null, pullRequestedAtMs: 0, everCreated: Boolean(opts.containerId), imagePullFailed: false, imageRef: '', waitingReason: '', waitingMessage: '', last: opts.last ?? null, current: opts.current ?? null, probes: {}, hookExecId: null, stopStartedAtMs: null, stopGraceSeconds: 0, transitions: [],
  } as ContainerEntry;
}

function kubeletWith(c: ContainerEntry): Kubelet {
  const k = createKubelet('worker-1', '10.0.0.10:6443', { name: 'worker-1', ip: '10.0.0.31', podCIDR: '10.244.3.0/24', controlPlane: false, cpu: '2', memory: '4Gi', pods: 110 });
  k.status = 'running';
  const e: PodEntry = { uid: 'uid-1', key: 'default/web', pod: POD, staticSource: null, sandboxId: 'sb', ip: '10.244.3.2', startTimeMs: 0, containers: { web: c }, order: ['web'], terminating: null, finished: false, conditionTimes: {}, lastStatusSent: null, phase: 'Pending', statusInFlight: false, statusDirty: false, gone: false, mirrorUid: null, mirrorPending: false };
  k.pods.set('uid-1', e);
  k.byKey['default/web'] = 'uid-1';
  return k;
}

function termination(containerId: string, exitCode = 1): TerminationRecord {
  return { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAtMs: 1000, finishedAtMs: 2000, containerId };
}

/** A CRI with fixed containers and logs; exec answers from `execs` (argv[0] → result, or 'pending'). */
function fakeCri(containers: Record<string, { state: CriContainer['state']; logs: LogLine[] }>, execs: Record<string, ExecResult | 'pending'> = {}): CriApi {
  const status = (id: string): CriContainer | null => {
    const c = containers[id];
    return c ? { id, sandboxId: 'sb', podUid: 'uid-1', name: 'web', attempt: 0, image: 'nginx', imageRef: 'sha256:1', state: c.state, createdAtMs: 0, startedAtMs: 0, finishedAtMs: 0, exitCode: 0, reason: '', message: '' } : null;
  };
  return {
    containerStatus: status,
    logs: (id) => containers[id]?.logs ?? [],
    exec: (_id, argv) => {
      const r = execs[argv[0] ?? ''] ?? { exitCode: 0, stdout: '', stderr: '', timedOut: false };
      return r === 'pending' ? { pending: 'exec-7' } : { done: r };
    },
  } as Partial<CriApi> as CriApi;
}

const lines = (...pairs: [number, string][]): LogLine[] => pairs.map(([atMs, text]) => ({ atMs, stream: 'stdout', text }));

function logReq(extra: Partial<KubeletApiRequest> = {}): KubeletApiRequest {
  return { id: '9', op: 'log', namespace: 'default', name: 'web', podUid: 'uid-1', container: 'web', ...extra };
}

function sent(effects: ClusterEffect[]): { to: { host: string; port: string }; body: KubeletApiResponse }[] {
  return effects.flatMap((e) => (e.type === 'net.send' && e.kind === 'kubelet.api.response' ? [{ to: e.to, body: e.body as KubeletApiResponse }] : []));
}

describe('kubelet API: container logs', () => {
  it('formats --timestamps as RFC3339NanoFixed (kuberuntime/logs/logs.go timeFormatOut)', () => {
    expect(rfc3339NanoFixed(5123)).toBe('2026-11-22T00:00:05.123000000Z');
    expect(rfc3339NanoFixed(0)).toBe('2026-11-22T00:00:00.000000000Z');
  });

  it('reads the running container, with tail and timestamps', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const cri = fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: lines([1000, 'one'], [2000, 'two'], [3000, 'three']) } });
    expect((containerLogs(k, logReq(), cri) as KubeletLogChunk).lines).toEqual(['one', 'two', 'three']);
    const tailed = containerLogs(k, logReq({ tailLines: 2, timestamps: true }), cri) as KubeletLogChunk;
    expect(tailed.lines).toEqual(['2026-11-22T00:00:02.000000000Z two', '2026-11-22T00:00:03.000000000Z three']);
    expect(tailed).toMatchObject({ containerId: 'c1', running: true, cursor: { atMs: 3000, seen: 1 } });
    expect((containerLogs(k, logReq({ tailLines: 0 }), cri) as KubeletLogChunk).lines).toEqual([]);
  });

  it('continues from a cursor, even among lines written in the same millisecond', () => {
    const all = lines([1000, 'a'], [1000, 'b'], [1000, 'c'], [2000, 'd']);
    expect(after(all, { atMs: 1000, seen: 2 }).map((l) => l.text)).toEqual(['c', 'd']);
    expect(after(all, { atMs: 2000, seen: 1 })).toEqual([]);
    expect(cursorAfter(all, all.slice(1, 3), undefined)).toEqual({ atMs: 1000, seen: 3 });
    expect(cursorAfter(all, [], { atMs: 5, seen: 0 })).toEqual({ atMs: 2000, seen: 1 });
    expect(cursorAfter([], [], undefined)).toEqual({ atMs: -1, seen: 0 });
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const cri = fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: all } });
    expect((containerLogs(k, logReq({ cursor: { atMs: 1000, seen: 3 }, containerId: 'c1', tailLines: 1 }), cri) as KubeletLogChunk).lines).toEqual(['d']);
  });

  it('answers the texts of validateContainerLogStatus', () => {
    const podOf = (c: ContainerEntry) => kubeletWith(c).pods.get('uid-1')!;
    expect(logContainerId(podOf(entry('ContainerCreating')), entry('ContainerCreating'), false)).toEqual({ error: 'container "web" in pod "web" is waiting to start: ContainerCreating' });
    const pulling = entry('ImagePullBackOff');
    expect(logContainerId(podOf(pulling), pulling, false)).toEqual({ error: 'container "web" in pod "web" is waiting to start: trying and failing to pull image' });
    const errPull = entry('ErrImagePull');
    expect(logContainerId(podOf(errPull), errPull, false)).toEqual({ error: `container "web" in pod "web" is waiting to start: image can't be pulled` });
    const running = entry('Running', { containerId: 'c2' });
    expect(logContainerId(podOf(running), running, true)).toEqual({ error: 'previous terminated container "web" in pod "web" not found' });
    // CrashLoopBackOff: waiting, but the last termination has a log.
    const looping = entry('CrashLoopBackOff', { containerId: 'c1', last: termination('c1') });
    expect(logContainerId(podOf(looping), looping, false)).toEqual({ id: 'c1' });
    const restarted = entry('Running', { containerId: 'c2', last: termination('c1') });
    expect(logContainerId(podOf(restarted), restarted, true)).toEqual({ id: 'c1' });
    expect(logContainerId(podOf(restarted), restarted, false)).toEqual({ id: 'c2' });
    const done = entry('Terminated', { containerId: 'c3', current: termination('c3', 0) });
    expect(logContainerId(podOf(done), done, false)).toEqual({ id: 'c3' });
  });

  it('answers 400 with the text, and 404 for a pod it does not run', () => {
    const k = kubeletWith(entry('ContainerCreating'));
    const cri = fakeCri({});
    expect(containerLogs(k, logReq(), cri)).toEqual({ httpError: { code: 400, message: 'container "web" in pod "web" is waiting to start: ContainerCreating' } });
    expect(containerLogs(k, logReq({ name: 'other', podUid: 'uid-9' }), cri)).toEqual({ httpError: { code: 404, message: 'pod "other" does not exist' } });
  });

  it('replies on the connection the request came from, from port 10250', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const sink = newSink(5000);
    onKubeletApi(k, { host: 'cp-1', port: 'a12-13' }, logReq(), fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: lines([1000, 'hello']) } }), sink);
    const [reply] = sent(sink.effects);
    expect(reply!.to).toEqual({ host: 'cp-1', port: 'a12-13' });
    expect(reply!.body).toMatchObject({ id: '9', result: { lines: ['hello'], running: true } });
    expect(sink.effects.find((e) => e.type === 'net.send')).toMatchObject({ from: { host: 'worker-1', port: '10250' } });
  });
});

describe('kubelet API: exec', () => {
  const execReq = (command: string[]): KubeletApiRequest => ({ id: '4', op: 'exec', namespace: 'default', name: 'web', podUid: 'uid-1', container: 'web', command });

  it('answers a command that finished at once', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const sink = newSink(0);
    onKubeletApi(k, { host: 'cp-1', port: 'a1-2' }, execReq(['echo', 'hi']), fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: [] } }, { echo: { exitCode: 0, stdout: 'hi', stderr: '', timedOut: false } }), sink);
    expect(sent(sink.effects)[0]!.body).toEqual({ id: '4', result: { exitCode: 0, stdout: 'hi', stderr: '', timedOut: false } });
  });

  it('registers a command that blocks, to answer when the runtime reports it done', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const sink = newSink(0);
    onKubeletApi(k, { host: 'cp-1', port: 'a1-2' }, execReq(['sleep', '5']), fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: [] } }, { sleep: 'pending' }), sink);
    expect(sent(sink.effects)).toEqual([]);
    expect(k.execs['exec-7']).toEqual({ podUid: 'uid-1', container: 'web', purpose: 'api', reply: { host: 'cp-1', port: 'a1-2', id: '4' } });
  });

  it('refuses before the stream starts when the container is not running (GetExec: container not found)', () => {
    const k = kubeletWith(entry('CrashLoopBackOff', { containerId: 'c1', last: termination('c1') }));
    const sink = newSink(0);
    onKubeletApi(k, { host: 'cp-1', port: 'a1-2' }, execReq(['echo']), fakeCri({ c1: { state: 'CONTAINER_EXITED', logs: [] } }), sink);
    expect(sent(sink.effects)[0]!.body).toEqual({ id: '4', result: { error: 'container not found ("web")' }, upgradeFailed: true });
  });

  it('reports a process the runtime could not start as the stream error', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    const sink = newSink(0);
    onKubeletApi(k, { host: 'cp-1', port: 'a1-2' }, execReq(['nosuch']), fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: [] } }, { nosuch: { error: 'OCI runtime exec failed: boom: unknown' } }), sink);
    const body = sent(sink.effects)[0]!.body;
    expect(body.upgradeFailed).toBeUndefined();
    expect((body.result as { error: string }).error).toMatch(/^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: boom: unknown$/);
  });

  it('is silent while the kubelet is stopped (the world answers the connection with a reset)', () => {
    const k = kubeletWith(entry('Running', { containerId: 'c1' }));
    k.status = 'stopped';
    const sink = newSink(0);
    onKubeletApi(k, { host: 'cp-1', port: 'a1-2' }, execReq(['echo']), fakeCri({ c1: { state: 'CONTAINER_RUNNING', logs: [] } }), sink);
    expect(sink.effects).toEqual([]);
  });
});
