/**
 * A statechart drawn from its machine definition: states become boxes, transitions become
 * arrows labelled with their event names (transitions between the same two states share one
 * arrow). Pure: `chartModel` reads an xstate config, `layoutStatechart` places it, using
 * hand-picked positions for the Raft role machine and a grid for any state it does not know.
 */

export interface ChartEdge {
  from: string;
  to: string;
  events: string[];
}

export interface ChartModel {
  states: string[];
  initial: string | null;
  edges: ChartEdge[];
}

/** The part of an xstate machine config this reads. */
export interface StateConfigLike {
  initial?: unknown;
  states?: Record<string, { on?: Record<string, unknown>; after?: Record<string, unknown> } | undefined>;
}

/** The target states of one transition config: 'x', '.x', '#id.x', { target }, or a list of guarded alternatives. */
function targetsOf(t: unknown): string[] {
  if (Array.isArray(t)) return t.flatMap(targetsOf);
  if (typeof t === 'string') return [t.slice(t.lastIndexOf('.') + 1)].filter(Boolean);
  if (t && typeof t === 'object' && 'target' in t) return targetsOf((t as { target: unknown }).target);
  return [];
}

/** States, and one edge per (from, to) listing the events that take it; delayed transitions read `after <delay>`. */
export function chartModel(config: StateConfigLike): ChartModel {
  const states = Object.keys(config.states ?? {});
  const edges: ChartEdge[] = [];
  const add = (from: string, to: string, event: string) => {
    const edge = edges.find((e) => e.from === from && e.to === to);
    if (!edge) edges.push({ from, to, events: [event] });
    else if (!edge.events.includes(event)) edge.events.push(event);
  };
  for (const from of states) {
    for (const [event, t] of Object.entries(config.states?.[from]?.on ?? {})) {
      const targets = targetsOf(t);
      for (const to of targets.length > 0 ? targets : [from]) add(from, to, event);
    }
    for (const [delay, t] of Object.entries(config.states?.[from]?.after ?? {})) for (const to of targetsOf(t)) add(from, to, `after ${delay}`);
  }
  return { states, initial: typeof config.initial === 'string' ? config.initial : null, edges };
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StateBox extends Rect {
  name: string;
}

export interface EdgeLabel {
  /** Anchor of the first line's baseline. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  lines: string[];
  /** Estimated extent of the text, for a background and for tests. */
  box: Rect;
}

export interface EdgeGeom extends ChartEdge {
  /** SVG path of the arrow (ends at the target's border; the arrowhead is a marker). */
  path: string;
  label: EdgeLabel;
  self: boolean;
}

export interface ChartLayout {
  viewBox: Rect;
  boxes: Record<string, StateBox>;
  edges: EdgeGeom[];
}

export interface ChartHints {
  box: { w: number; h: number };
  /** Centre of each known state. */
  positions: Record<string, Point>;
  /**
   * Per edge ('from>to'): the side its label goes (1 = left of the direction of travel, -1 =
   * right) and where along the arrow (0..1). The two arrows of a pair bow apart, each towards
   * its label's side, so a pair's two hints must agree (the reverse edge's hint is used if one is missing).
   */
  labels: Record<string, { side?: 1 | -1; t?: number }>;
  /** Where a state's self-loop sits: its top or bottom edge, left or right half. */
  loops: Record<string, { edge: 'top' | 'bottom'; half: 'left' | 'right' }>;
}

/** Figure 4 of the Raft paper, with pre-vote: candidates on top, follower and leader below. */
export const RAFT_CHART_HINTS: ChartHints = {
  box: { w: 100, h: 28 },
  positions: {
    'pre-candidate': { x: 60, y: 64 },
    candidate: { x: 340, y: 64 },
    follower: { x: 170, y: 262 },
    leader: { x: 340, y: 262 },
  },
  labels: {
    'follower>pre-candidate': { side: -1, t: 0.5 },
    'pre-candidate>follower': { side: -1, t: 0.5 },
    'follower>candidate': { side: 1, t: 0.72 },
    'candidate>follower': { side: 1, t: 0.5 },
    'candidate>leader': { side: 1, t: 0.5 },
  },
  loops: {
    follower: { edge: 'bottom', half: 'left' },
    'pre-candidate': { edge: 'top', half: 'right' },
    candidate: { edge: 'top', half: 'left' },
    leader: { edge: 'bottom', half: 'right' },
  },
};

/**
 * The container lifecycle (kubelet/container.machine.ts) read left to right: waiting for its turn,
 * creating (with the image-pull detour above), running, stopping, terminated and the back-off below.
 */
export const CONTAINER_CHART_HINTS: ChartHints = {
  box: { w: 132, h: 28 },
  positions: {
    PodInitializing: { x: 80, y: 160 },
    ContainerCreating: { x: 300, y: 160 },
    ErrImagePull: { x: 230, y: 40 },
    ImagePullBackOff: { x: 430, y: 40 },
    CreateContainerError: { x: 300, y: 280 },
    PostStartHook: { x: 520, y: 160 },
    Starting: { x: 740, y: 100 },
    Running: { x: 740, y: 220 },
    PreStopHook: { x: 960, y: 100 },
    Stopping: { x: 960, y: 220 },
    Terminated: { x: 960, y: 360 },
    CrashLoopBackOff: { x: 600, y: 400 },
  },
  labels: {},
  loops: {},
};

export const LINE_H = 11;
/** Average width of a label character at the chart's font size (for layout estimates). */
export const CHAR_W = 5.4;
/** How far the two arrows between the same pair of states bow apart. */
const BOW = 12;
const LABEL_GAP = 6;

export function layoutStatechart(model: ChartModel, hints: ChartHints = RAFT_CHART_HINTS): ChartLayout {
  const { w, h } = hints.box;
  const boxes: Record<string, StateBox> = {};
  const unknown = model.states.filter((s) => !hints.positions[s]);
  const knownBottom = Math.max(0, ...Object.values(hints.positions).map((p) => p.y));
  model.states.forEach((name) => {
    const i = unknown.indexOf(name);
    const c = hints.positions[name] ?? { x: w / 2 + (i % 3) * (w + 60), y: knownBottom + 90 + Math.floor(i / 3) * 90 };
    boxes[name] = { name, x: c.x - w / 2, y: c.y - h / 2, w, h };
  });
  const edges: EdgeGeom[] = model.edges
    .filter((e) => boxes[e.from] && boxes[e.to])
    .map((e) => {
      if (e.from === e.to) return selfLoop(e, boxes[e.from]!, hints.loops[e.from] ?? { edge: 'top', half: 'right' });
      const paired = model.edges.some((x) => x.from === e.to && x.to === e.from);
      const hint = hints.labels[`${e.from}>${e.to}`] ?? {};
      const side = hint.side ?? (paired ? hints.labels[`${e.to}>${e.from}`]?.side : undefined) ?? 1;
      return arrow(e, boxes[e.from]!, boxes[e.to]!, side, hint.t ?? 0.5, paired);
    });
  const rects: Rect[] = [...Object.values(boxes), ...edges.map((e) => e.label.box)];
  const pad = 6;
  const x0 = Math.min(...rects.map((r) => r.x)) - pad;
  const y0 = Math.min(...rects.map((r) => r.y)) - pad;
  const x1 = Math.max(...rects.map((r) => r.x + r.w)) + pad;
  const y1 = Math.max(...rects.map((r) => r.y + r.h)) + pad;
  return { viewBox: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, boxes, edges };
}

function centre(b: Rect): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** Where the ray from the box's centre towards `p` leaves the box (plus a small gap). */
export function borderPoint(b: Rect, p: Point, gap = 2): Point {
  const c = centre(b);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : (b.w / 2 + gap) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (b.h / 2 + gap) / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

function arrow(e: ChartEdge, a: StateBox, b: StateBox, side: 1 | -1, t: number, paired: boolean): EdgeGeom {
  const ca = centre(a);
  const cb = centre(b);
  const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
  const dir = { x: (cb.x - ca.x) / len, y: (cb.y - ca.y) / len };
  // The label's side: left of the direction of travel on screen (y grows downwards) times `side`.
  const n = { x: dir.y * side, y: -dir.x * side };
  const bow = paired ? BOW : 0;
  const ctrl = { x: (ca.x + cb.x) / 2 + n.x * bow * 2, y: (ca.y + cb.y) / 2 + n.y * bow * 2 };
  const p0 = borderPoint(a, ctrl);
  const p1 = borderPoint(b, ctrl, 3);
  const path = `M${r(p0.x)},${r(p0.y)} Q${r(ctrl.x)},${r(ctrl.y)} ${r(p1.x)},${r(p1.y)}`;
  const on = quad(p0, ctrl, p1, t);
  return { ...e, path, self: false, label: placeLabel(e.events, { x: on.x + n.x * LABEL_GAP, y: on.y + n.y * LABEL_GAP }, n) };
}

function selfLoop(e: ChartEdge, b: StateBox, where: { edge: 'top' | 'bottom'; half: 'left' | 'right' }): EdgeGeom {
  const c = centre(b);
  const s = where.edge === 'top' ? -1 : 1;
  const h = where.half === 'left' ? -1 : 1;
  const y = where.edge === 'top' ? b.y : b.y + b.h;
  const x0 = c.x + h * b.w * 0.18;
  const x1 = c.x + h * b.w * 0.36;
  const reach = 22 * s;
  const path = `M${r(x0)},${r(y)} C${r(x0 - 4 * h)},${r(y + reach)} ${r(x1 + 10 * h)},${r(y + reach)} ${r(x1)},${r(y + 3 * s)}`;
  const anchor = { x: c.x + h * b.w * 0.27, y: y + reach * 0.85 };
  return { ...e, path, self: true, label: placeLabel(e.events, { x: anchor.x, y: anchor.y + s * 4 }, { x: 0, y: s }) };
}

/** A label whose block sits on the side the normal `n` points to, touching `at`. */
function placeLabel(lines: string[], at: Point, n: Point): EdgeLabel {
  const width = Math.max(...lines.map((l) => l.length)) * CHAR_W;
  const height = lines.length * LINE_H;
  const anchor: EdgeLabel['anchor'] = n.x > 0.35 ? 'start' : n.x < -0.35 ? 'end' : 'middle';
  const left = anchor === 'start' ? at.x : anchor === 'end' ? at.x - width : at.x - width / 2;
  const top = n.y > 0.35 ? at.y : n.y < -0.35 ? at.y - height : at.y - height / 2;
  return { x: r(at.x), y: r(top + LINE_H - 2.5), anchor, lines, box: { x: r(left), y: r(top), w: r(width), h: height } };
}

function quad(p0: Point, c: Point, p1: Point, t: number): Point {
  const u = 1 - t;
  return { x: u * u * p0.x + 2 * u * t * c.x + t * t * p1.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p1.y };
}

function r(v: number): number {
  return Math.round(v * 10) / 10;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The chart state to light for a member's role (none when etcd is stopped; a learner follows). */
export function chartStateOf(role: string): string | null {
  if (role === 'stopped') return null;
  if (role === 'learner') return 'follower';
  return role;
}
