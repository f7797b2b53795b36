/**
 * Loads and validates a scenario file. Every error names the file, line, column and field, like
 * a compiler: `break-etcd-quorum.yaml:12:5: steps[1].check[0].run: expected a string, got a number`.
 * All errors are collected (sorted by position), not just the first, so an author fixes a file
 * in one pass.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { DEFAULTS, LEVELS, PRESET_NAMES, type Check, type Level, type PresetName, type RunExpectation, type Scenario, type Step, type TrainerFault } from './schema.ts';
import { splitCommandsChecked } from './split.ts';

export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  /** Path of the offending field, e.g. `steps[1].check[0].run`; empty for YAML syntax errors. */
  field: string;
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

type Where = YamlNode | Pair | null | undefined;
interface Field {
  node: YamlNode | null;
  pair: Pair;
}
type Fields = Map<string, Field>;

class Ctx {
  readonly errors: ScenarioError[] = [];
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}

  /** Line and column (1-based) of a node, or of a pair's key (a pair has no range of its own). */
  pos(at: Where): { line: number; col: number } {
    return this.lines.linePos(offsetOf(at));
  }

  error(at: Where, field: string, message: string): void {
    const { line, col } = this.pos(at);
    this.errors.push({ file: this.file, line, column: col, field, message });
  }
}

function offsetOf(at: Where): number {
  if (!at) return 0;
  if ('range' in at && at.range) return at.range[0];
  if ('key' in at) return offsetOf(at.key as Where) || offsetOf(at.value as Where);
  return 0;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function typeName(n: YamlNode | null | undefined): string {
  if (!n) return 'nothing';
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || v === undefined) return 'an empty value';
    if (typeof v === 'number') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
    if (typeof v === 'string') return 'a string';
  }
  return 'something else';
}

/** Levenshtein distance: small enough keys that the O(n·m) table is nothing. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** ` (did you mean "check"?)` for a near miss (case-insensitive, ≤2 edits), else the valid keys. */
export function suggest(key: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of allowed) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= 2 ? ` (did you mean "${best}"?)` : ` (expected one of: ${allowed.join(', ')})`;
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** A mapping's known fields; unknown keys are reported (with a suggestion) and skipped. */
function mapping(ctx: Ctx, node: YamlNode | null | undefined, path: string, allowed: readonly string[], what = 'a mapping'): Fields | undefined {
  if (!isMap(node)) {
    ctx.error(node, path, `expected ${what}, got ${typeName(node)}`);
    return undefined;
  }
  const out: Fields = new Map();
  for (const pair of node.items) {
    const key = keyName(pair);
    if (allowed.includes(key)) out.set(key, { node: pair.value as YamlNode | null, pair });
    else ctx.error(pair.key as YamlNode, join(path, key), `unknown field "${key}"${suggest(key, allowed)}`);
  }
  return out;
}

/** Reports a missing required field at the start of the mapping that should hold it. */
function required(ctx: Ctx, f: Fields, key: string, path: string, parent: Where): Field | undefined {
  const e = f.get(key);
  if (!e) ctx.error(parent, join(path, key), 'missing required field');
  return e;
}

function asString(ctx: Ctx, e: Field | undefined, field: string, nonEmpty = false): string | undefined {
  if (!e) return undefined;
  if (!isScalar(e.node) || typeof e.node.value !== 'string') {
    ctx.error(e.node ?? e.pair, field, `expected a string, got ${typeName(e.node)}`);
    return undefined;
  }
  if (nonEmpty && e.node.value.trim() === '') {
    ctx.error(e.node, field, 'must not be empty');
    return undefined;
  }
  return e.node.value;
}

/**
 * Text compared with command output. A plain number or boolean is taken as written (`output: 3`
 * means the text "3", `output: 1.10` the text "1.10"), since output is text, not YAML data.
 */
function textOf(n: YamlNode | null | undefined): string | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value === 'string') return n.value;
  if (typeof n.value === 'number' || typeof n.value === 'boolean') return n.source ?? String(n.value);
  return undefined;
}

function asText(ctx: Ctx, e: Field | undefined, field: string): string | undefined {
  if (!e) return undefined;
  const t = textOf(e.node);
  if (t === undefined) ctx.error(e.node ?? e.pair, field, `expected a string, got ${typeName(e.node)}`);
  return t;
}

/** One string or a list of strings (`contains: foo` or `contains: [foo, bar]`). */
function asTextList(ctx: Ctx, e: Field | undefined, field: string): string[] | undefined {
  if (!e) return undefined;
  if (!isSeq(e.node)) {
    const t = textOf(e.node);
    if (t === undefined) ctx.error(e.node ?? e.pair, field, `expected a string or a list of strings, got ${typeName(e.node)}`);
    return t === undefined ? undefined : [t];
  }
  const out: string[] = [];
  e.node.items.forEach((item, i) => {
    const t = textOf(item as YamlNode);
    if (t === undefined) ctx.error(item as YamlNode, `${field}[${i}]`, `expected a string, got ${typeName(item as YamlNode)}`);
    else out.push(t);
  });
  return out;
}

function asInt(ctx: Ctx, e: Field | undefined, field: string, min?: number): number | undefined {
  if (!e) return undefined;
  const v = isScalar(e.node) ? e.node.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    ctx.error(e.node ?? e.pair, field, `expected an integer, got ${typeof v === 'number' ? String(v) : typeName(e.node)}`);
    return undefined;
  }
  if (min !== undefined && v < min) {
    ctx.error(e.node, field, `expected an integer ≥ ${min}, got ${v}`);
    return undefined;
  }
  return v;
}

function asBool(ctx: Ctx, e: Field | undefined, field: string): boolean | undefined {
  if (!e) return undefined;
  if (!isScalar(e.node) || typeof e.node.value !== 'boolean') {
    ctx.error(e.node ?? e.pair, field, `expected true or false, got ${typeName(e.node)}`);
    return undefined;
  }
  return e.node.value;
}

/** One of a fixed set of words (level, preset), listing the valid ones when it is not. */
function asChoice<T extends string>(ctx: Ctx, e: Field | undefined, field: string, choices: readonly T[], what: string): T | undefined {
  const s = asString(ctx, e, field);
  if (s === undefined) return undefined;
  if ((choices as readonly string[]).includes(s)) return s as T;
  ctx.error(e!.node, field, `unknown ${what} "${s}" (valid ${what}s: ${choices.join(', ')})`);
  return undefined;
}

/**
 * Commands: a list of strings, or one block string. Every string goes through the heredoc-aware
 * splitter, so a list item holding several lines yields several commands, as the shell would.
 */
function asCommands(ctx: Ctx, e: Field | undefined, field: string): string[] {
  if (!e) return [];
  if (isScalar(e.node) && typeof e.node.value === 'string') return splitChecked(ctx, e.node, field, e.node.value);
  if (!isSeq(e.node)) {
    ctx.error(e.node ?? e.pair, field, `expected a list of commands or a block of commands, got ${typeName(e.node)}`);
    return [];
  }
  const out: string[] = [];
  e.node.items.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (!isScalar(item) || typeof item.value !== 'string') ctx.error(item as YamlNode, at, `expected a command string, got ${typeName(item as YamlNode)}`);
    else if (item.value.trim() === '') ctx.error(item, at, 'empty command');
    else out.push(...splitChecked(ctx, item, at, item.value));
  });
  return out;
}

function splitChecked(ctx: Ctx, node: YamlNode, field: string, text: string): string[] {
  const { commands, unterminated } = splitCommandsChecked(text);
  for (const d of unterminated) ctx.error(node, field, `here-document is not terminated: no line "${d}" closes it`);
  return commands;
}

const RUN_KEYS = ['run', 'host', 'exitCode', 'output', 'contains', 'notContains', 'matches'] as const;
const ETCD_KEYS = ['leader', 'leaderOn', 'membersRunning', 'quorum'] as const;
const HOST_KEYS = ['name', 'up'] as const;
const CHECK_KINDS = ['run', 'etcd', 'host'] as const;

/**
 * Which kind of check a mapping is. `host:` is both a check kind (`host: {name, up}`) and a
 * sibling of `run:` (`host: cp-2`), so only a mapping value makes it a host check; a mapping
 * with run's sibling keys but no `run` is a run check missing its command.
 */
function checkKind(node: YamlNode & { items: Pair[] }): 'run' | 'etcd' | 'host' | undefined {
  const keys = node.items.map(keyName);
  if (keys.includes('run')) return 'run';
  if (keys.includes('etcd')) return 'etcd';
  const host = node.items.find((p) => keyName(p) === 'host');
  if (host && isMap(host.value)) return 'host';
  if (keys.some((k) => (RUN_KEYS as readonly string[]).includes(k))) return 'run';
  return undefined;
}

function parseCheck(ctx: Ctx, node: YamlNode, path: string): Check | undefined {
  const line = ctx.pos(node).line;
  if (!isMap(node)) {
    ctx.error(node, path, `expected a check (run, etcd or host), got ${typeName(node)}`);
    return undefined;
  }
  const kind = checkKind(node);
  if (kind === 'run') return parseRunCheck(ctx, node, path, line);
  if (kind === 'etcd' || kind === 'host') {
    // The kind key is the check; its conditions live in its mapping value, nothing beside it.
    for (const pair of node.items)
      if (keyName(pair) !== kind) ctx.error(pair.key as YamlNode, join(path, keyName(pair)), `unknown field "${keyName(pair)}" beside "${kind}" (conditions go inside: ${kind}: { … })`);
    const e = node.items.find((p) => keyName(p) === kind)!;
    const field = { node: e.value as YamlNode | null, pair: e };
    return kind === 'etcd' ? parseEtcdCheck(ctx, field, join(path, kind), line) : parseHostCheck(ctx, field, join(path, kind), line);
  }
  const first = node.items[0];
  ctx.error((first?.key as Where) ?? node, path, `unknown check: expected one of "run", "etcd", "host"${first ? suggest(keyName(first), CHECK_KINDS) : ''}`);
  return undefined;
}

function parseRunCheck(ctx: Ctx, node: YamlNode, path: string, line: number): Check | undefined {
  const f = mapping(ctx, node, path, RUN_KEYS);
  if (!f) return undefined;
  const command = asString(ctx, required(ctx, f, 'run', path, node), join(path, 'run'), true);
  const host = asString(ctx, f.get('host'), join(path, 'host'), true);
  const expect: RunExpectation = {};
  const exitCode = asInt(ctx, f.get('exitCode'), join(path, 'exitCode'), 0);
  if (exitCode !== undefined) expect.exitCode = exitCode;
  const output = asText(ctx, f.get('output'), join(path, 'output'));
  if (output !== undefined) expect.output = output;
  const contains = asTextList(ctx, f.get('contains'), join(path, 'contains'));
  if (contains) expect.contains = contains;
  const notContains = asTextList(ctx, f.get('notContains'), join(path, 'notContains'));
  if (notContains) expect.notContains = notContains;
  const matches = asString(ctx, f.get('matches'), join(path, 'matches'));
  if (matches !== undefined) {
    const problem = regexProblem(matches);
    if (problem) ctx.error(f.get('matches')!.node, join(path, 'matches'), `invalid regular expression: ${problem}`);
    else expect.matches = matches;
  }
  if (command === undefined) return undefined;
  return { kind: 'run', command, ...(host !== undefined ? { host } : {}), expect, line };
}

/** The engine's complaint about a pattern, without its `Invalid regular expression: /…/m:` prefix. */
function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'm');
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    const colon = message.lastIndexOf(': ');
    return colon >= 0 ? message.slice(colon + 2) : message;
  }
}

function parseEtcdCheck(ctx: Ctx, e: Field, path: string, line: number): Check | undefined {
  const f = mapping(ctx, e.node, path, ETCD_KEYS, `a mapping of ${ETCD_KEYS.join(', ')}`);
  if (!f) return undefined;
  if (f.size === 0 && e.node && isMap(e.node) && e.node.items.length === 0) {
    // An etcd check with no condition would pass on any cluster and prove nothing.
    ctx.error(e.node, path, `expected at least one of: ${ETCD_KEYS.join(', ')}`);
    return undefined;
  }
  const c: Check = { kind: 'etcd', line };
  const leader = asBool(ctx, f.get('leader'), join(path, 'leader'));
  if (leader !== undefined) c.leader = leader;
  const leaderOn = asString(ctx, f.get('leaderOn'), join(path, 'leaderOn'), true);
  if (leaderOn !== undefined) c.leaderOn = leaderOn;
  const membersRunning = asInt(ctx, f.get('membersRunning'), join(path, 'membersRunning'), 0);
  if (membersRunning !== undefined) c.membersRunning = membersRunning;
  const quorum = asBool(ctx, f.get('quorum'), join(path, 'quorum'));
  if (quorum !== undefined) c.quorum = quorum;
  return c;
}

function parseHostCheck(ctx: Ctx, e: Field, path: string, line: number): Check | undefined {
  const f = mapping(ctx, e.node, path, HOST_KEYS);
  if (!f) return undefined;
  const name = asString(ctx, required(ctx, f, 'name', path, e.node), join(path, 'name'), true);
  const up = asBool(ctx, required(ctx, f, 'up', path, e.node), join(path, 'up'));
  if (name === undefined || up === undefined) return undefined;
  return { kind: 'host', name, up, line };
}

const STEP_KEYS = ['id', 'title', 'text', 'hint', 'solution', 'check'] as const;

function parseStep(ctx: Ctx, node: YamlNode, path: string): Step | undefined {
  const f = mapping(ctx, node, path, STEP_KEYS, 'a step (a mapping)');
  if (!f) return undefined;
  const id = asString(ctx, required(ctx, f, 'id', path, node), join(path, 'id'), true);
  const title = asString(ctx, f.get('title'), join(path, 'title'), true);
  const text = asString(ctx, required(ctx, f, 'text', path, node), join(path, 'text'), true);
  const hint = asString(ctx, f.get('hint'), join(path, 'hint'));
  const solution = asCommands(ctx, required(ctx, f, 'solution', path, node), join(path, 'solution'));
  const checks = parseChecks(ctx, required(ctx, f, 'check', path, node), join(path, 'check'));
  if (id === undefined || text === undefined) return undefined;
  return { id, title: title ?? id, text, ...(hint !== undefined ? { hint } : {}), solution, check: checks, line: ctx.pos(node).line };
}

function parseChecks(ctx: Ctx, e: Field | undefined, path: string): Check[] {
  if (!e) return [];
  if (!isSeq(e.node)) {
    ctx.error(e.node ?? e.pair, path, `expected a list of checks, got ${typeName(e.node)}`);
    return [];
  }
  // With no checks a step could never fail before its solution, so `k8sim run` could not verify it.
  if (e.node.items.length === 0) ctx.error(e.node, path, 'expected at least one check');
  const out: Check[] = [];
  e.node.items.forEach((c, i) => {
    const parsed = parseCheck(ctx, c as YamlNode, `${path}[${i}]`);
    if (parsed) out.push(parsed);
  });
  return out;
}

function parseSteps(ctx: Ctx, e: Field | undefined): Step[] {
  if (!e) return [];
  if (!isSeq(e.node)) {
    ctx.error(e.node ?? e.pair, 'steps', `expected a list of steps, got ${typeName(e.node)}`);
    return [];
  }
  if (e.node.items.length === 0) ctx.error(e.node, 'steps', 'expected at least one step');
  const steps: Step[] = [];
  const seen = new Map<string, number>();
  e.node.items.forEach((s, i) => {
    const step = parseStep(ctx, s as YamlNode, `steps[${i}]`);
    if (!step) return;
    const earlier = seen.get(step.id);
    if (earlier !== undefined) {
      const idNode = isMap(s) ? (s.items.find((p) => keyName(p) === 'id')?.value as YamlNode) : undefined;
      ctx.error(idNode ?? (s as YamlNode), `steps[${i}].id`, `duplicate step id "${step.id}" (also steps[${earlier}])`);
    } else seen.set(step.id, i);
    steps.push(step);
  });
  return steps;
}

function parseCluster(ctx: Ctx, e: Field | undefined): Scenario['cluster'] {
  const cluster: { preset: PresetName; seed: number } = { ...DEFAULTS.cluster };
  if (!e) return cluster;
  const f = mapping(ctx, e.node, 'cluster', ['preset', 'seed']);
  if (!f) return cluster;
  cluster.preset = asChoice(ctx, f.get('preset'), 'cluster.preset', PRESET_NAMES, 'preset') ?? cluster.preset;
  cluster.seed = asInt(ctx, f.get('seed'), 'cluster.seed', 0) ?? cluster.seed;
  return cluster;
}

function parseFaults(ctx: Ctx, e: Field | undefined): TrainerFault[] {
  if (!e) return [];
  if (!isSeq(e.node)) {
    ctx.error(e.node ?? e.pair, 'faults', `expected a list of faults, got ${typeName(e.node)}`);
    return [];
  }
  const faults: TrainerFault[] = [];
  e.node.items.forEach((n, i) => {
    const path = `faults[${i}]`;
    const f = mapping(ctx, n as YamlNode, path, ['name', 'description', 'commands']);
    if (!f) return;
    const name = asString(ctx, required(ctx, f, 'name', path, n as YamlNode), join(path, 'name'), true);
    const description = asString(ctx, f.get('description'), join(path, 'description'));
    const commands = asCommands(ctx, required(ctx, f, 'commands', path, n as YamlNode), join(path, 'commands'));
    if (name !== undefined) faults.push({ name, ...(description !== undefined ? { description } : {}), commands });
  });
  return faults;
}

const TOP_KEYS = ['id', 'title', 'summary', 'level', 'minutes', 'cluster', 'setup', 'steps', 'faults'] as const;

export function parseScenario(text: string, file: string): { scenario: Scenario } | { errors: ScenarioError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const ctx = new Ctx(file, lines);
  // Syntax errors leave the tree unreliable: report them alone rather than follow-on noise.
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    ctx.errors.push({ file, line, column: col, field: '', message: e.message.split('\n')[0]! });
  }
  if (ctx.errors.length) return { errors: ctx.errors };
  const root = doc.contents as YamlNode | null;
  const f = mapping(ctx, root, '', TOP_KEYS, 'a scenario (a mapping with id, title, steps)');
  if (!f) return { errors: ctx.errors };
  const id = asString(ctx, required(ctx, f, 'id', '', root), 'id', true);
  const title = asString(ctx, required(ctx, f, 'title', '', root), 'title', true);
  const scenario: Scenario = {
    id: id ?? '',
    title: title ?? '',
    summary: asString(ctx, f.get('summary'), 'summary') ?? '',
    level: asChoice<Level>(ctx, f.get('level'), 'level', LEVELS, 'level') ?? DEFAULTS.level,
    minutes: asInt(ctx, f.get('minutes'), 'minutes', 1) ?? DEFAULTS.minutes,
    cluster: parseCluster(ctx, f.get('cluster')),
    setup: asCommands(ctx, f.get('setup'), 'setup'),
    steps: parseSteps(ctx, required(ctx, f, 'steps', '', root)),
    faults: parseFaults(ctx, f.get('faults')),
    file,
  };
  if (ctx.errors.length) return { errors: [...ctx.errors].sort((a, b) => a.line - b.line || a.column - b.column) };
  return { scenario };
}
