/**
 * The object inspector's pure parts: pod chip tones from kubectl's STATUS column, describe's Events
 * rows (K staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents: oldest first, Age
 * `20s (x3 over 39s)` for repeats), and a Pending pod's details on a live ha cluster.
 */
import { describe, expect, it } from 'vitest';
import { podTone } from './podTone.ts';
import { leaderBadges, podMarks, vipBadges } from './hostMarks.ts';
import { eventRows, objectKeys, podDetails, selectionDetails, selectionOf } from './objectDetails.ts';
import { createWorld } from '../../simulation/presets.ts';
import { createSession, runToCompletion } from '../../shell/session.ts';
import { parseTimestampMs } from '../../api/index.ts';
import { applyPodRequestingCpu } from '../../cluster/scheduler/testing.ts';

describe('podTone', () => {
  it.each([
    ['Running', 'ok'],
    ['Completed', 'ok'],
    ['Pending', 'wait'],
    ['ContainerCreating', 'wait'],
    ['Init:0/1', 'wait'],
    ['Init:CrashLoopBackOff', 'bad'],
    ['CrashLoopBackOff', 'bad'],
    ['ErrImagePull', 'bad'],
    ['Terminating', 'gone'],
  ])('%s → %s', (status, tone) => expect(podTone(status)).toBe(tone));
});

describe('eventRows', () => {
  it('sorts oldest first and shows repeats as describe does', () => {
    const now = parseTimestampMs('2026-01-01T00:01:00Z')!;
    const rows = eventRows(
      [
        { type: 'Warning', reason: 'FailedScheduling', message: 'm2', count: 3, firstTimestamp: '2026-01-01T00:00:21Z', lastTimestamp: '2026-01-01T00:00:40Z', source: { component: 'default-scheduler' } },
        { type: 'Normal', reason: 'Scheduled', message: 'm1 ', firstTimestamp: '2026-01-01T00:00:10Z', lastTimestamp: '2026-01-01T00:00:10Z', source: { component: 'default-scheduler' } },
      ],
      now,
    );
    expect(rows).toEqual([
      { type: 'Normal', reason: 'Scheduled', age: '50s', from: 'default-scheduler', message: 'm1' },
      { type: 'Warning', reason: 'FailedScheduling', age: '20s (x3 over 39s)', from: 'default-scheduler', message: 'm2' },
    ]);
  });
});

describe('podDetails', () => {
  it('gives a Pending pod its YAML, FailedScheduling event and per-node verdicts (reference §4.2, §4.3)', () => {
    const s = createSession(createWorld({ preset: 'single', seed: 7 }), 'cp-1');
    runToCompletion(s, 'sleep 5');
    runToCompletion(s, applyPodRequestingCpu('big', '64'));
    runToCompletion(s, 'sleep 3');
    const d = podDetails(s.world, 'default/big');
    expect(d.yaml).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(d.events.some((e) => e.type === 'Warning' && e.reason === 'FailedScheduling' && e.from === 'default-scheduler')).toBe(true);
    // The scheduler starts each cycle's node scan where the last one stopped (nextStartNodeIndex), so the rows come in that rotation; compare them by node.
    expect(d.scheduling!.rows.map((r) => [r.node, r.result, r.rejectedBy]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1))).toEqual([
      ['cp-1', 'rejected', 'TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
      ['worker-1', 'rejected', 'NodeResourcesFit: Insufficient cpu'],
      ['worker-2', 'rejected', 'NodeResourcesFit: Insufficient cpu'],
    ]);
    expect(podDetails(s.world, 'default/nope').yaml).toBeNull();
  });
});

describe('hostMarks', () => {
  const cluster = {
    controlPlane: [
      { host: 'cp-1', apiserver: { running: true, ready: true }, scheduler: { running: true, leader: false }, controllerManager: { running: true, leader: true } },
      { host: 'cp-2', apiserver: { running: true, ready: true }, scheduler: { running: true, leader: true }, controllerManager: { running: true, leader: false } },
    ],
    services: [],
    source: 'cp-1',
    nodes: [{ name: 'worker-1', ready: true, cordoned: false, pods: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ key: `default/${n}`, namespace: 'default', name: n, status: n === 'e' ? 'CrashLoopBackOff' : 'Running', ready: '1/1', restarts: n === 'e' ? '3 (20s ago)' : '0' })) }],
    pending: [],
  };
  it.each([
    ['cp-1', ['★ ctrl-mgr']],
    ['cp-2', ['★ scheduler']],
    ['worker-1', []],
  ])('leader badges on %s', (host, texts) => expect(leaderBadges(cluster, host).map((b) => b.text)).toEqual(texts));

  // The VIP badge moves with keepalived's MASTER (RFC 3768 §6.4.3: the master holds the address);
  // in a partition both masters have it, and only the last announcer gets the LAN's traffic.
  it.each([
    ['the master with the VIP', { up: true, vrrpState: 'MASTER', vips: ['10.0.0.10'], vipTarget: ['10.0.0.10'] }, ['VIP 10.0.0.10']],
    ['the backup', { up: true, vrrpState: 'BACKUP', vips: [], vipTarget: [] }, ['VRRP BACKUP']],
    ['a partitioned second master', { up: true, vrrpState: 'MASTER', vips: ['10.0.0.10'], vipTarget: [] }, ['VIP 10.0.0.10 (no traffic)']],
    ['keepalived stopped', { up: true, vrrpState: 'stopped', vips: [], vipTarget: [] }, ['keepalived stopped']],
    ['a crashed lb host (the LAN still points at it)', { up: false, vrrpState: 'stopped', vips: [], vipTarget: ['10.0.0.10'] }, []],
    ['a host without keepalived', { up: true }, []],
  ])('VIP badges: %s', (_, host, texts) => expect(vipBadges(host).map((b) => b.text)).toEqual(texts));

  it('wraps pod squares into rows inside the given width, bottom row first', () => {
    // Width 40 holds 3 squares of 9 px with 3 px gaps ((40 + 3) / 12 = 3).
    const marks = podMarks(cluster, 'worker-1', 100, 40, 200);
    expect(marks.map((m) => [m.x, m.y])).toEqual([[100, 191], [112, 191], [124, 191], [100, 179], [112, 179]]);
    expect(marks.map((m) => m.tone)).toEqual(['ok', 'ok', 'ok', 'ok', 'bad']);
    expect(podMarks(cluster, 'cp-9', 0, 40, 0)).toEqual([]);
  });
});

describe('object browser', () => {
  it('lists any kind from the API view and shows its YAML and Events (a Deployment, a Node)', () => {
    const s = createSession(createWorld({ preset: 'single', seed: 4 }), 'cp-1');
    runToCompletion(s, 'kubectl create deployment web --image=nginx --replicas=1');
    runToCompletion(s, 'sleep 5');
    // kubeadm's CoreDNS Deployment is there too.
    expect(objectKeys(s.world, 'deployments')).toEqual(['default/web', 'kube-system/coredns']);
    expect(objectKeys(s.world, 'nodes')).toEqual(['cp-1', 'worker-1', 'worker-2']);
    const d = selectionDetails(s.world, selectionOf('deployments', 'default/web'));
    expect(d.title).toBe('deployment.apps default/web');
    expect(d.yaml).toContain('kind: Deployment');
    expect(d.events.map((e) => e.reason)).toContain('ScalingReplicaSet');
    const n = selectionDetails(s.world, selectionOf('nodes', 'worker-1'));
    expect(n.title).toBe('node worker-1');
    expect(n.events.map((e) => e.reason)).toContain('NodeReady');
    // A pod selection keeps its plain key and the pod inspector's title.
    expect(selectionOf('pods', 'default/x')).toBe('default/x');
    expect(selectionDetails(s.world, 'default/nope')).toMatchObject({ title: 'pod default/nope', yaml: null });
  });
});
