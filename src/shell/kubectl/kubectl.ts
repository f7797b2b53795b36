/**
 * kubectl (v1.32) against the simulated apiserver: the server comes from ~/.kube/config (or
 * $KUBECONFIG) on the host the terminal is on, requests cross the simulated network, and
 * failures read as kubectl prints them. This first increment covers namespaces and configmaps:
 * get, create, apply, delete, and the health endpoints.
 */
import { parseAllDocuments } from 'yaml';
import { normalizePath } from '../../cluster/host/host.ts';
import type { ApiRequest, ApiResponse, KubeObject } from '../../cluster/apiserver/messages.ts';
import { closeCall, resolveHost, startKubeCall, type World } from '../../simulation/world.ts';
import { apiResource, type ApiResourceInfo } from '../../api/index.ts';
import { parseFlags } from '../parse.ts';
import type { CommandIO, Program, Wait } from '../session.ts';
import { noResourcesFound, printObjects, printTable } from './printers.ts';

const VALUE_FLAGS = new Set(['namespace', 'output', 'filename', 'from-literal', 'kubeconfig', 'raw', 'selector', 'request-timeout']);
const BOOL_FLAGS = new Set(['all-namespaces', 'no-headers', 'show-labels', 'help', 'wait']);
const SHORT: Record<string, string> = { n: 'namespace', o: 'output', f: 'filename', A: 'all-namespaces', l: 'selector', h: 'help' };

/** client-go's dialer gives up connecting after 30 s. */
const DIAL_TIMEOUT_MS = 30_000;
/** A bound on waiting for a reply from a server that vanished mid-request. */
const RESPONSE_WAIT_MS = 70_000;

interface Ctx {
  io: CommandIO;
  w: World;
  server: { url: string; host: string | undefined; hostPort: string };
  flags: Record<string, string | true | string[]>;
  args: string[];
}

export function* kubectl(args: string[], io: CommandIO): Program {
  const literalValues = args.flatMap((a, i) => (a === '--from-literal' ? [args[i + 1]!] : a.startsWith('--from-literal=') ? [a.slice('--from-literal='.length)] : []));
  const parsed = parseFlags(args, VALUE_FLAGS, SHORT);
  if ('error' in parsed) return fail(io, `error: ${parsed.error}`);
  for (const f of Object.keys(parsed.flags)) if (!VALUE_FLAGS.has(f) && !BOOL_FLAGS.has(f)) return fail(io, `error: unknown flag: --${f}\nSee 'kubectl --help' for usage.`);
  const [verb, ...rest] = parsed.positional;
  if (!verb || parsed.flags['help'] === true) {
    io.out('kubectl controls the Kubernetes cluster manager.\n\nModelled so far: get, create namespace|configmap, apply -f, delete, version, cluster-info, get --raw /healthz|/readyz|/livez\n');
    return 0;
  }
  const server = serverOf(io, parsed.flags['kubeconfig'] as string | undefined);
  const ctx: Ctx = { io, w: io.session.world, server, flags: { ...parsed.flags, 'from-literal': literalValues }, args: rest };
  switch (verb) {
    case 'get':
      return yield* get(ctx);
    case 'create':
      return yield* create(ctx);
    case 'apply':
      return yield* apply(ctx);
    case 'delete':
      return yield* del(ctx);
    case 'version':
      return yield* version(ctx);
    case 'cluster-info':
      return yield* clusterInfo(ctx);
    default:
      return fail(io, `error: unknown command "${verb}" for "kubectl"\nRun 'kubectl --help' for usage.`);
  }
}

function fail(io: CommandIO, text: string): number {
  io.err(text + '\n');
  return 1;
}

/** The server of the current context in the kubeconfig; kubectl falls back to localhost:8080. */
function serverOf(io: CommandIO, explicit: string | undefined): Ctx['server'] {
  const s = io.session;
  const path = explicit ?? s.env['KUBECONFIG'] ?? '/root/.kube/config';
  const node = s.world.hosts[s.host]!.fs[normalizePath(s.cwd, path)];
  const match = node?.type === 'file' ? /server:\s*(\S+)/.exec(node.content) : null;
  const url = match?.[1] ?? 'http://localhost:8080';
  const hostPort = url.replace(/^[a-z]+:\/\//, '');
  const hostName = hostPort.replace(/:\d+$/, '');
  const host = hostName === 'localhost' || hostName === '127.0.0.1' ? (hostPort.endsWith(':8080') ? undefined : s.host) : resolveHost(s.world, hostName);
  return { url, host, hostPort };
}

// ---------------------------------------------------------------------------------------------
// Talking to the apiserver.

type CallOutcome = { ok: true; resp: ApiResponse } | { ok: false; printed: true };

function* call(ctx: Ctx, req: ApiRequest): Generator<Wait, CallOutcome, void> {
  const { io, w, server } = ctx;
  if (!server.host) {
    io.err(`The connection to the server ${server.hostPort} was refused - did you specify the right host or port?\n`);
    return { ok: false, printed: true };
  }
  const c = startKubeCall(w, io.session.host, [{ label: server.hostPort, host: server.host }], req, DIAL_TIMEOUT_MS + RESPONSE_WAIT_MS);
  const dialDeadline = w.kernel.now + DIAL_TIMEOUT_MS;
  // Connect: a refused connection fails at once; no answer at all fails after the dial timeout.
  while (c.state === 'connecting' && c.refused.length === 0 && w.kernel.now < dialDeadline) yield { type: 'until', atMs: Math.min(dialDeadline, w.kernel.now + 5) };
  if (c.state === 'connecting') {
    closeCall(w, c.port);
    if (c.refused.length > 0) io.err(`The connection to the server ${server.hostPort} was refused - did you specify the right host or port?\n`);
    else io.err(`Unable to connect to the server: dial tcp ${server.hostPort}: i/o timeout\n`);
    return { ok: false, printed: true };
  }
  yield { type: 'calls', ports: [c.port] };
  const resp = c.responses[0] as ApiResponse | undefined;
  closeCall(w, c.port);
  if (!resp) {
    io.err('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n');
    return { ok: false, printed: true };
  }
  return { ok: true, resp };
}

/** kubectl's rendering of a metav1.Status error (cmdutil.CheckErr / StandardErrorMessage). */
function printStatusError(io: CommandIO, resp: ApiResponse & { ok: false }): number {
  const { reason, message } = resp.status;
  if (reason === 'Invalid') io.err(`${message}\n`);
  else if (reason === '') io.err(`Error from server: ${message}\n`);
  else io.err(`Error from server (${reason}): ${message}\n`);
  return 1;
}

function namespaceOf(ctx: Ctx): string {
  return (ctx.flags['namespace'] as string | undefined) ?? 'default';
}

function resolveOrFail(ctx: Ctx, arg: string | undefined): ApiResourceInfo | number {
  if (!arg) return fail(ctx.io, 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.');
  const info = apiResource(arg);
  if (!info) return fail(ctx.io, `error: the server doesn't have a resource type "${arg}"`);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Verbs.

function* get(ctx: Ctx): Program {
  const raw = ctx.flags['raw'];
  if (typeof raw === 'string') return yield* getRaw(ctx, raw);
  const [typeArg, name] = ctx.args;
  const info = resolveOrFail(ctx, typeArg?.split('/')[0]);
  if (typeof info === 'number') return info;
  const objName = name ?? typeArg?.split('/')[1];
  const all = ctx.flags['all-namespaces'] === true;
  const ns = info.namespaced && !all ? namespaceOf(ctx) : undefined;
  const req: ApiRequest = objName ? { verb: 'get', resource: info.resource, name: objName, ...(ns ? { namespace: ns } : {}) } : { verb: 'list', resource: info.resource, ...(ns ? { namespace: ns } : {}) };
  const out = yield* call(ctx, req);
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  const items = objName ? [out.resp.body as KubeObject] : (((out.resp.body as KubeObject).items as KubeObject[] | undefined) ?? []);
  const format = (ctx.flags['output'] as string | undefined) ?? '';
  if (items.length === 0 && !objName && format !== 'yaml' && format !== 'json') {
    ctx.io.err(noResourcesFound(info.namespaced && !all ? ns : undefined) + '\n');
    return 0;
  }
  if (format === '' || format === 'wide') {
    ctx.io.out(printTable(info.resource, items, { nowMs: ctx.w.kernel.now, wide: format === 'wide', allNamespaces: all && info.namespaced, showLabels: ctx.flags['show-labels'] === true, noHeaders: ctx.flags['no-headers'] === true }));
    return 0;
  }
  if (format !== 'yaml' && format !== 'json' && format !== 'name') return fail(ctx.io, `error: unable to match a printer suitable for the output format "${format}", allowed formats are: json,name,wide,yaml`);
  ctx.io.out(printObjects(items, format, !objName));
  return 0;
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

function* create(ctx: Ctx): Program {
  const [kind, name] = ctx.args;
  if (kind === 'namespace' || kind === 'ns') {
    if (!name) return fail(ctx.io, 'error: exactly one NAME is required, got 0\nSee \'kubectl create namespace -h\' for help and examples');
    return yield* createObject(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'created');
  }
  if (kind === 'configmap' || kind === 'cm') {
    if (!name) return fail(ctx.io, 'error: exactly one NAME is required, got 0\nSee \'kubectl create configmap -h\' for help and examples');
    const data: Record<string, string> = {};
    for (const lit of ctx.flags['from-literal'] as string[]) {
      const eq = lit.indexOf('=');
      if (eq <= 0) return fail(ctx.io, `error: invalid literal source ${lit}, expected key=value`);
      data[lit.slice(0, eq)] = lit.slice(eq + 1);
    }
    return yield* createObject(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: namespaceOf(ctx) }, data }, 'created');
  }
  if (kind === '-f' || ctx.flags['filename'] !== undefined) return yield* apply(ctx);
  return fail(ctx.io, kind ? `error: unknown command "${kind}" for "kubectl create"` : 'error: must specify one of -f and -k');
}

function* createObject(ctx: Ctx, obj: KubeObject, verbPast: string): Program {
  const info = apiResource(obj.kind ?? '');
  if (!info) return fail(ctx.io, `error: resource mapping not found for name: "${obj.metadata?.name}" namespace: "" from "STDIN": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  const ns = info.namespaced ? (obj.metadata?.namespace ?? namespaceOf(ctx)) : undefined;
  const out = yield* call(ctx, { verb: 'create', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: obj });
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  ctx.io.out(`${info.kind.toLowerCase()}/${obj.metadata?.name} ${verbPast}\n`);
  return 0;
}

/** kubectl apply: create what is missing, update what differs, leave the rest unchanged. */
function* apply(ctx: Ctx): Program {
  const file = ctx.flags['filename'];
  if (typeof file !== 'string') return fail(ctx.io, 'error: must specify one of -f and -k');
  let text: string;
  if (file === '-') text = ctx.io.stdin;
  else {
    const node = ctx.w.hosts[ctx.io.session.host]!.fs[normalizePath(ctx.io.session.cwd, file)];
    if (!node || node.type !== 'file') return fail(ctx.io, `error: the path "${file}" does not exist`);
    text = node.content;
  }
  const docs = parseAllDocuments(text);
  let status = 0;
  for (const doc of docs) {
    if (doc.errors.length > 0) return fail(ctx.io, `error: error parsing ${file === '-' ? 'STDIN' : file}: error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
    const obj = doc.toJS() as KubeObject | null;
    if (!obj) continue;
    status = Math.max(status, yield* applyOne(ctx, obj, file === '-' ? 'STDIN' : file));
  }
  return status;
}

function* applyOne(ctx: Ctx, obj: KubeObject, source: string): Program {
  const info = obj.kind ? apiResource(obj.kind) : undefined;
  if (!obj.kind || !obj.apiVersion) return fail(ctx.io, `error: error validating "${source}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!info) return fail(ctx.io, `error: resource mapping not found for name: "${obj.metadata?.name}" namespace: "" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
  const ns = info.namespaced ? (obj.metadata?.namespace ?? namespaceOf(ctx)) : undefined;
  const name = obj.metadata?.name ?? '';
  const current = yield* call(ctx, { verb: 'get', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
  if (!current.ok) return 1;
  if (!current.resp.ok && current.resp.status.reason !== 'NotFound') return printStatusError(ctx.io, current.resp);
  const label = `${info.kind.toLowerCase()}/${name}`;
  if (!current.resp.ok) {
    const created = yield* call(ctx, { verb: 'create', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: obj });
    if (!created.ok) return 1;
    if (!created.resp.ok) return printStatusError(ctx.io, created.resp);
    ctx.io.out(`${label} created\n`);
    return 0;
  }
  const live = current.resp.body as KubeObject;
  if (sameContent(live, obj)) {
    ctx.io.out(`${label} unchanged\n`);
    return 0;
  }
  const updated = yield* call(ctx, { verb: 'update', resource: info.resource, ...(ns ? { namespace: ns } : {}), body: { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata?.resourceVersion } } });
  if (!updated.ok) return 1;
  if (!updated.resp.ok) return printStatusError(ctx.io, updated.resp);
  ctx.io.out(`${label} configured\n`);
  return 0;
}

/** Whether applying would change nothing: the fields the user set already have those values. */
function sameContent(live: KubeObject, desired: KubeObject): boolean {
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || k === 'status') continue;
    if (JSON.stringify(live[k]) !== JSON.stringify(v)) return false;
  }
  const want = desired.metadata ?? {};
  return JSON.stringify(want.labels ?? {}) === JSON.stringify(live.metadata?.labels ?? {});
}

function* del(ctx: Ctx): Program {
  const [typeArg, ...names] = ctx.args;
  const info = resolveOrFail(ctx, typeArg?.split('/')[0]);
  if (typeof info === 'number') return info;
  const all = typeArg?.includes('/') ? [typeArg.split('/')[1]!, ...names] : names;
  if (all.length === 0) return fail(ctx.io, 'error: resource(s) were provided, but no name was specified');
  const ns = info.namespaced ? namespaceOf(ctx) : undefined;
  let status = 0;
  for (const name of all) {
    const out = yield* call(ctx, { verb: 'delete', resource: info.resource, name, ...(ns ? { namespace: ns } : {}) });
    if (!out.ok) return 1;
    if (!out.resp.ok) {
      status = printStatusError(ctx.io, out.resp);
      continue;
    }
    ctx.io.out(`${info.kind.toLowerCase()} "${name}" deleted\n`);
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
