/**
 * kubectl (v1.32) against the simulated apiserver: the server comes from ~/.kube/config (or
 * $KUBECONFIG) on the host the terminal is on, requests cross the simulated network, and
 * failures read as kubectl prints them. This first increment covers namespaces and configmaps:
 * get, create, apply, delete, and the health endpoints.
 */
import { buildIngress } from './createIngress.ts';
import { bundledManifest, BUNDLED_MANIFEST_URLS } from '../../simulation/manifests.ts';
import { parseAllDocuments } from 'yaml';
import { goYamlErrorText } from './yamlerrors.ts';
import { applyUnchanged, withLastApplied } from './applyconfig.ts';
import { normalizePath } from '../../cluster/host/host.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../../cluster/apiserver/messages.ts';
import { apiResource, type ApiResourceInfo } from '../../api/index.ts';
import { parseFlags } from '../parse.ts';
import type { CommandIO, Program } from '../session.ts';
import { call, callForObject, fail, namespaceOf, printStatusError, resolveOrFail, serverOf, type Ctx } from './context.ts';
import { cordon, createBuilt, createDeployment, createJob, createService, drain, labelOrAnnotate, patchCommand, qualifiedName, rollout, scale, setImage, waitFor } from './workloads.ts';
import { noResourcesFound, printObjects, printTable } from './printers.ts';
import { apiResources, describe, explain, getMultiType, jsonPathTemplate, printJsonPath, resolveTypes, watchRows } from './inspect.ts';
import { expose, runPod, taint } from './imperative.ts';
import { exec, logs } from './logs.ts';
import { customColumnCells, parseCustomColumns, sortByJsonPath } from './jsonpath.ts';
import { tabulate } from './tabwriter.ts';
import { config, currentContext } from './config.ts';

const VALUE_FLAGS = new Set(['patch', 'revision', 'cluster', 'user', 'subresource', 'namespace', 'output', 'filename', 'from-literal', 'kubeconfig', 'server', 'raw', 'selector', 'request-timeout', 'image', 'replicas', 'port', 'tcp', 'for', 'timeout', 'to-revision', 'field-selector', 'grace-period', 'dry-run', 'restart', 'labels', 'env', 'target-port', 'cluster-ip', 'clusterip', 'node-port', 'type', 'name', 'protocol', 'namespaced', 'sort-by', 'api-group', 'cascade', 'container', 'tail', 'pod-running-timeout', 'rule', 'class', 'default-backend', 'annotation']);
const BOOL_FLAGS = new Set(['all', 'current', 'all-namespaces', 'no-headers', 'show-labels', 'help', 'wait', 'overwrite', 'force', 'watch', 'watch-only', 'ignore-daemonsets', 'delete-emptydir-data', 'command', 'stdin', 'tty', 'rm', 'previous', 'timestamps', 'follow', 'quiet']);
const SHORT: Record<string, string> = { n: 'namespace', o: 'output', f: 'filename', A: 'all-namespaces', l: 'selector', h: 'help', w: 'watch', i: 'stdin', t: 'tty', c: 'container', p: 'previous', q: 'quiet', s: 'server' };

/** kubectl's help, listing the commands this simulator models, in kubectl's groups and words. */
const KUBECTL_HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects (set image)

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource (status, history, undo, restart)
  scale           Set a new size for a deployment, replica set, or replication controller

Cluster Management Commands:
  cluster-info    Display cluster information
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  wait            Experimental: Wait for a specific condition on one or many resources

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  version         Print the client and server version information

Not modelled yet: attach, port-forward, edit, top.
`;

/** kubectl v1.32's commands that k8sim does not model (its own are in the switch below). */
const UNMODELLED_COMMANDS = new Set(['edit', 'autoscale', 'certificate', 'proxy', 'attach', 'port-forward', 'cp', 'auth', 'debug', 'events', 'diff', 'replace', 'kustomize', 'completion', 'alpha', 'api-versions', 'plugin']);

/** kubectl create's subcommands for kinds k8sim does not serve, and why. */
const UNMODELLED_CREATE: Record<string, string> = {
  secret: 'no Secrets yet',
  serviceaccount: 'no ServiceAccounts yet',
  token: 'no ServiceAccount tokens yet',
  role: 'no RBAC yet',
  rolebinding: 'no RBAC yet',
  clusterrole: 'no RBAC yet',
  clusterrolebinding: 'no RBAC yet',
  cronjob: 'no CronJobs yet',
  poddisruptionbudget: 'no PodDisruptionBudgets yet',
  priorityclass: 'no PriorityClasses yet',
  quota: 'no ResourceQuotas yet',
};

export function* kubectl(allArgs: string[], io: CommandIO): Program {
  // `kubectl create job NAME --image=I -- COMMAND...`: everything after `--` is the command.
  const dashDash = allArgs.indexOf('--');
  // -it / -ti: kubectl's combined -i -t.
  // `kubectl config view --raw` is a bool where `kubectl get --raw PATH` takes a value.
  const rawIsBool = allArgs[0] === 'config';
  const args = (dashDash >= 0 ? allArgs.slice(0, dashDash) : allArgs).flatMap((a) => (a === '-it' || a === '-ti' ? ['-i', '-t'] : rawIsBool && a === '--raw' ? ['--raw=true'] : [a]));
  const command = dashDash >= 0 ? allArgs.slice(dashDash + 1) : [];
  const repeated = (flag: string) => args.flatMap((a, i) => (a === `--${flag}` ? [args[i + 1]!] : a.startsWith(`--${flag}=`) ? [a.slice(flag.length + 3)] : []));
  const literalValues = repeated('from-literal');
  let parsed = parseFlags(args, VALUE_FLAGS, SHORT);
  // kubectl logs -f is --follow, not --filename.
  if (args.includes('logs')) {
    const asLogs = parseFlags(args, VALUE_FLAGS, { ...SHORT, f: 'follow' });
    if (!('error' in asLogs) && asLogs.positional[0] === 'logs') parsed = asLogs;
  }
  if ('error' in parsed) return fail(io, `error: ${parsed.error}`);
  const [verb, ...rest] = parsed.positional;
  // A real kubectl command k8sim does not have: say so, rather than call it unknown.
  if (verb && UNMODELLED_COMMANDS.has(verb) && parsed.flags['help'] !== true) return fail(io, `error: k8sim does not model "kubectl ${verb}" yet`);
  if (verb === 'create' && rest[0] && UNMODELLED_CREATE[rest[0]] && parsed.flags['help'] !== true) return fail(io, `error: k8sim does not model "kubectl create ${rest[0]}" yet (${UNMODELLED_CREATE[rest[0]]})`);
  // No metrics-server runs in the cluster, so the metrics.k8s.io API is not served (top.go).
  if (verb === 'top' && parsed.flags['help'] !== true) return fail(io, 'error: Metrics API not available');
  for (const f of Object.keys(parsed.flags)) if (!VALUE_FLAGS.has(f) && !BOOL_FLAGS.has(f)) return fail(io, `error: unknown flag: --${f}\nSee 'kubectl ${verb ? `${verb} ` : ''}--help' for usage.`);
  if (!verb || parsed.flags['help'] === true) {
    io.out(KUBECTL_HELP);
    return 0;
  }
  const kubeconfig = currentContext(io, parsed.flags['kubeconfig'] as string | undefined);
  const server = serverOf(io, kubeconfig.server, parsed.flags['server'] as string | undefined);
  const ctx: Ctx = { io, w: io.session.world, server, defaultNamespace: kubeconfig.namespace ?? 'default', flags: { ...parsed.flags, 'from-literal': literalValues, rule: repeated('rule'), annotation: repeated('annotation') }, args: rest };
  switch (verb) {
    case 'get':
      return yield* get(ctx);
    case 'describe':
      return yield* describe(ctx);
    case 'logs':
      return yield* logs(ctx);
    case 'exec':
      return yield* exec(ctx, command, dashDash >= 0);
    case 'api-resources':
      return apiResources(ctx);
    case 'explain':
      return explain(ctx);
    case 'run':
      // `kubectl run -l` means --labels.
      if (typeof ctx.flags['selector'] === 'string' && ctx.flags['labels'] === undefined) ctx.flags['labels'] = ctx.flags['selector'];
      return yield* runPod(ctx, command);
    case 'expose':
      return yield* expose(ctx);
    case 'taint':
      return yield* taint(ctx);
    case 'create':
      return yield* create(ctx, command);
    case 'scale':
      return yield* scale(ctx);
    case 'patch':
      return yield* patchCommand(ctx);
    case 'set':
      return yield* setImage(ctx);
    case 'label':
      return yield* labelOrAnnotate(ctx, 'labels');
    case 'annotate':
      return yield* labelOrAnnotate(ctx, 'annotations');
    case 'cordon':
      return yield* cordon(ctx, true);
    case 'uncordon':
      return yield* cordon(ctx, false);
    case 'drain':
      return yield* drain(ctx);
    case 'rollout':
      return yield* rollout(ctx);
    case 'wait':
      return yield* waitFor(ctx);
    case 'apply':
      return yield* apply(ctx);
    case 'delete':
      return yield* del(ctx);
    case 'version':
      return yield* version(ctx);
    case 'cluster-info':
      return yield* clusterInfo(ctx);
    case 'config':
      return yield* config(ctx);
    default:
      return fail(io, `error: unknown command "${verb}" for "kubectl"\nRun 'kubectl --help' for usage.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Verbs.

/** get.go's error for an -o it has no printer for. */
function noPrinterFor(format: string): string {
  return `error: unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`;
}

function* get(ctx: Ctx): Program {
  const raw = ctx.flags['raw'];
  if (typeof raw === 'string') return yield* getRaw(ctx, raw);
  const [typeArg, name] = ctx.args;
  const format = (ctx.flags['output'] as string | undefined) ?? '';
  const watch = ctx.flags['watch'] === true || ctx.flags['watch-only'] === true;
  if (typeArg && !typeArg.includes('/') && (typeArg.includes(',') || typeArg === 'all')) {
    const types = resolveTypes(typeArg);
    if ('unknown' in types) return fail(ctx.io, `error: the server doesn't have a resource type "${types.unknown}"`);
    if (watch && types.length > 1) return fail(ctx.io, 'error: you may only specify a single resource type');
    if (types.length > 1 || typeArg === 'all') {
      const code = yield* getMultiType(ctx, types, typeArg === 'all');
      if (code === -1) return fail(ctx.io, noPrinterFor(format));
      return code;
    }
  }
  const info = resolveOrFail(ctx, typeArg?.split('/')[0]);
  if (typeof info === 'number') return info;
  const objName = name ?? typeArg?.split('/')[1];
  const all = ctx.flags['all-namespaces'] === true;
  const ns = info.namespaced && !all ? namespaceOf(ctx) : undefined;
  const labelSelector = ctx.flags['selector'] as string | undefined;
  const fieldSelector = ctx.flags['field-selector'] as string | undefined;
  const listReq: Extract<ApiRequest, { verb: 'list' }> = { verb: 'list', resource: info.resource, ...(ns ? { namespace: ns } : {}), ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
  const extraNames = ctx.args.slice(2);
  if (objName && extraNames.length > 0 && !watch) return yield* getNamed(ctx, info, [objName, ...extraNames], ns, format);
  const req: ApiRequest = objName ? { verb: 'get', resource: info.resource, name: objName, ...(ns ? { namespace: ns } : {}) } : listReq;
  const body = yield* callForObject(ctx, req);
  if (typeof body === 'number') return body;
  const sortBy = ctx.flags['sort-by'];
  if (typeof sortBy === 'string' && ctx.flags['watch-only'] === true) ctx.io.err('warning: --watch-only requested, --sort-by will be ignored\n');
  else if (typeof sortBy === 'string' && watch) ctx.io.err('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  const listed = objName ? [body] : ((body.items as KubeObject[] | undefined) ?? []);
  const sorted = typeof sortBy === 'string' && ctx.flags['watch-only'] !== true ? sortItems(listed, sortBy, format) : { items: listed };
  if ('error' in sorted) return fail(ctx.io, `error: ${sorted.error}`);
  const items = sorted.items;
  const tableOpts = { nowMs: ctx.w.kernel.now, wide: format === 'wide', allNamespaces: all && info.namespaced, showLabels: ctx.flags['show-labels'] === true, noHeaders: ctx.flags['no-headers'] === true };
  if (watch) {
    if (format !== '' && format !== 'wide') return fail(ctx.io, `error: watching with -o ${format} is not modelled; use the table output`);
    // get.go watch: print the list first (unless --watch-only), then every change as a row.
    let printedHeader = false;
    if (ctx.flags['watch-only'] !== true && items.length > 0) {
      ctx.io.out(printTable(info.resource, items, tableOpts));
      printedHeader = !tableOpts.noHeaders;
    }
    if (ctx.flags['watch-only'] !== true && items.length === 0 && !objName) ctx.io.err(noResourcesFound(info.namespaced && !all ? ns : undefined) + '\n');
    return yield* watchRows(ctx, info, listReq, body.metadata?.resourceVersion ?? '0', objName, printedHeader, tableOpts);
  }
  if (items.length === 0 && !objName && format !== 'yaml' && format !== 'json' && jsonPathTemplate(format) === undefined) {
    ctx.io.err(noResourcesFound(info.namespaced && !all ? ns : undefined) + '\n');
    return 0;
  }
  if (format === '' || format === 'wide') {
    ctx.io.out(printTable(info.resource, items, tableOpts));
    return 0;
  }
  const template = jsonPathTemplate(format);
  if (template !== undefined) return printJsonPath(ctx, template, items, !objName);
  if (format.startsWith('custom-columns=')) return printCustomColumns(ctx, format.slice('custom-columns='.length), items);
  if (format !== 'yaml' && format !== 'json' && format !== 'name') return fail(ctx.io, noPrinterFor(format));
  ctx.io.out(printObjects(items, format, !objName));
  return 0;
}

/**
 * --sort-by: the table printers sort the server's Table rows (TableSorter), every other output
 * sorts the list of objects (SortingPrinter.sortObj); they differ only on one item and on bad paths.
 */
function sortItems(items: KubeObject[], sortBy: string, format: string): { items: KubeObject[] } | { error: string } {
  return sortByJsonPath(items, sortBy, format === '' || format === 'wide');
}

/** `-o custom-columns=HEADER:path,...` (customcolumn.go): a header row unless --no-headers, a row per object, kubectl's tab layout. */
function printCustomColumns(ctx: Ctx, spec: string, items: readonly KubeObject[]): number {
  const columns = parseCustomColumns(spec);
  if ('error' in columns) return fail(ctx.io, `error: ${columns.error}`);
  const rows: string[][] = ctx.flags['no-headers'] === true ? [] : [columns.map((c) => c.header)];
  for (const item of items) {
    const cells = customColumnCells(columns, item);
    if ('error' in cells) return fail(ctx.io, `error: ${cells.error}`);
    rows.push(cells);
  }
  ctx.io.out(tabulate(rows));
  return 0;
}

/**
 * `kubectl get TYPE NAME1 NAME2 …`: one GET per name (the resource builder visits each); what was
 * found is printed together — a table, or a List for -o yaml/json — and each name that was not
 * is reported after it, `Error from server (NotFound): …`, with exit status 1.
 */
function* getNamed(ctx: Ctx, info: ApiResourceInfo, names: string[], ns: string | undefined, format: string): Program {
  const items: KubeObject[] = [];
  const missing: (ApiResponse & { ok: false })[] = [];
  for (const name of names) {
    const out = yield* call(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
    if (!out.ok) return 1;
    if (out.resp.ok) items.push(out.resp.body as KubeObject);
    else missing.push(out.resp);
  }
  const sortBy = ctx.flags['sort-by'];
  if (typeof sortBy === 'string' && items.length > 0) {
    const sorted = sortItems(items, sortBy, format);
    if ('error' in sorted) return fail(ctx.io, `error: ${sorted.error}`);
    items.splice(0, items.length, ...sorted.items);
  }
  if (items.length > 0) {
    const template = jsonPathTemplate(format);
    if (format === '' || format === 'wide') ctx.io.out(printTable(info.resource, items, { nowMs: ctx.w.kernel.now, wide: format === 'wide', allNamespaces: false, showLabels: ctx.flags['show-labels'] === true, noHeaders: ctx.flags['no-headers'] === true }));
    else if (template !== undefined) printJsonPath(ctx, template, items, true);
    else if (format.startsWith('custom-columns=')) {
      const status = printCustomColumns(ctx, format.slice('custom-columns='.length), items);
      if (status !== 0) return status;
    } else if (format === 'yaml' || format === 'json' || format === 'name') ctx.io.out(printObjects(items, format, true));
    else return fail(ctx.io, noPrinterFor(format));
  }
  for (const m of missing) printStatusError(ctx.io, m);
  return missing.length > 0 ? 1 : 0;
}

function* getRaw(ctx: Ctx, path: string): Program {
  const verb = path.replace(/\?.*$/, '').replace(/^\//, '');
  if (verb !== 'healthz' && verb !== 'readyz' && verb !== 'livez') return fail(ctx.io, `Error from server (NotFound): the server could not find the requested resource`);
  const out = yield* call(ctx, { verb });
  if (!out.ok) return 1;
  if (out.resp.ok) {
    ctx.io.out(`${String(out.resp.body)}\n`);
    return 0;
  }
  ctx.io.err(`Error from server (InternalError): an error on the server ("${out.resp.status.message.replace(/\n/g, '\\n')}") has prevented the request from succeeding\n`);
  return 1;
}

function* create(ctx: Ctx, command: string[]): Program {
  const [kind, name] = ctx.args;
  if (kind === 'deployment' || kind === 'deploy') return yield* createDeployment(ctx, name, command);
  if (kind === 'job') return yield* createJob(ctx, name, command);
  if (kind === 'service' || kind === 'svc') return yield* createService(ctx, ctx.args[1], ctx.args[2]);
  if (kind === 'ingress' || kind === 'ing') {
    if (!name) return fail(ctx.io, "error: exactly one NAME is required, got 0\nSee 'kubectl create ingress -h' for help and examples");
    const cls = ctx.flags['class'];
    const def = ctx.flags['default-backend'];
    const built = buildIngress({ name, namespace: namespaceOf(ctx), rules: ctx.flags['rule'] as string[], annotations: ctx.flags['annotation'] as string[], ...(typeof cls === 'string' ? { ingressClass: cls } : {}), ...(typeof def === 'string' ? { defaultBackend: def } : {}) });
    if (typeof built['error'] === 'string') return fail(ctx.io, built['error']);
    return yield* createBuilt(ctx, built);
  }
  if (kind === 'namespace' || kind === 'ns') {
    if (!name) return fail(ctx.io, 'error: exactly one NAME is required, got 0\nSee \'kubectl create namespace -h\' for help and examples');
    return yield* createBuilt(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  if (kind === 'configmap' || kind === 'cm') {
    if (!name) return fail(ctx.io, 'error: exactly one NAME is required, got 0\nSee \'kubectl create configmap -h\' for help and examples');
    const data: Record<string, string> = {};
    for (const lit of ctx.flags['from-literal'] as string[]) {
      const eq = lit.indexOf('=');
      if (eq <= 0) return fail(ctx.io, `error: invalid literal source ${lit}, expected key=value`);
      data[lit.slice(0, eq)] = lit.slice(eq + 1);
    }
    return yield* createBuilt(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: namespaceOf(ctx) }, data });
  }
  if (kind === '-f' || ctx.flags['filename'] !== undefined) return yield* apply(ctx, 'create');
  return fail(ctx.io, kind ? `error: unknown command "${kind}" for "kubectl create"` : 'error: must specify one of -f and -k');
}

/** kubectl apply: create what is missing, update what differs, leave the rest unchanged. */
function* apply(ctx: Ctx, mode: 'apply' | 'create' = 'apply'): Program {
  const read = readManifests(ctx);
  if (typeof read === 'number') return read;
  let status = 0;
  for (const obj of read.objects) status = Math.max(status, yield* applyOne(ctx, obj, read.source, mode));
  return status;
}

/**
 * The objects of `-f FILE` (a path on the host, `-` for stdin, or a URL k8sim bundles), as the
 * resource builder reads them; a YAML error is kubectl's and nothing is sent.
 */
function readManifests(ctx: Ctx): { objects: KubeObject[]; source: string } | number {
  const file = ctx.flags['filename'];
  if (typeof file !== 'string') return fail(ctx.io, 'error: must specify one of -f and -k');
  let text: string;
  if (file === '-') text = ctx.io.stdin;
  else if (/^https?:\/\//.test(file)) {
    // kubectl fetches a URL over HTTP; k8sim serves the copies it bundles.
    const bundled = bundledManifest(file);
    if (bundled === undefined) return fail(ctx.io, `error: k8sim has no internet and no copy of "${file}". It bundles:\n${BUNDLED_MANIFEST_URLS.map((u) => `  ${u}`).join('\n')}\nor paste the YAML: kubectl apply -f - <<EOF ... EOF`);
    text = bundled;
  } else {
    const node = ctx.w.hosts[ctx.io.session.host]!.fs[normalizePath(ctx.io.session.cwd, file)];
    if (!node || node.type !== 'file') return fail(ctx.io, `error: the path "${file}" does not exist`);
    text = node.content;
  }
  const source = file === '-' ? 'STDIN' : file;
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) return fail(ctx.io, `error: error parsing ${source}: error converting YAML to JSON: ${goYamlErrorText(doc.errors[0]!)}`);
    const obj = doc.toJS() as KubeObject | null;
    if (obj) objects.push(obj);
  }
  return { objects, source };
}

function* applyOne(ctx: Ctx, obj: KubeObject, source: string, mode: 'apply' | 'create'): Program {
  const info = obj.kind ? apiResource(obj.kind) : undefined;
  if (!obj.kind || !obj.apiVersion) return fail(ctx.io, `error: error validating "${source}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!info) return fail(ctx.io, `error: resource mapping not found for name: "${obj.metadata?.name}" namespace: "" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
  const ns = info.namespaced ? (obj.metadata?.namespace ?? namespaceOf(ctx)) : undefined;
  const name = obj.metadata?.name ?? '';
  if (mode === 'create') {
    // kubectl create -f only creates: an existing object is an AlreadyExists error.
    const created = yield* call(ctx, { verb: 'create', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: obj });
    if (!created.ok) return 1;
    if (!created.resp.ok) return printStatusError(ctx.io, created.resp, { verb: 'creating', file: source });
    ctx.io.out(`${qualifiedName(info, name)} created\n`);
    return 0;
  }
  const current = yield* call(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
  if (!current.ok) return 1;
  if (!current.resp.ok && current.resp.status.reason !== 'NotFound') return printStatusError(ctx.io, current.resp);
  const label = qualifiedName(info, name);
  const sent = withLastApplied(obj, ns);
  if (!current.resp.ok) {
    const created = yield* call(ctx, { verb: 'create', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: sent });
    if (!created.ok) return 1;
    if (!created.resp.ok) return printStatusError(ctx.io, created.resp, { verb: 'creating', file: source });
    ctx.io.out(`${label} created\n`);
    return 0;
  }
  const live = current.resp.body as KubeObject;
  if (applyUnchanged(live, obj, ns)) {
    ctx.io.out(`${label} unchanged\n`);
    return 0;
  }
  // Simplified: a full update carrying the live resourceVersion, not the three-way strategic
  // merge patch kubectl computes; fields the file leaves out are defaulted again by the server.
  const updated = yield* call(ctx, { verb: 'update', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: { ...sent, metadata: { ...sent.metadata, resourceVersion: live.metadata?.resourceVersion } } });
  if (!updated.ok) return 1;
  if (!updated.resp.ok) return printStatusError(ctx.io, updated.resp, { verb: 'applying', file: source });
  ctx.io.out(`${label} configured\n`);
  return 0;
}

interface DeleteTarget {
  info: ApiResourceInfo;
  ns: string | undefined;
  name: string;
  /** The file it came from (`-f`), for kubectl's `error when deleting "FILE"`. */
  source?: string;
}

function* del(ctx: Ctx): Program {
  if (ctx.flags['filename'] !== undefined) {
    // delete -f: every object the file names, in its order (the resource builder's visit).
    if (ctx.args.length > 0) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
    const read = readManifests(ctx);
    if (typeof read === 'number') return read;
    const targets: DeleteTarget[] = [];
    for (const obj of read.objects) {
      const info = obj.kind ? apiResource(obj.kind) : undefined;
      if (!info) return fail(ctx.io, `error: resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "" from "${read.source}": no matches for kind "${obj.kind ?? ''}" in version "${obj.apiVersion ?? ''}"\nensure CRDs are installed first`);
      targets.push({ info, ns: info.namespaced ? (obj.metadata?.namespace ?? namespaceOf(ctx)) : undefined, name: obj.metadata?.name ?? '', source: read.source });
    }
    return yield* deleteTargets(ctx, targets);
  }
  const [typeArg, ...names] = ctx.args;
  const info = resolveOrFail(ctx, typeArg?.split('/')[0]);
  if (typeof info === 'number') return info;
  let all = typeArg?.includes('/') ? [typeArg.split('/')[1]!, ...names] : names;
  const ns = info.namespaced ? namespaceOf(ctx) : undefined;
  // `-l SELECTOR`, `--field-selector` or `--all`: the resource builder lists the objects, then each is deleted in the
  // order the list returns them; none found prints "No resources found" (delete.go DeleteResult).
  const selector = typeof ctx.flags['selector'] === 'string' ? ctx.flags['selector'] : undefined;
  const fieldSelector = typeof ctx.flags['field-selector'] === 'string' ? ctx.flags['field-selector'] : undefined;
  const deleteAll = ctx.flags['all'] === true;
  if (deleteAll && selector !== undefined) return fail(ctx.io, 'error: cannot set --all and --selector at the same time');
  if (deleteAll && fieldSelector !== undefined) return fail(ctx.io, 'error: cannot set --all and --field-selector at the same time');
  if (selector !== undefined || fieldSelector !== undefined || deleteAll) {
    if (all.length > 0) return fail(ctx.io, 'error: name cannot be provided when a selector is specified');
    const listed = yield* call(ctx, { verb: 'list', resource: info.resource, ...(ns ? { namespace: ns } : {}), ...(selector ? { labelSelector: selector } : {}), ...(fieldSelector ? { fieldSelector } : {}) });
    if (!listed.ok) return 1;
    if (!listed.resp.ok) return printStatusError(ctx.io, listed.resp);
    all = (((listed.resp.body as { items?: KubeObject[] }).items ?? []).map((o) => o.metadata?.name ?? ''));
    if (all.length === 0) {
      ctx.io.out('No resources found\n');
      return 0;
    }
  }
  if (all.length === 0) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
  return yield* deleteTargets(ctx, all.map((name) => ({ info, ns, name })));
}

/** Deletes each target in order, then (with --wait, the default) waits until each is gone. */
function* deleteTargets(ctx: Ctx, targets: DeleteTarget[]): Program {
  const force = ctx.flags['force'] === true;
  const graceFlag = ctx.flags['grace-period'];
  const gracePeriodSeconds = force && graceFlag === undefined ? 0 : typeof graceFlag === 'string' && Number(graceFlag) >= 0 ? Number(graceFlag) : undefined;
  // delete.go: --force with --grace-period=0 skips the graceful wait, and says so.
  if (force && gracePeriodSeconds === 0) ctx.io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  let status = 0;
  const deleted: (DeleteTarget & { uid: string | undefined })[] = [];
  for (const t of targets) {
    const { info, ns, name } = t;
    const out = yield* call(ctx, { verb: 'delete', resource: info.resource, name, ...(ns ? { namespace: ns } : {}), ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) });
    if (!out.ok) return 1;
    if (!out.resp.ok) {
      status = printStatusError(ctx.io, out.resp, t.source ? { verb: 'deleting', file: t.source } : undefined);
      continue;
    }
    ctx.io.out(`${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ''} "${name}" ${force && gracePeriodSeconds === 0 ? 'force deleted' : 'deleted'}\n`);
    deleted.push({ ...t, uid: ((out.resp.body as KubeObject | undefined)?.metadata?.uid as string | undefined) });
  }
  // --wait (default true): kubectl returns only when the objects are gone.
  if (ctx.flags['wait'] !== 'false' && !(force && gracePeriodSeconds === 0)) {
    // delete.go waitForDeletion (wait.IsDeleted with a UID map): an object of the same name but
    // another UID counts as deleted — a static pod's mirror pod comes straight back as a new object.
    for (const { info, ns, name, uid } of deleted) {
      for (;;) {
        const out = yield* call(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
        if (!out.ok || !out.resp.ok) break;
        if (uid && (out.resp.body as KubeObject).metadata?.uid !== uid) break;
        yield { type: 'until', atMs: ctx.w.kernel.now + 1000 };
      }
    }
  }
  return status;
}

function* version(ctx: Ctx): Program {
  ctx.io.out('Client Version: v1.32.4\nKustomize Version: v5.5.0\n');
  const out = yield* call(ctx, { verb: 'livez' });
  if (!out.ok) return 1;
  ctx.io.out('Server Version: v1.32.4\n');
  return 0;
}

function* clusterInfo(ctx: Ctx): Program {
  const out = yield* call(ctx, { verb: 'livez' });
  if (!out.ok) return 1;
  ctx.io.out(`Kubernetes control plane is running at ${ctx.server.url}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  return 0;
}
