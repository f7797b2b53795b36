/**
 * Sources: printNamespace / printConfigMap columns (kubernetes pkg/printers/internalversion/
 * printers.go, v1.32); table decoration — NAMESPACE first, LABELS last, no header for an empty
 * table, cell truncation and escaping (k8s.io/cli-runtime pkg/printers/tableprinter.go,
 * terminal.go); labels.FormatLabels (k8s.io/apimachinery pkg/labels/labels.go); the empty-list
 * message and the List wrapper of printGeneric (kubectl pkg/cmd/get/get.go); -o name
 * (cli-runtime pkg/printers/name.go). All at staging tag v0.32.13.
 * The List golden text is a real `kubectl get secrets -o yaml` transcript from January 2026.
 */
import { describe, expect, it } from 'vitest';
import { formatLabels, formatName, noResourcesFound, printObjects, printTable } from './printers.ts';

const ns = (name: string, createdSec: number, phase = 'Active', labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, creationTimestamp: `2026-11-22T00:${String(Math.floor(createdSec / 60)).padStart(2, '0')}:${String(createdSec % 60).padStart(2, '0')}Z`, ...(labels ? { labels } : {}) },
  status: { phase },
});

describe('printTable', () => {
  it('namespaces: NAME STATUS AGE, AGE from creationTimestamp and virtual now', () => {
    const objs = [ns('default', 0), ns('kube-node-lease', 0), ns('dev', 63, 'Terminating')];
    expect(printTable('namespaces', objs, { nowMs: 3 * 3_600_000 })).toBe(
      ['NAME              STATUS        AGE', 'default           Active        3h', 'kube-node-lease   Active        3h', 'dev               Terminating   178m', ''].join('\n'),
    );
  });

  it('configmaps: DATA counts data and binaryData keys; -A prepends NAMESPACE', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'default', creationTimestamp: '2026-11-22T00:00:03Z' }, data: { 'ca.crt': 'x' } };
    const cm2 = { ...cm, metadata: { ...cm.metadata, name: 'app', namespace: 'dev' }, data: { a: '1' }, binaryData: { b: 'AA==' } };
    expect(printTable('configmaps', [cm], { nowMs: 64_000 })).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      61s\n');
    expect(printTable('configmaps', [cm, cm2], { nowMs: 64_000, allNamespaces: true })).toBe(
      'NAMESPACE   NAME               DATA   AGE\ndefault     kube-root-ca.crt   1      61s\ndev         app                2      61s\n',
    );
  });

  it('--show-labels appends LABELS; --no-headers drops the header', () => {
    const objs = [ns('dev', 0, 'Active', { 'kubernetes.io/metadata.name': 'dev', env: 'test' }), ns('bare', 0)];
    expect(printTable('ns', objs, { nowMs: 5000, showLabels: true })).toBe(
      'NAME   STATUS   AGE   LABELS\ndev    Active   5s    env=test,kubernetes.io/metadata.name=dev\nbare   Active   5s    <none>\n',
    );
    expect(printTable('namespaces', [ns('dev', 0)], { nowMs: 5000, noHeaders: true })).toBe('dev   Active   5s\n');
  });

  it('does not prepend NAMESPACE for a cluster-scoped resource even with -A', () => {
    expect(printTable('namespaces', [ns('dev', 0)], { nowMs: 0, allNamespaces: true })).toBe('NAME   STATUS   AGE\ndev    Active   0s\n');
  });

  it('falls back to NAME AGE, shows <unknown> without a timestamp, and prints nothing for no objects', () => {
    expect(printTable('leases', [{ metadata: { name: 'node1' } }], { nowMs: 0 })).toBe('NAME    AGE\nnode1   <unknown>\n');
    expect(printTable('namespaces', [], { nowMs: 0 })).toBe('');
  });

  it('cuts a cell at a newline with "..." and escapes ESC', () => {
    expect(printTable('namespaces', [{ ...ns('x', 0), status: { phase: 'A\nB' } }], { nowMs: 0 }).split('\n')[1]).toBe('x      A...     0s');
    expect(printTable('namespaces', [{ ...ns('x', 0), status: { phase: '\x1b[31m' } }], { nowMs: 0 }).split('\n')[1]).toBe('x      ^[[31m   0s');
  });
});

describe('messages and names', () => {
  it('says where nothing was found', () => {
    expect(noResourcesFound('default')).toBe('No resources found in default namespace.');
    expect(noResourcesFound()).toBe('No resources found');
  });

  it('formats labels sorted, <none> when empty', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('-o name is kind[.group]/name', () => {
    expect(printObjects([ns('default', 0), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' } }], 'name')).toBe('namespace/default\nconfigmap/app\n');
    expect(formatName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'created')).toBe('deployment.apps/web created');
  });
});

describe('printObjects', () => {
  const secret = {
    apiVersion: 'v1',
    data: { 'front-door': 'MTIzNA==' },
    kind: 'Secret',
    metadata: { creationTimestamp: '2026-01-10T20:29:53Z', name: 'codes', namespace: 'rainbow', resourceVersion: '514895', uid: '5f32f44b-215a-421b-9cfe-385a6af02424' },
    type: 'Opaque',
  };

  it('wraps a list request in a v1 List with an empty resourceVersion (real transcript)', () => {
    expect(printObjects([secret], 'yaml', true)).toBe(`apiVersion: v1
items:
- apiVersion: v1
  data:
    front-door: MTIzNA==
  kind: Secret
  metadata:
    creationTimestamp: "2026-01-10T20:29:53Z"
    name: codes
    namespace: rainbow
    resourceVersion: "514895"
    uid: 5f32f44b-215a-421b-9cfe-385a6af02424
  type: Opaque
kind: List
metadata:
  resourceVersion: ""
`);
  });

  it('prints a single requested object as itself, several as a List, none as an empty List', () => {
    expect(printObjects([ns('default', 0)], 'yaml')).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: "2026-11-22T00:00:00Z"\n  name: default\nstatus:\n  phase: Active\n');
    expect(printObjects([ns('a', 0), ns('b', 0)], 'yaml').startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n')).toBe(true);
    expect(printObjects([], 'yaml', true)).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('-o json: four-space indent and a final newline', () => {
    expect(printObjects([], 'json', true)).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
    expect(printObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { k: 'v' } }], 'json')).toBe(
      '{\n    "apiVersion": "v1",\n    "data": {\n        "k": "v"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "name": "app"\n    }\n}\n',
    );
  });
});
