import { describe, expect, it } from 'vitest';
import { cniAddError, crashRuntime, createRuntime, listSandboxes, removePodSandbox, runPodSandbox, runtimeNetworkStatus, stopPodSandbox, type HostFsNode } from './containerd.ts';
import { newSink } from '../effects.ts';

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

// containernetworking/plugins host-local: addresses from the node's range in turn (.2 to .254,
// .1 is the bridge), skipping the ones reserved; a sandbox that stops releases its own.
describe('host-local IPAM', () => {
  it('hands out addresses in turn, skips held ones after wrapping round, and reuses released ones', () => {
    const rt = createRuntime('worker-1', '10.0.0.31', '10.244.1.0/24');
    const file = (content: string): HostFsNode => ({ type: 'file', content });
    const conflist = JSON.stringify({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }] });
    rt.hostFs = { '/etc/cni/net.d/10-flannel.conflist': file(conflist), '/opt/cni/bin/flannel': file('x'), '/run/flannel/subnet.env': file('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n') };
    const sink = newSink(0);
    const run = (name: string, hostNetwork = false) => {
      const sb = runPodSandbox(rt, { podUid: name, name, namespace: 'default', hostname: name, attempt: 0, volumes: [], hostNetwork }, sink);
      if ('error' in sb) throw new Error(sb.error);
      return sb;
    };
    const first = Array.from({ length: 253 }, (_, i) => run(`p${i}`));
    expect(first[0]!.ip).toBe('10.244.1.2');
    expect(first[252]!.ip).toBe('10.244.1.254');
    expect(run('host', true).ip).toBe('10.0.0.31');
    // Every address is held: release two, stopping one and removing the other.
    stopPodSandbox(rt, first[10]!.id, sink);
    removePodSandbox(rt, first[3]!.id);
    expect(run('again-1').ip).toBe('10.244.1.5');
    expect(run('again-2').ip).toBe('10.244.1.12');
  });
});

// CRI ListPodSandbox with PodSandboxFilter{LabelSelector: io.kubernetes.pod.uid}: what the kubelet
// asks for one pod (kuberuntime_sandbox.go getSandboxIDByPodUID), oldest first, kept across
// stop (a stopped sandbox is still listed, NOTREADY) and dropped by remove or a crash.
describe('ListPodSandbox by pod UID', () => {
  it('lists only that pod\'s sandboxes, in the order they were created', () => {
    const rt = createRuntime('worker-1', '10.0.0.31', '10.244.1.0/24');
    const sink = newSink(0);
    const run = (uid: string, attempt: number) => {
      const sb = runPodSandbox(rt, { podUid: uid, name: uid, namespace: 'default', hostname: uid, attempt, volumes: [], hostNetwork: true }, sink);
      if ('error' in sb) throw new Error(sb.error);
      return sb.id;
    };
    const a0 = run('uid-a', 0);
    const b0 = run('uid-b', 0);
    stopPodSandbox(rt, a0, sink);
    const a1 = run('uid-a', 1);
    const ids = (uid: string) => listSandboxes(rt, { podUid: uid }).map((s) => [s.id, s.state]);
    expect(ids('uid-a')).toEqual([[a0, 'SANDBOX_NOTREADY'], [a1, 'SANDBOX_READY']]);
    expect(ids('uid-b')).toEqual([[b0, 'SANDBOX_READY']]);
    expect(ids('uid-c')).toEqual([]);
    expect(listSandboxes(rt).map((s) => s.id)).toEqual([a0, b0, a1]);
    removePodSandbox(rt, a0);
    expect(ids('uid-a')).toEqual([[a1, 'SANDBOX_READY']]);
    removePodSandbox(rt, a1);
    expect(ids('uid-a')).toEqual([]);
    crashRuntime(rt);
    expect(ids('uid-b')).toEqual([]);
  });
});
