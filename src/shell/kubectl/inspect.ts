/**
 * kubectl's reading verbs beyond a plain `get`: describe (with the related objects each
 * describer fetches), `get a,b` and `get all`, `-o jsonpath`, `get -w`, api-resources and
 * explain (k/kubectl pkg/cmd/describe, pkg/cmd/get/get.go, pkg/describe/describe.go,
 * pkg/cmd/apiresources, pkg/cmd/explain; release-1.32).
 */
import type { ApiRequest, KubeObject, WatchFrame } from '../../cluster/apiserver/messages.ts';
import { API_RESOURCES, apiResource, type ApiResourceInfo } from '../../api/index.ts';
import { explain as explainPath } from '../../api/explain.ts';
import { closeCall, startKubeCall } from '../../simulation/world.ts';
import type { Program, Wait } from '../session.ts';
import { call, callForObject, fail, namespaceOf, resolveOrFail, type Ctx } from './context.ts';
import { describeObject, type DescribeRelated } from './describe.ts';
import { evalJsonPath } from './jsonpath.ts';
import { asPrintable, noResourcesFound, printApiResources, printMultiTypeTables, printTable, type TableOptions } from './printers.ts';

type Fetch<T> = Generator<Wait, T | number, void>;

function* fetchList(ctx: Ctx, resource: string, namespace: string | undefined, opts: { labelSelector?: string; fieldSelector?: string } = {}): Fetch<KubeObject[]> {
  const list = yield* callForObject(ctx, { verb: 'list', resource, ...(namespace !== undefined ? { namespace } : {}), ...opts });
  if (typeof list === 'number') return list;
  return (list.items as KubeObject[] | undefined) ?? [];
}

// ---------------------------------------------------------------------------------------------
// describe

/**
 * What a describer fetches besides the object (describe.go): the object's events
 * (searchEvents: involvedObject name, namespace and uid), a Node's pods and Lease, a
 * Deployment's ReplicaSets, a ReplicaSet's or Job's pods, a Service's EndpointSlices.
 */
function* relatedFor(ctx: Ctx, obj: KubeObject): Fetch<DescribeRelated> {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  // NodeDescriber asks with the node's uid and again with its name as uid (the kubelet's node
  // reference); asking by kind and name covers both, and describeObject keeps the two uids.
  const byUid = obj.kind === 'Node' ? [`involvedObject.kind=Node`] : obj.metadata?.uid ? [`involvedObject.uid=${obj.metadata.uid}`] : [];
  const fieldSelector = [`involvedObject.name=${name}`, ...(ns ? [`involvedObject.namespace=${ns}`] : []), ...byUid].join(',');
  // Events about a cluster-scoped object live in "default"; searchEvents lists every namespace.
  const events = yield* fetchList(ctx, 'events', ns, { fieldSelector });
  if (typeof events === 'number') return events;
  const related: DescribeRelated = { events };
  switch (obj.kind) {
    case 'Node': {
      const pods = yield* fetchList(ctx, 'pods', undefined, { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` });
      if (typeof pods === 'number') return pods;
      related.pods = pods;
      const lease = yield* call(ctx, { verb: 'get', resource: 'leases', namespace: 'kube-node-lease', name });
      if (lease.ok && lease.resp.ok) related.nodeLease = lease.resp.body as KubeObject;
      break;
    }
    case 'Deployment': {
      const rs = yield* fetchList(ctx, 'replicasets', ns);
      if (typeof rs === 'number') return rs;
      related.replicaSets = rs;
      break;
    }
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'DaemonSet':
    case 'Job': {
      const pods = yield* fetchList(ctx, 'pods', ns);
      if (typeof pods === 'number') return pods;
      related.pods = pods;
      break;
    }
    case 'Service': {
      const slices = yield* fetchList(ctx, 'endpointslices', ns, { labelSelector: `kubernetes.io/service-name=${name}` });
      if (typeof slices === 'number') return slices;
      related.endpointSlices = slices;
      break;
    }
    case 'Ingress': {
      // describeBackendV1 lists each backend's EndpointSlices and gets its Service.
      const slices = yield* fetchList(ctx, 'endpointslices', ns);
      if (typeof slices === 'number') return slices;
      const services = yield* fetchList(ctx, 'services', ns);
      if (typeof services === 'number') return services;
      related.endpointSlices = slices;
      related.services = services;
      break;
    }
  }
  return related;
}

/** `kubectl describe TYPE [NAME...]`, `TYPE/NAME`, `-l`: one block per object, a blank line between. */
export function* describe(ctx: Ctx): Program {
  const [first, ...rest] = ctx.args;
  const info = resolveOrFail(ctx, first?.split('/')[0]);
  if (typeof info === 'number') return info;
  const names = first?.includes('/') ? [first.split('/')[1]!, ...rest] : rest;
  const all = ctx.flags['all-namespaces'] === true;
  const ns = info.namespaced && !all ? namespaceOf(ctx) : undefined;
  let objects: KubeObject[] = [];
  let status = 0;
  if (names.length === 0) {
    const labelSelector = ctx.flags['selector'] as string | undefined;
    const list = yield* fetchList(ctx, info.resource, ns, labelSelector ? { labelSelector } : {});
    if (typeof list === 'number') return list;
    if (list.length === 0) {
      ctx.io.err(`${noResourcesFound(ns)}\n`);
      return 0;
    }
    objects = list;
  } else {
    for (const name of names) {
      const o = yield* callForObject(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
      if (typeof o === 'number') status = o;
      else objects.push(o);
    }
  }
  let firstBlock = true;
  for (const o of objects) {
    const related = yield* relatedFor(ctx, o);
    if (typeof related === 'number') return related;
    const text = describeObject(o, related, ctx.w.kernel.now);
    ctx.io.out(firstBlock ? text : `\n\n${text}`);
    firstBlock = false;
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// get: several types, `all`, jsonpath, watch

/**
 * The resources `kubectl get all` expands to (the `all` category) that the simulator models, in
 * discovery order: the core group (pods, replicationcontrollers, services), then apps
 * (daemonsets, deployments, replicasets, statefulsets), autoscaling, batch (cronjobs, jobs).
 */
export const ALL_CATEGORY = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'jobs'];

/** `pods,svc` → resource infos; `all` expands to its category. */
export function resolveTypes(arg: string): ApiResourceInfo[] | { unknown: string } {
  const out: ApiResourceInfo[] = [];
  for (const t of arg.split(',')) {
    if (t === 'all') {
      out.push(...ALL_CATEGORY.map((r) => apiResource(r)!));
      continue;
    }
    const info = apiResource(t);
    if (!info) return { unknown: t };
    out.push(info);
  }
  return out;
}

/** -o jsonpath=TEMPLATE / jsonpath='{...}': the template, or undefined for other formats. */
export function jsonPathTemplate(format: string): string | undefined {
  const m = /^jsonpath=(.*)$/s.exec(format);
  return m ? m[1]! : undefined;
}

/** Prints `-o jsonpath` of what get fetched: a List for list requests, else the object. */
export function printJsonPath(ctx: Ctx, template: string, items: readonly KubeObject[], asList: boolean): number {
  const r = evalJsonPath(template, asPrintable(items, asList));
  if (!r.ok) {
    ctx.io.err(r.error);
    return 1;
  }
  ctx.io.out(r.text);
  return 0;
}

/** `kubectl get a,b` and `kubectl get all`: one table per type, in the order asked. */
export function* getMultiType(ctx: Ctx, types: ApiResourceInfo[], explicitAll: boolean): Program {
  const all = ctx.flags['all-namespaces'] === true;
  const labelSelector = ctx.flags['selector'] as string | undefined;
  const format = (ctx.flags['output'] as string | undefined) ?? '';
  const groups: { resource: ApiResourceInfo; objects: KubeObject[] }[] = [];
  for (const info of types) {
    const ns = info.namespaced && !all ? namespaceOf(ctx) : undefined;
    const items = yield* fetchList(ctx, info.resource, ns, labelSelector ? { labelSelector } : {});
    if (typeof items === 'number') return items;
    groups.push({ resource: info, objects: items });
  }
  const objects = groups.flatMap((g) => g.objects);
  if (objects.length === 0) {
    ctx.io.err(`${noResourcesFound(all ? undefined : namespaceOf(ctx))}\n`);
    return 0;
  }
  const template = jsonPathTemplate(format);
  if (template !== undefined) return printJsonPath(ctx, template, objects, true);
  if (format !== '' && format !== 'wide') return -1;
  ctx.io.out(printMultiTypeTables(groups, { nowMs: ctx.w.kernel.now, wide: format === 'wide', allNamespaces: all, showLabels: ctx.flags['show-labels'] === true, noHeaders: ctx.flags['no-headers'] === true, withKind: groups.length > 1 || explicitAll }));
  return 0;
}

/** kubectl's watch: no client timeout; the server ends a watch after timeoutSeconds and kubectl watches again. */
const WATCH_TIMEOUT_SECONDS = 1800;

/**
 * `kubectl get TYPE -w`: after the list (unless --watch-only), one row per event without headers,
 * printed as the table printer prints the object (a deleted object still prints its last state).
 * The watch starts at the list's resourceVersion, so nothing between the two is missed.
 */
export function* watchRows(ctx: Ctx, info: ApiResourceInfo, req: Extract<ApiRequest, { verb: 'list' }>, resourceVersion: string, name: string | undefined, printedHeader: boolean, tableOpts: TableOptions): Program {
  const server = ctx.server;
  if (!server.host) return 1;
  let rv = resourceVersion;
  let headerDone = printedHeader;
  let n = 0;
  for (;;) {
    const watchReq: ApiRequest = { verb: 'watch', resource: info.resource, ...(req.namespace ? { namespace: req.namespace } : {}), watchId: `kubectl-${n++}`, timeoutSeconds: WATCH_TIMEOUT_SECONDS, resourceVersion: rv, ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}), ...(name ? { fieldSelector: `metadata.name=${name}` } : req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}) };
    const c = startKubeCall(ctx.w, ctx.io.session.host, [{ label: server.hostPort, host: server.host }], watchReq, Infinity, true);
    let seen = 0;
    for (;;) {
      yield { type: 'stream', port: c.port, seen };
      // What arrived before an interrupt is printed first (timeout's SIGTERM, Ctrl-C).
      while (seen < c.responses.length) {
        const frame = c.responses[seen++] as WatchFrame | { ok: boolean; status?: { message: string } };
        if ('ok' in frame) {
          if (!frame.ok) {
            closeCall(ctx.w, c.port);
            ctx.io.err(`Error from server: ${frame.status?.message ?? ''}\n`);
            return 1;
          }
          continue;
        }
        for (const e of frame.events) {
          if (e.type === 'ERROR') {
            closeCall(ctx.w, c.port);
            ctx.io.err(`Error from server (${String(e.object['reason'] ?? '')}): ${String(e.object['message'] ?? '')}\n`);
            return 1;
          }
          if (e.type === 'BOOKMARK') continue;
          rv = e.object.metadata?.resourceVersion ?? rv;
          const table = printTable(info.resource, [e.object], { ...tableOpts, nowMs: ctx.w.kernel.now, noHeaders: headerDone || tableOpts.noHeaders === true });
          headerDone = true;
          ctx.io.out(table);
        }
      }
      if (ctx.io.session.interrupted) {
        closeCall(ctx.w, c.port);
        return 0;
      }
      if (c.state === 'done') break;
    }
    closeCall(ctx.w, c.port);
    // The stream ended: the server closed it at its timeout, or the apiserver went away.
    const reconnect = yield* call(ctx, { verb: 'livez' });
    if (!reconnect.ok) return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// api-resources, explain

export function apiResources(ctx: Ctx): number {
  const output = (ctx.flags['output'] as string | undefined) ?? '';
  if (output !== '' && output !== 'wide' && output !== 'name') return fail(ctx.io, `error: --output ${output} is not available`);
  const namespaced = ctx.flags['namespaced'];
  const sortBy = ctx.flags['sort-by'];
  ctx.io.out(
    printApiResources(API_RESOURCES, {
      output,
      noHeaders: ctx.flags['no-headers'] === true,
      ...(namespaced === 'true' || namespaced === 'false' ? { namespaced: namespaced === 'true' } : {}),
      ...(sortBy === 'name' || sortBy === 'kind' ? { sortBy } : {}),
      ...(typeof ctx.flags['api-group'] === 'string' ? { apiGroup: ctx.flags['api-group'] as string } : {}),
    }),
  );
  return 0;
}

export function explain(ctx: Ctx): number {
  const path = ctx.args[0];
  if (!path) return fail(ctx.io, "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
  const r = explainPath(path);
  if (!r.ok) return fail(ctx.io, r.error);
  ctx.io.out(r.text);
  return 0;
}
