/**
 * Deterministic topology layout: a pure function of the host list. Hosts are placed in tiers
 * (load balancers, control plane, external etcd, workers + registry), each tier a centred row.
 * Hosts that run an etcd member get a tall box with room for the member card.
 */

export interface LayoutHost {
  name: string;
  role: string;
}

export interface HostBox {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  tier: number;
  hasEtcd: boolean;
}

export interface LinkGeom {
  a: string;
  b: string;
  /** Start, control and end point of a quadratic Bézier (a straight link has the control at the midpoint). */
  p0: Point;
  c: Point;
  p1: Point;
}

export interface Point {
  x: number;
  y: number;
}

export interface TopologyLayout {
  boxes: Record<string, HostBox>;
  order: string[];
  links: LinkGeom[];
  bounds: { x: number; y: number; w: number; h: number };
}

export const SMALL_W = 172;
export const SMALL_H = 58;
export const ETCD_W = 250;
export const ETCD_H = 206;
const GAP_X = 36;
/** Wider gaps between etcd hosts leave room for link labels (latency, loss). */
const ETCD_GAP_X = 64;
const GAP_Y = 46;
/** Extra vertical room under an etcd row for the arcs that join non-adjacent members. */
const ARC_ROOM = 40;

const TIER_OF_ROLE: Record<string, number> = {
  'load-balancer': 0,
  'control-plane': 1,
  etcd: 2,
  worker: 3,
  registry: 3,
};

export function layoutTopology(hosts: readonly LayoutHost[], etcdHosts: ReadonlySet<string>): TopologyLayout {
  const tiers: LayoutHost[][] = [[], [], [], []];
  for (const h of hosts) tiers[TIER_OF_ROLE[h.role] ?? 3]!.push(h);
  const boxes: Record<string, HostBox> = {};
  const order: string[] = [];
  let y = 0;
  let minX = 0;
  let maxX = 0;
  tiers.forEach((row, tier) => {
    if (row.length === 0) return;
    const rowHasEtcd = row.some((h) => etcdHosts.has(h.name));
    const widths = row.map((h) => (etcdHosts.has(h.name) ? ETCD_W : SMALL_W));
    const rowH = rowHasEtcd ? ETCD_H : SMALL_H;
    const gap = rowHasEtcd ? ETCD_GAP_X : GAP_X;
    const total = widths.reduce((s, w) => s + w, 0) + gap * (row.length - 1);
    let x = -total / 2;
    row.forEach((h, i) => {
      const w = widths[i]!;
      const hasEtcd = etcdHosts.has(h.name);
      const hh = hasEtcd ? ETCD_H : SMALL_H;
      boxes[h.name] = { name: h.name, x, y: y + (rowH - hh) / 2, w, h: hh, tier, hasEtcd };
      order.push(h.name);
      x += w + gap;
    });
    minX = Math.min(minX, -total / 2);
    maxX = Math.max(maxX, total / 2);
    const etcdCount = row.filter((h) => etcdHosts.has(h.name)).length;
    y += rowH + GAP_Y + (etcdCount > 2 ? ARC_ROOM : 0);
  });
  const height = Math.max(0, y - GAP_Y);
  const links = etcdLinks(order.filter((n) => etcdHosts.has(n)).map((n) => boxes[n]!));
  const arcDepth = links.reduce((m, l) => Math.max(m, l.c.y), 0);
  const pad = 24;
  const bottom = Math.max(height, arcDepth);
  return { boxes, order, links, bounds: { x: minX - pad, y: -pad, w: maxX - minX + 2 * pad, h: bottom + 2 * pad } };
}

/** Full mesh between etcd hosts: neighbours in a row get a straight line, others an arc below. */
function etcdLinks(members: HostBox[]): LinkGeom[] {
  const out: LinkGeom[] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = members[i]!;
      const b = members[j]!;
      if (a.y === b.y && j === i + 1) {
        const y = a.y + 34;
        const p0 = { x: a.x + a.w, y };
        const p1 = { x: b.x, y };
        out.push({ a: a.name, b: b.name, p0, p1, c: mid(p0, p1) });
      } else if (a.y === b.y) {
        const p0 = { x: a.x + a.w / 2, y: a.y + a.h };
        const p1 = { x: b.x + b.w / 2, y: b.y + b.h };
        out.push({ a: a.name, b: b.name, p0, p1, c: { x: (p0.x + p1.x) / 2, y: a.y + a.h + 2 * ARC_ROOM * (j - i - 1) + 8 } });
      } else {
        const p0 = { x: a.x + a.w / 2, y: a.y + a.h };
        const p1 = { x: b.x + b.w / 2, y: b.y };
        out.push({ a: a.name, b: b.name, p0, p1, c: mid(p0, p1) });
      }
    }
  }
  return out;
}

function mid(p: Point, q: Point): Point {
  return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
}

/** Point at parameter t (0..1) on a link, walked from `from` to the other end. */
export function pointOnLink(link: LinkGeom, from: string, t: number): Point {
  const u = Math.min(1, Math.max(0, link.a === from ? t : 1 - t));
  const v = 1 - u;
  return {
    x: v * v * link.p0.x + 2 * v * u * link.c.x + u * u * link.p1.x,
    y: v * v * link.p0.y + 2 * v * u * link.c.y + u * u * link.p1.y,
  };
}

/** The path of a message between two hosts: their link, or a straight line between box centres. */
export function linkFor(layout: TopologyLayout, a: string, b: string): LinkGeom | undefined {
  const l = layout.links.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
  if (l) return l;
  const ba = layout.boxes[a];
  const bb = layout.boxes[b];
  if (!ba || !bb) return undefined;
  const p0 = { x: ba.x + ba.w / 2, y: ba.y + ba.h / 2 };
  const p1 = { x: bb.x + bb.w / 2, y: bb.y + bb.h / 2 };
  return { a, b, p0, p1, c: mid(p0, p1) };
}

export function linkPath(l: LinkGeom): string {
  return `M${l.p0.x},${l.p0.y} Q${l.c.x},${l.c.y} ${l.p1.x},${l.p1.y}`;
}
