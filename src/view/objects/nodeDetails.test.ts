import { describe, expect, it } from 'vitest';
import { createWorld } from '../../simulation/presets.ts';
import { createSession, runToCompletion } from '../../shell/session.ts';
import { flannelDetails, nodeDetails } from './nodeDetails.ts';

describe('nodeDetails', () => {
  it('gives a node its kube-proxy state, its IPVS table (ipvsadm -Ln) and the changes kube-proxy made; a non-node has none', () => {
    const w = createWorld({ preset: 'single', seed: 4 });
    runToCompletion(createSession(w, 'cp-1'), 'sleep 20');
    expect(nodeDetails(w, 'registry')).toBeNull();
    const d = nodeDetails(w, 'worker-1')!;
    expect(d.kubeProxy).toBe('running');
    expect(d.ipvs).toContain('TCP  10.96.0.1:443 rr\n  -> 10.0.0.11:6443');
    expect(d.ipvs).toMatch(/UDP  10\.96\.0\.10:53 rr\n  -> 10\.244\.\d+\.\d+:53/);
    expect(d.changes.length).toBeGreaterThan(0);
    runToCompletion(createSession(w, 'cp-1'), 'kubectl create service clusterip web --tcp=80:8080');
    runToCompletion(createSession(w, 'cp-1'), 'sleep 2');
    expect(nodeDetails(w, 'worker-1')!.changes.at(-1)!.summary).toMatch(/^Bind address 10\.\d+\.\d+\.\d+ to kube-ipvs0$/);
  });

  it('shows flannel on a node: NetworkReady, subnet.env, flannel.1 and its routes; a missing subnet.env', () => {
    const w = createWorld({ preset: 'single', seed: 4 });
    const f = flannelDetails(w, 'worker-1');
    expect(f.flanneld).toBe('running');
    expect(f.networkReady).toBe(true);
    expect(f.subnetEnv).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
    expect(f.device).toMatch(/^flannel\.1: VNI 1, VTEP MAC [0-9a-f:]{17}, 10\.244\.1\.0\/32, mtu 1450$/);
    expect(f.routes).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(f.routes).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    runToCompletion(createSession(w, 'cp-1'), 'ssh worker-1 rm /run/flannel/subnet.env /etc/cni/net.d/10-flannel.conflist');
    const broken = flannelDetails(w, 'worker-1');
    expect(broken.subnetEnv).toBeNull();
    expect(broken.networkMessage).toBe('NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized');
    // The preset without a pod network: flannel is absent.
    expect(flannelDetails(createWorld({ preset: 'single', seed: 4, podNetwork: 'none' }), 'worker-1').flanneld).toBe('absent');
  });
});
