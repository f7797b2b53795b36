import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../kernel/trace.ts';
import { annotateIds, eventLogRows, eventTone, isKeyEvent, isNoise, memberNames } from './eventLog.ts';
import { createUiStore } from './uiStore.ts';
import { createSimulationController, EVENT_LOG_SIZE, isPacketNoise } from '../store/simulationStore.ts';

let nextId = 0;
function rec(kind: string, summary: string, over: Partial<TraceRecord> = {}): TraceRecord {
  return { t: 1000 + nextId, id: nextId++, source: 'cp-1/etcd', kind, summary, ...over };
}

describe('event log filter', () => {
  const cases: [string, string, boolean, boolean][] = [
    // kind, summary, noise, key event
    ['raft.send', 'MsgHeartbeat term=2 commit=8', true, false],
    ['raft.recv', 'MsgHeartbeatResp term=2', true, false],
    ['raft.send', 'MsgApp term=2 index=8 entries=1', true, false],
    ['raft.recv', 'MsgAppResp term=2 index=9', true, false],
    ['raft.send', 'MsgVote term=3', false, false],
    ['net.drop', 'raft lost: cp-3 is down', true, false],
    ['tcp.retransmit', 'SYN to 10.0.0.12:2380', true, false],
    ['raft.become', 'cebdf10928a06f3c became leader at term 3', false, true],
    ['raft.elect', 'raft.node: a elected leader a at term 3', false, true],
    ['raft.lead', 'raft.node: a lost leader b at term 3', false, true],
    ['raft.campaign', 'a is starting a new election at term 2', false, true],
    ['raft.step-down', 'a stepped down to follower since quorum is not active', false, true],
    ['raft.vote', 'a has received 2 MsgVoteResp votes and 0 vote rejections', false, true],
    ['etcd.start', 'etcd 3.5.16 started member a', false, true],
    ['etcd.stop', 'host crashed', false, true],
    ['etcd.propose', 'proposed put foo', false, false],
    ['scheduler.leader', 'successfully acquired lease kube-system/kube-scheduler as cp-2_x', false, true],
    ['kcm.node', 'node worker-1: Kubelet stopped posting node status; conditions set to Unknown', false, true],
    ['client.throttle', 'Waited for 1.05s due to client-side throttling, not priority and fairness, request: POST:https://10.0.0.11:6443/api/v1/namespaces/default/pods', false, true],
    ['etcd.membership', 'added member a', false, true],
    ['etcd.snapshot', 'saved snapshot at index 100', false, true],
    ['etcd.response', 'Put OK', false, false],
    ['host.crash', 'cp-2 crashed (power off)', false, true],
    ['host.boot', 'cp-2 booted (boot #2)', false, true],
    ['shell.command', 'sim crash cp-2', false, true],
    ['ipvs.change', 'Graceful delete of 10.96.0.20:80/TCP/10.244.1.2:9376: weight 0 until its 0 ActiveConn + 2 InActConn are gone', false, true],
    ['kube-proxy.start', 'Using ipvs Proxier (scheduler rr) on node worker-1', false, true],
    ['coredns.stop', 'CoreDNS stopped (its container stopped)', false, true],
    ['traffic.ipvs', 'worker-2: IPVS 10.96.0.20:80/TCP → 10.244.1.2:9376', false, false],
    ['keepalived.state', 'VI_1: BACKUP → MASTER (priority 100)', false, true],
    ['keepalived.vip', 'added 10.0.0.10 on eth0 and sent gratuitous ARP', false, true],
    ['haproxy.server', 'Server apiserverbackend/cp-1 is DOWN, reason: Layer4 timeout, check duration: 2000ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.', false, true],
    ['traffic.haproxy', 'get nodes from cp-2 → apiserverbackend/cp-3 (10.0.0.13:6443)', false, false],
  ];
  it.each(cases)('%s %s: noise %s, key %s', (kind, summary, noise, key) => {
    const r = rec(kind, summary);
    expect(isNoise(r)).toBe(noise);
    expect(isKeyEvent(r)).toBe(key);
  });

  it('the store drops heartbeats, log replication and packet records (every API write is a MsgApp round; "all" gets them from the recent trace), and keeps votes', () => {
    expect(isPacketNoise(rec('raft.send', 'MsgHeartbeat term=2'))).toBe(true);
    expect(isPacketNoise(rec('net.drop', 'x'))).toBe(true);
    expect(isPacketNoise(rec('raft.send', 'MsgApp term=2'))).toBe(true);
    expect(isPacketNoise(rec('raft.send', 'MsgVote term=3'))).toBe(false);
    expect(isPacketNoise(rec('raft.become', 'x became leader at term 2'))).toBe(false);
    // One HAProxy hop per API request through the VIP: as many as the requests, so not kept in the log.
    expect(isPacketNoise(rec('traffic.haproxy', 'create leases from worker-1 → apiserverbackend/cp-2 (10.0.0.12:6443)'))).toBe(true);
    expect(isPacketNoise(rec('keepalived.state', 'VI_1: BACKUP → MASTER (priority 100)'))).toBe(false);
  });
});

describe('event tones', () => {
  const cases: [string, string, string][] = [
    ['raft.step-down', 'a stepped down to follower since quorum is not active', 'stepdown'],
    ['raft.lead', 'raft.node: a lost leader b at term 3', 'stepdown'],
    ['raft.become', 'a became leader at term 3', 'leader'],
    ['raft.elect', 'raft.node: a elected leader a at term 3', 'leader'],
    ['raft.lead', 'raft.node: b elected leader a at term 3', 'leader'],
    ['raft.become', 'a became pre-candidate at term 2', 'role'],
    ['raft.vote', 'a cast MsgVote for b', 'vote'],
    ['host.crash', 'cp-2 crashed', 'fault'],
    ['shell.command', 'sim partition cp-1 / cp-2,cp-3', 'fault'],
    ['shell.command', 'sim heal', 'command'],
    ['shell.command', 'etcdctl put foo bar', 'command'],
    ['etcd.start', 'started', 'etcd'],
    ['raft.send', 'MsgHeartbeat', 'traffic'],
  ];
  it.each(cases)('%s %s → %s', (kind, summary, tone) => {
    expect(eventTone(rec(kind, summary))).toBe(tone);
  });
});

describe('eventLogRows', () => {
  const names = memberNames([
    { id: 'cebdf10928a06f3c', name: 'cp-1' },
    { id: '', name: 'cp-9' },
  ]);
  const a = rec('raft.become', 'cebdf10928a06f3c became leader at term 3');
  const b = rec('raft.send', 'MsgApp term=3', { target: 'cp-2' });
  const c = rec('shell.command', 'sim crash cp-2', { source: 'user', target: 'cp-1' });
  const hb = rec('raft.send', 'MsgHeartbeat term=3', { target: 'cp-2' });

  it('shows key events newest first, with times and member names', () => {
    const rows = eventLogRows([a, b, c], [], 'key', names);
    expect(rows.map((r) => r.kind)).toEqual(['shell.command', 'raft.become']);
    expect(rows[1]!.summary).toBe('cp-1 became leader at term 3');
    expect(rows[1]!.raw).toContain('cebdf10928a06f3c became leader');
    expect(rows[1]!.time).toMatch(/^\d+\.\d{3}s$/);
    expect(rows[0]!.source).toBe('user → cp-1');
  });

  it('"all" merges the recent raw records (heartbeats too) without duplicates', () => {
    const rows = eventLogRows([a, b, c], [c, hb], 'all', names);
    expect(rows.map((r) => r.key)).toEqual([hb.id, c.id, b.id, a.id]);
  });

  it('respects the limit', () => {
    expect(eventLogRows([a, b, c], [], 'all', names, 2)).toHaveLength(2);
  });

  it('annotates only known 16-hex member ids', () => {
    expect(annotateIds('cebdf10928a06f3c voted for 0123456789abcdef', names)).toBe('cp-1 voted for 0123456789abcdef');
    expect(annotateIds('x', new Map())).toBe('x');
  });
});

describe('ui store', () => {
  it('toggles the selected member and the log mode', () => {
    const ui = createUiStore();
    expect(ui.store.getState()).toEqual({ selected: null, logMode: 'key', selectedPod: null });
    ui.toggle('cp-1');
    expect(ui.store.getState().selected).toBe('cp-1');
    ui.toggle('cp-2');
    expect(ui.store.getState().selected).toBe('cp-2');
    ui.toggle('cp-2');
    expect(ui.store.getState().selected).toBeNull();
    ui.toggle('cp-3');
    ui.clear();
    expect(ui.store.getState().selected).toBeNull();
    ui.setLogMode('all');
    expect(ui.store.getState().logMode).toBe('all');
    ui.togglePod('default/big');
    expect(ui.store.getState().selectedPod).toBe('default/big');
    ui.togglePod('default/big');
    expect(ui.store.getState().selectedPod).toBeNull();
  });
});

describe('view snapshot event log', () => {
  it('keeps the newest non-heartbeat records incrementally and reuses the array when nothing new', () => {
    const c = createSimulationController({ preset: 'ha', seed: 1 });
    c.advance(3000);
    const log = c.store.getState().view.eventLog;
    // The control plane keeps the log busy; the newest records are component activity.
    expect(log.length).toBeGreaterThan(0);
    expect(log.some((r) => r.kind.startsWith('apiserver.') || r.kind.startsWith('raft.'))).toBe(true);
    expect(log.some((r) => r.summary.startsWith('MsgHeartbeat'))).toBe(false);
    const ids = log.map((r) => r.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    c.pause();
    c.advance(16);
    expect(c.store.getState().view.eventLog).toBe(log);
    c.play();
    c.submit('sim crash cp-2');
    const after = c.store.getState().view.eventLog;
    expect(after.at(-1)?.kind === 'shell.command' || after.some((r) => r.kind === 'host.crash')).toBe(true);
    expect(after.length).toBeLessThanOrEqual(EVENT_LOG_SIZE);
  });

  it('starts a fresh log for a fresh cluster', () => {
    const c = createSimulationController({ preset: 'ha', seed: 1 });
    c.advance(2000);
    c.submit('sim crash cp-2');
    c.reset('ha', 1);
    expect(c.store.getState().view.eventLog.some((r) => r.kind === 'host.crash')).toBe(false);
  });
});
