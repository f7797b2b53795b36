/** The control plane and workloads: components per cp host (leader ★), nodes with pod chips, Pending pods. */
import { useState } from 'react';
import type { ClusterView, PodChip } from '../../store/simulationStore.ts';
import { podTone } from './podTone.ts';
import { BROWSABLE_RESOURCES, selectionOf } from './objectDetails.ts';

export interface ClusterPanelProps {
  cluster: ClusterView;
  selectedPod: string | null;
  onSelectPod(key: string): void;
  /** The objects of one kind in the API's view (`namespace/name`). */
  listObjects(resource: string): string[];
}

/** Any object's YAML and Events: pick a kind, then a name. */
function ObjectBrowser({ selected, onSelect, listObjects }: { selected: string | null; onSelect(selection: string): void; listObjects(resource: string): string[] }) {
  const [resource, setResource] = useState<string>('deployments');
  const keys = listObjects(resource);
  return (
    <div className="object-browser" data-testid="object-browser">
      <h3>
        Objects{' '}
        <select data-testid="object-kind" value={resource} onChange={(e) => setResource(e.target.value)}>
          {BROWSABLE_RESOURCES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </h3>
      <span className="chips">
        {keys.length === 0 && <span className="muted">none</span>}
        {keys.map((k) => {
          const sel = selectionOf(resource, k);
          return (
            <button key={k} data-testid={`object-${sel}`} className={`pod-chip tone-ok${sel === selected ? ' selected' : ''}`} onClick={() => onSelect(sel)}>
              {k}
            </button>
          );
        })}
      </span>
    </div>
  );
}

function Chip({ pod, selected, onSelect }: { pod: PodChip; selected: boolean; onSelect(key: string): void }) {
  return (
    <button data-testid={`pod-${pod.key}`} className={`pod-chip tone-${podTone(pod.status)}${pod.ready.startsWith('0/') ? ' unready' : ''}${selected ? ' selected' : ''}`} title={`${pod.key}  READY ${pod.ready}  ${pod.status}  RESTARTS ${pod.restarts ?? '0'}`} onClick={() => onSelect(pod.key)}>
      {pod.name} <span className="muted">{pod.ready} {pod.status}</span>
      {pod.restarts && pod.restarts !== '0' && <span className="restarts" title="restarts"> ↻{pod.restarts.split(' ')[0]}</span>}
    </button>
  );
}

function component(name: string, c: { running: boolean; leader: boolean } | null) {
  if (!c) return null;
  return (
    <span className={`cp-comp ${c.running ? 'up' : 'down'}${c.leader ? ' leader' : ''}`} title={c.leader ? `${name}: holds its Lease (leader)` : `${name}: ${c.running ? 'running, standby' : 'stopped'}`}>
      {c.leader ? '★ ' : ''}
      {name}
      {c.leader ? ' leader' : ''}
    </span>
  );
}

export function ClusterPanel({ cluster, selectedPod, onSelectPod, listObjects }: ClusterPanelProps) {
  return (
    <div className="cluster-panel" data-testid="cluster-panel">
      <h3>Control plane</h3>
      {cluster.controlPlane.map((h) => (
        <div key={h.host} className="cp-row">
          <span className="cp-host">{h.host}</span>
          {h.apiserver && (
            <span className={`cp-comp ${h.apiserver.ready ? 'up' : 'down'}`} title={h.apiserver.ready ? 'kube-apiserver: running, watch cache ready' : h.apiserver.running ? 'kube-apiserver: running, watch cache not ready' : 'kube-apiserver: stopped'}>
              apiserver
            </span>
          )}
          {component('scheduler', h.scheduler)}
          {component('controller-manager', h.controllerManager)}
        </div>
      ))}
      <h3>
        Nodes <span className="muted">{cluster.source ? `(from ${cluster.source}'s watch cache)` : '(no apiserver ready)'}</span>
      </h3>
      {cluster.nodes.map((n) => (
        <div key={n.name} className="node-row" data-testid={`node-${n.name}`}>
          <span className={`node-name ${n.ready ? 'up' : 'down'}`}>
            {n.name} <span className="muted">{n.ready ? 'Ready' : 'NotReady'}{n.cordoned ? ',SchedulingDisabled' : ''}</span>
          </span>
          <span className="chips">
            {n.pods.map((p) => (
              <Chip key={p.key} pod={p} selected={p.key === selectedPod} onSelect={onSelectPod} />
            ))}
          </span>
        </div>
      ))}
      {cluster.pending.length > 0 && (
        <div className="node-row pending" data-testid="pending-pods">
          <span className="node-name">Pending</span>
          <span className="chips">
            {cluster.pending.map((p) => (
              <Chip key={p.key} pod={p} selected={p.key === selectedPod} onSelect={onSelectPod} />
            ))}
          </span>
        </div>
      )}
      <ObjectBrowser selected={selectedPod} onSelect={onSelectPod} listObjects={listObjects} />
    </div>
  );
}
