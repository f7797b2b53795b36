import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { desiredRoutes, ipRouteLines, leaseAnnotations, parseNetConf, subnetEnv, vtepMacFor } from './flanneld.ts';
import { kubeFlannelYaml } from './manifests.ts';

describe('flanneld (flannel v0.26.7)', () => {
  // pkg/subnet/subnet.go WriteSubnetFile: the subnet's first address; vxlan MTU 1500 - 50.
  it('writes subnet.env as WriteSubnetFile does', () => {
    expect(subnetEnv('10.244.0.0/16', '10.244.2.0/24')).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.2.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
  });

  // pkg/subnet/kube/annotations.go: prefix flannel.alpha.coreos.com; vxlan.go vxlanLeaseAttrs {VNI, VtepMAC}.
  it('annotates its Node with the lease attributes', () => {
    expect(leaseAnnotations('aa:bb:cc:dd:ee:ff', '10.0.0.31')).toEqual({
      'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"aa:bb:cc:dd:ee:ff"}',
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      'flannel.alpha.coreos.com/public-ip': '10.0.0.31',
    });
    expect(vtepMacFor('worker-1')).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    // Locally administered, unicast (the kernel's random MACs are).
    expect(parseInt(vtepMacFor('worker-1').slice(0, 2), 16) & 0x03).toBe(0x02);
  });

  // vxlan_network.go: a route per other lease, `<subnet> via <subnet .0> dev flannel.1 onlink`.
  it('routes to every other node that carries a vxlan lease, not to itself or to nodes flannel never ran on', () => {
    const node = (name: string, podCIDR: string, flannel: boolean) => ({ metadata: { name, annotations: flannel ? leaseAnnotations('02:00:00:00:00:01', '10.0.0.1') : {} }, spec: { podCIDR } });
    const routes = desiredRoutes([node('cp-1', '10.244.0.0/24', true), node('worker-1', '10.244.1.0/24', true), node('worker-2', '10.244.2.0/24', false)], 'worker-1');
    expect(routes).toEqual({ '10.244.0.0/24': '10.244.0.0' });
    expect(ipRouteLines({ device: null, routes }, '10.0.0.31', '10.244.1.0/24', true)).toEqual([
      'default via 10.0.0.1 dev eth0 proto static',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.31',
      '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink',
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
    ]);
  });

  it('reads net-conf.json, and fails on a config without a Network', () => {
    expect(parseNetConf('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}')).toEqual({ network: '10.244.0.0/16', backend: 'vxlan' });
    expect(parseNetConf('{}')).toHaveProperty('error');
    expect(parseNetConf(undefined)).toHaveProperty('error');
  });

  // Documentation/kube-flannel.yml at v0.26.7.
  it('ships kube-flannel.yml as released: hostNetwork DaemonSet, two init containers, NoSchedule tolerated', () => {
    const objs = parseAllDocuments(kubeFlannelYaml()).map((d) => d.toJS());
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/kube-flannel', 'ConfigMap/kube-flannel-cfg', 'DaemonSet/kube-flannel-ds']);
    const cm = objs[1];
    expect(JSON.parse(cm.data['net-conf.json'])).toEqual({ Network: '10.244.0.0/16', EnableNFTables: false, Backend: { Type: 'vxlan' } });
    expect(JSON.parse(cm.data['cni-conf.json']).plugins.map((p: { type: string }) => p.type)).toEqual(['flannel', 'portmap']);
    const spec = objs[2].spec.template.spec;
    expect(spec.hostNetwork).toBe(true);
    expect(spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.initContainers.map((c: { name: string; command: string[]; args: string[] }) => [c.name, [...c.command, ...c.args].join(' ')])).toEqual([
      ['install-cni-plugin', 'cp -f /flannel /opt/cni/bin/flannel'],
      ['install-cni', 'cp -f /etc/kube-flannel/cni-conf.json /etc/cni/net.d/10-flannel.conflist'],
    ]);
    expect(spec.containers[0].args).toEqual(['--ip-masq', '--kube-subnet-mgr']);
  });
});

