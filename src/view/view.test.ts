import { describe, expect, it } from 'vitest';
import { layoutTopology, linkFor, pointOnLink } from './layout.ts';
import { classifyMessage, messageDots } from './messages.ts';
import { canTalk, degradedLinks, hostFaultItems, leaderCount, linkFaultItems, noQuorum, onHost } from './faults.ts';
import { looksLikeCommand, parseInline, parseMarkdown } from './lesson/markdown.ts';
import type { EtcdMemberFacts } from '../simulation/facts.ts';
import type { TraceRecord } from '../kernel/trace.ts';

const HA = [
  { name: 'cp-1', role: 'control-plane' },
  { name: 'cp-2', role: 'control-plane' },
  { name: 'cp-3', role: 'control-plane' },
  { name: 'lb-1', role: 'load-balancer' },
  { name: 'lb-2', role: 'load-balancer' },
  { name: 'worker-1', role: 'worker' },
  { name: 'worker-2', role: 'worker' },
  { name: 'worker-3', role: 'worker' },
  { name: 'registry', role: 'registry' },
];

function member(host: string, over: Partial<EtcdMemberFacts> = {}): EtcdMemberFacts {
  return { host, name: host, id: host, running: true, role: 'follower', term: 2, lead: 'cp-1', commit: 5, applied: 5, lastIndex: 5, isLearner: false, hasQuorum: true, revision: 1, logTail: [], ...over };
}

describe('layoutTopology', () => {
  const etcd = new Set(['cp-1', 'cp-2', 'cp-3']);
  const l = layoutTopology(HA, etcd);

  it('is deterministic', () => {
    expect(layoutTopology(HA, etcd)).toEqual(l);
  });

  it('places tiers top to bottom: load balancers, control plane, workers + registry', () => {
    expect(l.boxes['lb-1']!.y).toBeLessThan(l.boxes['cp-1']!.y);
    expect(l.boxes['cp-1']!.y).toBeLessThan(l.boxes['worker-1']!.y);
    expect(l.boxes['registry']!.y).toBe(l.boxes['worker-1']!.y);
  });

  it('gives etcd hosts a tall box and keeps boxes from overlapping', () => {
    expect(l.boxes['cp-1']!.hasEtcd).toBe(true);
    expect(l.boxes['cp-1']!.h).toBeGreaterThan(l.boxes['lb-1']!.h);
    const boxes = Object.values(l.boxes);
    for (const a of boxes)
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.name} / ${b.name}`).toBe(false);
      }
  });

  it('links every pair of etcd hosts', () => {
    expect(l.links.map((x) => `${x.a}-${x.b}`)).toEqual(['cp-1-cp-2', 'cp-1-cp-3', 'cp-2-cp-3']);
  });

  it('puts external etcd members in their own row under the control plane', () => {
    const ext = [...HA, { name: 'etcd-1', role: 'etcd' }, { name: 'etcd-2', role: 'etcd' }];
    const x = layoutTopology(ext, new Set(['etcd-1', 'etcd-2']));
    expect(x.boxes['etcd-1']!.y).toBeGreaterThan(x.boxes['cp-1']!.y);
    expect(x.boxes['etcd-1']!.y).toBeLessThan(x.boxes['worker-1']!.y);
  });

  it('walks a link from either end', () => {
    const link = linkFor(l, 'cp-1', 'cp-2')!;
    expect(pointOnLink(link, 'cp-1', 0)).toEqual(link.p0);
    expect(pointOnLink(link, 'cp-2', 0)).toEqual(link.p1);
    expect(linkFor(l, 'lb-1', 'worker-1')).toBeDefined();
    expect(linkFor(l, 'nope', 'cp-1')).toBeUndefined();
  });
});

describe('messages', () => {
  it.each([
    ['raft', 'MsgHeartbeat term=2 commit=5', 'heartbeat'],
    ['raft', 'MsgApp term=2 prev=4/2 entries=1 commit=4', 'app'],
    ['raft', 'MsgAppResp term=2 index=5', 'app-resp'],
    ['raft', 'MsgPreVote term=3 last=5/2', 'vote'],
    ['raft', 'MsgVoteResp term=3 granted', 'vote-resp'],
    ['etcd.request', 'Put foo', 'client'],
    ['etcd.response', 'Put OK', 'client-resp'],
  ])('%s %s is %s', (kind, summary, cls) => {
    expect(classifyMessage(kind, summary)).toBe(cls);
  });

  it('positions in-flight messages by virtual time and fades arrived ones', () => {
    const inFlight = [{ id: 7, from: 'cp-1', to: 'cp-2', kind: 'raft', summary: 'MsgApp term=2', sentAt: 100, arriveAt: 110 }];
    const trace: TraceRecord[] = [
      { t: 90, id: 1, source: 'cp-1', target: 'cp-3', kind: 'raft.send', summary: 'MsgHeartbeat term=2', data: { msg: 5, arriveAt: 101 } },
      { t: 10, id: 2, source: 'cp-1', target: 'cp-3', kind: 'raft.send', summary: 'MsgHeartbeat term=2', data: { msg: 4, arriveAt: 11 } },
      { t: 100, id: 3, source: 'cp-1', target: 'cp-2', kind: 'raft.send', summary: 'MsgApp term=2', data: { msg: 7, arriveAt: 110 } },
    ];
    const dots = messageDots(inFlight, trace, 105, 20);
    expect(dots.map((d) => [d.key, d.progress, d.opacity > 0])).toEqual([
      ['m7', 0.5, true],
      ['m5', 1, true],
    ]);
    expect(messageDots(inFlight, trace, 105, 0)).toHaveLength(1);
  });
});

describe('faults', () => {
  const host = { name: 'cp-2', ip: '10.0.0.12', role: 'control-plane', up: true };

  it('offers host faults as the commands a user would type', () => {
    const items = hostFaultItems(host, member('cp-2'), 'cp-1');
    expect(items.map((i) => [i.id, i.command, i.enabled])).toEqual([
      ['crash', 'sim crash cp-2', true],
      ['boot', 'sim boot cp-2', false],
      ['isolate', 'sim partition cp-2', true],
      ['stop-etcd', 'ssh cp-2 systemctl stop etcd', true],
      ['start-etcd', 'ssh cp-2 systemctl start etcd', false],
    ]);
    expect(hostFaultItems({ ...host, name: 'worker-1' }, undefined, 'cp-1').map((i) => i.id)).toEqual(['crash', 'boot', 'isolate']);
    // A kubeadm host: etcd is a static pod (no etcd unit), and the kubelet can be stopped.
    const kubeadmHost = { ...host, units: ['containerd', 'kubelet'], kubeletRunning: true };
    expect(hostFaultItems(kubeadmHost, member('cp-2'), 'cp-1').slice(3).map((i) => [i.id, i.command, i.enabled])).toEqual([
      ['stop-etcd', 'ssh cp-2 mv /etc/kubernetes/manifests/etcd.yaml /tmp/', true],
      ['start-etcd', 'ssh cp-2 mv /tmp/etcd.yaml /etc/kubernetes/manifests/', false],
      ['stop-kubelet', 'ssh cp-2 systemctl stop kubelet', true],
      ['start-kubelet', 'ssh cp-2 systemctl start kubelet', false],
    ]);
    expect(onHost('cp-2', 'cp-2', 'systemctl stop etcd')).toBe('systemctl stop etcd');
  });

  it('offers link faults', () => {
    expect(linkFaultItems('cp-1', 'cp-2').map((i) => i.command)).toEqual(['sim partition cp-1 / cp-2', 'sim latency cp-1 cp-2 200', 'sim loss cp-1 cp-2 20', 'sim latency cp-1 cp-2 1\nsim loss cp-1 cp-2 0']);
  });

  it('knows who can talk across a partition', () => {
    const p = [['cp-1'], ['cp-2', 'cp-3']];
    expect(canTalk(p, 'cp-1', 'cp-2')).toBe(false);
    expect(canTalk(p, 'cp-2', 'cp-3')).toBe(true);
    expect(canTalk(p, 'cp-1', 'worker-1')).toBe(true);
    expect(canTalk([], 'cp-1', 'cp-2')).toBe(true);
  });

  it('counts leaders with quorum', () => {
    const ok = [member('cp-1', { role: 'leader' }), member('cp-2'), member('cp-3')];
    expect(leaderCount(ok)).toBe(1);
    expect(noQuorum(ok)).toBe(false);
    const lost = [member('cp-1', { role: 'leader', hasQuorum: false }), member('cp-2', { running: false, role: 'stopped', hasQuorum: false })];
    expect(leaderCount(lost)).toBe(0);
    expect(noQuorum(lost)).toBe(true);
    expect(noQuorum([])).toBe(false);
  });

  it('lists degraded links only', () => {
    const net = { defaultLink: { latencyMs: 1, lossPercent: 0 }, links: { 'cp-1|cp-2': { latencyMs: 200, lossPercent: 0 }, 'cp-1|cp-3': { latencyMs: 1, lossPercent: 0 } } };
    expect(degradedLinks(net)).toEqual([{ a: 'cp-1', b: 'cp-2', latencyMs: 200, lossPercent: 0 }]);
  });
});

describe('markdown', () => {
  it('splits paragraphs and joins wrapped lines', () => {
    const blocks = parseMarkdown('one\ntwo\n\nthree\n');
    expect(blocks).toEqual([
      { type: 'p', inlines: [{ type: 'text', text: 'one two' }] },
      { type: 'p', inlines: [{ type: 'text', text: 'three' }] },
    ]);
  });

  it('marks code spans that are commands as runnable', () => {
    expect(parseInline('Run `etcdctl put a b` on `cp-1`, **now**')).toEqual([
      { type: 'text', text: 'Run ' },
      { type: 'code', text: 'etcdctl put a b', runnable: true },
      { type: 'text', text: ' on ' },
      { type: 'code', text: 'cp-1', runnable: false },
      { type: 'text', text: ', ' },
      { type: 'strong', text: 'now' },
    ]);
    expect(looksLikeCommand('etcdctl')).toBe(false);
    expect(looksLikeCommand('sim crash cp-3')).toBe(true);
    expect(looksLikeCommand('IS LEADER')).toBe(false);
  });

  it('parses bullet lists and fenced blocks', () => {
    expect(parseMarkdown('- a\n- b `sim heal`\n\n```\nx\n```')).toEqual([
      { type: 'ul', items: [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b ' }, { type: 'code', text: 'sim heal', runnable: true }]] },
      { type: 'pre', text: 'x' },
    ]);
  });
});
