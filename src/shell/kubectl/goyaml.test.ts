/**
 * kubectl -o yaml = sigs.k8s.io/yaml v1.4.0 over its go-yaml v2.4.0 fork (goyaml.v2/encode.go
 * stringv, resolve.go, emitterc.go analyze/select/write functions, sorter.go). Golden texts:
 * reference §13.6 (real `kubectl create ... --dry-run=client -o yaml` runs with v1.32.4), and
 * line folding cross-checked against PyYAML 6.0.3, whose emitter is the same libyaml algorithm.
 */
import { describe, expect, it } from 'vitest';
import { goFormatFloat, goYamlKeyCompare, toGoYaml } from './goyaml.ts';

describe('toGoYaml: real kubectl outputs (reference §13.6)', () => {
  it('kubectl create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels: { app: 'web' }, name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } },
      },
      status: {},
    };
    expect(toGoYaml(dep)).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`);
  });

  it('kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml (keys sorted, 80-8080 plain)', () => {
    const svc = {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    };
    expect(toGoYaml(svc)).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: ClusterIP
status:
  loadBalancer: {}
`);
  });
});

describe('scalar styles', () => {
  it.each([
    ['', '""'],
    ['1', '"1"'],
    ['-1', '"-1"'],
    ['1.5', '"1.5"'],
    ['.5', '".5"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['0o17', '"0o17"'],
    ['08', '"08"'],
    ['1_000', '"1_000"'],
    ['1:20', '"1:20"'],
    ['true', '"true"'],
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['y', '"y"'],
    ['NO', '"NO"'],
    ['~', '"~"'],
    ['null', '"null"'],
    ['2026-11-22', '"2026-11-22"'],
    ['2026-11-22T00:00:03Z', '"2026-11-22T00:00:03Z"'],
    ['a: b', "'a: b'"],
    ['foo:', "'foo:'"],
    ['- x', "'- x'"],
    ['#x', "'#x'"],
    ['x #y', "'x #y'"],
    ['*x', "'*x'"],
    ['@x', "'@x'"],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    ["'q'", "'''q'''"],
    ['---', "'---'"],
    ['...', "'...'"],
    ['x#y', 'x#y'],
    ["it's", "it's"],
    ['http://x', 'http://x'],
    ['-x', '-x'],
    ['<<', '<<'],
    ['80-8080', '80-8080'],
    ['1.2.3', '1.2.3'],
    ['é', 'é'],
    ['tab\tx', '"tab\\tx"'],
    ['😀', '"\\U0001F600"'],
  ])('%j → %s', (s, out) => {
    expect(toGoYaml({ k: s })).toBe(`k: ${out}\n`);
  });

  it('writes numbers, booleans and null plain', () => {
    expect(toGoYaml({ a: 1, b: 0.5, c: true, d: null, e: 1e21, f: 1234567.5 })).toBe('a: 1\nb: 0.5\nc: true\nd: null\ne: 1e+21\nf: 1.2345675e+06\n');
    expect(goFormatFloat(1.5e-7)).toBe('1.5e-07');
  });
});

describe('block scalars', () => {
  it('uses | with chomping and indentation hints', () => {
    expect(toGoYaml({ data: { 'config.yaml': 'foo: bar\nbaz: 1\n', k2: 'a\nb', k4: ' lead\nx\n' } })).toBe(
      'data:\n  config.yaml: |\n    foo: bar\n    baz: 1\n  k2: |-\n    a\n    b\n  k4: |2\n     lead\n    x\n',
    );
  });

  it('falls back to double quotes when a line ends in a space', () => {
    expect(toGoYaml({ k: 'x \ny' })).toBe('k: "x \\ny"\n');
  });

  it('closes the stream with ... after a trailing |+ block', () => {
    expect(toGoYaml({ k: 'a\n\n' })).toBe('k: |+\n  a\n\n...\n');
    expect(toGoYaml({ k: 'a\n\n', l: 1 })).toBe('k: |+\n  a\n\nl: 1\n');
  });
});

describe('layout', () => {
  it('does not indent sequences under a key, nests sequences and writes empty ones flow', () => {
    expect(toGoYaml({ list: [['a', 'b'], [], {}], m: {} })).toBe('list:\n- - a\n  - b\n- []\n- {}\nm: {}\n');
    expect(toGoYaml([])).toBe('[]\n');
  });

  it('folds plain and single-quoted text at the first space past column 80 (as PyYAML does)', () => {
    const plain = 'The quick brown fox jumps over the lazy dog and keeps running far away past the river bank into the woods';
    expect(toGoYaml({ p: plain, q: { r: [plain] } })).toBe(
      'p: The quick brown fox jumps over the lazy dog and keeps running far away past the\n  river bank into the woods\nq:\n  r:\n  - The quick brown fox jumps over the lazy dog and keeps running far away past the\n    river bank into the woods\n',
    );
    const msg = 'Back-off pulling image "registry.example.com/team/app:v1.2.3": ErrImagePull: rpc error: code = NotFound desc = failed';
    expect(toGoYaml({ items: [{ message: msg }] })).toBe(
      `items:\n- message: 'Back-off pulling image "registry.example.com/team/app:v1.2.3": ErrImagePull:\n    rpc error: code = NotFound desc = failed'\n`,
    );
  });

  it('sorts keys the go-yaml way: digit runs by value, non-letters before letters, letters by code point', () => {
    expect(['a10', 'a9', 'b', 'B', '_x', 'a', 'app.kubernetes.io/name', 'app'].sort(goYamlKeyCompare)).toEqual([
      '_x',
      'B',
      'a',
      'a9',
      'a10',
      'app',
      'app.kubernetes.io/name',
      'b',
    ]);
  });
});
