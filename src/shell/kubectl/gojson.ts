/**
 * `kubectl -o json` byte for byte: Go encoding/json MarshalIndent(obj, "", "    ") of an
 * unstructured object (k8s.io/cli-runtime pkg/printers/json.go). Unstructured objects are Go
 * maps, so every object's keys come out sorted by bytes; strings get Go's HTML-safe escaping
 * (`<` `>` `&` as \u003c \u003e \u0026, U+2028/U+2029 escaped, invalid UTF-16 as U+FFFD).
 */

/** Code-point order equals the UTF-8 byte order Go's sort.Strings uses. */
export function byteOrderCompare(a: string, b: string): number {
  const ac = [...a];
  const bc = [...b];
  for (let i = 0; i < ac.length && i < bc.length; i++) {
    const d = ac[i]!.codePointAt(0)! - bc[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ac.length - bc.length;
}

const HEX = '0123456789abcdef';

/** encoding/json appendString with escapeHTML. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u00${HEX[cp >> 4]}${HEX[cp & 0xf]}`;
    else if (cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** float64 encoding matches ECMAScript's Number-to-String in both the 'f' and 'e' ranges. */
function goJsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

export function toGoJson(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'string') return goJsonString(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toGoJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort(byteOrderCompare);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${toGoJson(o[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return 'null';
}
