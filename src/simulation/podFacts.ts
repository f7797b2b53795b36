/**
 * What the kubelet running a pod knows of it, for the app's pod inspector: each container's
 * statechart state with its last transitions and their causes, its probe workers' recent
 * results, and whether the pod is static (with its manifest path). A god's-eye view for display
 * only — never an input to a component. It reads the node's kubelet, so it is there even when
 * the API is not (quorum lost), and gone when the kubelet is stopped.
 */
import type { ContainerStateName } from '../cluster/kubelet/container.machine.ts';
import { isReady } from '../cluster/kubelet/status.ts';
import { podEntries } from '../cluster/kubelet/kubelet.ts';
import type { ProbeType } from '../cluster/kubelet/types.ts';
import type { World } from './world.ts';

export interface ProbeFacts {
  type: ProbeType;
  phase: string;
  result: string;
  history: { atMs: number; ok: boolean; detail: string }[];
}

export interface ContainerFacts {
  name: string;
  kind: 'init' | 'sidecar' | 'app';
  state: ContainerStateName;
  ready: boolean;
  restartCount: number;
  /** Oldest first. */
  transitions: { atMs: number; from: string; to: string; event: string; cause: string }[];
  probes: ProbeFacts[];
}

export interface PodRuntimeFacts {
  node: string;
  staticSource: string | null;
  terminating: boolean;
  containers: ContainerFacts[];
}

/** The kubelet's view of the pod `namespace/name`, or null when no running kubelet has it. */
export function podRuntimeFacts(w: World, key: string): PodRuntimeFacts | null {
  for (const host of w.hostOrder) {
    const k = w.kubelets[host];
    if (!k || k.status !== 'running' || !w.hosts[host]?.up) continue;
    const e = podEntries(k).find((p) => p.key === key && !p.gone);
    if (!e) continue;
    return {
      node: k.node.name,
      staticSource: e.staticSource,
      terminating: e.terminating !== null,
      containers: e.order.map((n) => {
        const c = e.containers[n]!;
        return {
          name: c.name,
          kind: c.kind,
          state: c.machine.value,
          ready: isReady(c),
          restartCount: c.restartCount,
          transitions: c.transitions.slice(),
          probes: (['startup', 'liveness', 'readiness'] as const).flatMap((t) => {
            const p = c.probes[t];
            return p ? [{ type: t, phase: p.phase, result: p.result, history: p.history.slice() }] : [];
          }),
        };
      }),
    };
  }
  return null;
}
