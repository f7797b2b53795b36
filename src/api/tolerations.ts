/**
 * Toleration matching (shared by the scheduler's TaintToleration and the DaemonSet controller), K staging/src/k8s.io/api/core/v1/toleration.go `ToleratesTaint` and
 * K pkg/apis/core/v1/helper/helpers.go `TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/).
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/**
 * An empty effect tolerates every effect; an empty key (only valid with `Exists`) every key;
 * `Exists` ignores the value; `Equal` (the default operator) needs the same value.
 */
export function toleratesTaint(t: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: Toleration[] | undefined, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (in node order) that passes `inScope` and no toleration tolerates. */
export function findMatchingUntoleratedTaint(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, inScope: (t: Taint) => boolean): Taint | undefined {
  return (taints ?? []).find((taint) => inScope(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
