/**
 * kubectl's imperative verbs for workloads and nodes (k/kubectl pkg/cmd, release-1.32): create
 * deployment|job|service, scale, set image, label, annotate, cordon, uncordon, drain, rollout
 * status|history|undo|restart, and wait. Each builds the request the real kubectl sends (a
 * client-side object for create, a patch for scale/label/set image) and prints its messages.
 *
 * Simplified: `rollout status`, `wait` and `drain` poll once a second instead of watching, so
 * their lines can appear up to a second later than kubectl's would.
 */
import type { KubeObject } from '../../cluster/apiserver/messages.ts';
import { apiResource, type ApiResourceInfo } from '../../api/index.ts';
import type { Program, Wait } from '../session.ts';
import { formatName } from './printers.ts';
import { podTemplateHistoryText } from './describe.ts';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { rfc3339Seconds } from '../../kernel/index.ts';
import { parse as parseYaml } from 'yaml';
import { call, callForObject, fail, namespaceOf, printStatusError, resolveOrFail, type Ctx } from './context.ts';
import { dryRunMode, printDryRun } from './imperative.ts';

const POLL_MS = 1000;

/** `deployment.apps/web`: how kubectl names an object in its messages (the `name` printer). */
export function qualifiedName(info: ApiResourceInfo, name: string): string {
  return formatName({ apiVersion: info.apiVersion, kind: info.kind, metadata: { name } });
}

function flag(ctx: Ctx, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** TYPE NAME or TYPE/NAME. */
function target(ctx: Ctx, args: string[]): { info: ApiResourceInfo; name: string } | number {
  const [a, b] = args;
  const [typeArg, slashName] = (a ?? '').split('/');
  const info = resolveOrFail(ctx, typeArg || undefined);
  if (typeof info === 'number') return info;
  const name = slashName ?? b;
  if (!name) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
  return { info, name };
}

function* getObject(ctx: Ctx, info: ApiResourceInfo, name: string): Generator<Wait, KubeObject | number, void> {
  const ns = info.namespaced ? namespaceOf(ctx) : undefined;
  return yield* callForObject(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
}

function* patch(ctx: Ctx, info: ApiResourceInfo, name: string, body: unknown, patchType: 'merge' | 'strategic' | 'json', subresource?: 'scale' | 'status'): Generator<Wait, KubeObject | number, void> {
  const ns = info.namespaced ? namespaceOf(ctx) : undefined;
  return yield* callForObject(ctx, { verb: 'patch', resource: info.resource, name, patchType, patch: body, ...(subresource ? { subresource } : {}), ...(ns ? { namespace: ns } : {}) });
}

// ---------------------------------------------------------------------------------------------
// create deployment | job | service clusterip

/** The objects `kubectl create deployment|job|service` build on the client (RUN §13.6). */
export function deploymentManifest(name: string, images: string[], replicas: number, namespace: string, port?: number, command: string[] = []): KubeObject {
  // create_deployment.go buildPodSpec: the words after `--` become the (single) container's command.
  const containers = images.map((image) => ({ name: containerName(image), image, ...(command.length > 0 ? { command } : {}), resources: {}, ...(port ? { ports: [{ containerPort: port }] } : {}) }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { labels: { app: name } }, spec: { containers } } },
    status: {},
  };
}

/** create deployment names a container after its image: `nginx:1.25` → `nginx`, `registry/x/app` → `app`. */
function containerName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split(/[:@]/)[0]!.replace(/[^a-z0-9-]/g, '-');
}

export function* createDeployment(ctx: Ctx, name: string | undefined, command: string[] = []): Program {
  if (!name) return fail(ctx.io, "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples");
  const image = ctx.flags['image'];
  const images = Array.isArray(image) ? image : typeof image === 'string' ? [image] : [];
  if (images.length === 0) return fail(ctx.io, 'error: required flag(s) "image" not set');
  if (images.length > 1 && command.length > 0) return fail(ctx.io, 'error: cannot specify multiple --image options and command');
  const replicas = Number(flag(ctx, 'replicas') ?? '1');
  const port = flag(ctx, 'port');
  return yield* createBuilt(ctx, deploymentManifest(name, images, replicas, namespaceOf(ctx), port ? Number(port) : undefined, command));
}

export function* createJob(ctx: Ctx, name: string | undefined, command: string[]): Program {
  if (!name) return fail(ctx.io, "error: exactly one NAME is required, got 0\nSee 'kubectl create job -h' for help and examples");
  const image = flag(ctx, 'image');
  if (!image) return fail(ctx.io, 'error: required flag(s) "image" not set');
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: namespaceOf(ctx) },
    spec: { template: { metadata: {}, spec: { containers: [{ name, image, resources: {}, ...(command.length > 0 ? { command } : {}) }], restartPolicy: 'Never' } } },
    status: {},
  };
  return yield* createBuilt(ctx, job);
}

export function* createService(ctx: Ctx, type: string | undefined, name: string | undefined): Program {
  if (type !== 'clusterip' && type !== 'nodeport') return fail(ctx.io, `error: unknown command "${type ?? ''}" for "kubectl create service"`);
  if (!name) return fail(ctx.io, `error: exactly one NAME is required, got 0\nSee 'kubectl create service ${type} -h' for help and examples`);
  const tcp = flag(ctx, 'tcp');
  if (!tcp) return fail(ctx.io, 'error: at least one tcp port specifier must be provided');
  // create_service.go: --node-port (nodeport) goes on every port; --clusterip (clusterip) may be
  // an address to ask for or None (headless).
  const nodePortFlag = type === 'nodeport' ? flag(ctx, 'node-port') : undefined;
  const nodePort = nodePortFlag === undefined ? 0 : Number(nodePortFlag);
  if (!Number.isInteger(nodePort)) return fail(ctx.io, `error: invalid argument "${nodePortFlag}" for "--node-port" flag: strconv.ParseInt: parsing "${nodePortFlag}": invalid syntax\nSee 'kubectl create service nodeport --help' for usage.`);
  const clusterIP = type === 'clusterip' ? flag(ctx, 'clusterip') : undefined;
  const ports = tcp.split(',').map((spec) => {
    const [port, targetPort] = spec.split(':');
    return { name: `${port}-${targetPort ?? port}`, port: Number(port), protocol: 'TCP', targetPort: Number(targetPort ?? port), ...(nodePort ? { nodePort } : {}) };
  });
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: namespaceOf(ctx), labels: { app: name } },
    spec: { ports, selector: { app: name }, type: type === 'clusterip' ? 'ClusterIP' : 'NodePort', ...(clusterIP ? { clusterIP } : {}) },
    status: { loadBalancer: {} },
  };
  return yield* createBuilt(ctx, svc);
}

/** Creates an object kubectl built on the client (or prints it under --dry-run=client). */
export function* createBuilt(ctx: Ctx, obj: KubeObject): Program {
  const dryRun = dryRunMode(ctx);
  if (typeof dryRun === 'object') return fail(ctx.io, dryRun.error);
  if (dryRun === 'client') return printDryRun(ctx, obj);
  const info = apiResource(obj.kind!)!;
  const ns = obj.metadata?.namespace;
  const created = yield* callForObject(ctx, { verb: 'create', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: obj });
  if (typeof created === 'number') return created;
  ctx.io.out(`${qualifiedName(info, obj.metadata!.name!)} created\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// scale, set image, label, annotate

export function* scale(ctx: Ctx): Program {
  const t = target(ctx, ctx.args);
  if (typeof t === 'number') return t;
  const replicas = flag(ctx, 'replicas');
  if (replicas === undefined) return fail(ctx.io, 'error: required flag(s) "replicas" not set');
  if (!/^\d+$/.test(replicas)) return fail(ctx.io, `error: invalid argument "${replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${replicas}": invalid syntax`);
  if (!['deployments', 'replicasets', 'replicationcontrollers'].includes(t.info.resource)) return fail(ctx.io, `error: no scaler has been implemented for {"${t.info.group}" "${t.info.kind}"}`);
  const out = yield* patch(ctx, t.info, t.name, { spec: { replicas: Number(replicas) } }, 'merge', 'scale');
  if (typeof out === 'number') return out;
  ctx.io.out(`${qualifiedName(t.info, t.name)} scaled\n`);
  return 0;
}

export function* setImage(ctx: Ctx): Program {
  const [what, ...assignments] = ctx.args;
  if (what !== 'image') return fail(ctx.io, `error: unknown command "${what ?? ''}" for "kubectl set"`);
  const t = target(ctx, assignments[0]?.includes('/') ? [assignments[0]] : assignments.slice(0, 2));
  if (typeof t === 'number') return t;
  const pairs = assignments.slice(assignments[0]?.includes('/') ? 1 : 2);
  if (pairs.length === 0) return fail(ctx.io, 'error: at least one image update is required');
  const obj = yield* getObject(ctx, t.info, t.name);
  if (typeof obj === 'number') return obj;
  const podSpec = ((obj['spec'] as { template?: { spec?: { containers?: { name: string }[] } } } | undefined)?.template?.spec) ?? (obj['spec'] as { containers?: { name: string }[] });
  const names = (podSpec.containers ?? []).map((c) => c.name);
  const containers: { name: string; image: string }[] = [];
  for (const pair of pairs) {
    const [c, image] = pair.split('=');
    if (!image) return fail(ctx.io, `error: invalid image update: ${pair}`);
    if (c === '*') containers.push(...names.map((name) => ({ name, image })));
    else if (!names.includes(c!)) return fail(ctx.io, `error: unable to find container named "${c}"`);
    else containers.push({ name: c!, image });
  }
  const body = t.info.resource === 'pods' ? { spec: { containers } } : { spec: { template: { spec: { containers } } } };
  const out = yield* patch(ctx, t.info, t.name, body, 'strategic');
  if (typeof out === 'number') return out;
  ctx.io.out(`${qualifiedName(t.info, t.name)} image updated\n`);
  return 0;
}

/**
 * cmdutil.GetResourcesAndPairs: the words before the first `key=value` or `key-` name what to
 * change, the rest are the changes; a resource word after a change is an error.
 */
export function resourcesAndPairs(args: readonly string[], pairType: string): { resources: string[]; pairs: string[] } | { error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    const pair = (a.includes('=') && a[0] !== '=') || (a.endsWith('-') && a !== '-');
    if (pair) pairs.push(a);
    else if (pairs.length > 0) return { error: `error: all resources must be specified before ${pairType} changes: ${a}` };
    else resources.push(a);
  }
  return { resources, pairs };
}

/**
 * `kubectl label|annotate TYPE NAME... | TYPE/NAME... | TYPE -l SELECTOR | TYPE --all` then the
 * changes (label.go): each object is patched and reported `labeled`, `unlabeled`, or `not
 * labeled` when nothing changed.
 */
export function* labelOrAnnotate(ctx: Ctx, field: 'labels' | 'annotations'): Program {
  const word = field === 'labels' ? 'label' : 'annotation';
  const split = resourcesAndPairs(ctx.args, word);
  if ('error' in split) return fail(ctx.io, split.error);
  const { resources, pairs: changes } = split;
  // label.go / annotate.go Validate, in its order, before any name or type is looked at
  // (TestLabelErrors "no args", then "not enough labels": `label pods`).
  if (resources.length === 0) return fail(ctx.io, 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (changes.length === 0) return fail(ctx.io, `error: at least one ${word} update is required`);
  const selector = typeof ctx.flags['selector'] === 'string' ? ctx.flags['selector'] : undefined;
  const all = ctx.flags['all'] === true;
  // The objects named: TYPE/NAME words, or a TYPE then NAMEs, or a TYPE and -l / --all.
  let targets: { info: ApiResourceInfo; name: string }[] = [];
  if (resources.length > 0 && resources.every((r) => r.includes('/'))) {
    for (const r of resources) {
      const t = target(ctx, [r]);
      if (typeof t === 'number') return t;
      targets.push(t);
    }
  } else {
    const info = resolveOrFail(ctx, resources[0]);
    if (typeof info === 'number') return info;
    const names = resources.slice(1);
    if (names.length === 0 && selector === undefined && !all) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
    if (names.length > 0 && (selector !== undefined || all)) return fail(ctx.io, 'error: name cannot be provided when a selector is specified');
    if (names.length > 0) targets = names.map((name) => ({ info, name }));
    else {
      const ns = info.namespaced ? namespaceOf(ctx) : undefined;
      const list = yield* callForObject(ctx, { verb: 'list', resource: info.resource, ...(ns ? { namespace: ns } : {}), ...(selector ? { labelSelector: selector } : {}) });
      if (typeof list === 'number') return list;
      targets = ((list['items'] ?? []) as KubeObject[]).map((o) => ({ info, name: o.metadata?.name ?? '' }));
    }
  }
  let status = 0;
  for (const t of targets) {
    const r = yield* labelOne(ctx, field, t, changes);
    if (r !== 0) status = r;
  }
  return status;
}

function* labelOne(ctx: Ctx, field: 'labels' | 'annotations', t: { info: ApiResourceInfo; name: string }, changes: string[]): Program {
  const word = field === 'labels' ? 'label' : 'annotation';
  const obj = yield* getObject(ctx, t.info, t.name);
  if (typeof obj === 'number') return obj;
  const current = (obj.metadata?.[field] ?? {}) as Record<string, string>;
  const update: Record<string, string | null> = {};
  let removing = false;
  let changed = false;
  for (const ch of changes) {
    if (ch.endsWith('-')) {
      const key = ch.slice(0, -1);
      if (current[key] === undefined) ctx.io.err(`${word} "${key}" not found.\n`);
      else changed = true;
      update[key] = null;
      removing = true;
      continue;
    }
    const eq = ch.indexOf('=');
    if (eq <= 0) return fail(ctx.io, `error: invalid ${word} spec: ${ch}`);
    const key = ch.slice(0, eq);
    const value = ch.slice(eq + 1);
    if (current[key] !== undefined && current[key] !== value && ctx.flags['overwrite'] !== true) return fail(ctx.io, `error: '${key}' already has a value (${current[key]}), and --overwrite is false`);
    if (current[key] !== value) changed = true;
    update[key] = value;
  }
  const verb = field === 'labels' ? (removing && Object.values(update).every((v) => v === null) ? 'unlabeled' : 'labeled') : 'annotated';
  // Nothing to change: kubectl sends no patch and says so.
  if (!changed) {
    ctx.io.out(`${qualifiedName(t.info, t.name)} not ${verb}\n`);
    return 0;
  }
  const out = yield* patch(ctx, t.info, t.name, { metadata: { [field]: update } }, 'merge');
  if (typeof out === 'number') return out;
  ctx.io.out(`${qualifiedName(t.info, t.name)} ${verb}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// cordon, uncordon, drain

export function* cordon(ctx: Ctx, unschedulable: boolean): Program {
  const name = ctx.args[0]?.replace(/^(node|nodes|no)\//, '');
  if (!name) return fail(ctx.io, 'error: USAGE: cordon NODE [flags]');
  const info = apiResource('nodes')!;
  const node = yield* getObject(ctx, info, name);
  if (typeof node === 'number') return node;
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  if (Boolean((node['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable) === unschedulable) {
    ctx.io.out(`node/${name} already ${verb}\n`);
    return 0;
  }
  const out = yield* patch(ctx, info, name, { spec: { unschedulable: unschedulable ? true : null } }, 'strategic');
  if (typeof out === 'number') return out;
  ctx.io.out(`node/${name} ${verb}\n`);
  return 0;
}

/**
 * kubectl drain (k/kubectl pkg/drain): cordon, refuse pods without a controller unless --force,
 * then evict the rest and wait until they are gone.
 */
export function* drain(ctx: Ctx): Program {
  const name = ctx.args[0]?.replace(/^(node|nodes|no)\//, '');
  if (!name) return fail(ctx.io, 'error: USAGE: drain NODE [flags]');
  const cordoned = yield* cordon(ctx, true);
  if (cordoned !== 0) return cordoned;
  const list = yield* call(ctx, { verb: 'list', resource: 'pods', fieldSelector: `spec.nodeName=${name}` });
  if (!list.ok) return 1;
  if (!list.resp.ok) return printStatusError(ctx.io, list.resp);
  const pods = (((list.resp.body as KubeObject).items as KubeObject[]) ?? []).filter((p) => {
    const phase = (p['status'] as { phase?: string } | undefined)?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
  // k/kubectl pkg/drain/filters.go daemonSetFilter: DaemonSet pods are never evicted (their
  // controller would put them back); without --ignore-daemonsets they stop the drain.
  const daemonPods = pods.filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet'));
  if (daemonPods.length > 0) {
    const names = daemonPods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).join(', ');
    if (ctx.flags['ignore-daemonsets'] !== true) {
      ctx.io.err(`error: unable to drain node "${name}" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${names}, continuing command...\nThere are pending nodes to be drained:\n ${name}\ncannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${names}\n`);
      return 1;
    }
    ctx.io.err(`Warning: ignoring DaemonSet-managed Pods: ${names}\n`);
    pods.splice(0, pods.length, ...pods.filter((p) => !daemonPods.includes(p)));
  }
  const unmanaged = pods.filter((p) => !p.metadata?.ownerReferences?.some((r) => r.controller));
  if (unmanaged.length > 0 && ctx.flags['force'] !== true) {
    const names = unmanaged.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).join(', ');
    ctx.io.err(`error: unable to drain node "${name}" due to error: cannot delete Pods that declare no controller (use --force to override): ${names}, continuing command...\nThere are pending nodes to be drained:\n ${name}\ncannot delete Pods that declare no controller (use --force to override): ${names}\n`);
    return 1;
  }
  if (unmanaged.length > 0) ctx.io.err(`Warning: deleting Pods that declare no controller: ${unmanaged.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).join(', ')}\n`);
  for (const p of pods) {
    ctx.io.out(`evicting pod ${p.metadata!.namespace}/${p.metadata!.name}\n`);
    const out = yield* call(ctx, { verb: 'delete', resource: 'pods', namespace: p.metadata!.namespace!, name: p.metadata!.name! });
    if (!out.ok) return 1;
    if (!out.resp.ok && out.resp.status.reason !== 'NotFound') return printStatusError(ctx.io, out.resp);
  }
  const remaining = new Set(pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}/${p.metadata!.uid}`));
  while (remaining.size > 0) {
    yield { type: 'until', atMs: ctx.w.kernel.now + POLL_MS };
    const again = yield* call(ctx, { verb: 'list', resource: 'pods', fieldSelector: `spec.nodeName=${name}` });
    if (!again.ok || !again.resp.ok) continue;
    const still = new Set((((again.resp.body as KubeObject).items as KubeObject[]) ?? []).map((p) => `${p.metadata!.namespace}/${p.metadata!.name}/${p.metadata!.uid}`));
    for (const k of [...remaining]) {
      if (still.has(k)) continue;
      remaining.delete(k);
      ctx.io.out(`pod/${k.split('/')[1]} evicted\n`);
    }
  }
  ctx.io.out(`node/${name} drained\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// rollout

export function* rollout(ctx: Ctx): Program {
  const [sub, ...rest] = ctx.args;
  const t = target(ctx, rest);
  if (typeof t === 'number') return t;
  if (t.info.resource !== 'deployments' && t.info.resource !== 'daemonsets') return fail(ctx.io, `error: no ${sub === 'history' ? 'history viewer' : 'status viewer'} has been implemented for {"${t.info.group}" "${t.info.kind}"}`);
  if (t.info.resource === 'daemonsets' && sub === 'undo') return fail(ctx.io, 'error: rollout undo is not modelled for daemon sets');
  switch (sub) {
    case 'status':
      return yield* rolloutStatus(ctx, t.info, t.name);
    case 'history':
      return t.info.resource === 'daemonsets' ? yield* daemonSetRolloutHistory(ctx, t.info, t.name) : yield* rolloutHistory(ctx, t.info, t.name);
    case 'undo':
      return yield* rolloutUndo(ctx, t.info, t.name);
    case 'pause':
    case 'resume':
      return yield* pauseOrResume(ctx, t.info, t.name, sub === 'pause');
    case 'restart': {
      const out = yield* patch(ctx, t.info, t.name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339Seconds(ctx.w.kernel.now) /* time.Now().Format(time.RFC3339), UTC */ } } } } }, 'strategic');
      if (typeof out === 'number') return out;
      ctx.io.out(`${qualifiedName(t.info, t.name)} restarted\n`);
      return 0;
    }
    default:
      return fail(ctx.io, `error: unknown command "${sub ?? ''}" for "kubectl rollout"`);
  }
}

interface DeploymentView {
  metadata?: { generation?: number; name?: string };
  spec?: { replicas?: number; progressDeadlineSeconds?: number };
  status?: { observedGeneration?: number; updatedReplicas?: number; replicas?: number; availableReplicas?: number; conditions?: { type: string; reason?: string }[] };
}

/** k/kubectl pkg/polymorphichelpers/rollout_status.go DeploymentStatusViewer.Status. */
export function deploymentRolloutStatus(d: DeploymentView): { message: string; done: boolean; error?: string } {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: '', done: true, error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
  if ((st.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
  if ((st.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

interface DaemonSetView {
  metadata?: { generation?: number; name?: string };
  spec?: { updateStrategy?: { type?: string } };
  status?: { observedGeneration?: number; updatedNumberScheduled?: number; desiredNumberScheduled?: number; numberAvailable?: number };
}

/** k/kubectl pkg/polymorphichelpers/rollout_status.go DaemonSetStatusViewer.Status. */
export function daemonSetRolloutStatus(ds: DaemonSetView): { message: string; done: boolean; error?: string } {
  const name = ds.metadata?.name ?? '';
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  const st = ds.status ?? {};
  if ((ds.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const desired = st.desiredNumberScheduled ?? 0;
  if ((st.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
  if ((st.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}

function* rolloutStatus(ctx: Ctx, info: ApiResourceInfo, name: string): Program {
  let last = '';
  for (;;) {
    const d = yield* getObject(ctx, info, name);
    if (typeof d === 'number') return d;
    const s = info.resource === 'daemonsets' ? daemonSetRolloutStatus(d as DaemonSetView) : deploymentRolloutStatus(d as DeploymentView);
    if (s.error) return fail(ctx.io, `error: ${s.error}`);
    if (s.message !== last) ctx.io.out(s.message);
    last = s.message;
    if (s.done) return 0;
    if (ctx.flags['watch'] === 'false') return 0;
    yield { type: 'until', atMs: ctx.w.kernel.now + POLL_MS };
  }
}

function* ownedReplicaSets(ctx: Ctx, deployment: KubeObject): Generator<Wait, KubeObject[] | number, void> {
  const out = yield* call(ctx, { verb: 'list', resource: 'replicasets', namespace: namespaceOf(ctx) });
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  const items = ((out.resp.body as KubeObject).items as KubeObject[]) ?? [];
  return items.filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.uid === deployment.metadata?.uid));
}

const revisionOf = (rs: KubeObject) => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '0');

/**
 * rollout pause / resume (polymorphichelpers objectpauser.go, objectresumer.go): set or clear
 * spec.paused on a Deployment; the deployment controller then holds or goes on with the rollout.
 */
function* pauseOrResume(ctx: Ctx, info: ApiResourceInfo, name: string, pause: boolean): Program {
  if (info.resource !== 'deployments') return fail(ctx.io, `error: ${pause ? 'pausing' : 'resuming'} is not supported`);
  const d = yield* getObject(ctx, info, name);
  if (typeof d === 'number') return d;
  const paused = (d['spec'] as { paused?: boolean } | undefined)?.paused === true;
  if (paused === pause) return fail(ctx.io, `error: ${info.resource}.${info.group} ${JSON.stringify(name)} is ${pause ? 'already paused' : 'not paused'}`);
  const out = yield* patch(ctx, info, name, { spec: { paused: pause ? true : null } }, 'strategic');
  if (typeof out === 'number') return out;
  ctx.io.out(`${qualifiedName(info, name)} ${pause ? 'paused' : 'resumed'}\n`);
  return 0;
}

function* rolloutHistory(ctx: Ctx, info: ApiResourceInfo, name: string): Program {
  const d = yield* getObject(ctx, info, name);
  if (typeof d === 'number') return d;
  const rss = yield* ownedReplicaSets(ctx, d);
  if (typeof rss === 'number') return rss;
  const wanted = ctx.flags['revision'];
  if (wanted !== undefined) {
    // DeploymentHistoryViewer.ViewHistory with a revision: that ReplicaSet's template (its
    // change-cause added to the annotations), printed as "<name> with revision #N".
    const n = Number(wanted);
    if (!/^\d+$/.test(String(wanted))) return fail(ctx.io, `error: invalid argument "${String(wanted)}" for "--revision" flag: strconv.ParseInt: parsing ${JSON.stringify(String(wanted))}: invalid syntax`);
    // --revision=0 (the default) means the whole history, below.
    if (n > 0) {
      const rs = rss.find((r) => revisionOf(r) === n);
      if (!rs) return fail(ctx.io, 'error: unable to find the specified revision');
      const template = structuredClone((rs['spec'] as { template?: PodTemplateSpec } | undefined)?.template ?? {}) as PodTemplateSpec;
      const cause = rs.metadata?.annotations?.['kubernetes.io/change-cause'];
      if (cause) template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, 'kubernetes.io/change-cause': cause } };
      ctx.io.out(`${qualifiedName(info, name)} with revision #${n}\n${podTemplateHistoryText(template)}\n`);
      return 0;
    }
  }
  const rows = rss.map((rs) => ({ rev: revisionOf(rs), cause: rs.metadata?.annotations?.['kubernetes.io/change-cause'] ?? '<none>' })).filter((r) => r.rev > 0).sort((a, b) => a.rev - b.rev);
  const revWidth = Math.max('REVISION'.length, ...rows.map((r) => String(r.rev).length)) + 2;
  ctx.io.out(`${qualifiedName(info, name)} \n${'REVISION'.padEnd(revWidth)}CHANGE-CAUSE\n${rows.map((r) => `${String(r.rev).padEnd(revWidth)}${r.cause}\n`).join('')}\n`);
  return 0;
}

/**
 * DaemonSetHistoryViewer (k/kubectl pkg/polymorphichelpers/history.go): the ControllerRevisions
 * the DaemonSet controls, by revision, with their `kubernetes.io/change-cause` annotation
 * (printHistory; `No rollout history found.` without any).
 */
function* daemonSetRolloutHistory(ctx: Ctx, info: ApiResourceInfo, name: string): Program {
  const ds = yield* getObject(ctx, info, name);
  if (typeof ds === 'number') return ds;
  const out = yield* call(ctx, { verb: 'list', resource: 'controllerrevisions', namespace: namespaceOf(ctx) });
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  const items = ((out.resp.body as KubeObject).items as KubeObject[]) ?? [];
  const byRevision = new Map<number, KubeObject>();
  for (const h of items) if (h.metadata?.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata?.uid)) byRevision.set(Number(h['revision'] ?? 0), h);
  if (byRevision.size === 0) {
    ctx.io.out(`${qualifiedName(info, name)} \nNo rollout history found.\n`);
    return 0;
  }
  const rows = [...byRevision.keys()].sort((a, b) => a - b).map((rev) => ({ rev, cause: byRevision.get(rev)!.metadata?.annotations?.['kubernetes.io/change-cause'] || '<none>' }));
  const revWidth = Math.max('REVISION'.length, ...rows.map((r) => String(r.rev).length)) + 2;
  ctx.io.out(`${qualifiedName(info, name)} \n${'REVISION'.padEnd(revWidth)}CHANGE-CAUSE\n${rows.map((r) => `${String(r.rev).padEnd(revWidth)}${r.cause}\n`).join('')}\n`);
  return 0;
}

/** rollout undo: copy the previous revision's pod template back into the Deployment (kubectl's rollback.go). */
function* rolloutUndo(ctx: Ctx, info: ApiResourceInfo, name: string): Program {
  const d = yield* getObject(ctx, info, name);
  if (typeof d === 'number') return d;
  const rss = yield* ownedReplicaSets(ctx, d);
  if (typeof rss === 'number') return rss;
  const sorted = rss.filter((rs) => revisionOf(rs) > 0).sort((a, b) => revisionOf(b) - revisionOf(a));
  const wanted = flag(ctx, 'to-revision');
  const target = wanted ? sorted.find((rs) => revisionOf(rs) === Number(wanted)) : sorted[1];
  if (!target) return fail(ctx.io, wanted ? `error: unable to find specified revision ${wanted} in history` : 'error: no rollout history found for deployment "' + name + '"');
  const template = structuredClone((target['spec'] as { template: KubeObject }).template);
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const current = (d['spec'] as { template: KubeObject }).template;
  if (JSON.stringify(template) === JSON.stringify(current)) {
    ctx.io.out(`${qualifiedName(info, name)} skipped rollback (current template already matches revision ${revisionOf(target)})\n`);
    return 0;
  }
  const next = { ...d, spec: { ...(d['spec'] as object), template } };
  const out = yield* call(ctx, { verb: 'update', resource: info.resource, namespace: namespaceOf(ctx), body: next });
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  ctx.io.out(`${qualifiedName(info, name)} rolled back\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// wait

/** kubectl wait --for=condition=X[=value] | --for=delete | --for=jsonpath=... (default --timeout 30s). */
export function* waitFor(ctx: Ctx): Program {
  const forSpec = flag(ctx, 'for');
  if (!forSpec) return fail(ctx.io, 'error: --for must be specified');
  const selector = flag(ctx, 'selector');
  const [a, b] = ctx.args;
  if (selector !== undefined && a && !a.includes('/') && !b) {
    // `kubectl wait --for=... pod -l app=x`: the builder lists the matching objects once; none is
    // an error at once (wait.go: errNoMatchingResources), and each found one is waited for.
    const info = resolveOrFail(ctx, a);
    if (typeof info === 'number') return info;
    const ns = info.namespaced ? namespaceOf(ctx) : undefined;
    const list = yield* callForObject(ctx, { verb: 'list', resource: info.resource, labelSelector: selector, ...(ns ? { namespace: ns } : {}) });
    if (typeof list === 'number') return list;
    const names = ((list as { items?: KubeObject[] }).items ?? []).map((o) => o.metadata?.name ?? '');
    if (names.length === 0) return fail(ctx.io, 'error: no matching resources found');
    const deadline = ctx.w.kernel.now + parseDurationMs(flag(ctx, 'timeout') ?? '30s');
    for (const name of names) {
      const code = yield* waitOne(ctx, { info, name }, forSpec, deadline);
      if (code !== 0) return code;
    }
    return 0;
  }
  const t = target(ctx, ctx.args);
  if (typeof t === 'number') return t;
  const timeoutMs = parseDurationMs(flag(ctx, 'timeout') ?? '30s');
  return yield* waitOne(ctx, t, forSpec, ctx.w.kernel.now + timeoutMs);
}

function* waitOne(ctx: Ctx, t: { info: ApiResourceInfo; name: string }, forSpec: string, deadline: number): Program {
  const label = `${t.info.resource}/${t.name}`;
  for (;;) {
    const ns = t.info.namespaced ? namespaceOf(ctx) : undefined;
    const out = yield* call(ctx, { verb: 'get', resource: t.info.resource, name: t.name, ...(ns ? { namespace: ns } : {}) });
    if (!out.ok) return 1;
    if (forSpec === 'delete') {
      if (!out.resp.ok && out.resp.status.reason === 'NotFound') {
        ctx.io.out(`${qualifiedName(t.info, t.name)} condition met\n`);
        return 0;
      }
    } else if (!out.resp.ok) {
      return printStatusError(ctx.io, out.resp);
    } else if (conditionMet(out.resp.body as KubeObject, forSpec)) {
      ctx.io.out(`${qualifiedName(t.info, t.name)} condition met\n`);
      return 0;
    }
    if (ctx.w.kernel.now >= deadline) return fail(ctx.io, `error: timed out waiting for the condition on ${label}`);
    yield { type: 'until', atMs: Math.min(deadline, ctx.w.kernel.now + POLL_MS) };
  }
}

function conditionMet(o: KubeObject, forSpec: string): boolean {
  const m = /^condition=([^=]+)(?:=(.*))?$/i.exec(forSpec);
  if (m) {
    const want = (m[2] ?? 'true').toLowerCase();
    const conds = ((o['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
    return conds.some((c) => c.type.toLowerCase() === m[1]!.toLowerCase() && c.status.toLowerCase() === want);
  }
  const j = /^jsonpath=\{?\.?([^}=]+)\}?=(.*)$/.exec(forSpec);
  if (j) {
    let v: unknown = o;
    for (const part of j[1]!.replace(/^\./, '').split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return String(v) === j[2];
  }
  return false;
}

export function parseDurationMs(s: string): number {
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  if (/^\d+$/.test(s)) total = Number(s) * 1000;
  return total;
}


// ---------------------------------------------------------------------------------------------
// patch

/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge]` (kubectl pkg/cmd/patch/patch.go):
 * the patch is JSON or YAML; the apiserver applies it (a strategic merge patch merges lists such
 * as containers by name; a merge patch, RFC 7386, replaces lists; a JSON patch, RFC 6902, is a
 * list of operations). Prints `TYPE/NAME patched`, or `patched (no change)` when the object came
 * back unchanged.
 */
export function* patchCommand(ctx: Ctx): Program {
  // `-p` is --patch here (the flag parser reads it as logs' --previous, leaving the text as an operand).
  const args = [...ctx.args];
  let text = flag(ctx, 'patch');
  if (text === undefined && ctx.flags['previous'] === true) text = args.splice(args[0]?.includes('/') ? 1 : 2, 1)[0];
  const slash = args[0]?.includes('/');
  const t = target(ctx, slash ? [args[0]!] : args.slice(0, 2));
  if (typeof t === 'number') return t;
  if (text === undefined) return fail(ctx.io, 'error: must specify --patch or --patch-file containing the contents of the patch');
  const type = flag(ctx, 'type') ?? 'strategic';
  if (type !== 'strategic' && type !== 'merge' && type !== 'json') return fail(ctx.io, `error: --type must be one of [json merge strategic], not "${type}"`);
  let body: unknown;
  try {
    body = parseYaml(text);
  } catch (e) {
    return fail(ctx.io, `error: unable to parse "${text}": ${(e as Error).message.split('\n')[0]}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) !== (type === 'json')) return fail(ctx.io, `error: unable to parse "${text}": ${type === 'json' ? 'a JSON patch is a list of operations' : 'a patch must be a JSON object'}`);
  const subresource = flag(ctx, 'subresource');
  if (subresource !== undefined && subresource !== 'status' && subresource !== 'scale') return fail(ctx.io, `error: invalid subresource value: "${subresource}". Must be one of [status scale]`);
  const before = yield* getObject(ctx, t.info, t.name);
  if (typeof before === 'number') return before;
  const after = yield* patch(ctx, t.info, t.name, body, type, subresource);
  if (typeof after === 'number') return after;
  const same = after.metadata?.resourceVersion === before.metadata?.resourceVersion;
  ctx.io.out(`${qualifiedName(t.info, t.name)} patched${same ? ' (no change)' : ''}\n`);
  return 0;
}
