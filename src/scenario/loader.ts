/**
 * Loads and validates a scenario file. Every error names the file, line, column and field, like
 * a compiler: `break-etcd-quorum.yaml:12:5: steps[1].check[0].run: expected a string, got a number`.
 * All errors are collected, not just the first.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { PRESET_NAMES, type Check, type Level, type RunExpectation, type Scenario, type Step, type TrainerFault } from './schema.ts';
import { splitCommandBlock } from './split.ts';

export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

class Ctx {
  errors: ScenarioError[] = [];
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}
  error(node: YamlNode | Pair | null | undefined, field: string, message: string): void {
    const offset = (node && 'range' in node && node.range ? node.range[0] : node && 'key' in node && (node.key as YamlNode)?.range ? (node.key as YamlNode).range![0] : 0) ?? 0;
    const pos = this.lines.linePos(offset);
    this.errors.push({ file: this.file, line: pos.line, column: pos.col, field, message });
  }
}

function typeName(n: YamlNode | null | undefined): string {
  if (!n) return 'nothing';
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
    return 'a string';
  }
  return 'something else';
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function suggest(key: string, allowed: readonly string[]): string {
  const best = allowed.map((k) => [k, editDistance(key, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? ` (did you mean "${best[0]}"?)` : ` (expected one of: ${allowed.join(', ')})`;
}

/** Reads a mapping's fields, reporting unknown keys. */
function fields(ctx: Ctx, node: YamlNode | null | undefined, path: string, allowed: readonly string[]): Map<string, { node: YamlNode | null; pair: Pair }> | undefined {
  if (!isMap(node)) {
    ctx.error(node, path, `expected a mapping, got ${typeName(node)}`);
    return undefined;
  }
  const out = new Map<string, { node: YamlNode | null; pair: Pair }>();
  for (const pair of (node as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!allowed.includes(key)) {
      ctx.error(pair.key as YamlNode, path ? `${path}.${key}` : key, `unknown field "${key}"${suggest(key, allowed)}`);
      continue;
    }
    out.set(key, { node: pair.value as YamlNode | null, pair });
  }
  return out;
}

function str(ctx: Ctx, f: Map<string, { node: YamlNode | null; pair: Pair }>, key: string, path: string, required: boolean, parent: YamlNode | null | undefined): string | undefined {
  const e = f.get(key);
  const field = path ? `${path}.${key}` : key;
  if (!e) {
    if (required) ctx.error(parent, field, 'missing required field');
    return undefined;
  }
  if (!isScalar(e.node) || typeof e.node.value !== 'string') {
    ctx.error(e.node ?? e.pair, field, `expected a string, got ${typeName(e.node)}`);
    return undefined;
  }
  return e.node.value;
}

function num(ctx: Ctx, f: Map<string, { node: YamlNode | null; pair: Pair }>, key: string, path: string): number | undefined {
  const e = f.get(key);
  if (!e) return undefined;
  if (!isScalar(e.node) || typeof e.node.value !== 'number' || !Number.isInteger(e.node.value)) {
    ctx.error(e.node ?? e.pair, path ? `${path}.${key}` : key, `expected an integer, got ${typeName(e.node)}`);
    return undefined;
  }
  return e.node.value;
}

function bool(ctx: Ctx, f: Map<string, { node: YamlNode | null; pair: Pair }>, key: string, path: string): boolean | undefined {
  const e = f.get(key);
  if (!e) return undefined;
  if (!isScalar(e.node) || typeof e.node.value !== 'boolean') {
    ctx.error(e.node ?? e.pair, `${path}.${key}`, `expected true or false, got ${typeName(e.node)}`);
    return undefined;
  }
  return e.node.value;
}

/** A list of strings, or one block string split into commands (heredoc-aware). */
function commands(ctx: Ctx, node: YamlNode | null | undefined, path: string): string[] {
  if (!node) return [];
  if (isScalar(node) && typeof node.value === 'string') return splitCommandBlock(node.value);
  if (!isSeq(node)) {
    ctx.error(node, path, `expected a list of commands, got ${typeName(node)}`);
    return [];
  }
  const out: string[] = [];
  node.items.forEach((item, i) => {
    if (isScalar(item) && typeof item.value === 'string') out.push(item.value);
    else ctx.error(item as YamlNode, `${path}[${i}]`, `expected a command string, got ${typeName(item as YamlNode)}`);
  });
  return out;
}

function stringList(ctx: Ctx, node: YamlNode | null | undefined, path: string): string[] | undefined {
  if (!node) return undefined;
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node) && node.items.every((x) => isScalar(x) && typeof x.value === 'string')) return node.items.map((x) => String((x as { value: string }).value));
  ctx.error(node, path, `expected a string or a list of strings, got ${typeName(node)}`);
  return undefined;
}

const RUN_KEYS = ['run', 'host', 'exitCode', 'output', 'contains', 'notContains', 'matches'] as const;

function parseCheck(ctx: Ctx, node: YamlNode, path: string): Check | undefined {
  const line = ctx.lines.linePos(node.range?.[0] ?? 0).line;
  if (!isMap(node)) {
    ctx.error(node, path, `expected a check (run, etcd or host), got ${typeName(node)}`);
    return undefined;
  }
  const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  if (keys.includes('run')) {
    const f = fields(ctx, node, path, RUN_KEYS);
    if (!f) return undefined;
    const command = str(ctx, f, 'run', path, true, node);
    const host = str(ctx, f, 'host', path, false, node);
    const expect: RunExpectation = {};
    const exitCode = num(ctx, f, 'exitCode', path);
    if (exitCode !== undefined) expect.exitCode = exitCode;
    const outputNode = f.get('output');
    if (outputNode) {
      if (isScalar(outputNode.node) && outputNode.node.value !== null) expect.output = String(outputNode.node.value);
      else ctx.error(outputNode.node ?? outputNode.pair, `${path}.output`, `expected a string, got ${typeName(outputNode.node)}`);
    }
    const contains = stringList(ctx, f.get('contains')?.node, `${path}.contains`);
    if (contains) expect.contains = contains;
    const notContains = stringList(ctx, f.get('notContains')?.node, `${path}.notContains`);
    if (notContains) expect.notContains = notContains;
    const matches = str(ctx, f, 'matches', path, false, node);
    if (matches !== undefined) {
      try {
        new RegExp(matches, 'm');
        expect.matches = matches;
      } catch (e) {
        ctx.error(f.get('matches')!.node, `${path}.matches`, `invalid regular expression: ${(e as Error).message}`);
      }
    }
    if (command === undefined) return undefined;
    return { kind: 'run', command, ...(host !== undefined ? { host } : {}), expect, line };
  }
  if (keys.length === 1 && keys[0] === 'etcd') {
    const inner = node.items[0]!.value as YamlNode;
    const f = fields(ctx, inner, `${path}.etcd`, ['leader', 'leaderOn', 'membersRunning', 'quorum']);
    if (!f) return undefined;
    const c: Check = { kind: 'etcd', line };
    const leader = bool(ctx, f, 'leader', `${path}.etcd`);
    if (leader !== undefined) c.leader = leader;
    const leaderOn = str(ctx, f, 'leaderOn', `${path}.etcd`, false, inner);
    if (leaderOn !== undefined) c.leaderOn = leaderOn;
    const running = num(ctx, f, 'membersRunning', `${path}.etcd`);
    if (running !== undefined) c.membersRunning = running;
    const quorum = bool(ctx, f, 'quorum', `${path}.etcd`);
    if (quorum !== undefined) c.quorum = quorum;
    return c;
  }
  if (keys.length === 1 && keys[0] === 'host') {
    const inner = node.items[0]!.value as YamlNode;
    const f = fields(ctx, inner, `${path}.host`, ['name', 'up']);
    if (!f) return undefined;
    const name = str(ctx, f, 'name', `${path}.host`, true, inner);
    const up = bool(ctx, f, 'up', `${path}.host`);
    if (up === undefined && !f.has('up')) ctx.error(inner, `${path}.host.up`, 'missing required field');
    if (name === undefined || up === undefined) return undefined;
    return { kind: 'host', name, up, line };
  }
  ctx.error(node, path, `unknown check: expected one of "run", "etcd", "host"${keys[0] ? suggest(keys[0], ['run', 'etcd', 'host']) : ''}`);
  return undefined;
}

function parseStep(ctx: Ctx, node: YamlNode, path: string): Step | undefined {
  const f = fields(ctx, node, path, ['id', 'title', 'text', 'hint', 'solution', 'check']);
  if (!f) return undefined;
  const id = str(ctx, f, 'id', path, true, node);
  const title = str(ctx, f, 'title', path, false, node);
  const text = str(ctx, f, 'text', path, true, node);
  const hint = str(ctx, f, 'hint', path, false, node);
  if (!f.has('solution')) ctx.error(node, `${path}.solution`, 'missing required field');
  const solution = commands(ctx, f.get('solution')?.node, `${path}.solution`);
  const checkNode = f.get('check')?.node;
  const checks: Check[] = [];
  if (!checkNode) ctx.error(node, `${path}.check`, 'missing required field');
  else if (!isSeq(checkNode)) ctx.error(checkNode, `${path}.check`, `expected a list of checks, got ${typeName(checkNode)}`);
  else
    checkNode.items.forEach((c, i) => {
      const parsed = parseCheck(ctx, c as YamlNode, `${path}.check[${i}]`);
      if (parsed) checks.push(parsed);
    });
  if (id === undefined || text === undefined) return undefined;
  return { id, title: title ?? id, text, ...(hint !== undefined ? { hint } : {}), solution, check: checks, line: ctx.lines.linePos(node.range?.[0] ?? 0).line };
}

const TOP_KEYS = ['id', 'title', 'summary', 'level', 'minutes', 'cluster', 'setup', 'steps', 'faults'] as const;

export function parseScenario(text: string, file: string): { scenario: Scenario } | { errors: ScenarioError[] } {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const ctx = new Ctx(file, lines);
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    ctx.errors.push({ file, line: pos.line, column: pos.col, field: '', message: e.message.split('\n')[0]! });
  }
  if (ctx.errors.length) return { errors: ctx.errors };
  const root = doc.contents as YamlNode | null;
  const f = fields(ctx, root, '', TOP_KEYS);
  if (!f) return { errors: ctx.errors };
  const id = str(ctx, f, 'id', '', true, root);
  const title = str(ctx, f, 'title', '', true, root);
  const summary = str(ctx, f, 'summary', '', false, root) ?? '';
  const levelText = str(ctx, f, 'level', '', false, root) ?? 'beginner';
  if (!['beginner', 'intermediate', 'advanced'].includes(levelText)) ctx.error(f.get('level')?.node, 'level', `unknown level "${levelText}" (expected beginner, intermediate or advanced)`);
  const minutes = num(ctx, f, 'minutes', '') ?? 10;
  let cluster: Scenario['cluster'] = { preset: 'ha', seed: 1 };
  const clusterEntry = f.get('cluster');
  if (clusterEntry) {
    const cf = fields(ctx, clusterEntry.node, 'cluster', ['preset', 'seed']);
    if (cf) {
      const preset = str(ctx, cf, 'preset', 'cluster', false, clusterEntry.node) ?? 'ha';
      if (!(PRESET_NAMES as readonly string[]).includes(preset)) ctx.error(cf.get('preset')?.node, 'cluster.preset', `unknown preset "${preset}" (valid presets: ${PRESET_NAMES.join(', ')})`);
      cluster = { preset: preset as Scenario['cluster']['preset'], seed: num(ctx, cf, 'seed', 'cluster') ?? 1 };
    }
  }
  const setup = commands(ctx, f.get('setup')?.node, 'setup');
  const stepsNode = f.get('steps')?.node;
  const steps: Step[] = [];
  if (!stepsNode) ctx.error(root, 'steps', 'missing required field');
  else if (!isSeq(stepsNode)) ctx.error(stepsNode, 'steps', `expected a list of steps, got ${typeName(stepsNode)}`);
  else {
    const seen = new Set<string>();
    stepsNode.items.forEach((s, i) => {
      const step = parseStep(ctx, s as YamlNode, `steps[${i}]`);
      if (!step) return;
      if (seen.has(step.id)) ctx.error(s as YamlNode, `steps[${i}].id`, `duplicate step id "${step.id}"`);
      seen.add(step.id);
      steps.push(step);
    });
  }
  const faults: TrainerFault[] = [];
  const faultsNode = f.get('faults')?.node;
  if (faultsNode) {
    if (!isSeq(faultsNode)) ctx.error(faultsNode, 'faults', `expected a list, got ${typeName(faultsNode)}`);
    else
      faultsNode.items.forEach((n, i) => {
        const ff = fields(ctx, n as YamlNode, `faults[${i}]`, ['name', 'description', 'commands']);
        if (!ff) return;
        const name = str(ctx, ff, 'name', `faults[${i}]`, true, n as YamlNode);
        const description = str(ctx, ff, 'description', `faults[${i}]`, false, n as YamlNode);
        const cmds = commands(ctx, ff.get('commands')?.node, `faults[${i}].commands`);
        if (name !== undefined) faults.push({ name, ...(description !== undefined ? { description } : {}), commands: cmds });
      });
  }
  if (ctx.errors.length || id === undefined || title === undefined) return { errors: ctx.errors };
  return { scenario: { id, title, summary, level: levelText as Level, minutes, cluster, setup, steps, faults, file } };
}
