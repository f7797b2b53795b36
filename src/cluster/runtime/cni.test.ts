import { describe, expect, it } from 'vitest';
import { cniAddError, createRuntime, runtimeNetworkStatus, type HostFsNode } from './containerd.ts';

describe('containerd CNI with flannel', () => {
  const conflist = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] });
  const rtWith = (files: Record<string, string>) => {
    const rt = createRuntime('worker-1', '10.0.0.31', '10.244.1.0/24');
    const fs: Record<string, HostFsNode> = {};
    for (const [p, content] of Object.entries(files)) fs[p] = { type: 'file', content };
    rt.hostFs = fs;
    return rt;
  };

  // containerd cri: no network config → NetworkReady=false, NetworkPluginNotReady, "cni plugin not initialized".
  it('is not network-ready without a config in /etc/cni/net.d', () => {
    expect(runtimeNetworkStatus(rtWith({}))).toEqual({ ready: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni plugin not initialized' });
    expect(runtimeNetworkStatus(rtWith({ '/etc/cni/net.d/10-flannel.conflist': conflist }))).toEqual({ ready: true });
    // libcni only loads .conf, .conflist and .json files.
    expect(runtimeNetworkStatus(rtWith({ '/etc/cni/net.d/10-flannel.conflist.bak': conflist }))).toMatchObject({ ready: false });
  });

  // flannel-io/cni-plugin v1.6.2-flannel1 flannel.go cmdAdd: `loadFlannelSubnetEnv failed: %w`; libcni FindInPath.
  it('fails CNI ADD as the flannel plugin does when its binary or subnet.env is missing', () => {
    expect(cniAddError(rtWith({ '/etc/cni/net.d/10-flannel.conflist': conflist }))).toBe('plugin type="flannel" failed (add): failed to find plugin "flannel" in path [/opt/cni/bin]');
    expect(cniAddError(rtWith({ '/etc/cni/net.d/10-flannel.conflist': conflist, '/opt/cni/bin/flannel': 'x' }))).toBe('plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory');
    expect(cniAddError(rtWith({ '/etc/cni/net.d/10-flannel.conflist': conflist, '/opt/cni/bin/flannel': 'x', '/run/flannel/subnet.env': 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n' }))).toBeNull();
  });
});
