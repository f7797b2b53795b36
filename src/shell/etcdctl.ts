/**
 * etcdctl (v3 API, 3.5) and etcdutl, talking to the simulated members over the simulated
 * network. Output formats follow the recorded real runs (reference §13): simple, json, fields
 * (get) and table; client timeouts (--command-timeout 5 s), retries and the zap warn lines.
 *
 * Not modelled: TLS (the --cacert/--cert/--key flags are accepted and ignored), auth, leases.
 */
import { isoTimestamp } from '../kernel/index.ts';
import { compareHexIds, goDuration, hexToDecimal, humanizeBytes, jsonOut, raw, renderTable, zapLine, base64 } from './printers.ts';
import { parseFlags, type ParsedFlags } from './parse.ts';
import { parseDurationArg } from './commands.ts';
import type { CommandIO, Program } from './session.ts';
import { closeCall, resolveHost, startCall, type ClientCall, type World } from '../simulation/world.ts';
import { ETCD_VERSION, prefixRangeEnd, type EtcdRequest, type EtcdResponse, type KeyValueView, type MemberView, type ResponseHeader, type StatusView, type CompareView, type TxnOpView } from '../cluster/etcd/messages.ts';
import { parseInitialCluster, restoreFromSnapshot, type BackendSnapshot } from '../cluster/etcd/durable.ts';
import { cloneStore, hashStore, storedRevisionCount, valueText } from '../cluster/etcd/mvcc/store.ts';
import { mkdirp, normalizePath, parentOf } from '../cluster/host/host.ts';

const GLOBAL_VALUE_FLAGS = ['endpoints', 'command-timeout', 'dial-timeout', 'cacert', 'cert', 'key', 'write-out', 'user', 'password', 'keepalive-time', 'keepalive-timeout', 'discovery-srv'];
const GLOBAL_BOOL_FLAGS = ['insecure-skip-tls-verify', 'insecure-transport', 'hex', 'debug', 'help'];

interface CommandSpec {
  valueFlags: string[];
  boolFlags: string[];
}

const SPECS: Record<string, CommandSpec> = {
  put: { valueFlags: ['lease'], boolFlags: ['prev-kv', 'ignore-value', 'ignore-lease'] },
  get: { valueFlags: ['consistency', 'rev', 'limit', 'order', 'sort-by'], boolFlags: ['prefix', 'from-key', 'print-value-only', 'keys-only', 'count-only'] },
  del: { valueFlags: [], boolFlags: ['prefix', 'from-key', 'prev-kv'] },
  watch: { valueFlags: ['rev'], boolFlags: ['prefix', 'prev-kv', 'interactive', 'progress-notify'] },
  txn: { valueFlags: [], boolFlags: ['interactive'] },
  compaction: { valueFlags: [], boolFlags: ['physical'] },
  'member list': { valueFlags: [], boolFlags: [] },
  'member add': { valueFlags: ['peer-urls'], boolFlags: ['learner'] },
  'member remove': { valueFlags: [], boolFlags: [] },
  'member promote': { valueFlags: [], boolFlags: [] },
  'endpoint status': { valueFlags: [], boolFlags: ['cluster'] },
  'endpoint health': { valueFlags: [], boolFlags: ['cluster'] },
  'snapshot save': { valueFlags: [], boolFlags: [] },
  'snapshot status': { valueFlags: [], boolFlags: [] },
  'snapshot restore': { valueFlags: ['name', 'data-dir', 'wal-dir', 'initial-cluster', 'initial-cluster-token', 'initial-advertise-peer-urls'], boolFlags: ['skip-hash-check', 'mark-compacted'] },
  version: { valueFlags: [], boolFlags: [] },
  'alarm list': { valueFlags: [], boolFlags: [] },
};

const SUBCOMMAND_GROUPS = ['member', 'endpoint', 'snapshot', 'alarm'];

/** Commands whose output has no table form (the table printer rejects them). */
const TABLE_UNSUPPORTED = new Set(['put', 'get', 'del', 'txn', 'watch', 'compaction']);
const EXIT_BAD_FEATURE = 4;

interface Ctx {
  io: CommandIO;
  w: World;
  flags: ParsedFlags['flags'];
  args: string[];
  endpoints: { label: string; host: string }[];
  timeoutMs: number;
  format: string;
  tool: 'etcdctl' | 'etcdutl';
}

function fail(io: CommandIO, message: string, code = 1): number {
  io.err(`Error: ${message}\n`);
  return code;
}

function resolveCommand(positional: string[]): { name: string; rest: string[] } | undefined {
  const [a, b] = positional;
  if (a === undefined) return undefined;
  if (SUBCOMMAND_GROUPS.includes(a) && b !== undefined) return { name: `${a} ${b}`, rest: positional.slice(2) };
  return { name: a, rest: positional.slice(1) };
}

function usage(tool: string): string {
  return `NAME:\n\t${tool} - A simple command line client for etcd3.\n\nUSAGE:\n\t${tool} [flags]\n\nVERSION:\n\t${ETCD_VERSION}\n\nAPI VERSION:\n\t3.5\n\nCOMMANDS:\n\tcompaction\tCompacts the event history in etcd\n\tdel\t\tRemoves the specified key or range of keys [key, range_end)\n\tendpoint health\tChecks the healthiness of endpoints specified in \`--endpoints\` flag\n\tendpoint status\tPrints out the status of endpoints specified in \`--endpoints\` flag\n\tget\t\tGets the key or a range of keys\n\tmember add\tAdds a member into the cluster\n\tmember list\tLists all members in the cluster\n\tmember promote\tPromotes a non-voting member in the cluster\n\tmember remove\tRemoves a member from the cluster\n\tput\t\tPuts the given key into the store\n\tsnapshot restore\tRestores an etcd member snapshot to an etcd directory\n\tsnapshot save\tStores an etcd node backend snapshot to a given file\n\tsnapshot status\tGets backend snapshot status of a given file\n\ttxn\t\tTxn processes all the requests in one transaction\n\tversion\t\tPrints the version of etcdctl\n\twatch\t\tWatches events stream on keys or prefixes\n`;
}

export function* etcdctl(args: string[], io: CommandIO): Program {
  return yield* runTool('etcdctl', args, io);
}

export function* etcdutl(args: string[], io: CommandIO): Program {
  return yield* runTool('etcdutl', args, io);
}

function* runTool(tool: 'etcdctl' | 'etcdutl', args: string[], io: CommandIO): Program {
  const w = io.session.world;
  const positionalGuess = args.filter((a) => !a.startsWith('-'));
  const cmd = resolveCommand(positionalGuess);
  if (!cmd || args.includes('--help') || args.includes('-h')) {
    io.out(usage(tool));
    return 0;
  }
  const spec = SPECS[cmd.name];
  if (!spec || (tool === 'etcdutl' && !cmd.name.startsWith('snapshot'))) {
    const shown = cmd.name.split(' ')[0]!;
    const known = SPECS[shown] === undefined && !SUBCOMMAND_GROUPS.includes(shown);
    if (known || tool === 'etcdutl') return fail(io, `unknown command "${shown}" for "${tool}"\nRun '${tool} --help' for usage.`);
    return fail(io, `unknown command "${cmd.name.split(' ')[1]}" for "${tool} ${shown}"\nRun '${tool} ${shown} --help' for usage.`);
  }
  const valueFlags = new Set([...GLOBAL_VALUE_FLAGS, ...spec.valueFlags]);
  const parsed = parseFlags(args, valueFlags, { w: 'write-out', h: 'help' });
  if ('error' in parsed) return fail(io, parsed.error);
  const knownFlags = new Set([...valueFlags, ...GLOBAL_BOOL_FLAGS, ...spec.boolFlags]);
  for (const f of Object.keys(parsed.flags)) if (!knownFlags.has(f)) return fail(io, `unknown flag: --${f}`);
  const positional = parsed.positional.slice(cmd.name.split(' ').length);
  const endpointsFlag = (parsed.flags['endpoints'] as string | undefined) ?? io.session.env['ETCDCTL_ENDPOINTS'] ?? '127.0.0.1:2379';
  const endpoints: Ctx['endpoints'] = [];
  for (const label of endpointsFlag.split(',').filter(Boolean)) {
    const hostPart = label.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
    const host = hostPart === '127.0.0.1' || hostPart === 'localhost' ? io.session.host : resolveHost(w, hostPart);
    if (!host) return fail(io, `dial tcp: lookup ${hostPart}: no such host`);
    endpoints.push({ label, host });
  }
  const timeoutText = (parsed.flags['command-timeout'] as string | undefined) ?? '5s';
  const timeoutMs = parseDurationArg(timeoutText);
  if (timeoutMs === undefined) return fail(io, `invalid argument "${timeoutText}" for "--command-timeout" flag: time: invalid duration "${timeoutText}"`);
  const format = (parsed.flags['write-out'] as string | undefined) ?? 'simple';
  // etcdctl NewPrinter: an unknown format, or a format a command has no printer for, exits with
  // ExitBadFeature (4) (etcdctl/ctlv3/command/printer.go).
  if (!['simple', 'json', 'table', 'fields'].includes(format)) return fail(io, 'unsupported output format', EXIT_BAD_FEATURE);
  if (format === 'table' && TABLE_UNSUPPORTED.has(cmd.name)) return fail(io, 'table not supported as output format', EXIT_BAD_FEATURE);
  const ctx: Ctx = { io, w, flags: parsed.flags, args: positional, endpoints, timeoutMs, format, tool };
  switch (cmd.name) {
    case 'put':
      return yield* put(ctx);
    case 'get':
      return yield* get(ctx);
    case 'del':
      return yield* del(ctx);
    case 'watch':
      return yield* watch(ctx);
    case 'txn':
      return yield* txnCmd(ctx);
    case 'compaction':
      return yield* compaction(ctx);
    case 'member list':
      return yield* memberList(ctx);
    case 'member add':
      return yield* memberAdd(ctx);
    case 'member remove':
    case 'member promote':
      return yield* memberChange(ctx, cmd.name === 'member remove' ? 'remove' : 'promote');
    case 'endpoint status':
      return yield* endpointStatus(ctx);
    case 'endpoint health':
      return yield* endpointHealth(ctx);
    case 'snapshot save':
      return yield* snapshotSave(ctx);
    case 'snapshot status':
      return snapshotStatus(ctx);
    case 'snapshot restore':
      return snapshotRestore(ctx);
    case 'version':
      io.out(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
      return 0;
    case 'alarm list': {
      const call = yield* callOnce(ctx, ctx.endpoints, { rpc: 'Status' });
      return call.ok ? 0 : reportFailure(ctx, call);
    }
  }
  return fail(io, `unknown command "${cmd.name}"`);
}

// ---------------------------------------------------------------------------------------------
// Calls.

type CallResult = { ok: true; header: ResponseHeader; resp: EtcdResponse & { ok: true }; endpoint: string; tookMs: number } | { ok: false; message: string; code: string; endpoint: string; tookMs: number };

/** etcd clientv3 options.go: defaultUnaryMaxRetries = 100, defaultBackoffWaitBetween = 25 ms. */
const UNARY_MAX_RETRIES = 100;
const RETRY_BACKOFF_MS = 25;

/** Unary RPCs the client retries on Unavailable (etcd clientv3 retry policy for repeatable calls). */
function isRepeatable(req: EtcdRequest): boolean {
  return req.rpc === 'Range' || req.rpc === 'Status' || req.rpc === 'MemberList' || req.rpc === 'Health';
}

function* callOnce(ctx: Ctx, endpoints: Ctx['endpoints'], req: EtcdRequest): Generator<import('./session.ts').Wait, CallResult, void> {
  const w = ctx.w;
  const start = w.kernel.now;
  const deadline = start + ctx.timeoutMs;
  let attempt = 0;
  for (;;) {
    const call = startCall(w, ctx.io.session.host, endpoints, req, Math.max(0, deadline - w.kernel.now));
    yield { type: 'calls', ports: [call.port] };
    const result = resultOf(call, endpoints);
    closeCall(w, call.port);
    const retry = !result.ok && isRepeatable(req) && result.code === 'Unavailable' && attempt < UNARY_MAX_RETRIES && w.kernel.now + RETRY_BACKOFF_MS < deadline;
    if (!result.ok) ctx.io.err(warnLine(ctx, call, attempt, result));
    if (!retry) return { ...result, tookMs: w.kernel.now - start };
    // clientv3 waits between attempts (defaultBackoffWaitBetween) and gives up after
    // defaultUnaryMaxRetries, returning the last error.
    yield { type: 'until', atMs: w.kernel.now + RETRY_BACKOFF_MS };
    attempt++;
  }
}

function resultOf(call: ClientCall, endpoints: Ctx['endpoints']): CallResult {
  const ep = endpoints.find((e) => e.host === call.connectedTo)?.label ?? endpoints[0]?.label ?? '';
  const resp = call.responses[0] as EtcdResponse | undefined;
  if (call.timedOut || !resp) {
    const refused = call.refused.length === call.endpoints.length && call.endpoints.length > 0;
    return { ok: false, code: 'DeadlineExceeded', message: refused ? 'refused' : 'context deadline exceeded', endpoint: ep, tookMs: 0 };
  }
  if (!resp.ok) return { ok: false, code: resp.code, message: resp.message, endpoint: ep, tookMs: 0 };
  return { ok: true, header: resp.header, resp, endpoint: ep, tookMs: 0 };
}

function warnLine(ctx: Ctx, call: ClientCall, attempt: number, r: CallResult & { ok: false }): string {
  // clientv3 names its resolver target after the client's address in memory and the first
  // endpoint; the address here is derived from the call's start time so output is reproducible.
  const pointer = (0xc0001a0000 + (call.startedAt % 0xffff)).toString(16);
  const target = `etcd-endpoints://0x${pointer}/${call.endpoints[0]?.label ?? ''}`;
  let error: string;
  if (r.message === 'refused') {
    const ep = call.endpoints[0];
    const addr = ep ? `${ctx.w.hosts[ep.host]?.ip ?? ep.host}:2379` : '';
    error = `rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "transport: Error while dialing: dial tcp ${addr}: connect: connection refused"`;
  } else error = `rpc error: code = ${r.code} desc = ${r.message}`;
  return zapLine('warn', ctx.w.kernel.now, { logger: 'etcd-client', caller: `v3@v${ETCD_VERSION}/retry_interceptor.go:62`, msg: 'retrying of unary invoker failed', target, attempt, error });
}

/** etcdctl's final error line: etcd's own errors by their text, others as the gRPC status. */
function errorText(r: CallResult & { ok: false }): string {
  if (r.message === 'refused' || (r.code === 'DeadlineExceeded' && r.message === 'context deadline exceeded')) return 'context deadline exceeded';
  if (r.message.startsWith('etcdserver:')) return r.message;
  return `rpc error: code = ${r.code} desc = ${r.message}`;
}

function reportFailure(ctx: Ctx, r: CallResult & { ok: false }): number {
  return fail(ctx.io, errorText(r));
}

// ---------------------------------------------------------------------------------------------
// JSON shapes (protobuf JSON as etcdctl -w json prints it).

function headerJson(h: ResponseHeader) {
  return { cluster_id: raw(hexToDecimal(h.cluster_id)), member_id: raw(hexToDecimal(h.member_id)), revision: h.revision, raft_term: h.raft_term };
}

function kvJson(kv: KeyValueView) {
  const value = valueText(kv.value);
  return {
    key: base64(kv.key),
    create_revision: kv.create_revision || undefined,
    mod_revision: kv.mod_revision || undefined,
    version: kv.version || undefined,
    value: value ? base64(value) : undefined,
    lease: kv.lease || undefined,
  };
}

/** etcdctl printKV: the key (unless --print-value-only), then the value — an empty line with --keys-only. */
function printKv(io: CommandIO, kv: KeyValueView, valueOnly = false): void {
  if (!valueOnly) io.out(kv.key + '\n');
  io.out(valueText(kv.value) + '\n');
}

// ---------------------------------------------------------------------------------------------
// KV commands.

function* put(ctx: Ctx): Program {
  const [key, ...valueParts] = ctx.args;
  let value = valueParts[0];
  if (value === undefined && ctx.io.stdin !== '') value = ctx.io.stdin.replace(/\n$/, '');
  if (key === undefined || value === undefined || valueParts.length > 1) return fail(ctx.io, 'put command needs 1 argument and input from stdin or 2 arguments');
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'Put', key, value, prevKv: ctx.flags['prev-kv'] === true });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'Put'; prevKv?: KeyValueView };
  if (ctx.format === 'json') ctx.io.out(jsonOut({ header: headerJson(r.header), prev_kv: body.prevKv ? kvJson(body.prevKv) : undefined }) + '\n');
  else {
    ctx.io.out('OK\n');
    if (body.prevKv) printKv(ctx.io, body.prevKv);
  }
  return 0;
}

function rangeEndFor(ctx: Ctx, key: string, explicit: string | undefined): string | undefined {
  if (ctx.flags['prefix'] === true) return prefixRangeEnd(key);
  if (ctx.flags['from-key'] === true) return '\0';
  return explicit;
}

function* get(ctx: Ctx): Program {
  const [key, end] = ctx.args;
  if (key === undefined || ctx.args.length > 2) return fail(ctx.io, 'get command needs one argument as key and an optional argument as range_end');
  const consistency = (ctx.flags['consistency'] as string | undefined) ?? 'l';
  if (consistency !== 'l' && consistency !== 's') return fail(ctx.io, `unknown consistency flag "${consistency}"`);
  const rev = ctx.flags['rev'] !== undefined ? Number(ctx.flags['rev']) : undefined;
  const limit = ctx.flags['limit'] !== undefined ? Number(ctx.flags['limit']) : undefined;
  const rangeEnd = rangeEndFor(ctx, key, end);
  const req: EtcdRequest = {
    rpc: 'Range',
    key,
    serializable: consistency === 's',
    ...(rangeEnd !== undefined ? { rangeEnd } : {}),
    ...(rev !== undefined ? { revision: rev } : {}),
    ...(limit !== undefined && limit > 0 ? { limit } : {}),
    ...(ctx.flags['count-only'] === true ? { countOnly: true } : {}),
    ...(ctx.flags['keys-only'] === true ? { keysOnly: true } : {}),
  };
  const r = yield* callOnce(ctx, ctx.endpoints, req);
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'Range'; kvs: KeyValueView[]; count: number; more: boolean };
  if (ctx.format === 'json') {
    ctx.io.out(jsonOut({ header: headerJson(r.header), kvs: body.kvs.length ? body.kvs.map(kvJson) : undefined, more: body.more || undefined, count: body.count || undefined }) + '\n');
  } else if (ctx.format === 'fields') {
    const h = r.header;
    const lines = [`"ClusterID" : ${hexToDecimal(h.cluster_id)}`, `"MemberID" : ${hexToDecimal(h.member_id)}`, `"Revision" : ${h.revision}`, `"RaftTerm" : ${h.raft_term}`];
    for (const kv of body.kvs) lines.push(`"Key" : ${JSON.stringify(kv.key)}`, `"CreateRevision" : ${kv.create_revision}`, `"ModRevision" : ${kv.mod_revision}`, `"Version" : ${kv.version}`, `"Value" : ${JSON.stringify(valueText(kv.value))}`, `"Lease" : ${kv.lease}`);
    lines.push(`"More" : ${body.more}`, `"Count" : ${body.count}`);
    ctx.io.out(lines.join('\n') + '\n');
  } else if (ctx.flags['count-only'] === true) {
    ctx.io.out(`${body.count}\n`);
  } else {
    for (const kv of body.kvs) printKv(ctx.io, kv, ctx.flags['print-value-only'] === true);
  }
  return 0;
}

function* del(ctx: Ctx): Program {
  const [key, end] = ctx.args;
  if (key === undefined || ctx.args.length > 2) return fail(ctx.io, 'del command needs one argument as key and an optional argument as range_end');
  const rangeEnd = rangeEndFor(ctx, key, end);
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'DeleteRange', key, ...(rangeEnd !== undefined ? { rangeEnd } : {}), prevKv: ctx.flags['prev-kv'] === true });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'DeleteRange'; deleted: number; prevKvs: KeyValueView[] };
  if (ctx.format === 'json') ctx.io.out(jsonOut({ header: headerJson(r.header), deleted: body.deleted || undefined, prev_kvs: body.prevKvs.length ? body.prevKvs.map(kvJson) : undefined }) + '\n');
  else {
    ctx.io.out(`${body.deleted}\n`);
    for (const kv of body.prevKvs) printKv(ctx.io, kv);
  }
  return 0;
}

function* compaction(ctx: Ctx): Program {
  const rev = Number(ctx.args[0]);
  if (ctx.args.length !== 1 || !Number.isInteger(rev)) return fail(ctx.io, 'compaction command needs 1 argument');
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'Compact', revision: rev });
  if (!r.ok) return reportFailure(ctx, r);
  ctx.io.out(`compacted revision ${rev}\n`);
  return 0;
}

function* watch(ctx: Ctx): Program {
  const [key, end] = ctx.args;
  if (key === undefined) return fail(ctx.io, 'watch in non-interactive mode requires one argument as key or prefix, with range end');
  const rangeEnd = rangeEndFor(ctx, key, end);
  const rev = ctx.flags['rev'] !== undefined ? Number(ctx.flags['rev']) : undefined;
  const w = ctx.w;
  const call = startCall(w, ctx.io.session.host, ctx.endpoints.slice(0, 1), { rpc: 'Watch', key, ...(rangeEnd !== undefined ? { rangeEnd } : {}), ...(rev !== undefined ? { startRevision: rev } : {}), prevKv: ctx.flags['prev-kv'] === true }, Infinity, true);
  let seen = 0;
  for (;;) {
    yield { type: 'stream', port: call.port, seen };
    while (seen < call.responses.length) {
      const resp = call.responses[seen++] as EtcdResponse;
      if (!resp.ok) continue;
      const body = resp.body as { rpc: 'Watch'; events: { type: 'PUT' | 'DELETE'; kv: KeyValueView; prevKv?: KeyValueView }[]; canceled?: boolean; cancelReason?: string };
      if (body.canceled) {
        closeCall(w, call.port);
        ctx.io.out(`watch was canceled (${body.cancelReason})\n`);
        ctx.io.err('Error: watch is canceled by the server\n');
        return 5;
      }
      for (const e of body.events) {
        if (ctx.format === 'json') {
          ctx.io.out(jsonOut({ Header: headerJson(resp.header), Events: [{ type: e.type === 'DELETE' ? 1 : undefined, kv: kvJson(e.kv), prev_kv: e.prevKv ? kvJson(e.prevKv) : undefined }], CompactRevision: 0, Canceled: false, Created: false }) + '\n');
          continue;
        }
        ctx.io.out(`${e.type}\n`);
        if (e.prevKv) printKv(ctx.io, e.prevKv);
        printKv(ctx.io, e.kv);
      }
    }
    if (ctx.io.session.interrupted) {
      closeCall(w, call.port);
      return 130;
    }
    if (call.state === 'done') {
      closeCall(w, call.port);
      return fail(ctx.io, 'watch is canceled by the server', 5);
    }
  }
}

// txn: compares, a blank line, success ops, a blank line, failure ops (etcdctl's non-interactive txn).
function parseTxn(text: string): { compare: CompareView[]; success: TxnOpView[]; failure: TxnOpView[] } | { error: string } {
  const sections: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line.trim() === '') sections.push([]);
    else sections[sections.length - 1]!.push(line.trim());
  }
  const [cmps = [], succ = [], fail = []] = sections.filter((s, i) => s.length > 0 || i < 3);
  const compare: CompareView[] = [];
  for (const c of cmps) {
    const m = /^(mod|create|version|value|ver|c|m|val)\("([^"]*)"\)\s*(=|!=|<|>)\s*"?([^"]*)"?$/.exec(c);
    if (!m) return { error: `malformed comparison: ${c}; got "${c}"` };
    const targets: Record<string, CompareView['target']> = { mod: 'MOD', m: 'MOD', create: 'CREATE', c: 'CREATE', version: 'VERSION', ver: 'VERSION', value: 'VALUE', val: 'VALUE' };
    const results: Record<string, CompareView['result']> = { '=': 'EQUAL', '!=': 'NOT_EQUAL', '<': 'LESS', '>': 'GREATER' };
    const target = targets[m[1]!]!;
    const result = results[m[3]!]!;
    compare.push({ key: m[2]!, target, result, value: target === 'VALUE' ? m[4]! : Number(m[4]) });
  }
  const ops = (lines: string[]): TxnOpView[] | { error: string } => {
    const out: TxnOpView[] = [];
    for (const l of lines) {
      const parts = l.split(/\s+/);
      if (parts[0] === 'put' && parts.length === 3) out.push({ type: 'put', key: parts[1]!, value: parts[2]! });
      else if ((parts[0] === 'del' || parts[0] === 'delete') && parts.length >= 2) out.push({ type: 'delete', key: parts[1]! });
      else if (parts[0] === 'get' && parts.length >= 2) out.push({ type: 'range', key: parts[1]! });
      else return { error: `invalid txn request: ${l}` };
    }
    return out;
  };
  const success = ops(succ);
  if ('error' in success) return success;
  const failure = ops(fail);
  if ('error' in failure) return failure;
  return { compare, success, failure };
}

function* txnCmd(ctx: Ctx): Program {
  const parsed = parseTxn(ctx.io.stdin);
  if ('error' in parsed) return fail(ctx.io, parsed.error);
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'Txn', ...parsed });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'Txn'; succeeded: boolean; responses: unknown[] };
  ctx.io.out(body.succeeded ? 'SUCCESS\n' : 'FAILURE\n');
  const ops = body.succeeded ? parsed.success : parsed.failure;
  for (const [i, op] of ops.entries()) {
    ctx.io.out('\n');
    const resp = body.responses[i] as { kvs?: KeyValueView[]; deleted?: number } | undefined;
    if (op.type === 'put') ctx.io.out('OK\n');
    else if (op.type === 'delete') ctx.io.out(`${resp?.deleted ?? 0}\n`);
    else for (const kv of resp?.kvs ?? []) printKv(ctx.io, kv);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Members.

function memberRow(m: MemberView): string[] {
  return [m.id, m.name ? 'started' : 'unstarted', m.name, m.peerUrls.join(','), m.clientUrls.join(','), String(m.isLearner)];
}

function printMembers(ctx: Ctx, header: ResponseHeader, members: MemberView[]): void {
  const sorted = [...members].sort((a, b) => compareHexIds(a.id, b.id));
  if (ctx.format === 'table') {
    ctx.io.out(renderTable(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], sorted.map(memberRow)));
  } else if (ctx.format === 'json') {
    ctx.io.out(jsonOut({ header: headerJson(header), members: sorted.map((m) => ({ ID: raw(hexToDecimal(m.id)), name: m.name || undefined, peerURLs: m.peerUrls, clientURLs: m.clientUrls.length ? m.clientUrls : undefined, isLearner: m.isLearner || undefined })) }) + '\n');
  } else {
    for (const m of sorted) ctx.io.out(memberRow(m).join(', ') + '\n');
  }
}

function* memberList(ctx: Ctx): Program {
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'MemberList' });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'MemberList'; members: MemberView[] };
  printMembers(ctx, r.header, body.members);
  return 0;
}

function* memberAdd(ctx: Ctx): Program {
  const [name] = ctx.args;
  if (name === undefined || ctx.args.length !== 1) return fail(ctx.io, 'member name not provided');
  const urls = ctx.flags['peer-urls'];
  if (typeof urls !== 'string' || urls === '') return fail(ctx.io, 'member peer urls not provided');
  const peerUrls = urls.split(',');
  const learner = ctx.flags['learner'] === true;
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'MemberAdd', peerUrls, isLearner: learner });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'MemberAdd'; member: MemberView; members: MemberView[] };
  ctx.io.out(`Member ${body.member.id.padStart(16)} added to cluster ${r.header.cluster_id.padStart(16)}\n\n`);
  const initial = body.members.map((m) => (m.id === body.member.id ? `${name}=${peerUrls.join(',')}` : m.name ? m.peerUrls.map((u) => `${m.name}=${u}`).join(',') : '')).filter(Boolean);
  // The new member first, as etcdctl prints it.
  initial.sort((a, b) => (a.startsWith(`${name}=`) ? -1 : b.startsWith(`${name}=`) ? 1 : 0));
  ctx.io.out(`ETCD_NAME="${name}"\nETCD_INITIAL_CLUSTER="${initial.join(',')}"\nETCD_INITIAL_ADVERTISE_PEER_URLS="${peerUrls.join(',')}"\nETCD_INITIAL_CLUSTER_STATE="existing"\n`);
  return 0;
}

function* memberChange(ctx: Ctx, change: 'remove' | 'promote'): Program {
  const [idText] = ctx.args;
  if (idText === undefined || ctx.args.length !== 1) return fail(ctx.io, 'member ID is not provided');
  if (!/^[0-9a-fA-F]{1,16}$/.test(idText)) return fail(ctx.io, `bad member ID arg (strconv.ParseUint: parsing "${idText}": invalid syntax), expecting ID in Hex`);
  const id = idText.toLowerCase().replace(/^0+(?=.)/, '');
  const r = yield* callOnce(ctx, ctx.endpoints, change === 'remove' ? { rpc: 'MemberRemove', id } : { rpc: 'MemberPromote', id });
  if (!r.ok) return reportFailure(ctx, r);
  ctx.io.out(`Member ${id.padStart(16)} ${change === 'remove' ? 'removed from' : 'promoted in'} cluster ${r.header.cluster_id.padStart(16)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Endpoints.

/** --cluster: ask for the member list, then use every member's client URLs as the endpoints. */
function* clusterEndpoints(ctx: Ctx): Generator<import('./session.ts').Wait, Ctx['endpoints'] | undefined, void> {
  if (ctx.flags['cluster'] !== true) return ctx.endpoints;
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'MemberList' });
  if (!r.ok) {
    reportFailure(ctx, r);
    return undefined;
  }
  const members = (r.resp.body as { rpc: 'MemberList'; members: MemberView[] }).members;
  const out: Ctx['endpoints'] = [];
  for (const m of [...members].sort((a, b) => compareHexIds(a.id, b.id))) {
    for (const url of m.clientUrls) {
      const host = resolveHost(ctx.w, url.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, ''));
      if (host) out.push({ label: url, host });
    }
  }
  return out;
}

function* endpointStatus(ctx: Ctx): Program {
  const eps = yield* clusterEndpoints(ctx);
  if (!eps) return 1;
  const rows: { ep: string; header: ResponseHeader; status: StatusView }[] = [];
  let failed = false;
  for (const ep of eps) {
    // etcdctl asks each endpoint in turn, each with its own command timeout.
    const r = yield* callOnce(ctx, [ep], { rpc: 'Status' });
    if (!r.ok) {
      ctx.io.err(`Failed to get the status of endpoint ${ep.label} (${errorText(r)})\n`);
      failed = true;
      continue;
    }
    rows.push({ ep: ep.label, header: r.header, status: (r.resp.body as { rpc: 'Status'; status: StatusView }).status });
  }
  if (ctx.format === 'json') {
    ctx.io.out(jsonOut(rows.map((x) => ({ Endpoint: x.ep, Status: { header: headerJson(x.header), version: x.status.version, dbSize: x.status.dbSize, leader: raw(hexToDecimal(x.status.leader === '0' ? '' : x.status.leader)), raftIndex: x.status.raftIndex, raftTerm: x.status.raftTerm, raftAppliedIndex: x.status.raftAppliedIndex, errors: x.status.errors.length ? x.status.errors : undefined, dbSizeInUse: x.status.dbSize, isLearner: x.status.isLearner || undefined } }))) + '\n');
  } else {
    const table = rows.map((x) => [x.ep, x.header.member_id, x.status.version, humanizeBytes(x.status.dbSize), String(x.status.leader === x.header.member_id), String(x.status.isLearner), String(x.status.raftTerm), String(x.status.raftIndex), String(x.status.raftAppliedIndex), x.status.errors.join(', ')]);
    if (ctx.format === 'table') {
      if (rows.length > 0) ctx.io.out(renderTable(['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'], table));
    } else for (const r of table) ctx.io.out(r.join(', ') + '\n');
  }
  return failed ? 1 : 0;
}

function* endpointHealth(ctx: Ctx): Program {
  const eps = yield* clusterEndpoints(ctx);
  if (!eps) return 1;
  // etcdctl checks every endpoint concurrently, each with its own client (a linearizable get).
  const w = ctx.w;
  const calls = eps.map((ep) => ({ ep, call: startCall(w, ctx.io.session.host, [ep], { rpc: 'Health' }, ctx.timeoutMs), start: w.kernel.now }));
  const finished: { ep: string; ok: boolean; tookMs: number; error: string }[] = [];
  const pending = new Set(calls.map((c) => c.call.port));
  while (pending.size > 0) {
    yield { type: 'calls', ports: [...pending].slice(0, 1) };
    for (const c of calls) {
      if (!pending.has(c.call.port) || c.call.state !== 'done') continue;
      pending.delete(c.call.port);
      const r = resultOf(c.call, [c.ep]);
      if (!r.ok) ctx.io.err(warnLine(ctx, c.call, 0, r));
      finished.push({ ep: c.ep.label, ok: r.ok, tookMs: w.kernel.now - c.start, error: r.ok ? '' : `failed to commit proposal: ${errorText(r)}` });
      closeCall(w, c.call.port);
    }
  }
  if (ctx.format === 'table') {
    ctx.io.out(renderTable(['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'], finished.map((f) => [f.ep, String(f.ok), goDuration(f.tookMs), f.error])));
  } else if (ctx.format === 'json') {
    ctx.io.out(jsonOut(finished.map((f) => ({ endpoint: f.ep, health: f.ok, took: goDuration(f.tookMs), error: f.error || undefined }))) + '\n');
  } else {
    for (const f of finished) {
      if (f.ok) ctx.io.out(`${f.ep} is healthy: successfully committed proposal: took = ${goDuration(f.tookMs)}\n`);
      else ctx.io.err(`${f.ep} is unhealthy: ${f.error}\n`);
    }
  }
  if (finished.some((f) => !f.ok)) return fail(ctx.io, 'unhealthy cluster');
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

function* snapshotSave(ctx: Ctx): Program {
  const [path] = ctx.args;
  if (path === undefined || ctx.args.length !== 1) return fail(ctx.io, 'snapshot save expects one argument');
  if (ctx.endpoints.length !== 1) return fail(ctx.io, `snapshot must be requested to one selected node, not multiple [${ctx.endpoints.map((e) => e.label).join(' ')}]`);
  const host = ctx.w.hosts[ctx.io.session.host]!;
  const abs = normalizePath(ctx.io.session.cwd, path);
  if (!host.fs[parentOf(abs)]) return fail(ctx.io, `could not open ${abs}.part (open ${abs}.part: no such file or directory)`);
  const ep = ctx.endpoints[0]!.label;
  const t0 = ctx.w.kernel.now;
  ctx.io.err(zapLine('info', t0, { caller: 'snapshot/v3_snapshot.go:65', msg: 'created temporary db file', path: `${path}.part` }));
  const r = yield* callOnce(ctx, ctx.endpoints, { rpc: 'Snapshot' });
  if (!r.ok) return reportFailure(ctx, r);
  const body = r.resp.body as { rpc: 'Snapshot'; db: BackendSnapshot; sizeBytes: number };
  const t = ctx.w.kernel.now;
  ctx.io.err(zapLine('info', t, { logger: 'client', caller: `v3@v${ETCD_VERSION}/maintenance.go:212`, msg: 'opened snapshot stream; downloading' }));
  ctx.io.err(zapLine('info', t, { caller: 'snapshot/v3_snapshot.go:73', msg: 'fetching snapshot', endpoint: ep }));
  ctx.io.err(zapLine('info', t, { logger: 'client', caller: `v3@v${ETCD_VERSION}/maintenance.go:220`, msg: 'completed snapshot read; closing' }));
  ctx.io.err(zapLine('info', t, { caller: 'snapshot/v3_snapshot.go:88', msg: 'fetched snapshot', endpoint: ep, size: humanizeBytes(body.sizeBytes), took: 'now' }));
  host.fs[abs] = { type: 'etcd-snapshot', data: body.db, sizeBytes: body.sizeBytes };
  ctx.io.err(zapLine('info', t, { caller: 'snapshot/v3_snapshot.go:97', msg: 'saved', path }));
  ctx.io.out(`Snapshot saved at ${path}\n`);
  return 0;
}

/** Both callers have checked there is exactly one argument. */
function readSnapshotFile(ctx: Ctx, path: string): { snap: BackendSnapshot; sizeBytes: number } | number {
  const abs = normalizePath(ctx.io.session.cwd, path);
  const node = ctx.w.hosts[ctx.io.session.host]!.fs[abs];
  if (!node) return fail(ctx.io, `stat ${path}: no such file or directory`);
  if (node.type !== 'etcd-snapshot') return fail(ctx.io, node.type === 'dir' ? `read ${path}: is a directory` : 'invalid database');
  return { snap: node.data as BackendSnapshot, sizeBytes: node.sizeBytes };
}

/**
 * TOTAL KEYS counts every row of the bbolt file, not live keys: each stored revision of the key
 * bucket, the members (one row each) and cluster version, and the meta bucket's consistent_index
 * and term, plus scheduledCompactRev and finishedCompactRev once a compaction happened. For the
 * recorded snapshot (reference §13.3: 8 revisions, 3 members, compacted) that is 16.
 */
export function snapshotTotalKeys(snap: BackendSnapshot): number {
  const members = Object.keys(snap.members).length;
  const meta = 2 + (snap.mvcc.compactRevision > 0 ? 2 : 0);
  return storedRevisionCount(snap.mvcc) + members + (snap.clusterVersion ? 1 : 0) + meta;
}

function deprecatedNote(ctx: Ctx, sub: string): void {
  if (ctx.tool === 'etcdctl') ctx.io.err(`Deprecated: Use \`etcdutl snapshot ${sub}\` instead.\n\n`);
}

function snapshotStatus(ctx: Ctx): number {
  if (ctx.args.length !== 1) return fail(ctx.io, 'snapshot status requires exactly one argument');
  deprecatedNote(ctx, 'status');
  const f = readSnapshotFile(ctx, ctx.args[0]!);
  if (typeof f === 'number') return f;
  const hash = hashStore(f.snap.mvcc) >>> 0;
  const revision = f.snap.mvcc.revision;
  const keys = snapshotTotalKeys(f.snap);
  if (ctx.format === 'json') ctx.io.out(jsonOut({ hash, revision, totalKey: keys, totalSize: f.sizeBytes, version: '3.5.0' }) + '\n');
  else if (ctx.format === 'table') ctx.io.out(renderTable(['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE', 'VERSION'], [[hash.toString(16), String(revision), String(keys), humanizeBytes(f.sizeBytes), '3.5.0']]));
  else ctx.io.out(`${hash.toString(16)}, ${revision}, ${keys}, ${humanizeBytes(f.sizeBytes)}, 3.5.0\n`);
  return 0;
}

/** zap's console encoder, as etcdutl logs: time, level, caller, message, JSON fields. */
function consoleLog(virtualMs: number, caller: string, msg: string, fields: Record<string, unknown>): string {
  const ts = isoTimestamp(virtualMs).replace(/\.\d{3}Z$/, 'Z');
  return `${ts}\tinfo\t${caller}\t${msg}\t${JSON.stringify(fields).replace(/":/g, '": ').replace(/,"/g, ', "')}\n`;
}

function snapshotRestore(ctx: Ctx): number {
  if (ctx.args.length !== 1) return fail(ctx.io, 'snapshot restore requires exactly one argument');
  deprecatedNote(ctx, 'restore');
  const path = ctx.args[0]!;
  const name = (ctx.flags['name'] as string | undefined) ?? 'default';
  const dataDir = normalizePath(ctx.io.session.cwd, (ctx.flags['data-dir'] as string | undefined) ?? `${name}.etcd`);
  const token = (ctx.flags['initial-cluster-token'] as string | undefined) ?? 'etcd-cluster';
  const peerUrl = (ctx.flags['initial-advertise-peer-urls'] as string | undefined) ?? 'http://localhost:2380';
  const clusterText = (ctx.flags['initial-cluster'] as string | undefined) ?? `${name}=${peerUrl}`;
  const f = readSnapshotFile(ctx, path);
  if (typeof f === 'number') return f;
  const host = ctx.w.hosts[ctx.io.session.host]!;
  if (host.fs[dataDir]) return fail(ctx.io, `data-dir "${dataDir}" not empty or could not be read`);
  const initial = parseInitialCluster(clusterText);
  if ('error' in initial) return fail(ctx.io, initial.error);
  const self = initial.find((m) => m.name === name);
  if (!self) return fail(ctx.io, `couldn't find local name "${name}" in the initial cluster configuration`);
  if (self.peerUrl !== peerUrl) return fail(ctx.io, `--initial-cluster has ${name}=${self.peerUrl} but missing from --initial-advertise-peer-urls=${peerUrl} ("${peerUrl}"(resolved from "${peerUrl}") != "${self.peerUrl}"(resolved from "${self.peerUrl}"))`);
  const durable = restoreFromSnapshot(name, initial, token, f.snap, cloneStore);
  if ('error' in durable) return fail(ctx.io, durable.error);
  const t = ctx.w.kernel.now;
  ctx.io.err(consoleLog(t, 'snapshot/v3_snapshot.go:248', 'restoring snapshot', { path, 'wal-dir': `${dataDir}/member/wal`, 'data-dir': dataDir, 'snap-dir': `${dataDir}/member/snap` }));
  for (const m of Object.values(durable.members).sort((a, b) => initial.findIndex((x) => x.name === a.name) - initial.findIndex((x) => x.name === b.name))) {
    ctx.io.err(consoleLog(t, 'membership/cluster.go:421', 'added member', { 'cluster-id': durable.clusterId, 'local-member-id': '0', 'added-peer-id': m.id, 'added-peer-peer-urls': m.peerUrls }));
  }
  ctx.io.err(consoleLog(t, 'snapshot/v3_snapshot.go:269', 'restored snapshot', { path, 'wal-dir': `${dataDir}/member/wal`, 'data-dir': dataDir, 'snap-dir': `${dataDir}/member/snap` }));
  mkdirp(host, dataDir);
  host.fs[`${dataDir}/member`] = { type: 'etcd-member', data: durable };
  return 0;
}
