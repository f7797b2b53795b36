import { describe, expect, it } from 'vitest';
import { testShell } from './testing.ts';

describe('ip route', () => {
  const { run } = testShell({ preset: 'single', seed: 3 });

  // iproute2 prints every field followed by a space; flannel's vxlan backend adds
  // `<subnet> via <subnet .0> dev flannel.1 onlink` per other node (vxlan_network.go).
  it("lists the node's routes: LAN, flannel.1 per other node, cni0 for its own pods", () => {
    const r = run('ssh worker-1 ip route');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'default via 10.0.0.1 dev eth0 proto static ',
        '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.31 ',
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ',
        '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ',
        '',
      ].join('\n'),
    );
    expect(run('ssh worker-1 ip r show').out).toBe(r.out);
    // A host that is not a node has no flannel routes.
    expect(run('ssh registry ip route').out).toBe('default via 10.0.0.1 dev eth0 proto static \n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.50 \n');
  });

  it('says what it does not model, and changes nothing', () => {
    expect(run('ip link')).toMatchObject({ code: 255 });
    expect(run('ip link').out).toContain('not modelled');
    expect(run('ip route add 10.9.0.0/24 dev eth0').code).toBe(255);
    expect(run('ip').out).toContain('Usage: ip [ OPTIONS ] OBJECT');
  });
});
