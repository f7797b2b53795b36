/**
 * Cases from k8s.io/client-go util/jsonpath jsonpath_test.go and parser_test.go (v0.32), plus
 * kubectl's error wrapping (cli-runtime pkg/genericclioptions/jsonpath_flags.go "error parsing
 * jsonpath %s, %v"; pkg/printers/jsonpath.go "error executing jsonpath %q: Error executing
 * template: ..."). Data is unstructured JSON as kubectl decodes it.
 */
import { describe, expect, it } from 'vitest';
import { evalJsonPath, goFormatFloat } from './jsonpath.ts';
import { naturalLess, sortByJsonPath } from './jsonpath.ts';

const run = (template: string, data: unknown, allowMissingKeys = true) => {
  const r = evalJsonPath(template, data, { allowMissingKeys });
  return r.ok ? r.text : `ERR ${r.error}`;
};

// jsonpath_test.go TestKubernetes nodesData (unstructured).
const nodesData = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

describe('evalJsonPath: jsonpath_test.go TestKubernetes', () => {
  it.each([
    ['{range .items[*]}{.metadata.name}, {end}{.kind}', '127.0.0.1, 127.0.0.2, List'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'],
    ['{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'],
    ['{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}', '127.0.0.1, 127.0.0.2, 127.0.0.3, '],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', 'None'],
    ['{.items[?(@..ready==true)].metadata.name}', '127.0.0.1'],
  ])('%s', (template, expected) => {
    expect(run(template, nodesData, false)).toBe(expected);
  });
});

describe('evalJsonPath: jsonpath_test.go TestTypesInput / TestStructInput', () => {
  const types = { bools: [true, false, true, false], integers: [1, 2, 3, 4], floats: [1.0, 2.2, 3.3, 4.0], strings: ['one', 'two', 'three', 'four'], maps: [{ name: 'one', value: 1 }, { name: 'two', value: 2.02 }] };
  it.each([
    ['{ .bools }', '[true,false,true,false]'],
    ['{ .bools[-1] }', 'false'],
    ['{ .bools[:4:2] }', 'true true'],
    ['{ .integers[-2] }', '3'],
    ['{ .integers[0:2] }', '1 2'],
    ['{ .floats }', '[1,2.2,3.3,4]'],
    ['{ .floats[-2] }', '3.3'],
    ['{ .strings }', '["one","two","three","four"]'],
    ['{ .strings[:4:2] }', 'one three'],
    ['{ .maps[0] }', '{"name":"one","value":1}'],
    ['hello jsonpath', 'hello jsonpath'],
    ['{"{"}', '{'],
  ])('%s', (template, expected) => {
    expect(run(template, types, false)).toBe(expected);
  });

  it('filters, unions and slices of a bare array', () => {
    expect(run('{[?(@<5)]}', [2, 6, 3, 7])).toBe('2 3');
    expect(run('{[1,3,4]}', [0, 1, 2, 3, 4])).toBe('1 3 4');
    expect(run('{[0:2]}', ['Monday', 'Tudesday'])).toBe('Monday Tudesday');
  });
});

describe('evalJsonPath: TestNegativeIndex', () => {
  const pod = { spec: { containers: ['fake0', 'fake1', 'fake2', 'fake3'].map((name) => ({ name })) } };
  it.each([
    ['{.spec.containers[0].name}', 'fake0'],
    ['{.spec.containers[0:0].name}', ''],
    ['{.spec.containers[0:-1].name}', 'fake0 fake1 fake2'],
    ['{.spec.containers[-1].name}', 'fake3'],
    ['{.spec.containers[-2:].name}', 'fake2 fake3'],
    ['{.spec.containers[-4].name}', 'fake0'],
  ])('%s', (template, expected) => {
    expect(run(template, pod, false)).toBe(expected);
  });

  it('[-1:0] is an error (starting index greater than ending index)', () => {
    expect(run('{.spec.containers[-1:0].name}', pod)).toContain('Error executing template: starting index 3 is greater than ending index 0.');
  });
});

describe('evalJsonPath: kubectl usage', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { metadata: { name: 'web-1' }, spec: { replicas: 3 }, status: { phase: 'Running', podIP: '10.244.1.5', conditions: [{ type: 'Ready', status: 'True' }] } },
      { metadata: { name: 'web-2' }, spec: { replicas: 1 }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } },
    ],
    metadata: { resourceVersion: '' },
  };

  it('prints names, phases and filtered conditions as kubectl does', () => {
    expect(run('{.items[*].metadata.name}', list)).toBe('web-1 web-2');
    expect(run('{.items[0].status.podIP}', list)).toBe('10.244.1.5');
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', list)).toBe('web-1\tRunning\nweb-2\tPending\n');
    expect(run('{.items[?(@.status.phase=="Running")].metadata.name}', list)).toBe('web-1');
    expect(run('{.items[1].status.conditions[?(@.type=="Ready")].status}', list)).toBe('False');
    // unstructured integers are int64, so an int literal compares with them
    expect(run('{.items[?(@.spec.replicas>2)].metadata.name}', list)).toBe('web-1');
    expect(run('{.metadata}', list)).toBe('{"resourceVersion":""}');
  });

  it('missing keys print nothing by default (--allow-missing-template-keys=true)', () => {
    expect(run('before-{.hello}after', list)).toBe('before-after');
    expect(run('{.items[1].status.podIP}', list)).toBe('');
  });

  it('reports parse errors as kubectl does (parser_test.go messages)', () => {
    expect(run('{.x', {})).toBe('ERR error: error parsing jsonpath {.x, unclosed action\n');
    expect(run('{*}', {})).toBe("ERR error: error parsing jsonpath {*}, unrecognized character in action: U+002A '*'\n");
    expect(run('{+12.3.0}', {})).toBe('ERR error: error parsing jsonpath {+12.3.0}, cannot parse number +12.3.0\n');
    expect(run('{[1}', {})).toBe('ERR error: error parsing jsonpath {[1}, unterminated array\n');
    expect(run('{[?(.price]}', {})).toBe('ERR error: error parsing jsonpath {[?(.price]}, unterminated filter\n');
    expect(run('{........}', {})).toBe('ERR error: error parsing jsonpath {........}, invalid multiple recursive descent\n');
  });

  it('reports execution errors with kubectl debugging text (jsonpath_test.go failStoreTests)', () => {
    expect(run('{hello}', { a: 1 })).toBe(
      'ERR error: error executing jsonpath "{hello}": Error executing template: unrecognized identifier hello. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{hello}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"a":1}\n\n\n',
    );
    expect(run('{.hello}', {}, false)).toContain('Error executing template: hello is not found.');
    expect(run('{.a[?(@.b<>10)]}', { a: [{ b: 1 }] })).toContain('unrecognized filter operator <>');
    expect(run('{range .a.*}{@}{end}{end}', { a: { x: 1 } })).toContain('not in range, nothing to end');
    expect(run('{.a[?(@.b==1.5)]}', { a: [{ b: 1 }] })).toContain('incompatible types for comparison');
  });
});

describe('goFormatFloat (fmt %v of float64)', () => {
  it.each([
    [2.2, '2.2'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [123456.5, '123456.5'],
    [1500000.5, '1.5000005e+06'],
  ])('%d → %s', (f, text) => {
    expect(goFormatFloat(f)).toBe(text);
  });
});

// k8s.io/kubectl pkg/cmd/get/sorter.go (SortObjects, TableSorter, isLess) and
// github.com/fvbommel/sortorder NaturalLess, which it compares strings with.
describe('--sort-by', () => {
  const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name }, ...extra });
  const names = (r: { items: { metadata: { name: string } }[] } | { error: string }) => ('error' in r ? r.error : r.items.map((i) => i.metadata.name));

  it('natural order: numbers inside strings compare as numbers, digits before letters, fewer leading zeros first', () => {
    expect(naturalLess('web-2', 'web-10')).toBe(true);
    expect(naturalLess('web-10', 'web-2')).toBe(false);
    expect(naturalLess('a1', 'ab')).toBe(true);
    expect(naturalLess('2', '02')).toBe(true);
    expect(naturalLess('abc', 'abcd')).toBe(true);
    expect(naturalLess('x', 'x')).toBe(false);
  });

  it('sorts by the first value the path finds; objects without it come first; equal values keep their order', () => {
    const items = [pod('web-10'), pod('web-2', { spec: { nodeName: 'worker-2' } }), pod('web-1', { spec: { nodeName: 'worker-1' } }), pod('none')];
    expect(names(sortByJsonPath(items, '.metadata.name', false))).toEqual(['none', 'web-1', 'web-2', 'web-10']);
    expect(names(sortByJsonPath(items, '{.spec.nodeName}', false))).toEqual(['web-10', 'none', 'web-1', 'web-2']);
  });

  it('strings that are both quantities compare as quantities; numbers as numbers', () => {
    const items = [pod('a', { m: '1Gi' }), pod('b', { m: '512Mi' }), pod('c', { m: '2' })];
    expect(names(sortByJsonPath(items, '.m', false))).toEqual(['c', 'b', 'a']);
    const counts = [pod('a', { n: 10 }), pod('b', { n: 9 })];
    expect(names(sortByJsonPath(counts, '.n', false))).toEqual(['b', 'a']);
  });

  it('a path found in no object is an error — except for a table of one row, which is printed as it is', () => {
    expect(sortByJsonPath([pod('a'), pod('b')], '.spec.nope', true)).toEqual({ error: `couldn't find any field with path "{.spec.nope}" in the list of objects` });
    expect(sortByJsonPath([pod('a')], '.spec.nope', false)).toEqual({ error: `couldn't find any field with path "{.spec.nope}" in the list of objects` });
    expect(names(sortByJsonPath([pod('a')], '.spec.nope', true))).toEqual(['a']);
  });

  it('maps, lists and booleans cannot be sorted', () => {
    const items = [pod('a', { l: { x: '1' } }), pod('b', { l: { y: '2' } })];
    expect(sortByJsonPath(items, '.l', false)).toEqual({ error: 'Field {.l} is an unsortable type: map[string]interface {}' });
    expect(sortByJsonPath([pod('a', { f: true }), pod('b', { f: false })], '.f', false)).toEqual({ error: 'Field {.f} is an unsortable type: bool' });
  });
});
