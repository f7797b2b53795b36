/**
 * kubectl -o json: k8s.io/cli-runtime pkg/printers/json.go uses json.MarshalIndent(obj, "", "    ")
 * on unstructured (map) objects, so keys sort by bytes and Go's HTML-safe string escaping applies
 * (encoding/json encode.go appendString; \b and \f short forms since Go 1.22).
 */
import { describe, expect, it } from 'vitest';
import { byteOrderCompare, goJsonString, toGoJson } from './gojson.ts';

describe('toGoJson', () => {
  it('indents with four spaces and sorts keys', () => {
    expect(toGoJson({ metadata: { name: 'default' }, kind: 'Namespace', apiVersion: 'v1' })).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Namespace",\n    "metadata": {\n        "name": "default"\n    }\n}',
    );
  });

  it('keeps empty collections on one line', () => {
    expect(toGoJson({ items: [], metadata: {}, n: [1, null, true] })).toBe('{\n    "items": [],\n    "metadata": {},\n    "n": [\n        1,\n        null,\n        true\n    ]\n}');
  });

  it('escapes like Go: HTML characters, line separators, control characters', () => {
    expect(goJsonString('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(goJsonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(goJsonString('a\tb\n\u0001\b\f"\\')).toBe('"a\\tb\\n\\u0001\\b\\f\\"\\\\"');
    expect(goJsonString('é😀')).toBe('"é😀"');
  });

  it('writes floats as Go does (same as ECMAScript in both ranges)', () => {
    expect(toGoJson([0.5, 1.5e-7, 1e21, 100])).toBe('[\n    0.5,\n    1.5e-7,\n    1e+21,\n    100\n]');
  });

  it('orders keys by UTF-8 bytes', () => {
    expect(['b', 'B', 'a', '_'].sort(byteOrderCompare)).toEqual(['B', '_', 'a', 'b']);
  });
});
