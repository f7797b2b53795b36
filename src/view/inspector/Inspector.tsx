/** The member inspector: facts, the Raft role statechart with the current role lit, and why it changed. */
import { useEffect, useMemo, useRef } from 'react';
import { raftRoleMachine } from '../../cluster/etcd/raft/role.machine.ts';
import type { SimView } from '../../store/simulationStore.ts';
import { annotateIds, memberNames } from '../eventLog.ts';
import { ROLE_COLORS } from '../topology/colors.ts';
import { chartModel, chartStateOf, layoutStatechart, type StateConfigLike } from './statechart.ts';
import { lastRoleChange, memberDetails, roleHistory } from './roleHistory.ts';
import { Statechart } from './Statechart.tsx';
import { formatVirtualTime } from '../../kernel/trace.ts';

const LAYOUT = layoutStatechart(chartModel(raftRoleMachine.config as StateConfigLike));

export function Inspector({ view, host, onClose }: { view: SimView; host: string; onClose(): void }) {
  const member = view.etcd.find((m) => m.host === host);
  const history = useMemo(() => roleHistory(view.roleLog, host, 8), [view.roleLog, host]);
  const ref = useRef<HTMLElement>(null);
  // The side pane may be scrolled down to the lesson: bring a newly inspected member into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, [host]);
  if (!member) return null;
  const names = memberNames(view.etcd);
  const color = ROLE_COLORS[member.role];
  const current = member.running ? chartStateOf(member.role) : null;
  return (
    <section className="inspector" data-testid="inspector" data-host={host} ref={ref}>
      <div className="inspector-head">
        <h2>
          etcd {member.name}
          <span className="role-chip" style={{ background: color }}>
            {member.role}
          </span>
        </h2>
        <button className="small" data-testid="inspector-close" title="Close the inspector (or click the member again)" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="details">
        {memberDetails(member, names).map((d) => (
          <div key={d.label} className={d.span === 2 ? 'span-2' : undefined}>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
      </dl>
      <h3>
        Raft role statechart <span className="muted small-text">· role.machine.ts</span>
      </h3>
      <Statechart layout={LAYOUT} current={current} color={color} lastEdge={lastRoleChange(history)} />
      {!current && <p className="muted small-text">etcd is not running on {host}: no role.</p>}
      <h3>Why: latest role changes</h3>
      <ol className="why" data-testid="inspector-why">
        {history.map((e) => (
          <li key={e.record.id} data-kind={e.record.kind}>
            <div>
              <span className="event-time">{formatVirtualTime(e.record.t)}</span> <span className="why-line">{annotateIds(e.record.summary.replace(/^raft\.node: /, ''), names)}</span>
              {e.event && <code className="why-event">{e.event}</code>}
            </div>
            {e.why && <div className="why-text">{e.why}</div>}
          </li>
        ))}
        {history.length === 0 && <li className="muted">No role changes in the event log yet.</li>}
      </ol>
    </section>
  );
}
