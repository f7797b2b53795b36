import { describe, expect, it } from 'vitest';
import { raftRoleMachine } from '../../cluster/etcd/raft/role.machine.ts';
import type { TraceRecord } from '../../kernel/trace.ts';
import type { EtcdMemberFacts } from '../../simulation/facts.ts';
import { borderPoint, chartModel, chartStateOf, layoutStatechart, overlaps, RAFT_CHART_HINTS, type StateConfigLike } from './statechart.ts';
import { explainRole, lastRoleChange, memberDetails, roleHistory } from './roleHistory.ts';

const model = chartModel(raftRoleMachine.config as StateConfigLike);
const layout = layoutStatechart(model);

describe('chartModel', () => {
  it('reads the four Raft roles and every transition from the machine definition', () => {
    expect(model.states).toEqual(['follower', 'pre-candidate', 'candidate', 'leader']);
    expect(model.initial).toBe('follower');
    const all = model.edges.flatMap((e) => e.events.map((ev) => `${e.from} -${ev}-> ${e.to}`));
    const fromConfig = Object.entries(raftRoleMachine.config.states!).flatMap(([from, s]) => Object.entries((s as { on: Record<string, string> }).on).map(([ev, to]) => `${from} -${ev}-> ${to}`));
    expect(all.sort()).toEqual(fromConfig.sort());
  });

  it('groups transitions between the same pair of states into one labelled arrow', () => {
    expect(model.edges.find((e) => e.from === 'leader' && e.to === 'follower')!.events).toEqual(['term.higher', 'quorum.lost', 'removed']);
    expect(model.edges.filter((e) => e.from === 'candidate' && e.to === 'follower')).toHaveLength(1);
  });

  const targets: [string, unknown, string][] = [
    ['plain', 'b', 'b'],
    ['child', '.b', 'b'],
    ['by id', '#m.b', 'b'],
    ['object', { target: 'b' }, 'b'],
    ['list', [{ target: 'b' }], 'b'],
    ['targetless', { actions: [] }, 'a'],
  ];
  it.each(targets)('resolves a %s target', (_, t, to) => {
    const m = chartModel({ initial: 'a', states: { a: { on: { go: t } }, b: {} } });
    expect(m.edges).toEqual([{ from: 'a', to, events: ['go'] }]);
  });
});

describe('layoutStatechart', () => {
  it('is deterministic and places every state with a box', () => {
    expect(layoutStatechart(model)).toEqual(layout);
    expect(Object.keys(layout.boxes).sort()).toEqual([...model.states].sort());
  });

  it('keeps state boxes and labels apart', () => {
    const boxes = Object.values(layout.boxes);
    const labels = layout.edges.map((e) => ({ name: e.label.lines.join('/'), ...e.label.box }));
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlaps(a, b), `${a.name}/${b.name}`).toBe(false);
    for (const l of labels) for (const b of boxes) expect(overlaps(l, b), `label ${l.name} on ${b.name}`).toBe(false);
    for (const l of labels) for (const m of labels) if (l !== m) expect(overlaps(l, m), `label ${l.name} on ${m.name}`).toBe(false);
  });

  it('labels each arrow with its events, one per line, and fits everything in the view box', () => {
    for (const e of layout.edges) {
      expect(e.label.lines).toEqual(e.events);
      const v = layout.viewBox;
      const b = e.label.box;
      expect(b.x >= v.x && b.y >= v.y && b.x + b.w <= v.x + v.w && b.y + b.h <= v.y + v.h, e.events.join()).toBe(true);
    }
    expect(layout.edges.filter((e) => e.self).map((e) => e.from).sort()).toEqual(['candidate', 'follower', 'pre-candidate']);
  });

  it('starts and ends arrows on the state borders', () => {
    for (const e of layout.edges.filter((x) => !x.self)) {
      const nums = e.path.match(/-?[\d.]+/g)!.map(Number);
      const [x0, y0] = [nums[0]!, nums[1]!];
      const [x1, y1] = [nums[4]!, nums[5]!];
      const a = layout.boxes[e.from]!;
      const b = layout.boxes[e.to]!;
      const near = (r: typeof a, x: number, y: number) => x >= r.x - 4 && x <= r.x + r.w + 4 && y >= r.y - 4 && y <= r.y + r.h + 4 && !(x > r.x + 1 && x < r.x + r.w - 1 && y > r.y + 1 && y < r.y + r.h - 1);
      expect(near(a, x0, y0), `${e.from}>${e.to} start`).toBe(true);
      expect(near(b, x1, y1), `${e.from}>${e.to} end`).toBe(true);
    }
  });

  it('bows the two arrows of a pair apart', () => {
    const there = layout.edges.find((e) => e.from === 'follower' && e.to === 'candidate')!;
    const back = layout.edges.find((e) => e.from === 'candidate' && e.to === 'follower')!;
    expect(there.path).not.toBe(back.path);
  });

  it('places states it has no position for below the known ones', () => {
    const m = chartModel({ states: { follower: {}, odd: {} } });
    const l = layoutStatechart(m, RAFT_CHART_HINTS);
    expect(l.boxes.odd!.y).toBeGreaterThan(l.boxes.follower!.y);
  });

  const border: [string, { x: number; y: number }, { x: number; y: number }][] = [
    ['right', { x: 100, y: 10 }, { x: 22, y: 10 }],
    ['below', { x: 10, y: 100 }, { x: 10, y: 22 }],
    ['same point', { x: 10, y: 10 }, { x: 10, y: 10 }],
  ];
  it.each(border)('borderPoint towards %s', (_, p, want) => {
    expect(borderPoint({ x: 0, y: 0, w: 20, h: 20 }, p, 2)).toEqual(want);
  });

  it('lights the role, a learner as follower, nothing when stopped', () => {
    expect(chartStateOf('leader')).toBe('leader');
    expect(chartStateOf('pre-candidate')).toBe('pre-candidate');
    expect(chartStateOf('learner')).toBe('follower');
    expect(chartStateOf('stopped')).toBeNull();
  });
});

let id = 0;
function rec(source: string, kind: string, summary: string): TraceRecord {
  return { t: id * 10, id: id++, source, kind, summary };
}

describe('roleHistory', () => {
  const log = [
    rec('cp-1/etcd', 'etcd.start', 'etcd 3.5.16 started member a'),
    rec('cp-1/etcd', 'raft.become', 'a became follower at term 1'),
    rec('cp-2/etcd', 'raft.become', 'b became follower at term 1'),
    rec('cp-1/etcd', 'raft.campaign', 'a is starting a new election at term 1'),
    rec('cp-1/etcd', 'raft.become', 'a became pre-candidate at term 1'),
    rec('cp-1/etcd', 'raft.vote', 'a has received 2 MsgPreVoteResp votes'),
    rec('cp-1/etcd', 'raft.become', 'a became candidate at term 2'),
    rec('cp-1/etcd', 'raft.become', 'a became leader at term 2'),
    rec('cp-1/etcd', 'raft.elect', 'raft.node: a elected leader a at term 2'),
    rec('cp-1/etcd', 'raft.step-down', 'a stepped down to follower since quorum is not active'),
    rec('cp-1/etcd', 'raft.become', 'a became follower at term 2'),
    rec('cp-1/etcd', 'raft.lead', 'raft.node: a lost leader a at term 2'),
    rec('cp-1/etcd', 'raft.become', 'a became follower at term 5'),
  ];
  const stopped = [...log, rec('cp-1/etcd', 'etcd.stop', 'host crashed')];
  const h = roleHistory(log, 'cp-1', 20);

  it("keeps the member's role records, newest first", () => {
    expect(h.map((e) => e.record.kind)).toEqual(['raft.become', 'raft.lead', 'raft.become', 'raft.step-down', 'raft.elect', 'raft.become', 'raft.become', 'raft.become', 'raft.become', 'etcd.start']);
    expect(h.at(-1)!.why).toMatch(/started/);
    expect(h.every((e) => e.record.source === 'cp-1/etcd')).toBe(true);
    expect(roleHistory(log, 'cp-1', 3)).toHaveLength(3);
    expect(roleHistory(log, 'cp-9')).toEqual([]);
  });

  it('explains each change with the statechart event that fired', () => {
    const byText = new Map(h.map((e) => [e.record.summary, e]));
    expect(byText.get('a became follower at term 1')!.why).toMatch(/etcd started/);
    expect(byText.get('a became pre-candidate at term 1')!.event).toBe('election.timeout.prevote');
    expect(byText.get('a became candidate at term 2')!.event).toBe('prevote.won');
    expect(byText.get('a became leader at term 2')!.event).toBe('vote.won');
    expect(byText.get('a stepped down to follower since quorum is not active')!.event).toBe('quorum.lost');
    expect(byText.get('a became follower at term 2')!.why).toMatch(/stepping down/);
    expect(byText.get('a became follower at term 5')!.event).toBe('term.higher');
    expect(byText.get('raft.node: a lost leader a at term 2')!.why).toMatch(/no leader/);
  });

  const cases: [string, string, string | undefined][] = [
    ['a became candidate at term 3', 'follower', 'election.timeout'],
    ['a became follower at term 3', 'pre-candidate', 'prevote.lost'],
  ];
  it.each(cases)('%s after %s → %s', (summary, prevRole, event) => {
    const prev = rec('x', 'raft.become', `a became ${prevRole} at term 3`);
    expect(explainRole(rec('x', 'raft.become', summary), { previous: prev, last: prev }).event).toBe(event);
  });

  it('lists etcd stopping, with why the member has no role', () => {
    const e = roleHistory(stopped, 'cp-1', 1)[0]!;
    expect(e.record.kind).toBe('etcd.stop');
    expect(e.why).toMatch(/no role/);
  });

  it('finds the latest role change for the chart', () => {
    expect(lastRoleChange(h)).toEqual({ from: 'follower', to: 'follower' });
    expect(lastRoleChange(roleHistory(log.slice(0, 8), 'cp-1'))).toEqual({ from: 'candidate', to: 'leader' });
    expect(lastRoleChange([])).toBeNull();
  });
});

describe('memberDetails', () => {
  const m: EtcdMemberFacts = { host: 'cp-2', name: 'cp-2', id: 'b', running: true, role: 'follower', term: 3, lead: 'a', commit: 9, applied: 8, lastIndex: 10, isLearner: false, hasQuorum: true, revision: 4, logTail: [] };
  it('lists id, host, role, term, lead, indexes and revision', () => {
    const d = Object.fromEntries(memberDetails(m, new Map([['a', 'cp-1']])).map((r) => [r.label, r.value]));
    expect(d).toMatchObject({ 'member id': 'b', host: 'cp-2', role: 'follower', term: '3', lead: 'cp-1 (a…)', 'commit / applied / last': '9 / 8 / 10', revision: '4' });
    expect(memberDetails(m, new Map()).reduce((n, r) => n + r.span, 0) % 4).toBe(0);
    expect(Object.fromEntries(memberDetails({ ...m, role: 'leader', lead: 'b' }, new Map()).map((r) => [r.label, r.value])).lead).toBe('itself');
    expect(Object.fromEntries(memberDetails({ ...m, running: false, role: 'stopped', lead: null }, new Map()).map((r) => [r.label, r.value])).quorum).toMatch(/not running/);
  });
});
