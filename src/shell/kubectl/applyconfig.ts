/**
 * Client-side `kubectl apply` bookkeeping (k/kubectl pkg/util/apply.go, pkg/cmd/apply): the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation records what was applied (the
 * object as sent, keys sorted as json.Marshal sorts a map, `annotations: {}` left in place, the
 * namespace filled in); a later apply of the same file is `unchanged` only if that record is the
 * same and the live object still has every value the file sets.
 */
import type { KubeObject } from '../../cluster/apiserver/messages.ts';

export { LAST_APPLIED, lastAppliedConfiguration, withLastApplied } from '../../api/lastApplied.ts';
import { lastAppliedConfiguration, LAST_APPLIED } from '../../api/lastApplied.ts';

/** Every value `desired` sets is present in `live` (objects by key, lists element by element). */
export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === null || typeof desired !== 'object') return desired === live || (typeof live === 'number' && String(live) === desired);
  if (Array.isArray(desired)) return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => isSubset(d, live[i]));
  if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
  return Object.entries(desired as Record<string, unknown>).every(([k, v]) => isSubset(v, (live as Record<string, unknown>)[k]));
}

/** Whether `kubectl apply` would print `unchanged`. */
export function applyUnchanged(live: KubeObject, desired: KubeObject, namespace: string | undefined): boolean {
  const recorded = (live.metadata?.annotations as Record<string, string> | undefined)?.[LAST_APPLIED];
  if (recorded !== lastAppliedConfiguration(desired, namespace)) return false;
  const { metadata, ...rest } = desired;
  return isSubset(rest, live) && isSubset({ labels: metadata?.labels ?? {} }, { labels: live.metadata?.labels ?? {} });
}
