/**
 * Label and node selectors as the scheduler evaluates them.
 * LabelSelector: K staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
 * `LabelSelectorAsSelector` and pkg/labels/selector.go. NodeSelector terms:
 * K staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export type Labels = Record<string, string>;

/**
 * metav1 LabelSelector: matchLabels and matchExpressions are ANDed. A missing selector matches
 * nothing (`labels.Nothing()`); an empty one `{}` matches everything.
 */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Go's strconv.ParseInt(s, 10, 64) on a label value: optional sign, decimal digits only. */
function parseInt64(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/**
 * One NodeSelectorRequirement against node labels. `Gt`/`Lt` compare integers and need exactly
 * one value; a label that is not an integer does not match (selector.go `Requirement.Matches`).
 */
export function nodeSelectorRequirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return false;
      const bound = parseInt64(values[0]);
      const actual = parseInt64(value);
      if (bound === undefined || actual === undefined) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/**
 * One NodeSelectorTerm: its matchExpressions (labels) and matchFields (only `metadata.name`)
 * are ANDed. A term with neither matches no node.
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  if (!exprs.every((r) => nodeSelectorRequirementMatches(r, labels))) return false;
  return fields.every((f) => f.key === 'metadata.name' && (f.operator === 'In' || f.operator === 'NotIn') && nodeSelectorRequirementMatches(f, { 'metadata.name': node.metadata?.name ?? '' }));
}

/** NodeSelector terms are ORed. */
export function nodeSelectorTermsMatch(terms: NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}
