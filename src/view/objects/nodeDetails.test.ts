import { describe, expect, it } from 'vitest';
import { createWorld } from '../../simulation/presets.ts';
import { createSession, runToCompletion } from '../../shell/session.ts';
import { nodeDetails } from './nodeDetails.ts';

describe('nodeDetails', () => {
  it('gives a node its kube-proxy state, its IPVS table (ipvsadm -Ln) and the changes kube-proxy made; a non-node has none', () => {
    const w = createWorld({ preset: 'single', seed: 4, settleMs: 15_000 });
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
});
