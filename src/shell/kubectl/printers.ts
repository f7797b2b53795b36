/**
 * kubectl get's output: the human-readable table (server-side printer columns from kubernetes
 * pkg/printers/internalversion/printers.go, decorated and laid out as k8s.io/cli-runtime
 * pkg/printers/tableprinter.go does), `-o yaml|json|name`, and the empty-list message
 * (kubectl pkg/cmd/get/get.go). All v1.32.
 */
import { ageOf, apiResource, parseTimestampMs, type ApiResourceInfo } from '../../api/index.ts';
import { tabulate } from './tabwriter.ts';
import { toGoYaml } from './goyaml.ts';
import { toGoJson } from './gojson.ts';

export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    creationTimestamp?: string | null;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface TableOptions {
  /** Virtual now, for AGE. */
  nowMs: number;
  wide?: boolean;
  /** -A: prepend NAMESPACE (namespaced resources only, as get.go decides). */
  allNamespaces?: boolean;
  showLabels?: boolean;
  noHeaders?: boolean;
}

interface Column {
  name: string;
  /** 0 = always shown; 1 = only with -o wide. */
  priority: 0 | 1;
  cell: (o: KubeObjectLike, nowMs: number) => string;
}

const nameColumn: Column = { name: 'Name', priority: 0, cell: (o) => o.metadata?.name ?? '' };

/** printersutil.TranslateTimestampSince. */
const ageColumn: Column = {
  name: 'Age',
  priority: 0,
  cell: (o, nowMs) => {
    const ts = o.metadata?.creationTimestamp;
    return ageOf(ts ? parseTimestampMs(ts) : undefined, nowMs);
  },
};

const countKeys = (m: unknown): number => (m && typeof m === 'object' ? Object.keys(m).length : 0);

/** Column sets per resource (printers.go AddHandlers); everything else gets NAME and AGE. */
const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  // printNamespace: name, string(status.phase), age.
  namespaces: [nameColumn, { name: 'Status', priority: 0, cell: (o) => String((o['status'] as { phase?: string } | undefined)?.phase ?? '') }, ageColumn],
  // printConfigMap: name, len(data)+len(binaryData), age.
  configmaps: [nameColumn, { name: 'Data', priority: 0, cell: (o) => String(countKeys(o['data']) + countKeys(o['binaryData'])) }, ageColumn],
};

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` if there are none. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

/**
 * tableprinter.go printTable's cell text: cut at the first newline, carriage return or form feed
 * (marked with "..."), then WriteEscaped's ESC → "^[" so cells cannot drive the terminal.
 */
function cellText(s: string): string {
  const cut = s.search(/[\f\n\r]/);
  const shown = cut < 0 ? s : `${s.slice(0, cut)}...`;
  return shown.replace(/\x1b/g, '^[');
}

function resourceInfo(resource: string | ApiResourceInfo): { name: string; namespaced: boolean } {
  const info = typeof resource === 'string' ? apiResource(resource) : resource;
  return { name: info?.resource ?? (resource as string), namespaced: info?.namespaced ?? true };
}

/**
 * `kubectl get <resource>` as a table. Returns '' when there are no objects: kubectl prints no
 * header for an empty table (the caller prints noResourcesFound to stderr instead).
 */
export function printTable(resource: string | ApiResourceInfo, objects: readonly KubeObjectLike[], opts: TableOptions): string {
  if (objects.length === 0) return '';
  const info = resourceInfo(resource);
  const columns = (COLUMNS[info.name] ?? [nameColumn, ageColumn]).filter((c) => c.priority === 0 || opts.wide);
  const withNamespace = opts.allNamespaces === true && info.namespaced;
  const header = [...(withNamespace ? ['NAMESPACE'] : []), ...columns.map((c) => c.name.toUpperCase()), ...(opts.showLabels ? ['LABELS'] : [])];
  const rows = objects.map((o) => [
    ...(withNamespace ? [o.metadata?.namespace ?? ''] : []),
    ...columns.map((c) => cellText(c.cell(o, opts.nowMs))),
    ...(opts.showLabels ? [formatLabels(o.metadata?.labels)] : []),
  ]);
  return tabulate(opts.noHeaders ? rows : [header, ...rows]);
}

/** get.go: stderr when nothing was printed. Pass the namespace only for a namespaced, non -A get. */
export function noResourcesFound(namespace?: string): string {
  return namespace === undefined ? 'No resources found' : `No resources found in ${namespace} namespace.`;
}

/** The GroupKind of an object from its apiVersion and kind. */
function groupOf(o: KubeObjectLike): string {
  const av = o.apiVersion ?? '';
  const slash = av.indexOf('/');
  return slash < 0 ? '' : av.slice(0, slash);
}

/**
 * -o name (cli-runtime pkg/printers/name.go): `<kind>[.<group>]/<name>`, lower-cased kind,
 * plus ` <operation>` when given (`namespace/dev created`).
 */
export function formatName(o: KubeObjectLike, operation?: string): string {
  const group = groupOf(o);
  const kind = (o.kind ?? '').toLowerCase();
  const name = o.metadata?.name || '<unknown>';
  return `${kind}${group ? `.${group}` : ''}/${name}${operation ? ` ${operation}` : ''}`;
}

/**
 * get.go printGeneric: a lone object is printed as itself only when a single item was asked
 * for; otherwise (a list request, or several objects) the items are wrapped in a v1 List whose
 * resourceVersion is empty.
 */
export function asPrintable(objects: readonly KubeObjectLike[], asList = false): unknown {
  if (!asList && objects.length === 1) return objects[0];
  return { apiVersion: 'v1', items: [...objects], kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * `-o yaml`, `-o json` or `-o name` of what `kubectl get` fetched. `asList` marks a list request
 * (`kubectl get ns -o yaml`), which prints a List even for one item; without it a single object
 * prints as itself and several as a List.
 */
export function printObjects(objects: readonly KubeObjectLike[], format: 'yaml' | 'json' | 'name', asList = false): string {
  if (format === 'name') return objects.map((o) => `${formatName(o)}\n`).join('');
  const value = asPrintable(objects, asList);
  return format === 'yaml' ? toGoYaml(value) : `${toGoJson(value)}\n`;
}
