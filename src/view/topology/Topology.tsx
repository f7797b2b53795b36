/**
 * The cluster topology: hosts in tiers, etcd member cards, the links between members and the
 * Raft messages on them. React renders the SVG; d3-zoom (see zoom.ts) only pans and zooms it.
 */
import { useEffect, useMemo, useRef, type MouseEvent as ReactMouseEvent } from 'react';
import type { EtcdMemberFacts } from '../../simulation/facts.ts';
import type { ClusterView, HostView, SimView } from '../../store/simulationStore.ts';
import { leaderBadges, vipBadges, podMarks, POD_MARK } from '../objects/hostMarks.ts';
import { layoutTopology, linkFor, linkPath, pointOnLink, type HostBox, type LinkGeom } from '../layout.ts';
import { canTalk, leaderCount, noQuorum, type FaultTarget, type LinkCondition } from '../faults.ts';
import { MESSAGE_COLORS, messageDots } from '../messages.ts';
import { requestFlights, type RequestFlight } from '../traffic.ts';
import { serviceChips, SERVICE_CHIP_H, type ServiceChip } from '../objects/serviceChips.ts';
import { groupColor, groupName, ROLE_COLORS, termColor } from './colors.ts';
import { attachZoom, type ZoomHandle } from './zoom.ts';

export interface TopologyProps {
  view: SimView;
  speed: number;
  degraded: LinkCondition[];
  onMenu(target: FaultTarget, x: number, y: number): void;
  /** Host of the etcd member shown in the inspector. */
  selected?: string | null;
  onSelect?(host: string): void;
  /** A pod square was clicked: show the pod in the object inspector. */
  onSelectPod?(key: string): void;
}

/** How long an arrived Raft message stays visible, in wall ms (scaled to virtual by the speed). */
const FADE_WALL_MS = 220;
/** How long a pod's HTTP request takes to cross the topology, in wall ms (scaled likewise). */
const REQUEST_WALL_MS = 1600;

export function Topology({ view, speed, degraded, onMenu, selected = null, onSelect, onSelectPod }: TopologyProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const layerRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomHandle | null>(null);
  const hostKey = view.hosts.map((h) => `${h.name}:${h.role}`).join(',');
  const etcdKey = view.etcd.map((e) => e.host).join(',');
  const layout = useMemo(
    () => layoutTopology(view.hosts, new Set(view.etcd.map((e) => e.host))),
    // The layout depends only on the host list and which hosts run etcd.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [hostKey, etcdKey],
  );

  useEffect(() => {
    if (!svgRef.current || !layerRef.current) return;
    const handle = attachZoom(svgRef.current, layerRef.current);
    zoomRef.current = handle;
    return () => {
      handle.detach();
      zoomRef.current = null;
    };
  }, []);

  const members = new Map(view.etcd.map((m) => [m.host, m]));
  const hostsByName = new Map(view.hosts.map((h) => [h.name, h]));
  const leaders = leaderCount(view.etcd);
  const dots = messageDots(view.inFlight, view.recentTrace, view.nowMs, Math.max(1, FADE_WALL_MS * speed));
  const flights = requestFlights(view.eventLog, view.nowMs, Math.max(1, REQUEST_WALL_MS * speed));
  // Services under the nodes, with arcs to the pod squares of their ready endpoints.
  const podAt = new Map<string, { x: number; y: number; size: number }>();
  let nodesBottom = -Infinity;
  for (const name of layout.order) {
    const box = layout.boxes[name]!;
    if (members.has(name)) continue;
    nodesBottom = Math.max(nodesBottom, box.y + box.h);
    for (const m of podMarks(view.cluster, name, box.x + 14, box.w - 48, box.y + box.h - 3)) podAt.set(m.pod.key, { x: m.x, y: m.y, size: POD_MARK });
  }
  const lb = layout.bounds;
  const chips = view.cluster.services.length > 0 && Number.isFinite(nodesBottom) ? serviceChips(view.cluster.services, podAt, lb.x + lb.w / 2, nodesBottom + 34) : [];
  const b = chips.length > 0 ? { ...lb, h: Math.max(lb.h, nodesBottom + 34 + SERVICE_CHIP_H + 12 - lb.y) } : lb;
  const conditionOf = (l: LinkGeom) => degraded.find((d) => (d.a === l.a && d.b === l.b) || (d.a === l.b && d.b === l.a));
  const menuAt = (target: FaultTarget) => (e: ReactMouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    onMenu(target, e.clientX, e.clientY);
  };

  return (
    <div className="topology">
      <div className="topology-overlay">
        <span className="pill">
          leaders with quorum: <b data-testid="leader-count">{leaders}</b>
        </span>
        {view.partition.length > 0 && (
          <span className="pill pill-warn">
            partitioned:{' '}
            {view.partition.map((g, i) => (
              <span key={i} style={{ color: groupColor(i) }}>
                {groupName(i)}={'{'}
                {g.join(', ')}
                {'} '}
              </span>
            ))}
          </span>
        )}
        <button className="small" title="Reset pan and zoom" onClick={() => zoomRef.current?.reset()}>
          ⤢ fit
        </button>
      </div>
      {noQuorum(view.etcd) && (
        <div className="banner" data-testid="no-quorum-banner">
          etcd has no leader — writes will time out
        </div>
      )}
      <svg ref={svgRef} className="topology-svg" data-leader-count={leaders} viewBox={`${b.x} ${b.y} ${b.w} ${b.h}`} preserveAspectRatio="xMidYMid meet">
        <g ref={layerRef}>
          {layout.links.map((l) => (
            <Link key={`${l.a}|${l.b}`} link={l} cut={!canTalk(view.partition, l.a, l.b)} condition={conditionOf(l)} onContextMenu={menuAt({ type: 'link', a: l.a, b: l.b })} />
          ))}
          {layout.order.map((name) => {
            const box = layout.boxes[name]!;
            const host = hostsByName.get(name)!;
            const group = view.partition.findIndex((g) => g.includes(name));
            return <Host key={name} box={box} host={host} member={members.get(name)} group={group} selected={selected === name} onSelect={onSelect} onMenu={menuAt({ type: 'host', host: name })} cluster={view.cluster} onSelectPod={onSelectPod} />;
          })}
          {layout.links.map((l) => {
            const condition = conditionOf(l);
            return condition ? <LinkLabel key={`${l.a}|${l.b}`} link={l} condition={condition} onContextMenu={menuAt({ type: 'link', a: l.a, b: l.b })} /> : null;
          })}
          {dots.map((d) => {
            const link = linkFor(layout, d.from, d.to);
            if (!link) return null;
            const p = pointOnLink(link, d.from, d.progress);
            return (
              <circle key={d.key} className="msg" cx={p.x} cy={p.y} r={d.cls === 'heartbeat' || d.cls === 'heartbeat-resp' ? 4 : 5.5} fill={MESSAGE_COLORS[d.cls]} opacity={d.opacity}>
                <title>{`${d.from} → ${d.to}: ${d.summary}`}</title>
              </circle>
            );
          })}
          {chips.map((c) => (
            <ServiceChipMark key={c.key} chip={c} />
          ))}
          {flights.map((f) => (
            <Flight key={f.key} flight={f} boxes={layout.boxes} />
          ))}
        </g>
      </svg>
      <Legend />
    </div>
  );
}

function Link({ link, cut, condition, onContextMenu }: { link: LinkGeom; cut: boolean; condition: LinkCondition | undefined; onContextMenu(e: ReactMouseEvent): void }) {
  const d = linkPath(link);
  const mid = pointOnLink(link, link.a, 0.5);
  return (
    <g data-testid={`link-${link.a}-${link.b}`} onContextMenu={onContextMenu}>
      <path d={d} className={cut ? 'link link-cut' : condition ? 'link link-degraded' : 'link'} />
      <path d={d} className="link-hit">
        <title>{`${link.a} ↔ ${link.b} (right-click for faults)`}</title>
      </path>
      {cut && (
        <text x={mid.x} y={mid.y + 5} className="link-cut-mark" textAnchor="middle">
          ✂
        </text>
      )}
    </g>
  );
}

/** Latency and loss set on a link, drawn above the hosts so a short link can carry it. */
function LinkLabel({ link, condition, onContextMenu }: { link: LinkGeom; condition: LinkCondition; onContextMenu(e: ReactMouseEvent): void }) {
  const mid = pointOnLink(link, link.a, 0.5);
  const lines = [condition.latencyMs !== 1 ? `${condition.latencyMs} ms` : '', condition.lossPercent > 0 ? `${condition.lossPercent}% loss` : ''].filter(Boolean);
  const w = Math.max(...lines.map((l) => l.length)) * 6.4 + 10;
  const h = lines.length * 12 + 6;
  const top = mid.y - h - 6;
  return (
    <g className="link-label" onContextMenu={onContextMenu}>
      <rect x={mid.x - w / 2} y={top} width={w} height={h} rx={4} />
      {lines.map((l, i) => (
        <text key={l} x={mid.x} y={top + 13 + i * 12} textAnchor="middle">
          {l}
        </text>
      ))}
    </g>
  );
}

interface HostProps {
  box: HostBox;
  host: HostView;
  member: EtcdMemberFacts | undefined;
  group: number;
  selected: boolean;
  onSelect?(host: string): void;
  onMenu(e: ReactMouseEvent): void;
  cluster: ClusterView;
  onSelectPod?(key: string): void;
}

function Host({ box, host, member, group, selected, onSelect, onMenu, cluster, onSelectPod }: HostProps) {
  const { x, y, w, h } = box;
  // Badges sit as tabs on the box's top edge, right-aligned before the ⋮ button.
  const badges: { text: string; cls: string; color?: string }[] = [];
  if (!host.up) badges.push({ text: 'DOWN', cls: 'badge-down' });
  if (group >= 0) badges.push({ text: `net ${groupName(group)}`, cls: 'badge-group', color: groupColor(group) });
  for (const lb of leaderBadges(cluster, host.name)) badges.push({ text: lb.text, cls: 'badge-leader' });
  for (const vb of vipBadges(host)) badges.push({ text: vb.text, cls: vb.text.startsWith('VIP') ? 'badge-vip' : 'badge-vrrp' });
  // Pods sit as small squares along the bottom of a worker's box, under its address (cp hosts show the etcd card there).
  const marks = member ? [] : podMarks(cluster, host.name, x + 14, w - 48, y + h - 3);
  let right = x + w - 32;
  return (
    <g data-testid={`host-${host.name}`} data-up={host.up} className={host.up ? 'host' : 'host host-down'} onContextMenu={onMenu}>
      <rect x={x} y={y} width={w} height={h} rx={8} className="host-box" style={group >= 0 ? { stroke: groupColor(group) } : undefined} />
      <circle cx={x + 14} cy={y + 17} r={5} className={host.up ? 'dot-up' : 'dot-down'} />
      <text x={x + 25} y={y + 22} className={selected && !member ? 'host-name host-name-selected' : 'host-name'} data-nozoom="" data-testid={`host-name-${host.name}`} style={{ cursor: 'pointer' }} onClick={() => onSelect?.(host.name)}>
        {host.name}
        <title>Inspect {host.name}</title>
      </text>
      <text x={x + 14} y={y + 42} className="host-sub">
        {host.ip} · {host.role}
      </text>
      {badges.map((bd) => {
        const bw = bd.text.length * 7 + 12;
        right -= bw + 4;
        return (
          <g key={bd.text} className={`badge ${bd.cls}`}>
            <rect x={right + 4} y={y - 8} width={bw} height={16} rx={8} style={bd.color ? { stroke: bd.color } : undefined} />
            <text x={right + 4 + bw / 2} y={y + 4} textAnchor="middle" style={bd.color ? { fill: bd.color } : undefined}>
              {bd.text}
            </text>
          </g>
        );
      })}
      <g data-nozoom="" className="host-menu-btn" data-testid={`host-menu-${host.name}`} onClick={onMenu}>
        <rect x={x + w - 26} y={y + 6} width={20} height={22} rx={4} />
        <text x={x + w - 16} y={y + 22} textAnchor="middle">
          ⋮
        </text>
        <title>Faults for {host.name}</title>
      </g>
      {member && <MemberCard member={member} x={x + 8} y={y + 52} w={w - 16} h={h - 60} selected={selected} onSelect={onSelect} />}
      {marks.map((m) => (
        <rect key={m.pod.key} data-testid={`podmark-${m.pod.key}`} data-nozoom="" x={m.x} y={m.y} width={POD_MARK} height={POD_MARK} rx={2} className={`pod-mark tone-${m.tone}`} onClick={() => onSelectPod?.(m.pod.key)}>
          <title>{`${m.pod.key}  ${m.pod.ready}  ${m.pod.status}`}</title>
        </rect>
      ))}
    </g>
  );
}

const LOG_SLOTS = 6;

interface MemberCardProps {
  member: EtcdMemberFacts;
  x: number;
  y: number;
  w: number;
  h: number;
  selected: boolean;
  onSelect?(host: string): void;
}

function MemberCard({ member, x, y, w, h, selected, onSelect }: MemberCardProps) {
  const color = ROLE_COLORS[member.role];
  const leader = member.role === 'leader';
  const roleText = leader ? '★ leader' : member.role;
  const badgeW = Math.max(84, roleText.length * 7 + 16);
  const stats: [string, number][] = [
    ['term', member.term],
    ['commit', member.commit],
    ['applied', member.applied],
    ['last', member.lastIndex],
  ];
  const slotW = (w - 16 - (LOG_SLOTS - 1) * 4) / LOG_SLOTS;
  const tail = member.logTail.slice(-LOG_SLOTS);
  return (
    <g
      data-testid={`etcd-${member.host}`}
      data-role={member.role}
      data-selected={selected}
      className={`member member-${member.role}${selected ? ' member-selected' : ''}`}
      opacity={member.running ? 1 : 0.55}
      role="button"
      tabIndex={0}
      aria-label={`Inspect etcd ${member.name}`}
      onClick={() => onSelect?.(member.host)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect?.(member.host)}
    >
      <title>{selected ? 'Click to close the inspector' : `Click to inspect etcd ${member.name}`}</title>
      {selected && <rect x={x - 4} y={y - 4} width={w + 8} height={h + 8} rx={9} className="member-selection" />}
      <rect x={x} y={y} width={w} height={h} rx={6} className="member-card" style={{ stroke: color, strokeWidth: leader ? 2.5 : 1 }} />
      <text x={x + 8} y={y + 18} className="member-title">
        etcd {member.name}
      </text>
      <g>
        <rect x={x + w - 8 - badgeW} y={y + 5} width={badgeW} height={18} rx={9} fill={color} opacity={leader ? 1 : 0.85} />
        <text x={x + w - 8 - badgeW / 2} y={y + 18} textAnchor="middle" className="role-badge">
          {roleText}
        </text>
      </g>
      {member.id && (
        <text x={x + 8} y={y + 34} className="member-id">
          id {member.id}
          {member.lead && !leader ? ` · lead ${member.lead.slice(0, 6)}…` : ''}
        </text>
      )}
      {stats.map(([label, value], i) => {
        const cx = x + 8 + (i * (w - 16)) / stats.length;
        return (
          <g key={label}>
            <text x={cx} y={y + 52} className="stat-label">
              {label}
            </text>
            <text x={cx} y={y + 70} className="stat-value">
              {value}
            </text>
          </g>
        );
      })}
      <text x={x + 8} y={y + 90} className="stat-label">
        raft log (newest {LOG_SLOTS}) {member.running && !member.hasQuorum ? '· no quorum' : ''}
      </text>
      {tail.map((e, i) => {
        const ex = x + 8 + i * (slotW + 4);
        const c = termColor(e.term);
        return (
          <g key={e.index} className="log-entry" data-committed={e.committed}>
            <rect x={ex} y={y + 96} width={slotW} height={24} rx={3} fill={e.committed ? c : 'transparent'} stroke={c} strokeWidth={1.5} strokeDasharray={e.committed ? undefined : '3 2'} />
            <text x={ex + slotW / 2} y={y + 112} textAnchor="middle" className={e.committed ? 'log-index' : 'log-index log-index-open'}>
              {e.index}
            </text>
            <title>{`#${e.index} term ${e.term}${e.committed ? '' : ' (uncommitted)'}: ${e.text}`}</title>
          </g>
        );
      })}
      {tail.length === 0 && (
        <text x={x + 8} y={y + 112} className="stat-label">
          (empty)
        </text>
      )}
      {!member.running && (
        <text x={x + w / 2} y={y + h - 6} textAnchor="middle" className="member-stopped">
          etcd not running
        </text>
      )}
    </g>
  );
}

function Legend() {
  const items: [string, string][] = [
    ['heartbeat', MESSAGE_COLORS.heartbeat],
    ['append', MESSAGE_COLORS.app],
    ['vote', MESSAGE_COLORS.vote],
    ['response', MESSAGE_COLORS['app-resp']],
    ['client', MESSAGE_COLORS.client],
    ['kube API', MESSAGE_COLORS.kube],
    ['watch', MESSAGE_COLORS['kube-watch']],
  ];
  return (
    <div className="legend">
      {items.map(([label, color]) => (
        <span key={label}>
          <i style={{ background: color }} />
          {label}
        </span>
      ))}
      <span className="legend-sep">
        <i className="sq" /> committed <i className="sq open" /> uncommitted
      </span>
      <span className="legend-sep muted">click a member to inspect it · right-click a host or link for faults · scroll to zoom</span>
    </div>
  );
}

/**
 * One request in flight: client node → (the IPVS node, when it is another) → the answering pod's
 * node, drawn as a dot on straight segments between host centres and labelled with who answered.
 */
function Flight({ flight, boxes }: { flight: RequestFlight; boxes: Record<string, HostBox> }) {
  const stops = [flight.fromHost, ...(flight.viaHost && flight.viaHost !== flight.fromHost ? [flight.viaHost] : []), flight.toHost].map((h) => boxes[h]).filter((b): b is HostBox => !!b);
  if (stops.length === 0) return null;
  const centre = (b: HostBox) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
  const at = pointAlong(stops.map(centre), flight.progress);
  const end = centre(stops[stops.length - 1]!);
  const ok = flight.status > 0 && flight.status < 500;
  return (
    <g className="request-flight" data-testid="request-flight" data-pod={flight.pod} data-to={flight.toHost} data-from={flight.fromHost}>
      <circle cx={at.x} cy={at.y} r={6} fill={ok ? '#2f9e44' : '#e03131'} opacity={1 - 0.6 * flight.progress}>
        <title>{flight.summary}</title>
      </circle>
      {flight.progress > 0.5 && (
        <text x={end.x} y={end.y - 8} textAnchor="middle" className="request-label">
          {`${flight.pod.replace(/^default\//, '')} ${flight.status || 'refused'}`}
        </text>
      )}
    </g>
  );
}

/** The point `progress` (0…1) of the way along a polyline, by length. */
function pointAlong(points: { x: number; y: number }[], progress: number): { x: number; y: number } {
  if (points.length === 1) return points[0]!;
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
  let left = progress * lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i]! || i === lengths.length - 1) {
      const f = lengths[i]! === 0 ? 1 : Math.min(1, left / lengths[i]!);
      return { x: points[i]!.x + (points[i + 1]!.x - points[i]!.x) * f, y: points[i]!.y + (points[i + 1]!.y - points[i]!.y) * f };
    }
    left -= lengths[i]!;
  }
  return points[points.length - 1]!;
}

/** A Service under the nodes and its arcs to the pods it routes to. */
function ServiceChipMark({ chip }: { chip: ServiceChip }) {
  return (
    <g className="service" data-testid={`service-${chip.key}`} data-endpoints={chip.arcs.length}>
      {chip.arcs.map((a) => (
        <path key={a.pod} d={a.d} className="service-arc" data-testid={`service-arc-${a.pod}`} />
      ))}
      <rect x={chip.x} y={chip.y} width={chip.w} height={chip.h} rx={10} className={chip.arcs.length > 0 ? 'service-chip' : 'service-chip service-chip-empty'} />
      <text x={chip.x + chip.w / 2} y={chip.y + 14} textAnchor="middle" className="service-label">
        {chip.label}
      </text>
      <title>{chip.title}</title>
    </g>
  );
}
