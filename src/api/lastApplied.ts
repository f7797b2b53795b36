/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation client-side `kubectl apply`
 * writes (k/kubectl pkg/util/apply.go): shared by kubectl and by the simulation, which applies
 * kube-flannel.yml at boot as a learner's `kubectl apply -f` would.
 */
type KubeObject = { metadata?: { annotations?: Record<string, string> | unknown; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function sortedJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(',')}}`;
}

/** The annotation's value for an object about to be applied in `namespace` (undefined: cluster-scoped). */
export function lastAppliedConfiguration<T extends KubeObject>(obj: T, namespace: string | undefined): string {
  const annotations = { ...((obj.metadata?.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations[LAST_APPLIED];
  const metadata = { ...obj.metadata, annotations, ...(namespace !== undefined ? { namespace } : {}) };
  return `${sortedJson({ ...obj, metadata })}\n`;
}

/** The object to send: as in the file, plus the annotation. */
export function withLastApplied<T extends KubeObject>(obj: T, namespace: string | undefined): T {
  const annotations = { ...((obj.metadata?.annotations as Record<string, string> | undefined) ?? {}), [LAST_APPLIED]: lastAppliedConfiguration(obj, namespace) };
  return { ...obj, metadata: { ...obj.metadata, annotations, ...(namespace !== undefined ? { namespace } : {}) } };
}

