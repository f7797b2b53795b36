/**
 * Table-driven tests of the kubelet's pure parts: pod phase (kubelet_pods.go getPhase), the
 * conditions' texts (status/generate.go), the probe worker's counting (prober/worker.go), image
 * pull policy defaults, and static pod manifests (config/common.go).
 */
import { describe, expect, it } from 'vitest';
import { initialContainerState, type ContainerStateName } from './container.machine.ts';
import { podConditions, podPhase, podReadyStatus } from './status.ts';
import { countResult, withDefaults } from './prober.ts';
import { podsDifferSemantically, pullPolicyOf } from './kubelet.ts';
import { decodeManifest, mirrorPodOf, staticPodName } from './static.ts';
import type { ContainerEntry, PodEntry } from './types.ts';

function container(name: string, kind: ContainerEntry['kind'], value: ContainerStateName, opts: { exitCode?: number; last?: number; ready?: boolean } = {}): ContainerEntry {
  return {
    name, kind, machine: { value, context: initialContainerState().context }, containerId: value === 'PodInitializing' ? null : `id-${name}`, startedAtMs: 0, restartCount: opts.last !== undefined ? 1 : 0, lastRestartAtMs: null,
    ready: opts.ready ?? true, waitingForImage: null, pullRequestedAtMs: 0, everCreated: false, imagePullFailed: false, imageRef: '', waitingReason: '', waitingMessage: '',
    last: opts.last !== undefined ? { exitCode: opts.last, reason: 'Error', startedAtMs: 0, finishedAtMs: 1, containerId: 'x' } : null,
    current: opts.exitCode !== undefined ? { exitCode: opts.exitCode, reason: opts.exitCode === 0 ? 'Completed' : 'Error', startedAtMs: 0, finishedAtMs: 1, containerId: 'y' } : null,
    probes: {}, hookExecId: null, stopStartedAtMs: null, stopGraceSeconds: 0, transitions: [],
  };
}

function pod(containers: ContainerEntry[], extra: Partial<PodEntry> = {}): PodEntry {
  const byName: Record<string, ContainerEntry> = {};
  for (const c of containers) byName[c.name] = c;
  return { uid: 'u', key: 'default/p', pod: {}, staticSource: null, sandboxId: 'sb', ip: '10.244.1.2', startTimeMs: 0, containers: byName, order: containers.map((c) => c.name), terminating: null, finished: false, conditionTimes: {}, lastStatusSent: null, phase: 'Pending', statusInFlight: false, statusDirty: false, gone: false, mirrorUid: null, mirrorPending: false, ...extra };
}

describe('podPhase (kubelet_pods.go getPhase, v1.32)', () => {
  it.each([
    ['an init container still running', [container('init', 'init', 'Running'), container('app', 'app', 'PodInitializing')], 'Always', 'Pending'],
    ['init done, app creating', [container('init', 'init', 'Terminated', { exitCode: 0 }), container('app', 'app', 'ContainerCreating')], 'Always', 'Pending'],
    ['init failed, restartPolicy Never', [container('init', 'init', 'Terminated', { exitCode: 1 }), container('app', 'app', 'PodInitializing')], 'Never', 'Failed'],
    ['init in back-off after a failure', [container('init', 'init', 'CrashLoopBackOff', { last: 1 }), container('app', 'app', 'PodInitializing')], 'Always', 'Pending'],
    ['app running', [container('app', 'app', 'Running')], 'Always', 'Running'],
    ['app in CrashLoopBackOff counts as stopped, restarting', [container('app', 'app', 'CrashLoopBackOff', { last: 1 })], 'Always', 'Running'],
    ['app exited 0, OnFailure', [container('app', 'app', 'Terminated', { exitCode: 0 })], 'OnFailure', 'Succeeded'],
    ['app exited 1, Never', [container('app', 'app', 'Terminated', { exitCode: 1 })], 'Never', 'Failed'],
    ['app exited 1, OnFailure (will restart)', [container('app', 'app', 'Terminated', { exitCode: 1 })], 'OnFailure', 'Running'],
    ['app exited 0, Always (will restart)', [container('app', 'app', 'Terminated', { exitCode: 0 })], 'Always', 'Running'],
    ['one of two running, the other completed', [container('a', 'app', 'Running'), container('b', 'app', 'Terminated', { exitCode: 0 })], 'Never', 'Running'],
    ['a sidecar running, app completed, Never', [container('side', 'sidecar', 'Running'), container('app', 'app', 'Terminated', { exitCode: 0 })], 'Never', 'Succeeded'],
  ] as const)('%s → %s', (_name, cs, policy, phase) => {
    expect(podPhase(pod([...cs]), policy)).toBe(phase);
  });

  it('a terminating pod whose containers all stopped is Failed unless they all exited 0 (v1.27+ terminal phase)', () => {
    const p = pod([container('app', 'app', 'Terminated', { exitCode: 143 })], { terminating: { startedAtMs: 0, graceSeconds: 30, reason: 'deleted' } });
    expect(podPhase(p, 'Always')).toBe('Failed');
  });
});

describe('podConditions (status/generate.go)', () => {
  it('names the unfinished init containers and the unready containers', () => {
    const p = pod([container('init-myservice', 'init', 'Running'), container('init-mydb', 'init', 'PodInitializing'), container('myapp', 'app', 'PodInitializing')]);
    const conds = podConditions(p, 'Pending');
    expect(conds.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(conds[1]).toEqual({ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-myservice init-mydb]' });
    expect(conds[2]).toEqual({ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [myapp]' });
  });

  it('a container is ready only once started: a pending startup probe keeps it unready', () => {
    expect(podConditions(pod([container('app', 'app', 'Starting')]), 'Running')[2]!.status).toBe('False');
    expect(podConditions(pod([container('app', 'app', 'Running')]), 'Running')[2]!.status).toBe('True');
    expect(podConditions(pod([container('app', 'app', 'Running', { ready: false })]), 'Running')[2]!.status).toBe('False');
  });

  it('a completed pod: Initialized True (PodCompleted), Ready False (PodCompleted)', () => {
    const conds = podConditions(pod([container('app', 'app', 'Terminated', { exitCode: 0 })], { finished: true }), 'Succeeded');
    expect(conds[1]).toEqual({ type: 'Initialized', status: 'True', reason: 'PodCompleted' });
    expect(conds[2]).toEqual({ type: 'Ready', status: 'False', reason: 'PodCompleted' });
  });
});

describe('podReadyStatus', () => {
  it('is the Ready condition podConditions computes, without the others', () => {
    const states: ContainerStateName[] = ['PodInitializing', 'ContainerCreating', 'Starting', 'Running', 'Terminated', 'CrashLoopBackOff'];
    const kinds: ContainerEntry['kind'][] = ['init', 'sidecar', 'app'];
    for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed']) {
      for (const s1 of states) for (const s2 of states) for (const k1 of kinds) for (const ready of [true, false]) {
        const p = pod([container('a', k1, s1, { ready, exitCode: s1 === 'Terminated' ? 0 : undefined }), container('b', 'app', s2, { ready: !ready })]);
        expect(podReadyStatus(p, phase)).toBe(podConditions(p, phase)[2]!.status);
      }
    }
  });
});

describe('podsDifferSemantically (config/config.go)', () => {
  // An update from the API that changes only the status is a RECONCILE: the pod worker is not
  // synced for it (checkAndUpdatePod; HandlePodReconcile syncs only for a Ready change).
  const base = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'a' }, annotations: { note: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { phase: 'Pending' } };
  type PodLike = typeof base;
  const copy = (): PodLike => structuredClone(base);
  it.each<[string, (p: PodLike) => void, boolean]>([
    ['only the status', (p) => void (p.status.phase = 'Running'), false],
    ['nothing (an equal copy)', () => {}, false],
    ['the spec', (p) => void (p.spec.containers[0]!.image = 'nginx:1.27'), true],
    ['a label', (p) => void (p.metadata.labels.app = 'b'), true],
    ['an annotation', (p) => void (p.metadata.annotations.note = 'y'), true],
    ['the deletion timestamp', (p) => void Object.assign(p.metadata, { deletionTimestamp: '2026-11-22T00:00:10Z', deletionGracePeriodSeconds: 30 }), true],
  ])('a change to %s: %s', (_, change, differs) => {
    const next = copy();
    change(next);
    expect(podsDifferSemantically(base, next)).toBe(differs);
  });
  it('no annotations and empty annotations are the same (isAnnotationMapEqual)', () => {
    const { annotations: _, ...meta } = base.metadata;
    expect(podsDifferSemantically({ ...base, metadata: meta }, { ...base, metadata: { ...meta, annotations: {} } })).toBe(false);
  });
});

describe('probe worker counting (prober/worker.go)', () => {
  // k/api core/v1 Probe defaults: period 10 s, timeout 1 s, success 1, failure 3.
  it('defaults', () => {
    expect(withDefaults({})).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  });

  it('changes the result only when a threshold of consecutive results is reached', () => {
    const w = { result: 'unknown' as const, consecutiveSuccesses: 0, consecutiveFailures: 0 } as { result: 'unknown' | 'success' | 'failure'; consecutiveSuccesses: number; consecutiveFailures: number };
    const seq = [true, false, false, true, false, false, false, false, true, true].map((ok) => countResult(w, ok, 2, 3));
    expect(seq).toEqual([null, null, null, null, null, null, 'failure', null, null, 'success']);
  });
});

describe('imagePullPolicy default (k/api core/v1 types.go)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.40', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['busybox@sha256:abc', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    expect(pullPolicyOf({ name: 'c', image })).toBe(policy);
  });
  it('an explicit policy wins', () => {
    expect(pullPolicyOf({ name: 'c', image: 'nginx', imagePullPolicy: 'Never' })).toBe('Never');
  });
});

describe('static pods (config/common.go, mirror_client.go)', () => {
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\nspec:\n  containers:\n  - name: web\n    image: nginx\n';

  it('names the pod <name>-<node>, defaults the namespace, binds it to the node and tolerates NoExecute', () => {
    const r = decodeManifest(manifest, '/etc/kubernetes/manifests/web.yaml', 'Worker-1', 0);
    if ('error' in r) throw new Error(r.error);
    expect(r.pod.metadata?.name).toBe('static-web-worker-1');
    expect(staticPodName('etcd', 'cp-1')).toBe('etcd-cp-1');
    expect(r.pod.metadata?.namespace).toBe('default');
    expect((r.pod['spec'] as { nodeName: string }).nodeName).toBe('Worker-1');
    expect((r.pod['spec'] as { tolerations: unknown[] }).tolerations).toContainEqual({ operator: 'Exists', effect: 'NoExecute' });
    expect(r.pod.metadata?.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(r.pod.metadata?.uid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a changed file is a new pod (new hash); the same file the same pod', () => {
    const a = decodeManifest(manifest, '/m/web.yaml', 'n', 0);
    const b = decodeManifest(manifest, '/m/web.yaml', 'n', 5000);
    const c = decodeManifest(manifest.replace('nginx', 'nginx:1.27'), '/m/web.yaml', 'n', 0);
    expect('pod' in a && 'pod' in b && a.pod.metadata?.uid === b.pod.metadata?.uid).toBe(true);
    expect('pod' in a && 'pod' in c && a.pod.metadata?.uid !== c.pod.metadata?.uid).toBe(true);
  });

  it('the mirror pod carries the config.mirror annotation and is owned by the Node', () => {
    const r = decodeManifest(manifest, '/m/web.yaml', 'worker-1', 0);
    if ('error' in r) throw new Error(r.error);
    const m = mirrorPodOf(r.pod, 'worker-1', 'node-uid');
    expect(m.metadata?.annotations?.['kubernetes.io/config.mirror']).toBe(r.pod.metadata?.uid);
    expect(m.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'node-uid', controller: true }]);
    expect(m.metadata?.uid).toBeUndefined();
  });

  it.each([
    ['kind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n', 'spec.containers: Required value'],
    ['kind: Deployment\nmetadata: {name: x}\n', 'not Pod'],
    ['kind: Pod\nspec: {containers: [{name: a, image: b}]}\n', 'metadata.name: Required value'],
    ['kind: Pod\nmetadata: {name: x\n', 'failed to decode'],
  ])('rejects a bad manifest (the kubelet logs it and goes on): %#', (text, msg) => {
    const r = decodeManifest(text, '/m/bad.yaml', 'n', 0);
    expect('error' in r && r.error).toContain(msg);
  });
});
