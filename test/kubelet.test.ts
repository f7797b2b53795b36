/**
 * The kubelet as a process: what stopping it leaves behind. A stopped kubelet cancels its own
 * timers (the container machine's back-off waits included), and its containers keep running in
 * containerd (KW concepts/architecture/nodes.md: the kubelet is an agent; containerd owns the
 * containers).
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/simulation/presets.ts';
import { createSession, runToCompletion } from '../src/shell/session.ts';
import { isTimerArmed } from '../src/kernel/index.ts';
import { CONTAINER_DELAYED_SEND_IDS } from '../src/cluster/kubelet/container.machine.ts';

describe('stopping the kubelet', () => {
  it('cancels a pending CrashLoopBackOff wait and leaves the containers running', () => {
    const w = createWorld({ preset: 'ha', seed: 3 });
    const s = createSession(w, 'cp-1');
    runToCompletion(s, 'kubectl run crash --image=busybox:1.36 -- sh -c "sleep 1; exit 1"');
    runToCompletion(s, 'kubectl run web --image=nginx:1.27');
    runToCompletion(s, 'sleep 8');
    const host = Object.keys(w.kubelets).find((h) => [...w.kubelets[h]!.pods.values()].some((p) => p.key === 'default/crash'))!;
    const e = [...w.kubelets[host]!.pods.values()].find((p) => p.key === 'default/crash')!;
    expect(e.containers['crash']!.machine.value).toBe('CrashLoopBackOff');
    const key = `${host}/kubelet/c/${e.uid}/crash/${CONTAINER_DELAYED_SEND_IDS[0]}`;
    expect(isTimerArmed(w.kernel, key)).toBe(true);
    runToCompletion(s, `ssh ${host} systemctl stop kubelet`);
    expect(isTimerArmed(w.kernel, key)).toBe(false);
    const webHost = Object.keys(w.runtimes).find((h) => Object.values(w.runtimes[h]!.sandboxes).some((sb) => sb.name === 'web'))!;
    runToCompletion(s, `ssh ${webHost} systemctl stop kubelet`);
    expect(Object.values(w.runtimes[webHost]!.containers).some((c) => c.name === 'web' && c.state === 'CONTAINER_RUNNING')).toBe(true);
  });
});
