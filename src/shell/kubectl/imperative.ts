/**
 * kubectl run, expose and taint (k/kubectl pkg/cmd/run/run.go, pkg/generate/versioned/run.go
 * BasicPod; pkg/cmd/expose/expose.go, pkg/generate/versioned/service.go ServiceGeneratorV2;
 * pkg/cmd/taint/taint.go and utils.go, release-1.32). The objects are built on the client, as
 * kubectl does, by small pure functions; the verbs send them and print kubectl's messages.
 */
import type { KubeObject } from '../../cluster/apiserver/messages.ts';
import { apiResource, type ApiResourceInfo } from '../../api/index.ts';
import type { Program, Wait } from '../session.ts';
import { callForObject, fail, namespaceOf, resolveOrFail, type Ctx } from './context.ts';
import { formatName, printObjects } from './printers.ts';
import { isInteractiveShell, streamLogs } from './logs.ts';
import { lookupImage } from '../../cluster/registry/catalog.ts';

function flag(ctx: Ctx, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === 'string' ? v : undefined;
}

function flagList(ctx: Ctx, name: string): string[] {
  const v = ctx.flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

// ---------------------------------------------------------------------------------------------
// kubectl run

export interface RunOptions {
  image: string;
  namespace: string;
  /** --restart: Always (default), OnFailure or Never. */
  restart: string;
  /** --labels a=b,c=d; default `run=<name>`. */
  labels?: Record<string, string>;
  port?: number;
  env: string[];
  /** Everything after `--`: the container's args, or with --command its command. */
  argv: string[];
  command: boolean;
}

/** BasicPod (pkg/generate/versioned/run.go): container named after the pod, label run=<name>. */
export function runPodManifest(name: string, o: RunOptions): KubeObject {
  const container: Record<string, unknown> = { name, image: o.image };
  if (o.argv.length > 0) container[o.command ? 'command' : 'args'] = o.argv;
  if (o.env.length > 0) container['env'] = o.env.map((e) => ({ name: e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')), value: e.includes('=') ? e.slice(e.indexOf('=') + 1) : '' }));
  if (o.port !== undefined) container['ports'] = [{ containerPort: o.port }];
  container['resources'] = {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace, labels: o.labels ?? { run: name } },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart },
    status: {},
  };
}

/** `a=b,c=d` → {a: b, c: d}; undefined for a malformed pair. */
export function parseLabelList(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

export function* runPod(ctx: Ctx, command: string[]): Program {
  const name = ctx.args[0];
  if (!name) return fail(ctx.io, "error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = flag(ctx, 'image');
  if (!image) return fail(ctx.io, 'error: required flag(s) "image" not set');
  const attach = ctx.flags['stdin'] === true;
  // run.go Complete/Validate: --rm needs an attached container; -t without -i is an error.
  if (ctx.flags['rm'] === true && !attach) return fail(ctx.io, 'error: --rm should only be used for attached containers');
  if (ctx.flags['tty'] === true && !attach) return fail(ctx.io, 'error: -i/--stdin is required for containers with -t/--tty=true');
  if (attach && isInteractiveShell(command.length > 0 ? command : imageCommand(flag(ctx, 'image') ?? ''))) return fail(ctx.io, `error: k8sim does not model an interactive shell yet (the container would wait for typed input); give a command that ends: kubectl run ${name} -i --rm --restart=Never --image=${flag(ctx, 'image') ?? ''} -- nslookup kubernetes.default`);
  const restart = flag(ctx, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return fail(ctx.io, `error: invalid restart policy: ${restart}`);
  const labelsText = flag(ctx, 'labels');
  const labels = labelsText !== undefined ? parseLabelList(labelsText) : undefined;
  if (labelsText !== undefined && !labels) return fail(ctx.io, `error: invalid label spec: ${labelsText}`);
  const port = flag(ctx, 'port');
  if (port !== undefined && !/^\d+$/.test(port)) return fail(ctx.io, `error: invalid argument "${port}" for "--port" flag: strconv.ParseInt: parsing "${port}": invalid syntax`);
  const pod = runPodManifest(name, { image, namespace: namespaceOf(ctx), restart, ...(labels ? { labels } : {}), ...(port ? { port: Number(port) } : {}), env: flagList(ctx, 'env'), argv: command, command: ctx.flags['command'] === true });
  const dryRun = dryRunMode(ctx);
  if (typeof dryRun === 'object') return fail(ctx.io, dryRun.error);
  if (dryRun === 'client') return printDryRun(ctx, pod);
  const created = yield* callForObject(ctx, { verb: 'create', resource: 'pods', namespace: namespaceOf(ctx), body: pod });
  if (typeof created === 'number') return created;
  if (attach) return yield* attachToRun(ctx, name, restart);
  ctx.io.out(`pod/${name} created\n`);
  return 0;
}

/** What an image runs when the pod gives no command (ENTRYPOINT + CMD); empty when the registry has no such image. */
function imageCommand(image: string): string[] {
  const r = lookupImage(image);
  return r.ok ? [...r.manifest.config.entrypoint, ...r.manifest.config.cmd] : [];
}

/** How often kubectl's waits look at the pod again (virtual ms). */
const RUN_POLL_MS = 1000;

type RunPodStatus = { phase?: string; containerStatuses?: { state?: { running?: unknown; terminated?: { exitCode?: number; reason?: string; message?: string } } }[] };

/**
 * `kubectl run -i [-t] [--rm]` (run.go): wait for the pod to run (--pod-running-timeout, 1m), show
 * what its container writes until it exits (the attach stream; here read as the log stream, which
 * carries the same output), then — for restartPolicy Never/OnFailure — wait for the pod to
 * finish, delete it with --rm (`pod "NAME" deleted`), and end with the container's exit code:
 * `pod NS/NAME terminated (Error)` when it failed.
 */
function* attachToRun(ctx: Ctx, name: string, restart: string): Program {
  const ns = namespaceOf(ctx);
  const timeoutText = (ctx.flags['pod-running-timeout'] as string | undefined) ?? '1m';
  const m = /^(\d+)(ms|s|m|h)$/.exec(timeoutText);
  const timeoutMs = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]!]! : 60_000;
  const getPod = function* (): Generator<Wait, KubeObject | number, void> {
    return yield* callForObject(ctx, { verb: 'get', resource: 'pods', namespace: ns, name });
  };
  // waitForPod(podRunningAndReady or completed): a container that runs or has finished.
  const deadline = ctx.w.kernel.now + timeoutMs;
  let pod = yield* getPod();
  if (typeof pod === 'number') return pod;
  for (;;) {
    const st = (pod['status'] ?? {}) as RunPodStatus;
    const state = st.containerStatuses?.[0]?.state;
    if (st.phase === 'Succeeded' || st.phase === 'Failed' || state?.running || state?.terminated) break;
    if (ctx.w.kernel.now >= deadline) return fail(ctx.io, 'error: timed out waiting for the condition');
    yield { type: 'until', atMs: ctx.w.kernel.now + RUN_POLL_MS };
    if (ctx.io.session.interrupted) return 130;
    pod = yield* getPod();
    if (typeof pod === 'number') return pod;
  }
  if (ctx.flags['tty'] === true && ctx.flags['quiet'] !== true) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
  const logFlags: Ctx['flags'] = { ...ctx.flags, follow: true };
  delete logFlags['previous'];
  delete logFlags['timestamps'];
  const shown = yield* streamLogs({ ...ctx, flags: logFlags }, pod, name, -1);
  if (shown !== 0) return shown;
  const waitForExit = restart === 'Never' || restart === 'OnFailure';
  if (waitForExit) {
    for (;;) {
      pod = yield* getPod();
      if (typeof pod === 'number') return pod;
      const phase = ((pod['status'] ?? {}) as RunPodStatus).phase;
      if (phase === 'Succeeded' || (restart === 'Never' && phase === 'Failed')) break;
      yield { type: 'until', atMs: ctx.w.kernel.now + RUN_POLL_MS };
      if (ctx.io.session.interrupted) return 130;
    }
  }
  if (ctx.flags['rm'] === true) {
    const deleted = yield* callForObject(ctx, { verb: 'delete', resource: 'pods', namespace: ns, name });
    if (typeof deleted === 'number') return deleted;
    ctx.io.out(`pod "${name}" deleted\n`);
  }
  if (!waitForExit || typeof pod === 'number') return 0;
  const st = (pod['status'] ?? {}) as RunPodStatus;
  if (st.phase === 'Succeeded') return 0;
  const terminated = st.containerStatuses?.[0]?.state?.terminated;
  if (!terminated || !terminated.exitCode) return fail(ctx.io, `pod ${ns}/${name} failed with unknown exit code`);
  ctx.io.err(`pod ${ns}/${name} terminated (${terminated.reason ?? ''})\n${terminated.message ?? ''}${terminated.message ? '\n' : ''}`);
  return terminated.exitCode;
}

// ---------------------------------------------------------------------------------------------
// kubectl expose

export interface ExposeOptions {
  name: string;
  namespace: string;
  port?: number;
  targetPort?: string;
  type?: string;
  protocol: string;
  /** --cluster-ip: an address to ask for, or `None` for a headless Service. */
  clusterIP?: string;
}

/** The selector kubectl expose derives (polymorphichelpers.MapBasedSelectorForObject). */
export function selectorForObject(obj: KubeObject): Record<string, string> | { error: string } {
  const spec = (obj['spec'] ?? {}) as { selector?: Record<string, unknown> & { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } };
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata?.labels || Object.keys(obj.metadata.labels).length === 0) return { error: `the pod has no labels and cannot be exposed` };
      return obj.metadata.labels;
    case 'Service':
    case 'ReplicationController':
      if (!spec.selector || Object.keys(spec.selector).length === 0) return { error: `the ${obj.kind === 'Service' ? 'service' : 'replication controller'} has no pod selector set` };
      return spec.selector as Record<string, string>;
    case 'Deployment':
    case 'ReplicaSet':
      if (spec.selector?.matchExpressions && spec.selector.matchExpressions.length > 0) return { error: `couldn't convert expressions - "${JSON.stringify(spec.selector.matchExpressions)}" to map-based selector format` };
      return spec.selector?.matchLabels ?? {};
    default:
      return { error: `cannot expose a ${obj.kind}` };
  }
}

/** The container ports kubectl expose finds when --port is not given (PortsForObject). */
export function portsForObject(obj: KubeObject): number[] {
  const spec = obj['spec'] as { template?: { spec?: { containers?: { ports?: { containerPort: number }[] }[] } }; containers?: { ports?: { containerPort: number }[] }[]; ports?: { port: number }[] } | undefined;
  if (obj.kind === 'Service') return (spec?.ports ?? []).map((p) => p.port);
  const containers = spec?.template?.spec?.containers ?? spec?.containers ?? [];
  return containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
}

/**
 * ServiceGeneratorV2: the Service is named after the object, carries its labels, selects what
 * it selects; with one port the port has no name and targetPort defaults to the port; several
 * introspected ports are named port-1, port-2, ...
 */
export function exposeServiceManifest(obj: KubeObject, selector: Record<string, string>, ports: number[], o: ExposeOptions): KubeObject {
  const servicePorts = ports.map((port, i) => {
    const target = o.targetPort ?? String(port);
    return { ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}), port, protocol: o.protocol, targetPort: /^\d+$/.test(target) ? Number(target) : target };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name, namespace: o.namespace, ...(obj.metadata?.labels ? { labels: obj.metadata.labels } : {}) },
    spec: { ports: servicePorts, selector, ...(o.type ? { type: o.type } : {}), ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}) },
    status: { loadBalancer: {} },
  };
}

export function* expose(ctx: Ctx): Program {
  const [a, b] = ctx.args;
  const [typeArg, slashName] = (a ?? '').split('/');
  if (!typeArg) return fail(ctx.io, "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const info = resolveOrFail(ctx, typeArg);
  if (typeof info === 'number') return info;
  const name = slashName ?? b;
  if (!name) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
  if (!['pods', 'services', 'replicationcontrollers', 'deployments', 'replicasets'].includes(info.resource)) return fail(ctx.io, `error: cannot expose a ${info.kind}`);
  const ns = namespaceOf(ctx);
  const obj = yield* callForObject(ctx, { verb: 'get', resource: info.resource, namespace: ns, name });
  if (typeof obj === 'number') return obj;
  const selector = selectorForObject(obj);
  if ('error' in selector) return fail(ctx.io, `error: ${selector.error}`);
  const portFlag = flag(ctx, 'port');
  const ports = portFlag !== undefined ? [Number(portFlag)] : portsForObject(obj);
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p))) return fail(ctx.io, "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
  const type = flag(ctx, 'type');
  const svcName = flag(ctx, 'name') ?? name;
  const svc = exposeServiceManifest(obj, selector as Record<string, string>, ports, { name: svcName, namespace: ns, ...(flag(ctx, 'target-port') ? { targetPort: flag(ctx, 'target-port')! } : {}), ...(type ? { type } : {}), protocol: flag(ctx, 'protocol') ?? 'TCP', ...(flag(ctx, 'cluster-ip') ? { clusterIP: flag(ctx, 'cluster-ip')! } : {}) });
  const dryRun = dryRunMode(ctx);
  if (typeof dryRun === 'object') return fail(ctx.io, dryRun.error);
  if (dryRun === 'client') return printDryRun(ctx, svc, 'exposed');
  const created = yield* callForObject(ctx, { verb: 'create', resource: 'services', namespace: ns, body: svc });
  if (typeof created === 'number') return created;
  ctx.io.out(`service/${svcName} exposed\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// kubectl taint

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * parseTaints (k/kubectl pkg/cmd/taint/utils.go): `key=value:Effect` or `key:Effect` adds,
 * `key-` or `key:Effect-` removes.
 */
export function parseTaintSpecs(specs: readonly string[]): { add: Taint[]; remove: { key: string; effect?: string }[] } | { error: string } {
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      // parseTaint on what precedes the `-`: `key`, `key:effect` or `key=value:effect`; only the
      // key and effect say which taint goes (the value is not compared).
      const body = spec.slice(0, -1);
      const parts = body.split(':');
      if (parts.length > 2) return { error: `invalid taint spec: ${body}` };
      const [kv, effect] = parts as [string, string | undefined];
      if (effect !== undefined && !EFFECTS.includes(effect)) return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
      const key = kv.split('=')[0]!;
      remove.push({ key, ...(effect ? { effect } : {}) });
      continue;
    }
    const parts = spec.split(':');
    if (parts.length !== 2 || !parts[1]) return { error: `invalid taint spec: ${spec}` };
    const effect = parts[1];
    if (!EFFECTS.includes(effect)) return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
    const [key, value] = parts[0]!.split('=');
    if (!key) return { error: `invalid taint spec: ${spec}` };
    if (add.some((t) => t.key === key && t.effect === effect)) return { error: `duplicated taints with the same key and effect: {${key} ${value ?? ''} ${effect} <nil>}` };
    add.push({ key, ...(value ? { value } : {}), effect });
  }
  return { add, remove };
}

/**
 * ReorganizeTaints: the new list is the added taints, then the old ones they do not replace,
 * less the removed ones. The operation kubectl prints: `tainted`, `untainted` or `modified`.
 */
export function reorganizeTaints(old: readonly Taint[], overwrite: boolean, add: readonly Taint[], remove: readonly { key: string; effect?: string }[]): { operation: 'tainted' | 'untainted' | 'modified'; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${r.key}${r.effect ? `:${r.effect}` : ''}" not found`);
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

export function* taint(ctx: Ctx): Program {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of ctx.args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) specs.push(a);
    else if (specs.length > 0) return fail(ctx.io, `error: all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  if (resources.length < 1) return fail(ctx.io, "error: one or more resources must be specified as <resource> <name>\nSee 'kubectl taint -h' for help and examples");
  const [typeArg, slashName] = resources[0]!.split('/');
  const info: ApiResourceInfo | undefined = apiResource(typeArg!);
  if (info?.resource !== 'nodes') return fail(ctx.io, `error: invalid resource type ${resources[0]}, only ["node" "nodes" "no"] are supported`);
  const names = slashName ? [slashName, ...resources.slice(1)] : resources.slice(1);
  if (names.length === 0) return fail(ctx.io, "error: at least one resource name must be specified since 'all' parameter is not set\nSee 'kubectl taint -h' for help and examples");
  if (specs.length === 0) return fail(ctx.io, "error: at least one taint update is required\nSee 'kubectl taint -h' for help and examples");
  const parsed = parseTaintSpecs(specs);
  if ('error' in parsed) return fail(ctx.io, `error: ${parsed.error}\nSee 'kubectl taint -h' for help and examples`);
  let code = 0;
  for (const name of names) {
    const node = yield* callForObject(ctx, { verb: 'get', resource: 'nodes', name });
    if (typeof node === 'number') {
      code = node;
      continue;
    }
    const old = ((node['spec'] as { taints?: Taint[] } | undefined)?.taints ?? []);
    const overwrite = ctx.flags['overwrite'] === true;
    const existing = parsed.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
    if (!overwrite && existing.length > 0) {
      ctx.io.err(`error: node ${name} already has ${existing.join(',')} taint(s) with same effect(s) and --overwrite is false\n`);
      code = 1;
      continue;
    }
    const r = reorganizeTaints(old, overwrite, parsed.add, parsed.remove);
    if (r.errors.length > 0) {
      ctx.io.err(`error: ${r.errors.length === 1 ? r.errors[0] : `[${r.errors.join(', ')}]`}\n`);
      code = 1;
      continue;
    }
    const patched = yield* callForObject(ctx, { verb: 'patch', resource: 'nodes', name, patchType: 'merge', patch: { spec: { taints: r.taints.length > 0 ? r.taints : null } } });
    if (typeof patched === 'number') {
      code = patched;
      continue;
    }
    ctx.io.out(`${formatName({ apiVersion: 'v1', kind: 'Node', metadata: { name } })} ${r.operation}\n`);
  }
  return code;
}

// ---------------------------------------------------------------------------------------------
// --dry-run=client

/**
 * The object as `--dry-run=client -o yaml` prints it (reference §13.6): never sent, so no
 * server fields; `creationTimestamp: null` on the object and its pod template (the zero
 * metav1.Time marshals as null); the namespace only when given with -n (EnforceNamespace).
 */
export function dryRunObject(obj: KubeObject, explicitNamespace: boolean): KubeObject {
  const copy = JSON.parse(JSON.stringify(obj)) as KubeObject;
  const { namespace, ...meta } = copy.metadata ?? {};
  copy.metadata = { creationTimestamp: null, ...meta, ...(explicitNamespace && namespace ? { namespace } : {}) } as KubeObject['metadata'];
  const template = (copy['spec'] as { template?: { metadata?: Record<string, unknown> } } | undefined)?.template;
  if (template) template.metadata = { creationTimestamp: null, ...(template.metadata ?? {}) };
  return copy;
}

/** `--dry-run=client`: print instead of sending; `-o yaml|json|name` or `<kind>/<name> created (dry run)`. */
export function printDryRun(ctx: Ctx, obj: KubeObject, verbPast = 'created'): number {
  const shown = dryRunObject(obj, typeof ctx.flags['namespace'] === 'string');
  const format = (ctx.flags['output'] as string | undefined) ?? '';
  if (format === 'yaml' || format === 'json') ctx.io.out(printObjects([shown], format));
  else if (format === '' || format === 'name') ctx.io.out(`${formatName(shown)}${format === '' ? ` ${verbPast} (dry run)` : ''}\n`);
  else return fail(ctx.io, `error: unable to match a printer suitable for the output format "${format}", allowed formats are: json,name,yaml`);
  return 0;
}

/** --dry-run: `client` prints instead of sending; `server` is refused rather than faked (it is not modelled). */
export function dryRunMode(ctx: Ctx): 'none' | 'client' | { error: string } {
  const v = ctx.flags['dry-run'];
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client') return 'client';
  if (v === 'server') return { error: 'error: --dry-run=server is not modelled by this simulator; use --dry-run=client' };
  return { error: `error: Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".` };
}
