/**
 * Services in the topology: one chip per Service that selects pods, in a row under the nodes,
 * with an arc to each pod its EndpointSlices list as ready — the pods kube-proxy programs as IPVS
 * real servers. A pod that fails its readiness probe loses its arc; a Service with no arc has no
 * endpoints, and a request to it is refused. Pure geometry; Topology.tsx draws it.
 */
import type { ServiceFacts } from '../../simulation/clusterFacts.ts';

export const SERVICE_CHIP_H = 20;
const CHIP_GAP = 14;
const CHAR_W = 6.4;
/** More chips than this would not fit a row; the rest are counted in the last chip's title. */
export const MAX_SERVICE_CHIPS = 10;

export interface ServiceArc {
  pod: string;
  /** SVG path from the chip's top edge to the pod square's bottom edge. */
  d: string;
}

export interface ServiceChip {
  key: string;
  label: string;
  title: string;
  x: number;
  y: number;
  w: number;
  h: number;
  arcs: ServiceArc[];
}

/**
 * Chips centred on `centreX`, top edge at `y`; `marks` gives each drawn pod square's top-left
 * corner and size. Pods not drawn (on hosts that show an etcd card instead) get no arc.
 */
export function serviceChips(services: readonly ServiceFacts[], marks: ReadonlyMap<string, { x: number; y: number; size: number }>, centreX: number, y: number): ServiceChip[] {
  const shown = services.slice(0, MAX_SERVICE_CHIPS);
  const labels = shown.map((s) => `${s.namespace === 'default' ? '' : `${s.namespace}/`}${s.name} ${s.clusterIP === 'None' ? '(headless)' : s.clusterIP}`);
  const widths = labels.map((l) => Math.round(l.length * CHAR_W + 16));
  const total = widths.reduce((a, b) => a + b, 0) + CHIP_GAP * Math.max(0, widths.length - 1);
  let x = centreX - total / 2;
  return shown.map((svc, i) => {
    const w = widths[i]!;
    const cx = x + w / 2;
    const arcs: ServiceArc[] = [];
    for (const pod of svc.readyPods) {
      const m = marks.get(pod);
      if (!m) continue;
      const px = m.x + m.size / 2;
      const py = m.y + m.size;
      arcs.push({ pod, d: `M ${cx} ${y} Q ${cx} ${(y + py) / 2} ${px} ${py}` });
    }
    const chip: ServiceChip = {
      key: svc.key,
      label: labels[i]!,
      title: `Service ${svc.key} (${svc.type}) → ${svc.readyPods.length === 0 ? 'no ready endpoints: connections are refused' : `${svc.readyPods.length} ready endpoint${svc.readyPods.length === 1 ? '' : 's'}: ${svc.readyPods.join(', ')}`}${i === shown.length - 1 && services.length > shown.length ? ` (and ${services.length - shown.length} more Services)` : ''}`,
      x,
      y,
      w,
      h: SERVICE_CHIP_H,
      arcs,
    };
    x += w + CHIP_GAP;
    return chip;
  });
}
