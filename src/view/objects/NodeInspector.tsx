/** The node inspector: kube-proxy's state on the node and the node kernel's IPVS table (what `ipvsadm -Ln` prints there). */
import { formatVirtualTime } from '../../kernel/trace.ts';
import type { NodeDetails } from './nodeDetails.ts';

export function NodeInspector({ details }: { details: NodeDetails }) {
  return (
    <section className="node-inspector" data-testid="node-inspector" data-host={details.host}>
      <h3>
        Node {details.host} <span className="muted small-text">· kube-proxy {details.kubeProxy}{details.kubeProxy === 'running' ? `, ${details.syncs} syncs` : ''}</span>
      </h3>
      <h4>
        IPVS table <span className="muted small-text">· ipvsadm -Ln</span>
      </h4>
      {details.ipvs === null ? <p className="muted small-text">kube-proxy has not run on this node: no IPVS state.</p> : <pre className="ipvs" data-testid="node-ipvs">{details.ipvs}</pre>}
      {details.kubeProxy === 'stopped' && details.ipvs !== null && <p className="muted small-text">kube-proxy is not running here: the table stays as it last wrote it, and traffic from this node still follows it.</p>}
      <h4>Latest changes by kube-proxy</h4>
      <ol className="why">
        {details.changes.map((r) => (
          <li key={r.id}>
            <span className="event-time">{formatVirtualTime(r.t)}</span> {r.summary}
          </li>
        ))}
        {details.changes.length === 0 && <li className="muted">None yet.</li>}
      </ol>
    </section>
  );
}
