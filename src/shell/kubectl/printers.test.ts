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
import type { Pod } from 'kubernetes-types/core/v1';
import { API_RESOURCES } from '../../api/index.ts';
import { formatLabels, formatName, noResourcesFound, podRowSummary, printApiResources, printMultiTypeTables, printObjects, printTable } from './printers.ts';

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
    expect(printTable('secrets', [{ metadata: { name: 'node1' } }], { nowMs: 0 })).toBe('NAME    AGE\nnode1   <unknown>\n');
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

/** Virtual seconds → RFC 3339 on the simulated clock (virtual 0 = 2026-11-22T00:00:00Z). */
const ts = (sec: number) => `2026-11-22T${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}Z`;
const running = { running: { startedAt: ts(0) } };

describe('podRowSummary: printPod READY/STATUS/RESTARTS', () => {
  // Cases after K pkg/printers/internalversion/printers_test.go TestPrintPod* and the
  // algorithm in printers.go printPod (reference §12.2).
  const pod = (spec: Partial<Pod['spec']>, status: Pod['status'], deletionTimestamp?: string): Pod => ({
    metadata: { name: 'p', creationTimestamp: ts(0), ...(deletionTimestamp ? { deletionTimestamp } : {}) },
    spec: { containers: [{ name: 'a' }], ...spec },
    status,
  });
  const cases: [string, Pod, string, string, string][] = [
    ['1/2 ready, restarts summed', pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'podPhase', containerStatuses: [{ name: 'a', ready: true, restartCount: 3, state: running, image: '', imageID: '' }, { name: 'b', ready: false, restartCount: 3, image: '', imageID: '' }] }), '1/2', 'podPhase', '6'],
    ['ContainerCreating', pod({}, { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, image: '', imageID: '' }] }), '0/1', 'ContainerCreating', '0'],
    ['CrashLoopBackOff with last restart age', pod({}, { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ts(19) } }, image: '', imageID: '' }] }), '0/1', 'CrashLoopBackOff', '3 (41s ago)'],
    ['Completed', pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, image: '', imageID: '' }] }), '0/1', 'Completed', '0'],
    ['ExitCode without a reason', pod({}, { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } }, image: '', imageID: '' }] }), '0/1', 'ExitCode:2', '0'],
    ['Completed but another container runs, pod not Ready → NotReady', pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, image: '', imageID: '' }, { name: 'b', ready: true, restartCount: 0, state: running, image: '', imageID: '' }] }), '1/2', 'NotReady', '0'],
    ['Completed but another container runs, pod Ready → Running', pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, image: '', imageID: '' }, { name: 'b', ready: true, restartCount: 0, state: running, image: '', imageID: '' }] }), '1/2', 'Running', '0'],
    ['Init:0/1', pod({ initContainers: [{ name: 'init' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running, image: '', imageID: '' }], containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, image: '', imageID: '' }] }), '0/1', 'Init:0/1', '0'],
    ['Init:CrashLoopBackOff counts init restarts', pod({ initContainers: [{ name: 'init' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, image: '', imageID: '' }], containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, image: '', imageID: '' }] }), '0/1', 'Init:CrashLoopBackOff', '2'],
    ['Init:Error', pod({ initContainers: [{ name: 'init' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } }, image: '', imageID: '' }] }), '0/1', 'Init:Error', '0'],
    ['started sidecar counts toward READY', pod({ initContainers: [{ name: 'side', restartPolicy: 'Always' }] }, { phase: 'Running', initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 1, state: running, image: '', imageID: '' }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running, image: '', imageID: '' }] }), '2/2', 'Running', '1'],
    ['Terminating', pod({}, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running, image: '', imageID: '' }] }, ts(50)), '1/1', 'Terminating', '0'],
    ['NodeLost while deleting → Unknown', pod({}, { phase: 'Running', reason: 'NodeLost' }, ts(50)), '0/1', 'Unknown', '0'],
    ['Evicted: status.reason', pod({}, { phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
    ['SchedulingGated', pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), '0/1', 'SchedulingGated', '0'],
  ];
  it.each(cases)('%s', (_name, p, ready, status, restarts) => {
    expect(podRowSummary(p, 60_000)).toEqual({ ready, status, restarts });
  });
});

describe('printTable: columns of every modelled resource (printers.go AddHandlers, reference §12.3)', () => {
  const nowMs = 3_600_000;

  it('pods, and -o wide IP/NODE/NOMINATED NODE/READINESS GATES', () => {
    const p = {
      metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ts(0) },
      spec: { containers: [{ name: 'a' }], nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/gate' }] },
      status: { phase: 'Running', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'example.com/gate', status: 'True' }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] },
    };
    expect(printTable('pods', [p], { nowMs })).toBe('NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          60m\n');
    expect(printTable('pods', [p, { metadata: { name: 'x', creationTimestamp: ts(0) }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } }], { nowMs, wide: true })).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'web-1   1/1     Running   0          60m   10.244.1.5   node-1   <none>           1/1\n' +
        'x       0/1     Pending   0          60m   <none>       <none>   <none>           <none>\n',
    );
  });

  it('nodes: ROLES from node-role labels, NotReady and SchedulingDisabled, wide addresses and node info', () => {
    const node = (name: string, ready: string | undefined, extra: object = {}) => ({
      metadata: { name, creationTimestamp: ts(0), labels: (name === 'cp' ? { 'node-role.kubernetes.io/control-plane': '' } : {}) as Record<string, string> },
      spec: extra,
      status: {
        conditions: ready ? [{ type: 'Ready', status: ready }] : [],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.24' },
      },
    });
    const nodes = [node('cp', 'True'), node('w1', 'Unknown', { unschedulable: true }), node('w2', undefined)];
    expect(printTable('nodes', nodes, { nowMs })).toBe(
      'NAME   STATUS                        ROLES           AGE   VERSION\n' +
        'cp     Ready                         control-plane   60m   v1.32.4\n' +
        'w1     NotReady,SchedulingDisabled   <none>          60m   v1.32.4\n' +
        'w2     Unknown                       <none>          60m   v1.32.4\n',
    );
    expect(printTable('nodes', [nodes[0]!], { nowMs, wide: true })).toBe(
      'NAME   STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME\n' +
        'cp     Ready    control-plane   60m   v1.32.4   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-18-amd64   containerd://1.7.24\n',
    );
  });

  it('services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) with node ports, wide SELECTOR', () => {
    const svcs = [
      { metadata: { name: 'kubernetes', creationTimestamp: ts(0) }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] } },
      { metadata: { name: 'web', creationTimestamp: ts(0) }, spec: { type: 'NodePort', clusterIP: '10.96.10.20', clusterIPs: ['10.96.10.20'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } },
      { metadata: { name: 'lb', creationTimestamp: ts(0) }, spec: { type: 'LoadBalancer', clusterIP: '10.96.3.3', ports: [{ port: 53, nodePort: 31000, protocol: 'UDP' }] } },
    ];
    expect(printTable('services', svcs, { nowMs })).toBe(
      'NAME         TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n' +
        'kubernetes   ClusterIP      10.96.0.1     <none>        443/TCP        60m\n' +
        'web          NodePort       10.96.10.20   <none>        80:30080/TCP   60m\n' +
        'lb           LoadBalancer   10.96.3.3     <pending>     53:31000/UDP   60m\n',
    );
    expect(printTable('svc', [svcs[1]!], { nowMs, wide: true }).split('\n')[1]).toBe('web    NodePort   10.96.10.20   <none>        80:30080/TCP   60m   app=web');
  });

  it('endpoints: ip:port, at most three then "+ N more...", <none> without subsets', () => {
    const ep = (name: string, ips: string[]) => ({ metadata: { name, creationTimestamp: ts(0) }, subsets: ips.length ? [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 8080 }] }] : undefined });
    expect(printTable('endpoints', [ep('web', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']), ep('none', [])], { nowMs })).toBe(
      'NAME   ENDPOINTS                                               AGE\n' + 'web    10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...   60m\n' + 'none   <none>                                                  60m\n',
    );
  });

  it('endpointslices: ADDRESSTYPE PORTS ENDPOINTS, <unset> when empty', () => {
    const slices = [
      { metadata: { name: 'web-abcde', creationTimestamp: ts(0) }, addressType: 'IPv4', ports: [{ name: '', port: 8080 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] },
      { metadata: { name: 'idle-fghij', creationTimestamp: ts(0) }, addressType: 'IPv4', ports: null, endpoints: null },
    ];
    expect(printTable('endpointslices', slices, { nowMs })).toBe(
      'NAME         ADDRESSTYPE   PORTS     ENDPOINTS           AGE\n' + 'web-abcde    IPv4          8080      10.0.0.1,10.0.0.2   60m\n' + 'idle-fghij   IPv4          <unset>   <unset>             60m\n',
    );
  });

  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } };

  it('deployments: READY UP-TO-DATE AVAILABLE, wide CONTAINERS IMAGES SELECTOR', () => {
    const d = { metadata: { name: 'web', creationTimestamp: ts(0) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(printTable('deployments', [d], { nowMs })).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           60m\n');
    expect(printTable('deploy', [d], { nowMs, wide: true }).split('\n')[1]).toBe('web    2/3     3            2           60m   nginx,side   nginx:1.27,busybox   app=web');
  });

  it('replicasets and replicationcontrollers: DESIRED CURRENT READY', () => {
    const rs = { metadata: { name: 'web-5d9c8', creationTimestamp: ts(0) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d9c8' } }, template }, status: { replicas: 3, readyReplicas: 1 } };
    expect(printTable('rs', [rs], { nowMs })).toBe('NAME        DESIRED   CURRENT   READY   AGE\nweb-5d9c8   3         3         1       60m\n');
    expect(printTable('replicasets', [rs], { nowMs, wide: true }).split('\n')[1]).toBe('web-5d9c8   3         3         1       60m   nginx,side   nginx:1.27,busybox   app=web,pod-template-hash=5d9c8');
    const rc = { metadata: { name: 'old', creationTimestamp: ts(0) }, spec: { replicas: 2, selector: { app: 'old' }, template }, status: { replicas: 2, readyReplicas: 2 } };
    expect(printTable('replicationcontrollers', [rc], { nowMs, wide: true })).toBe(
      'NAME   DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES               SELECTOR\nold    2         2         2       60m   nginx,side   nginx:1.27,busybox   app=old\n',
    );
  });

  it('jobs: STATUS COMPLETIONS DURATION (printJob, reference §2.3)', () => {
    const job = (name: string, spec: object, status: object, extraMeta: object = {}) => ({ metadata: { name, creationTimestamp: ts(0), ...extraMeta }, spec: { template, ...spec }, status });
    const jobs = [
      job('done', { completions: 1 }, { succeeded: 1, startTime: ts(0), completionTime: ts(7), conditions: [{ type: 'Complete', status: 'True' }] }),
      job('queue', { parallelism: 3 }, { succeeded: 0, startTime: ts(10) }),
      job('failed', { completions: 3 }, { succeeded: 1, failed: 7, startTime: ts(0), conditions: [{ type: 'Failed', status: 'True' }] }),
      job('gone', { completions: 1 }, {}, { deletionTimestamp: ts(60) }),
    ];
    expect(printTable('jobs', jobs, { nowMs })).toBe(
      'NAME     STATUS        COMPLETIONS   DURATION   AGE\n' +
        'done     Complete      1/1           7s         60m\n' +
        'queue    Running       0/1 of 3      59m        60m\n' +
        'failed   Failed        1/3           60m        60m\n' +
        'gone     Terminating   0/1                      60m\n',
    );
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME', () => {
    const ev = {
      metadata: { name: 'web-1.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container nginx in pod web-1_default(uid)\n',
      type: 'Warning',
      count: 3,
      firstTimestamp: ts(3560),
      lastTimestamp: ts(3580),
      source: { component: 'kubelet', host: 'node-1' },
    };
    expect(printTable('events', [ev], { nowMs })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT      MESSAGE\n20s         Warning   BackOff   pod/web-1   Back-off restarting failed container nginx in pod web-1_default(uid)\n',
    );
    expect(printTable('ev', [ev], { nowMs, wide: true })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT      SUBOBJECT                SOURCE            MESSAGE                                                                FIRST SEEN   COUNT   NAME\n' +
        '20s         Warning   BackOff   pod/web-1   spec.containers{nginx}   kubelet, node-1   Back-off restarting failed container nginx in pod web-1_default(uid)   40s          3       web-1.17a\n',
    );
  });

  it('leases: HOLDER (empty when unset)', () => {
    const leases = [
      { metadata: { name: 'kube-scheduler', creationTimestamp: ts(0) }, spec: { holderIdentity: 'cp_0b5f2f3c-1c1d-4d6c-9c3e-4f1a7d2b9e10' } },
      { metadata: { name: 'orphan', creationTimestamp: ts(0) }, spec: {} },
    ];
    expect(printTable('leases', leases, { nowMs })).toBe('NAME             HOLDER                                    AGE\nkube-scheduler   cp_0b5f2f3c-1c1d-4d6c-9c3e-4f1a7d2b9e10   60m\norphan                                                     60m\n');
  });
});

describe('printMultiTypeTables (kubectl get.go, tableprinter.go WithKind)', () => {
  it('one table per type, a blank line between, names as kind.group/name', () => {
    const d = { metadata: { name: 'web', creationTimestamp: ts(0) }, spec: { replicas: 1 }, status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 } };
    const p = { metadata: { name: 'web-1', creationTimestamp: ts(0) }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] } };
    const out = printMultiTypeTables(
      [
        { resource: 'deployments', objects: [d] },
        { resource: 'replicasets', objects: [] },
        { resource: 'pods', objects: [p] },
      ],
      { nowMs: 60_000 },
    );
    expect(out).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n' + 'deployment.apps/web   1/1     1            1           60s\n' + '\n' + 'NAME        READY   STATUS    RESTARTS   AGE\n' + 'pod/web-1   1/1     Running   0          60s\n',
    );
  });
});

describe('printApiResources (kubectl pkg/cmd/apiresources/apiresources.go)', () => {
  it('NAME SHORTNAMES APIVERSION NAMESPACED KIND, sorted by group then name', () => {
    // A fixed subset, so resources other engineers add do not change the expectation.
    const subset = API_RESOURCES.filter((r) => ['pods', 'leases', 'deployments', 'configmaps', 'endpointslices', 'nodes', 'jobs'].includes(r.resource));
    expect(printApiResources(subset)).toBe(
      'NAME             SHORTNAMES   APIVERSION               NAMESPACED   KIND\n' +
        'configmaps       cm           v1                       true         ConfigMap\n' +
        'nodes            no           v1                       false        Node\n' +
        'pods             po           v1                       true         Pod\n' +
        'deployments      deploy       apps/v1                  true         Deployment\n' +
        'jobs                          batch/v1                 true         Job\n' +
        'leases                        coordination.k8s.io/v1   true         Lease\n' +
        'endpointslices                discovery.k8s.io/v1      true         EndpointSlice\n',
    );
    expect(printApiResources(subset, { sortBy: 'kind', noHeaders: true }).split('\n')[0]).toBe('configmaps       cm       v1                       true    ConfigMap');
  });

  it('-o name prints resource.group; --namespaced=false filters', () => {
    expect(printApiResources(API_RESOURCES, { output: 'name', namespaced: false })).toBe('namespaces\nnodes\ningressclasses.networking.k8s.io\n');
    // apps/v1 in v1.32 discovery: controllerrevisions, daemonsets, deployments, replicasets (statefulsets not modelled).
    expect(printApiResources(API_RESOURCES, { output: 'name', apiGroup: 'apps' })).toBe('controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\n');
  });

  // printDaemonSet / printControllerRevision (K pkg/printers/internalversion/printers.go).
  it('get ds: DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; get controllerrevisions: CONTROLLER REVISION', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default', creationTimestamp: '2026-11-22T00:00:00Z' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'a', image: 'nginx:1.27' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberMisscheduled: 0 },
    };
    expect(printTable('daemonsets', [ds], { nowMs: 60_000, wide: true })).toBe(
      'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES       SELECTOR\n' +
        'agent   3         3         2       1            2           disk=ssd        60s   a            nginx:1.27   app=agent\n',
    );
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'agent-5b576df4cf', namespace: 'default', creationTimestamp: '2026-11-22T00:00:00Z', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }] }, revision: 2 };
    expect(printTable('controllerrevisions', [cr], { nowMs: 60_000 })).toBe('NAME               CONTROLLER             REVISION   AGE\nagent-5b576df4cf   daemonset.apps/agent   2          60s\n');
  });
});
