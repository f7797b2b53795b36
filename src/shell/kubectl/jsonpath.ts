/**
 * `kubectl get -o jsonpath=<template>`: a port of k8s.io/client-go util/jsonpath (parser.go,
 * jsonpath.go, node.go, v0.32) with the comparison rules of its forked text/template
 * (third_party/forked/golang/template funcs.go), driven the way cli-runtime
 * pkg/printers/jsonpath.go and genericclioptions/jsonpath_flags.go drive it: missing keys are
 * allowed (--allow-missing-template-keys defaults to true) and errors read as kubectl prints them.
 *
 * The data is the object as kubectl decodes it (unstructured JSON): whole numbers are int64,
 * others float64. Go map iteration (`*` and `..` on objects) is random; we use sorted key order.
 */
import { byteOrderCompare, goJsonString } from './gojson.ts';
import { parseQuantity } from '../../api/quantity.ts';

// ---------------------------------------------------------------------------------------------
// Nodes (node.go).

interface ParamsEntry {
  value: number;
  known: boolean;
  /** The end of `[n]`, derived as n+1. */
  derived: boolean;
}

type JpNode =
  | { type: 'list'; nodes: JpNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

type ListNode = Extract<JpNode, { type: 'list' }>;

const newList = (): ListNode => ({ type: 'list', nodes: [] });

class JsonPathError extends Error {}

// ---------------------------------------------------------------------------------------------
// Parser (parser.go).

const EOF = '';
const isSpace = (r: string) => r === ' ' || r === '\t';
const isEndOfLine = (r: string) => r === '\r' || r === '\n';
const isDigit = (r: string) => /^\p{Nd}$/u.test(r);
const isAlphaNumeric = (r: string) => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
/** isTerminator: characters that end a field or identifier. */
const isTerminator = (r: string) => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(r);

const DICT_KEY = /^'([^']*)'$/;
const SLICE_OPERATOR = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

/** fmt's %#U: `U+0023 '#'`. */
function goSharpU(r: string): string {
  return `U+${r.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

/** strconv.Atoi: optional sign, decimal digits, int64 range. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** UnquoteExtend: strconv.Unquote that also accepts single-quoted strings of any length. */
function unquoteExtend(s: string): string | undefined {
  const n = s.length;
  if (n < 2) return undefined;
  const quote = s[0];
  if (quote !== s[n - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, n - 1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e === undefined) return undefined;
    if (simple[e] !== undefined) out += simple[e];
    else if (e === quote) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += String.fromCodePoint(cp);
      i += len;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  return out;
}

class Parser {
  root: ListNode = newList();
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  // The Go parser recurses once per token; a loop keeps long templates off the JS stack.
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) return this.parseRightDelim();
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action');
      else if (r === ' ') this.consumeText();
      else if (r === '@' || r === '$') this.consumeText();
      else if (r === '[') this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === '.') this.parseField(cur);
      else if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new JsonPathError(`unrecognized character in action: ${goSharpU(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === '+' || first === '-') this.next();
    for (;;) {
      const r = this.next();
      if (r !== '.' && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== undefined) {
      cur.nodes.push({ type: 'int', value: i });
      return;
    }
    if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: Number(value) });
      return;
    }
    throw new JsonPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    // union operator
    const strs = text.split(',');
    if (strs.length > 1) {
      cur.nodes.push({ type: 'union', nodes: strs.map((s) => parseAction(`[${s.trim()}]`)) });
      return;
    }
    // dict key
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    // slice operator
    const m = SLICE_OPERATOR.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = value[i]!;
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i]!.known = false;
        else {
          const n = atoi(v);
          if (n === undefined) throw new JsonPathError(`array index ${v} is not a number`);
          params[i] = { value: n, known: true, derived: false };
        }
      } else if (i === 1) params[i] = { value: params[0].value + 1, known: true, derived: true };
      else params[i] = { value: 0, known: false, derived: false };
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JsonPathError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
  }

  private advance(): boolean {
    const r = this.next();
    if (r === '\\') this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** parseAction: the expression wrapped in braces, its first action's node list. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

// ---------------------------------------------------------------------------------------------
// Evaluation (jsonpath.go). `undefined` plays Go's invalid reflect.Value.

type Value = unknown;

type BasicKind = 'bool' | 'int' | 'float' | 'string';

/** funcs.go basicKind; an unstructured whole number is an int64, any other number a float64. */
function basicKind(v: Value): BasicKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  throw new JsonPathError('invalid type for comparison');
}

/** funcs.go Equal / Less (and the operators built from them). */
function compare(op: string, left: Value, right: Value): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 !== k2) throw new JsonPathError('incompatible types for comparison');
  const eq = left === right;
  const less = () => {
    if (k1 === 'bool') throw new JsonPathError('invalid type for comparison');
    return (left as number | string) < (right as number | string);
  };
  switch (op) {
    case '==':
      return eq;
    case '!=':
      return !eq;
    case '<':
      return less();
    case '<=':
      return less() || eq;
    case '>':
      return !(less() || eq);
    case '>=':
      return !less();
  }
  throw new JsonPathError(`unrecognized filter operator ${op}`);
}

const isMap = (v: Value): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** template.Indirect: a JSON null (nil interface) is skipped. */
const isNil = (v: Value) => v === null;

/** Go reflect's type name, for errors. */
function goTypeName(v: Value): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return '<nil>';
}

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndIndex = -1;

  constructor(private readonly allowMissingKeys: boolean) {}

  /** FindResults over root nodes[from..]; indices stay absolute so `{end}` can be found again. */
  findResults(nodes: readonly JpNode[], from: number, data: Value): Value[][] {
    const fullResult: Value[][] = [];
    for (let i = from; i < nodes.length; i++) {
      const results = this.walk([data], nodes[i]!);
      // encounter an end node, break the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndIndex = i;
        break;
      }
      // encounter a range node, start a range loop
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) fullResult.push(...this.findResults(nodes, i + 1, value));
        } else {
          // still walk the body so the position advances to the end node
          this.findResults(nodes, i + 1, undefined);
        }
        this.inRange--;
        if (this.lastEndIndex > i) i = this.lastEndIndex;
        continue;
      }
      fullResult.push(results);
    }
    return fullResult;
  }

  private walk(input: Value[], node: JpNode): Value[] {
    switch (node.type) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.value);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
      case 'float':
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap((v) => children(v));
      case 'recursive':
        return this.evalRecursive(input);
      case 'union':
        return node.nodes.flatMap((l) => this.evalList(input, l));
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: Value[], node: ListNode): Value[] {
    let cur = input;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === 'range') {
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.inRange > 0) {
        this.endRange++;
        return [];
      }
      throw new JsonPathError('not in range, nothing to end');
    }
    throw new JsonPathError(`unrecognized identifier ${name}`);
  }

  private evalField(input: Value[], field: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const value of input) {
      if (value === undefined || isNil(value)) continue;
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, field) && value[field] !== undefined) results.push(value[field]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${field} is not found`);
    return results;
  }

  private evalArray(input: Value[], node: readonly [ParamsEntry, ParamsEntry, ParamsEntry]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === undefined || isNil(value)) continue;
      if (!Array.isArray(value)) throw new JsonPathError(`${goTypeName(value)} is not array or slice`);
      const params = node.map((p) => ({ ...p }));
      const [p0, p1, p2] = params as [ParamsEntry, ParamsEntry, ParamsEntry];
      const len = value.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      if (p1.value === p0.value) return result; // zero elements requested
      if (p0.value >= len || p0.value < 0) throw new JsonPathError(`array index out of bounds: index ${p0.value}, length ${len}`);
      if (p1.value > len || p1.value < 0) throw new JsonPathError(`array index out of bounds: index ${p1.value - 1}, length ${len}`);
      if (p0.value > p1.value) throw new JsonPathError(`starting index ${p0.value} is greater than ending index ${p1.value}`);
      const slice = value.slice(p0.value, p1.value);
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) throw new JsonPathError('step must be > 0');
        step = p2.value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === undefined || isNil(value)) continue;
      const kids = children(value);
      if (kids.length !== 0) {
        result.push(value);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: Value[], node: Extract<JpNode, { type: 'filter' }>): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) throw new JsonPathError(`${goPlainV(value)} is not array or slice and cannot be filtered`);
      for (const item of value) {
        if (node.operator === 'exists') {
          let lefts: Value[] = [];
          try {
            lefts = this.evalList([item], node.left);
          } catch {
            lefts = [];
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const lefts = this.evalList([item], node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(node.operator, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

/** evalWildcard's members: map values (sorted keys), slice items, a string's bytes (as numbers). */
function children(v: Value): Value[] {
  if (v === undefined || isNil(v)) return [];
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort(byteOrderCompare)
      .map((k) => v[k]);
  if (typeof v === 'string') return [...new TextEncoder().encode(v)];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Printing (PrintResults, evalToText).

/** encoding/json Marshal (compact, sorted keys, HTML-safe strings). */
function goJsonCompact(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (Array.isArray(v)) return `[${v.map(goJsonCompact).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(byteOrderCompare)
      .map((k) => `${goJsonString(k)}:${goJsonCompact(v[k])}`)
      .join(',')}}`;
  return 'null';
}

/**
 * fmt %v of a float64: strconv 'g' with the shortest digits; as the precision is the shortest,
 * %e is chosen when the exponent is < -4 or >= 6 (ftoa.go), so 1500000.5 prints 1.5000005e+06.
 */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Within [-4, 6) JavaScript's shortest form is plain decimal, as Go's %f of the same digits.
  return String(f);
}

/** evalToText: fmt.Fprint of the value. */
function evalToText(v: Value): string {
  if (v === undefined) return '<no value>';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFormatFloat(v);
  return String(v);
}

/** PrintResults: maps and slices as compact JSON, the rest as text, results separated by one space. */
function printResults(results: readonly Value[]): string {
  return results.map((r) => (Array.isArray(r) || isMap(r) ? goJsonCompact(r) : evalToText(r))).join(' ');
}

/** fmt %v of unstructured data: `map[k:v]`, `[a b]`, `<nil>`. */
function goPlainV(v: Value): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goPlainV).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort(byteOrderCompare)
      .map((k) => `${k}:${goPlainV(v[k])}`)
      .join(' ')}]`;
  return evalToText(v);
}

/** fmt %#v of unstructured data, for the debugging part of kubectl's execution error. */
function goSharpV(v: Value): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFormatFloat(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x)).join(', ')}}`;
  if (isMap(v))
    return `map[string]interface {}{${Object.keys(v)
      .sort(byteOrderCompare)
      .map((k) => `${JSON.stringify(k)}:${goSharpV(v[k])}`)
      .join(', ')}}`;
  return 'interface {}(nil)';
}

export type JsonPathResult = { ok: true; text: string } | { ok: false; error: string };

export interface JsonPathOptions {
  /** --allow-missing-template-keys (default true): a missing field yields nothing instead of an error. */
  allowMissingKeys?: boolean;
}

/**
 * `-o jsonpath=<template>` of `data` (an object, or the List kubectl wraps a list in). On failure
 * `error` is what kubectl writes to stderr, `error: ` prefix and trailing newlines included:
 * `error: error parsing jsonpath {.x, unclosed action` for a bad template,
 * `error: error executing jsonpath "{...}": Error executing template: ...` when evaluation fails.
 */
export function evalJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): JsonPathResult {
  const parser = new Parser();
  try {
    parser.parse(template);
  } catch (e) {
    if (e instanceof JsonPathError) return { ok: false, error: `error: error parsing jsonpath ${template}, ${e.message}\n` };
    throw e;
  }
  try {
    const groups = new Evaluator(opts.allowMissingKeys ?? true).findResults(parser.root.nodes, 0, data);
    return { ok: true, text: groups.map(printResults).join('') };
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    const debug =
      `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
    return { ok: false, error: `error: error executing jsonpath ${JSON.stringify(template)}: ${debug}\n` };
  }
}

// ---------------------------------------------------------------------------------------------
// -o custom-columns (k8s.io/cli-runtime pkg/printers/customcolumn.go).

const RELAXED_JSONPATH = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `name1.name2`, `.name1.name2`, `{name1.name2}` and `{.name1.name2}` all mean `{.name1.name2}`. */
export function relaxedJsonPath(expr: string): string | { error: string } {
  if (expr === '') return expr;
  const m = RELAXED_JSONPATH.exec(expr);
  if (!m) return { error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
  return `{.${m[1] ?? m[2]}}`;
}

export interface CustomColumn {
  header: string;
  template: string;
  /** The template parsed once for the whole printout, as PrintObj builds its parsers. */
  nodes: readonly JpNode[];
}

/** NewCustomColumnsPrinterFromSpec + the parsers PrintObj builds: `HEADER:path,HEADER:path`; an error is kubectl's text (without `error: `). */
export function parseCustomColumns(spec: string): CustomColumn[] | { error: string } {
  if (spec === '') return { error: 'custom-columns format specified but no custom columns given' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) return { error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    const template = relaxedJsonPath(part.slice(colon + 1));
    if (typeof template !== 'string') return template;
    const parser = new Parser();
    try {
      parser.parse(template);
    } catch (e) {
      if (e instanceof JsonPathError) return { error: `error parsing jsonpath ${template}, ${e.message}` };
      throw e;
    }
    columns.push({ header: part.slice(0, colon), template, nodes: parser.root.nodes });
  }
  return columns;
}

/**
 * One object's cells (printOneObject): every value the column's path finds, as fmt.Sprint prints
 * it (`map[ip:10.244.1.3]`, `[a b]`), joined by commas; `<none>` when it finds nothing. Missing
 * keys are allowed. An error is kubectl's text.
 */
export function customColumnCells(columns: readonly CustomColumn[], data: unknown): string[] | { error: string } {
  const cells: string[] = [];
  for (const col of columns) {
    let groups: Value[][];
    try {
      groups = new Evaluator(true).findResults(col.nodes, 0, data);
    } catch (e) {
      if (e instanceof JsonPathError) return { error: e.message };
      throw e;
    }
    const values: string[] = [];
    if (groups.length === 0 || groups[0]!.length === 0) values.push('<none>');
    for (const g of groups) for (const v of g) values.push(goPlainV(v));
    cells.push(values.join(','));
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// --sort-by (k8s.io/kubectl pkg/cmd/get/sorter.go).

/**
 * sortorder.NaturalLess (github.com/fvbommel/sortorder), which kubectl sorts strings with: runs of
 * digits compare as numbers ("web-2" < "web-10"), everything else byte by byte, digits before
 * other characters; of two equal numbers the one with fewer leading zeros is less.
 */
export function naturalLess(a: string, b: string): boolean {
  const isDigit = (c: number) => c >= 48 && c <= 57;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = isDigit(ca);
    const db = isDigit(cb);
    if (da !== db) return da;
    if (!da) {
      if (ca !== cb) return ca < cb;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    const nonZeroA = i;
    const nonZeroB = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    if (i - nonZeroA !== j - nonZeroB) return i - nonZeroA < j - nonZeroB;
    const na = a.slice(nonZeroA, i);
    const nb = b.slice(nonZeroB, j);
    if (na !== nb) return na < nb;
    if (nonZeroA !== nonZeroB) return nonZeroA < nonZeroB;
  }
  return a.length < b.length;
}

/**
 * isLess for two values found in unstructured objects: strings that both parse as quantities
 * compare as quantities ("512Mi" < "1Gi"), other strings naturally; numbers as numbers. A bool,
 * list or map cannot be sorted (kubectl exits with the error).
 */
function sortLess(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    if (typeof qa === 'number' && typeof qb === 'number') return qa < qb;
    return naturalLess(a, b);
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (a === null || a === undefined) return b !== null && b !== undefined;
  if (b === null || b === undefined) return false;
  throw new JsonPathError(`unsortable type: ${typeof a === 'string' || typeof a === 'number' ? 'interface' : goTypeName(a)}`);
}

/**
 * `kubectl get --sort-by=<jsonpath>`: the items ordered by the first value the path finds in
 * each; items where it finds nothing come first. `table` is for the table printers (TableSorter:
 * one row is left alone; a path that does not parse is a "sorting error"), otherwise the lists of
 * -o yaml/json/name/jsonpath/custom-columns (SortObjects). A path found in no item is an error,
 * as is a value that cannot be ordered. kubectl's sort.Sort is not stable; this one is, so items
 * with equal values keep the server's order. An error is kubectl's text without `error: `.
 */
export function sortByJsonPath<T>(items: readonly T[], fieldInput: string, table: boolean): { items: T[] } | { error: string } {
  if (items.length === 0 || (table && items.length === 1)) return { items: [...items] };
  const relaxed = relaxedJsonPath(fieldInput);
  if (typeof relaxed !== 'string' && !table) return relaxed;
  const field = typeof relaxed === 'string' ? relaxed : fieldInput;
  const parser = new Parser();
  try {
    parser.parse(field);
  } catch (e) {
    if (e instanceof JsonPathError) return { error: table ? `sorting error: ${e.message}` : e.message };
    throw e;
  }
  const keyed: { item: T; found: boolean; value: Value }[] = [];
  try {
    for (const item of items) {
      const groups = new Evaluator(true).findResults(parser.root.nodes, 0, item);
      const found = groups.length > 0 && groups[0]!.length > 0;
      keyed.push({ item, found, value: found ? groups[0]![0] : undefined });
    }
  } catch (e) {
    if (e instanceof JsonPathError) return { error: e.message };
    throw e;
  }
  if (!keyed.some((k) => k.found)) return { error: `couldn't find any field with path ${JSON.stringify(field)} in the list of objects` };
  try {
    keyed.sort((x, y) => {
      if (!x.found || !y.found) return x.found === y.found ? 0 : x.found ? 1 : -1;
      return sortLess(x.value, y.value) ? -1 : sortLess(y.value, x.value) ? 1 : 0;
    });
  } catch (e) {
    if (e instanceof JsonPathError) return { error: `Field ${field} is an unsortable type: ${e.message.replace(/^unsortable type: /, '')}` };
    throw e;
  }
  return { items: keyed.map((k) => k.item) };
}
