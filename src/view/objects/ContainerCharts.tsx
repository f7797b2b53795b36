/**
 * Each container of the selected pod as the kubelet runs it: its lifecycle statechart (the same
 * xstate definition the kubelet steps, with the current state lit and the latest transition's
 * arrow drawn hot), the last transitions with their causes, and the probe results over time.
 */
import { useMemo } from 'react';
import { containerMachine } from '../../cluster/kubelet/container.machine.ts';
import { formatVirtualTime } from '../../kernel/trace.ts';
import type { PodRuntimeFacts } from '../../simulation/podFacts.ts';
import { Statechart } from '../inspector/Statechart.tsx';
import { chartModel, CONTAINER_CHART_HINTS, layoutStatechart, type StateConfigLike } from '../inspector/statechart.ts';
import { containerChartColor } from './podTone.ts';

export function ContainerCharts({ runtime }: { runtime: PodRuntimeFacts }) {
  const layout = useMemo(() => layoutStatechart(chartModel(containerMachine.config as StateConfigLike), CONTAINER_CHART_HINTS), []);
  return (
    <section data-testid="container-charts">
      <h4>
        Containers on {runtime.node}
        {runtime.staticSource && (
          <span className="static-pod" data-testid="static-pod">
            {' '}
            — static pod from {runtime.staticSource}
          </span>
        )}
      </h4>
      {runtime.containers.map((c) => {
        const last = c.transitions[c.transitions.length - 1];
        return (
          <div key={c.name} className="container-chart" data-testid={`container-${c.name}`} data-state={c.state}>
            <p>
              <strong>{c.name}</strong> ({c.kind}) — <span data-testid="container-state">{c.state}</span>
              {c.ready ? ', ready' : ', not ready'}, restarts {c.restartCount}
            </p>
            <Statechart layout={layout} current={c.state} color={containerChartColor(c.state)} lastEdge={last ? { from: last.from, to: last.to } : null} labels="hot" />
            {c.transitions.length > 0 && (
              <ol className="transitions" data-testid="transitions">
                {c.transitions.slice(-6).map((t, i) => (
                  <li key={i}>
                    {formatVirtualTime(t.atMs)} {t.from} → {t.to}: {t.cause}
                  </li>
                ))}
              </ol>
            )}
            {c.probes.map((p) => (
              <div key={p.type} className="probe-timeline" data-testid={`probe-${p.type}`}>
                <span>
                  {p.type}: {p.result}
                </span>
                {p.history.slice(-30).map((h, i) => (
                  <span key={i} className={h.ok ? 'probe ok' : 'probe fail'} title={`${formatVirtualTime(h.atMs)} ${h.ok ? 'success' : 'failure'}${h.detail ? `: ${h.detail}` : ''}`} />
                ))}
              </div>
            ))}
          </div>
        );
      })}
    </section>
  );
}
