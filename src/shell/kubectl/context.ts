/**
 * What every kubectl verb shares: the server from the kubeconfig, one request/response over the
 * simulated network with kubectl's connection errors, and the printing of a metav1.Status error
 * as cmdutil.CheckErr does.
 */
import type { ApiRequest, ApiResponse, KubeObject } from '../../cluster/apiserver/messages.ts';
import { closeCall, resolveHost, startKubeCall, type World } from '../../simulation/world.ts';
import { apiResource, type ApiResourceInfo } from '../../api/index.ts';
import type { CommandIO, Wait } from '../session.ts';
/** client-go's dialer gives up connecting after 30 s. */
const DIAL_TIMEOUT_MS = 30_000;
/** A bound on waiting for a reply from a server that vanished mid-request. */
const RESPONSE_WAIT_MS = 70_000;

export interface Ctx {
  io: CommandIO;
  w: World;
  server: { url: string; host: string | undefined; hostPort: string };
  flags: Record<string, string | true | string[]>;
  args: string[];
  /** The kubeconfig's current context's namespace (`kubectl config set-context --current --namespace=NS`), else `default`. */
  defaultNamespace?: string;
}


export function fail(io: CommandIO, text: string): number {
  io.err(text + '\n');
  return 1;
}

/** The server of the current context in the kubeconfig (or --server); kubectl falls back to localhost:8080. */
export function serverOf(io: CommandIO, kubeconfigServer: string | undefined, serverFlag?: string): Ctx['server'] {
  const s = io.session;
  // `-s, --server`: the address and port of the API server, overriding the kubeconfig's.
  const url = serverFlag ? (/^[a-z]+:\/\//.test(serverFlag) ? serverFlag : `https://${serverFlag}`) : (kubeconfigServer ?? 'http://localhost:8080');
  const hostPort = url.replace(/^[a-z]+:\/\//, '');
  const hostName = hostPort.replace(/:\d+$/, '');
  // A VIP is dialed as an address: the LAN decides at each packet which host has it now.
  const host = hostName === 'localhost' || hostName === '127.0.0.1' ? (hostPort.endsWith(':8080') ? undefined : s.host) : s.world.vips.includes(hostName) ? hostName : resolveHost(s.world, hostName);
  return { url, host, hostPort };
}

// ---------------------------------------------------------------------------------------------
// Talking to the apiserver.

export type CallOutcome = { ok: true; resp: ApiResponse } | { ok: false; printed: true };

export function* call(ctx: Ctx, req: ApiRequest): Generator<Wait, CallOutcome, void> {
  const { io, w, server } = ctx;
  if (!server.host) {
    io.err(`The connection to the server ${server.hostPort} was refused - did you specify the right host or port?\n`);
    return { ok: false, printed: true };
  }
  // kubectl's --validate=strict (the default since v1.27) asks the server to reject unknown fields.
  const sent: ApiRequest = req.verb === 'create' || req.verb === 'update' ? { ...req, fieldValidation: 'Strict' } : req;
  const c = startKubeCall(w, io.session.host, [{ label: server.hostPort, host: server.host }], sent, DIAL_TIMEOUT_MS + RESPONSE_WAIT_MS);
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
  const eof = c.eof === true;
  closeCall(w, c.port);
  if (!resp && eof) {
    // HAProxy accepted the connection and closed it (no apiserver UP): client-go reads EOF.
    io.err('Unable to connect to the server: EOF\n');
    return { ok: false, printed: true };
  }
  if (!resp) {
    io.err('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n');
    return { ok: false, printed: true };
  }
  return { ok: true, resp };
}

/**
 * One request whose answer is an object: the object, or the exit code once kubectl's error has
 * been printed (a connection error by `call`, a Status by printStatusError).
 */
export function* callForObject(ctx: Ctx, req: ApiRequest): Generator<Wait, KubeObject | number, void> {
  const out = yield* call(ctx, req);
  if (!out.ok) return 1;
  if (!out.resp.ok) return printStatusError(ctx.io, out.resp);
  return out.resp.body as KubeObject;
}

/**
 * kubectl's rendering of a metav1.Status error (cmdutil.CheckErr / StandardErrorMessage). With
 * `source` (create/apply -f), the message is prefixed as cmdutil.AddSourceToErr does:
 * `error when creating "web.yaml": ...`; an Invalid error prints its causes instead.
 */
export function printStatusError(io: CommandIO, resp: ApiResponse & { ok: false }, source?: { verb: string; file: string }): number {
  const { reason } = resp.status;
  const message = source && reason !== 'Invalid' ? `error when ${source.verb} ${JSON.stringify(source.file)}: ${resp.status.message}` : resp.status.message;
  if (reason === 'Invalid') io.err(`${message}\n`);
  else if (reason === '') io.err(`Error from server: ${message}\n`);
  else io.err(`Error from server (${reason}): ${message}\n`);
  return 1;
}

export function namespaceOf(ctx: Ctx): string {
  return (ctx.flags['namespace'] as string | undefined) ?? ctx.defaultNamespace ?? 'default';
}

export function resolveOrFail(ctx: Ctx, arg: string | undefined): ApiResourceInfo | number {
  if (!arg) return fail(ctx.io, 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.');
  const info = apiResource(arg);
  if (!info) return fail(ctx.io, `error: the server doesn't have a resource type "${arg}"`);
  return info;
}

