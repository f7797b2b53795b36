import { describe, expect, it } from 'vitest';
import { serviceChips } from './serviceChips.ts';

describe('serviceChips', () => {
  const web = { key: 'default/web', namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.5.5', readyPods: ['default/web-1', 'default/web-2', 'default/web-3'] };
  const dns = { key: 'kube-system/kube-dns', namespace: 'kube-system', name: 'kube-dns', type: 'ClusterIP', clusterIP: '10.96.0.10', readyPods: [] };
  const marks = new Map([
    ['default/web-1', { x: 100, y: 200, size: 9 }],
    ['default/web-2', { x: 112, y: 200, size: 9 }],
  ]);

  it('one chip per Service, an arc to each ready pod that is drawn, and a title that says what a request meets', () => {
    const [w, d] = serviceChips([web, dns], marks, 300, 260);
    expect(w!.label).toBe('web 10.96.5.5');
    expect(w!.arcs.map((a) => a.pod)).toEqual(['default/web-1', 'default/web-2']);
    expect(w!.arcs[0]!.d).toBe(`M ${w!.x + w!.w / 2} 260 Q ${w!.x + w!.w / 2} ${(260 + 209) / 2} 104.5 209`);
    expect(w!.title).toBe('Service default/web (ClusterIP) → 3 ready endpoints: default/web-1, default/web-2, default/web-3');
    expect(d!.label).toBe('kube-system/kube-dns 10.96.0.10');
    expect(d!.arcs).toEqual([]);
    expect(d!.title).toContain('no ready endpoints: connections are refused');
    // The row is centred and the chips do not overlap.
    expect(d!.x).toBeGreaterThan(w!.x + w!.w);
    expect(Math.round((w!.x + d!.x + d!.w) / 2)).toBe(300);
  });
});
