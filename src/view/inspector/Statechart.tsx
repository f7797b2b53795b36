/** Draws a laid-out statechart (statechart.ts) with one state lit and, optionally, one arrow. */
import type { ChartLayout } from './statechart.ts';

export interface StatechartProps {
  layout: ChartLayout;
  /** The lit state; null dims every state (the process is not running). */
  current: string | null;
  color: string;
  /** The arrow of the latest role change, drawn in the role's colour. */
  lastEdge: { from: string; to: string } | null;
  /** Label every arrow with its events, or only the hot one (dense charts such as the container lifecycle). */
  labels?: 'all' | 'hot';
}

export function Statechart({ layout, current, color, lastEdge, labels = 'all' }: StatechartProps) {
  const v = layout.viewBox;
  return (
    <svg className={current ? 'statechart' : 'statechart statechart-off'} data-testid="statechart" viewBox={`${v.x} ${v.y} ${v.w} ${v.h}`} role="img" aria-label="statechart">
      <defs>
        <marker id="sc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="sc-arrowhead" />
        </marker>
        <marker id="sc-arrow-hot" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" style={{ fill: color }} />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const hot = !!current && lastEdge?.from === e.from && lastEdge.to === e.to;
        return (
          <g key={`${e.from}>${e.to}`} className={hot ? 'sc-edge sc-edge-hot' : 'sc-edge'} data-edge={`${e.from}>${e.to}`}>
            <path d={e.path} markerEnd={hot ? 'url(#sc-arrow-hot)' : 'url(#sc-arrow)'} style={hot ? { stroke: color } : undefined} />
            {(labels === 'all' || hot) && <rect className="sc-label-bg" x={e.label.box.x - 1} y={e.label.box.y} width={e.label.box.w + 2} height={e.label.box.h} rx={2} />}
            {(labels === 'all' || hot) && (
              <text x={e.label.x} y={e.label.y} textAnchor={e.label.anchor} className="sc-label" style={hot ? { fill: color } : undefined}>
                {e.label.lines.map((l, i) => (
                  <tspan key={l} x={e.label.x} dy={i === 0 ? 0 : 11}>
                    {l}
                  </tspan>
                ))}
              </text>
            )}
          </g>
        );
      })}
      {Object.values(layout.boxes).map((b) => {
        const lit = b.name === current;
        return (
          <g key={b.name} className={lit ? 'sc-state sc-state-lit' : 'sc-state'} data-state={b.name} data-testid={lit ? 'statechart-current' : undefined}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={b.h / 2} style={lit ? { fill: color, stroke: color } : undefined} />
            <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 4} textAnchor="middle">
              {b.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
