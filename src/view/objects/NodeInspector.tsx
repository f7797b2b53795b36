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
      <h4>
        Pod network <span className="muted small-text">· flanneld {details.flannel.flanneld}</span>
      </h4>
      {details.flannel.flanneld === 'absent' ? (
        <p className="muted small-text">flannel is not this cluster's pod network (the simplified always-ready network is in use).</p>
      ) : (
        <>
          <p className="small-text" data-testid="node-network-ready">{details.flannel.networkReady ? 'containerd: NetworkReady=true (CNI config loaded from /etc/cni/net.d)' : `containerd: ${details.flannel.networkMessage}`}</p>
          <p className="small-text">/run/flannel/subnet.env{details.flannel.subnetEnv === null ? ': missing — new pods here fail: loadFlannelSubnetEnv failed' : ''}</p>
          {details.flannel.subnetEnv !== null && <pre className="ipvs">{details.flannel.subnetEnv}</pre>}
          <p className="small-text">{details.flannel.device ?? 'no flannel.1 device: flanneld has not run here'}</p>
          <pre className="ipvs" data-testid="node-routes">{details.flannel.routes.join('\n')}</pre>
          {details.flannel.flanneld === 'stopped' && details.flannel.device !== null && <p className="muted small-text">flanneld is not running: flannel.1 and its routes stay, so existing pods keep working; nodes that join now get no route.</p>}
        </>
      )}
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
