/**
 * `kubectl -o yaml` byte for byte. kubectl marshals the object to JSON and converts that with
 * sigs.k8s.io/yaml v1.4.0, whose emitter is a fork of go-yaml v2.4.0 (goyaml.v2/encode.go,
 * emitterc.go, sorter.go, resolve.go). This is a port of the parts a JSON value exercises:
 * block mappings and sequences (sequences in a mapping are not indented), `{}`/`[]` for empty
 * ones, keys in go-yaml's "natural" order, and go-yaml's scalar styles — plain where possible,
 * "double quotes" for text that would read back as another type (`"1"`, `"true"`, timestamps),
 * 'single quotes' where plain is not allowed, `|` for multi-line text — with plain and quoted
 * scalars folded at the first space past column 80.
 */

import { utf8Length } from '../../api/index.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

interface Emitter {
  out: string[];
  column: number;
  indent: number;
  whitespace: boolean;
  indention: boolean;
  /** A `|+` scalar ended the output: the stream must close with `...`. */
  openEnded: boolean;
}

interface Context {
  mapping: boolean;
  simpleKey: boolean;
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankz = (c: string | undefined) => isBlank(c) || isBreak(c) || c === '\0';

/** emitterc is_printable, in code points: astral characters (emoji) are not "printable". */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

function put(e: Emitter, s: string): void {
  e.out.push(s);
  e.column += [...s].length;
}

function putBreak(e: Emitter): void {
  e.out.push('\n');
  e.column = 0;
}

/** yaml_emitter_write_indent: start a new line unless already at the indentation. */
function writeIndent(e: Emitter): void {
  const indent = Math.max(e.indent, 0);
  if (!e.indention || e.column > indent || (e.column === indent && !e.whitespace)) putBreak(e);
  while (e.column < indent) put(e, ' ');
  e.whitespace = true;
  e.indention = true;
}

function writeIndicator(e: Emitter, indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
  if (needWhitespace && !e.whitespace) put(e, ' ');
  put(e, indicator);
  e.whitespace = isWhitespace;
  e.indention = e.indention && isIndention;
  e.openEnded = false;
}

// ---------------------------------------------------------------------------------------------
// Scalars.

/** resolve.go: would this text, unquoted, read back as something other than a string? */
const RESOLVE_MAP = new Set(
  'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF'.split(' '),
);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** The time.Parse layouts go-yaml tries: `2006-1-2T15:4:5.999999999Z07:00` (also `t`), `2006-1-2 15:4:5.999999999`, `2006-1-2`. */
const TIMESTAMPS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[-+]\d{2}:\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})()()()$/,
];

/** Whether time.Parse would accept it: the shape, and fields in range. */
function isTimestamp(s: string): boolean {
  return TIMESTAMPS.some((re) => {
    const m = re.exec(s);
    if (!m) return false;
    const [mo, d, h, mi, sec] = [2, 3, 4, 5, 6].map((i) => Number(m[i] || 0)) as [number, number, number, number, number];
    const daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
    const y = Number(m[1]);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    return mo >= 1 && d >= 1 && d <= (mo === 2 && !leap ? 28 : daysIn) && h < 24 && mi < 60 && sec < 60;
  });
}

/** Go strconv.ParseInt/ParseUint with base 0 (0x, 0o, 0b, leading-0 octal, optional sign). */
function goParsesAsInt(s: string): boolean {
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.test(s);
}

function goParsesAsFloat(s: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^[-+]?(inf|infinity|nan)$/i.test(s);
}

/** Whether go-yaml's resolve() gives a non-string tag, or the text is a YAML 1.1 base-60 float. */
function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  // resolveTable: only these first characters make resolve() look further.
  const hint = s[0]!;
  if (!/[-+0-9yYnNtTfFoO~.]/.test(hint)) return false;
  if (RESOLVE_MAP.has(s)) return true;
  if ('yYnNtTfFoO~'.includes(hint)) return false;
  if (hint === '.') return goParsesAsFloat(s);
  {
    if (isTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (goParsesAsInt(plain) || YAML_STYLE_FLOAT.test(plain) || /^-?0b[01]+$/.test(plain)) return true;
    return BASE60_FLOAT.test(s);
  }
  return false;
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar (block context: the flow-only flags are not needed). */
function analyze(chars: readonly string[]): Analysis {
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const s = chars.join('');
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((c === ':' && followedByWhitespace) || (c === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  });
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** encode.go stringv's request, then yaml_emitter_select_scalar_style's fallbacks. */
function selectStyle(chars: readonly string[], requested: Style, ctx: Context): Style {
  const a = analyze(chars);
  let style = requested;
  if (ctx.simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (chars.length === 0 && ctx.simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || ctx.simpleKey)) style = 'double';
  return style;
}

function writePlain(e: Emitter, chars: readonly string[], allowBreaks: boolean): void {
  if (!e.whitespace) put(e, ' ');
  let spaces = false;
  chars.forEach((c, i) => {
    if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && chars[i + 1] !== ' ') writeIndent(e);
      else put(e, c);
      spaces = true;
    } else {
      put(e, c);
      e.indention = false;
      spaces = false;
    }
  });
  e.whitespace = false;
  e.indention = false;
}

function writeSingleQuoted(e: Emitter, chars: readonly string[], allowBreaks: boolean): void {
  writeIndicator(e, "'", true, false, false);
  let spaces = false;
  chars.forEach((c, i) => {
    if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') writeIndent(e);
      else put(e, c);
      spaces = true;
    } else {
      put(e, c === "'" ? "''" : c);
      e.indention = false;
      spaces = false;
    }
  });
  writeIndicator(e, "'", false, false, false);
  e.whitespace = false;
  e.indention = false;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeChar(c: string): string {
  const cp = c.codePointAt(0)!;
  const named = ESCAPES[cp];
  if (named) return `\\${named}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

function writeDoubleQuoted(e: Emitter, chars: readonly string[], allowBreaks: boolean): void {
  writeIndicator(e, '"', true, false, false);
  // emitterc's is_bom looks at the start of the value whatever the position: a leading BOM
  // makes every character escaped.
  const bom = chars[0] === '\ufeff';
  let spaces = false;
  chars.forEach((c, i) => {
    if (!isPrintable(c) || bom || isBreak(c) || c === '"' || c === '\\') {
      put(e, escapeChar(c));
      spaces = false;
    } else if (c === ' ') {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        writeIndent(e);
        if (chars[i + 1] === ' ') put(e, '\\');
      } else put(e, c);
      spaces = true;
    } else {
      put(e, c);
      spaces = false;
    }
  });
  writeIndicator(e, '"', false, false, false);
  e.whitespace = false;
  e.indention = false;
}

/** yaml_emitter_write_block_scalar_hints: indentation hint for leading blanks, then chomping. */
function blockHints(chars: readonly string[]): string {
  const indentHint = chars[0] === ' ' || isBreak(chars[0]) ? String(BEST_INDENT) : '';
  const last = chars.length - 1;
  let chomp = '';
  if (!isBreak(chars[last])) chomp = '-';
  else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
  return indentHint + chomp;
}

function writeLiteral(e: Emitter, chars: readonly string[]): void {
  writeIndicator(e, '|', true, false, false);
  const hints = blockHints(chars);
  if (hints) writeIndicator(e, hints, false, false, false);
  e.openEnded = hints.endsWith('+');
  putBreak(e);
  e.indention = true;
  e.whitespace = true;
  let breaks = true;
  for (const c of chars) {
    if (isBreak(c)) {
      if (c === '\n') putBreak(e);
      else {
        put(e, c);
        e.column = 0;
      }
      e.indention = true;
      breaks = true;
    } else {
      if (breaks) writeIndent(e);
      put(e, c);
      e.indention = false;
      breaks = false;
    }
  }
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64) as go-yaml writes floats: shortest digits, and the %e form
 * when the decimal exponent is below -4 or at least 6 (Go's 'g' uses precision 6 for that choice
 * when the shortest representation was asked for): 1.2345675e+06, 1e-05.
 */
export function goFormatFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** How a number reads after JSON → go-yaml: integers as ints, anything else as a float64. */
function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return goFormatFloat(n);
}

function emitScalar(e: Emitter, text: string, requested: Style, ctx: Context): void {
  const chars = [...text];
  const style = selectStyle(chars, requested, ctx);
  const saved = e.indent;
  e.indent = saved < 0 ? BEST_INDENT : saved + BEST_INDENT;
  const allowBreaks = !ctx.simpleKey;
  if (style === 'plain') writePlain(e, chars, allowBreaks);
  else if (style === 'single') writeSingleQuoted(e, chars, allowBreaks);
  else if (style === 'double') writeDoubleQuoted(e, chars, allowBreaks);
  else writeLiteral(e, chars);
  e.indent = saved;
}

function emitString(e: Emitter, s: string, ctx: Context): void {
  const requested: Style = s.includes('\n') ? 'literal' : resolvesToNonString(s) ? 'double' : 'plain';
  emitScalar(e, s, requested, ctx);
}

// ---------------------------------------------------------------------------------------------
// Collections.

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

/** sorter.go keyList.Less for two string keys: letters before others, digit runs by value. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function goYamlKeyCompare(a: string, b: string): number {
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

/** Keys of a JSON object, undefined members dropped as JSON would. */
function definedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined);
}

/** A simple key fits on one line and is at most 128 bytes; anything else becomes `? key`. */
function isSimpleKey(key: string): boolean {
  return !analyze([...key]).multiline && utf8Length(key) <= 128;
}

function emitMapping(e: Emitter, o: Record<string, unknown>): void {
  const keys = definedKeys(o).sort(goYamlKeyCompare);
  const saved = e.indent;
  e.indent = saved < 0 ? 0 : saved + BEST_INDENT;
  for (const key of keys) {
    writeIndent(e);
    if (isSimpleKey(key)) {
      emitString(e, key, { mapping: true, simpleKey: true });
      writeIndicator(e, ':', false, false, false);
    } else {
      writeIndicator(e, '?', true, false, true);
      emitString(e, key, { mapping: true, simpleKey: false });
      writeIndent(e);
      writeIndicator(e, ':', true, false, true);
    }
    emitNode(e, o[key], { mapping: true, simpleKey: false });
  }
  e.indent = saved;
}

function emitSequence(e: Emitter, items: readonly unknown[], ctx: Context): void {
  const saved = e.indent;
  // A sequence that is a mapping's value starts at the mapping's own indentation.
  const indentless = ctx.mapping && !e.indention;
  e.indent = saved < 0 ? 0 : indentless ? saved : saved + BEST_INDENT;
  for (const item of items) {
    writeIndent(e);
    writeIndicator(e, '-', true, false, true);
    emitNode(e, item === undefined ? null : item, { mapping: false, simpleKey: false });
  }
  e.indent = saved;
}

function emitNode(e: Emitter, v: unknown, ctx: Context): void {
  if (v === null || v === undefined) return emitScalar(e, 'null', 'plain', ctx);
  if (typeof v === 'boolean') return emitScalar(e, String(v), 'plain', ctx);
  if (typeof v === 'number') return emitScalar(e, formatNumber(v), 'plain', ctx);
  if (typeof v === 'string') return emitString(e, v, ctx);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      writeIndicator(e, '[', true, true, false);
      return writeIndicator(e, ']', false, false, false);
    }
    return emitSequence(e, v, ctx);
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (definedKeys(o).length === 0) {
      writeIndicator(e, '{', true, true, false);
      return writeIndicator(e, '}', false, false, false);
    }
    return emitMapping(e, o);
  }
  return emitScalar(e, 'null', 'plain', ctx);
}

/** sigs.k8s.io/yaml Marshal of a JSON value: one document, no `---`, ending in a newline. */
export function toGoYaml(value: unknown): string {
  const e: Emitter = { out: [], column: 0, indent: -1, whitespace: true, indention: true, openEnded: false };
  emitNode(e, value, { mapping: false, simpleKey: false });
  writeIndent(e);
  if (e.openEnded) {
    writeIndicator(e, '...', true, false, false);
    writeIndent(e);
  }
  return e.out.join('');
}
