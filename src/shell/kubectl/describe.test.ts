/**
 * kubectl describe layouts: k/kubectl pkg/describe/describe.go (release-1.32 / v0.32.13)
 * describePod, describeDeployment, describeNode, DescribeEvents, genericDescriber; Go
 * text/tabwriter as tabbedString configures it; reference §12.4. The Pod golden text follows
 * real v1.32 output, quirks included (`IPs:` / `  IP:` shifting `Controlled By:` out of the
 * block alignment, the trailing space after condition statuses).
 */
import { describe, expect, it } from 'vitest';
import { describeObject, describeProbe, formatQuantity, goTabwriter, podQOSClass, rfc1123z, smartLabelFor } from './describe.ts';
import type { KubeObjectLike } from './printers.ts';

const ts = (s: number) => `2026-11-22T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;

describe('goTabwriter (go/src/text/tabwriter, padding 2)', () => {
  it('aligns each column block separately; a line without a tab ends the block', () => {
    expect(goTabwriter('Name:\tweb\nNamespace:\tdefault\nContainers:\n  a:\tb\n')).toBe('Name:       web\nNamespace:  default\nContainers:\n  a:  b\n');
  });
  it('pads empty cells and leaves the text after the last tab unpadded', () => {
    expect(goTabwriter('a\t\tc\nlonger\tb\tc\n')).toBe('a          c\nlonger  b  c\n');
  });
});

describe('rfc1123z (time.RFC1123Z on the simulated UTC clock)', () => {
  it.each([
    [0, 'Sun, 22 Nov 2026 00:00:00 +0000'],
    [86_400_000 * 10 + 3_723_000, 'Wed, 02 Dec 2026 01:02:03 +0000'],
    [86_400_000 * 40, 'Fri, 01 Jan 2027 00:00:00 +0000'],
  ])('%d → %s', (ms, text) => {
    expect(rfc1123z(ms)).toBe(text);
  });
});

describe('helpers', () => {
  it('DescribeProbe', () => {
    expect(describeProbe({ httpGet: { path: '/healthz', port: 8080 } })).toBe('http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ tcpSocket: { port: 53 }, initialDelaySeconds: 5 })).toBe('tcp-socket :53 delay=5s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 })).toBe('exec [cat /tmp/healthy] delay=0s timeout=1s period=5s #success=1 #failure=3');
  });
  it('smartLabelFor (camelcase.Split, acronyms upper-cased)', () => {
    expect(smartLabelFor('leaseDurationSeconds')).toBe('Lease Duration Seconds');
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('ipv4')).toBe('ipv4');
  });
  it('Quantity.String of summed requests (canonical DecimalSI / BinarySI)', () => {
    expect(formatQuantity('cpu', 350, false)).toBe('350m');
    expect(formatQuantity('cpu', 2000, false)).toBe('2');
    expect(formatQuantity('memory', 192 * 1024 * 1024, true)).toBe('192Mi');
    expect(formatQuantity('memory', 128_000_000, false)).toBe('128M');
    expect(formatQuantity('memory', 0, true)).toBe('0');
  });
  it('QoS class (kubectl pkg/util/qos ComputePodQOS)', () => {
    const pod = (resources: object) => ({ spec: { containers: [{ name: 'a', resources }] } });
    expect(podQOSClass(pod({}))).toBe('BestEffort');
    expect(podQOSClass(pod({ requests: { cpu: '100m' } }))).toBe('Burstable');
    expect(podQOSClass(pod({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } }))).toBe('Guaranteed');
  });
});

describe('describeObject', () => {
  it('Pod: describePod layout, events sorted by lastTimestamp with (xN over M)', () => {
  const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web-6d4cf56db6-abcde', namespace: 'default', uid: 'u1', creationTimestamp: ts(0), labels: { app: 'web', 'pod-template-hash': '6d4cf56db6' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4cf56db6', uid: 'rs1', controller: true }] },
      spec: { nodeName: 'node-1', priority: 0, serviceAccountName: 'default', containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
        volumes: [{ name: 'kube-api-access-x7k2p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: {} }] } }],
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] },
      status: { phase: 'Running', hostIP: '172.18.0.3', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], startTime: ts(1), qosClass: 'BestEffort',
        conditions: [{ type: 'PodReadyToStartContainers', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
        containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: 'containerd://123', state: { running: { startedAt: ts(5) } } }] },
    };
    const events = [
      { involvedObject: { kind: 'Pod', name: 'web-6d4cf56db6-abcde', namespace: 'default', uid: 'u1' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-6d4cf56db6-abcde to node-1', source: { component: 'default-scheduler' }, firstTimestamp: ts(1), lastTimestamp: ts(1), count: 1 },
      { involvedObject: { kind: 'Pod', name: 'web-6d4cf56db6-abcde', namespace: 'default', uid: 'u1' }, type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine', source: { component: 'kubelet' }, firstTimestamp: ts(2), lastTimestamp: ts(22), count: 3 },
    ];
    expect(describeObject(pod as unknown as KubeObjectLike, { events: events as unknown as KubeObjectLike[] }, 40_000)).toBe(
      [
        'Name:             web-6d4cf56db6-abcde',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-1/172.18.0.3',
        'Start Time:       Sun, 22 Nov 2026 00:00:01 +0000',
        'Labels:           app=web',
        '                  pod-template-hash=6d4cf56db6',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.1.5',
        'IPs:',
        '  IP:           10.244.1.5',
        'Controlled By:  ReplicaSet/web-6d4cf56db6',
        'Containers:',
        '  nginx:',
        '    Container ID:   containerd://123',
        '    Image:          nginx:1.27',
        '    Image ID:       docker.io/library/nginx@sha256:abc',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Running',
        '      Started:      Sun, 22 Nov 2026 00:00:05 +0000',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:',
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  kube-api-access-x7k2p:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type    Reason     Age                From               Message',
        '  ----    ------     ----               ----               -------',
        '  Normal  Scheduled  39s                default-scheduler  Successfully assigned default/web-6d4cf56db6-abcde to node-1',
        '  Normal  Pulled     18s (x3 over 38s)  kubelet            Container image "nginx:1.27" already present on machine',
        '',
      ].join('\n'),
    );
  });

  it('Pod: Terminating (lasts …), waiting and last-terminated container, no events', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u', deletionTimestamp: ts(30), deletionGracePeriodSeconds: 30 },
      spec: { containers: [{ name: 'app', image: 'busybox' }] },
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: false, restartCount: 2, image: 'busybox', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ts(1), finishedAt: ts(2) } } }],
      },
    };
    const out = describeObject(pod as unknown as KubeObjectLike, { events: [] }, 40_000);
    expect(out).toContain('Status:                    Terminating (lasts 10s)\nTermination Grace Period:  30s\n');
    expect(out).toContain(
      '    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n      Started:      Sun, 22 Nov 2026 00:00:01 +0000\n      Finished:     Sun, 22 Nov 2026 00:00:02 +0000\n    Ready:          False\n    Restart Count:  2\n',
    );
    expect(out.endsWith('Tolerations:        <none>\nEvents:             <none>\n')).toBe(true);
  });

  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } };

  it('Deployment: Replicas summary, RollingUpdateStrategy, Pod Template, Conditions, New/OldReplicaSets', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'd1', creationTimestamp: ts(0), labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } },
      status: {
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    };
    const rs = (name: string, replicas: number, image: string, createdSec: number) => ({
      metadata: { name, namespace: 'default', uid: name, creationTimestamp: ts(createdSec), ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
      spec: { replicas, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name.slice(4) } }, spec: { containers: [{ ...template.spec.containers[0]!, image }] } } },
      status: { replicas },
    });
    const ev = [
      { involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'd1' }, type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-6d4cf56db6 from 0 to 3', source: { component: 'deployment-controller' }, firstTimestamp: ts(0), lastTimestamp: ts(0), count: 1 },
      { involvedObject: { kind: 'ReplicaSet', name: 'web', namespace: 'default', uid: 'd1' }, type: 'Normal', reason: 'NotMine', message: 'other kind', firstTimestamp: ts(0) },
    ];
    const related = { events: ev as unknown as KubeObjectLike[], replicaSets: [rs('web-6d4cf56db6', 3, 'nginx:1.27', 0), rs('web-5f7b8c9d4', 0, 'nginx:1.26', 0)] as unknown as KubeObjectLike[] };
    expect(describeObject(d as unknown as KubeObjectLike, related, 60_000)).toBe(
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Sun, 22 Nov 2026 00:00:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 1',
        'Selector:               app=web',
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.27',
        '    Port:          80/TCP',
        '    Host Port:     0/TCP',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  web-5f7b8c9d4 (0/0 replicas created)',
        'NewReplicaSet:   web-6d4cf56db6 (3/3 replicas created)',
        'Events:',
        '  Type    Reason             Age   From                   Message',
        '  ----    ------             ----  ----                   -------',
        '  Normal  ScalingReplicaSet  60s   deployment-controller  Scaled up replica set web-6d4cf56db6 from 0 to 3',
        '',
      ].join('\n'),
    );
  });

  it('Node: roles, lease, conditions, capacity, system info, non-terminated pods and allocated resources', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', uid: 'n1', creationTimestamp: ts(0), labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' } },
      spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '2', memory: '4017180Ki', pods: '110' },
        allocatable: { cpu: '2', memory: '3914780Ki', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: ts(50), lastTransitionTime: ts(10), reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
        addresses: [
          { type: 'InternalIP', address: '172.18.0.3' },
          { type: 'Hostname', address: 'node-1' },
        ],
        nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.4', kubeProxyVersion: 'v1.32.4' },
      },
    };
    const pods = [
      { metadata: { name: 'coredns-abc', namespace: 'kube-system', creationTimestamp: ts(0) }, spec: { nodeName: 'node-1', containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } } }] }, status: { phase: 'Running' } },
      { metadata: { name: 'done', namespace: 'default', creationTimestamp: ts(0) }, spec: { nodeName: 'node-1', containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } },
      { metadata: { name: 'elsewhere', namespace: 'default', creationTimestamp: ts(0) }, spec: { nodeName: 'node-2', containers: [{ name: 'c' }] }, status: { phase: 'Running' } },
    ];
    // The kubelet records node events with uid = node name (NodeDescriber queries both).
    const events = [{ involvedObject: { kind: 'Node', name: 'node-1', uid: 'node-1' }, type: 'Normal', reason: 'NodeReady', message: 'Node node-1 status is now: NodeReady', source: { component: 'kubelet' }, firstTimestamp: ts(10), lastTimestamp: ts(10), count: 1 }];
    const lease = { spec: { holderIdentity: 'node-1', renewTime: '2026-11-22T00:00:55.000000Z' } };
    const out = describeObject(node as unknown as KubeObjectLike, { events: events as unknown as KubeObjectLike[], pods: pods as unknown as KubeObjectLike[], nodeLease: lease as unknown as KubeObjectLike }, 60_000);
    expect(out).toBe(
      [
        'Name:               node-1',
        'Roles:              control-plane',
        'Labels:             kubernetes.io/hostname=node-1',
        '                    node-role.kubernetes.io/control-plane=',
        'Annotations:        <none>',
        'CreationTimestamp:  Sun, 22 Nov 2026 00:00:00 +0000',
        'Taints:             node-role.kubernetes.io/control-plane:NoSchedule',
        'Unschedulable:      false',
        'Lease:',
        '  HolderIdentity:  node-1',
        '  AcquireTime:     <unset>',
        '  RenewTime:       Sun, 22 Nov 2026 00:00:55 +0000',
        'Conditions:',
        '  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message',
        '  ----    ------  -----------------                 ------------------                ------         -------',
        '  Ready   True    Sun, 22 Nov 2026 00:00:50 +0000   Sun, 22 Nov 2026 00:00:10 +0000   KubeletReady   kubelet is posting ready status',
        'Addresses:',
        '  InternalIP:  172.18.0.3',
        '  Hostname:    node-1',
        'Capacity:',
        '  cpu:     2',
        '  memory:  4017180Ki',
        '  pods:    110',
        'Allocatable:',
        '  cpu:     2',
        '  memory:  3914780Ki',
        '  pods:    110',
        'System Info:',
        '  Machine ID:                 m',
        '  System UUID:                s',
        '  Boot ID:                    b',
        '  Kernel Version:             6.1.0',
        '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
        '  Operating System:           linux',
        '  Architecture:               amd64',
        '  Container Runtime Version:  containerd://1.7.24',
        '  Kubelet Version:            v1.32.4',
        '  Kube-Proxy Version:         v1.32.4',
        'PodCIDR:                      10.244.1.0/24',
        'PodCIDRs:                     10.244.1.0/24',
        'Non-terminated Pods:          (1 in total)',
        '  Namespace                   Name           CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
        '  ---------                   ----           ------------  ----------  ---------------  -------------  ---',
        '  kube-system                 coredns-abc    100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     60s',
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests   Limits',
        '  --------           --------   ------',
        '  cpu                100m (5%)  0 (0%)',
        '  memory             70Mi (1%)  170Mi (4%)',
        '  ephemeral-storage  0 (0%)     0 (0%)',
        'Events:',
        '  Type    Reason     Age   From     Message',
        '  ----    ------     ----  ----     -------',
        '  Normal  NodeReady  50s   kubelet  Node node-1 status is now: NodeReady',
        '',
      ].join('\n'),
    );
  });

  it('Service: ports, target ports, ready endpoints from the EndpointSlices', () => {
    const svc = {
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', uid: 's1' },
      spec: { type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.10.20', clusterIPs: ['10.96.10.20'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }], sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' },
    };
    const slice = { metadata: { labels: { 'kubernetes.io/service-name': 'web' } }, ports: [{ name: '', port: 8080 }], endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }, { addresses: ['10.244.2.7'], conditions: { ready: false } }] };
    const out = describeObject(svc as unknown as KubeObjectLike, { events: [], endpointSlices: [slice as unknown as KubeObjectLike] }, 0);
    expect(out).toBe(
      [
        'Name:                     web',
        'Namespace:                default',
        'Labels:                   <none>',
        'Annotations:              <none>',
        'Selector:                 app=web',
        'Type:                     NodePort',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.96.10.20',
        'IPs:                      10.96.10.20',
        'Port:                     <unset>  80/TCP',
        'TargetPort:               8080/TCP',
        'NodePort:                 <unset>  30080/TCP',
        'Endpoints:                10.244.1.5:8080',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
  });

  it('Lease: the generic describer (no typed describer for coordination.k8s.io Lease)', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system', uid: 'l1', resourceVersion: '512', creationTimestamp: ts(0) },
      spec: { holderIdentity: 'cp_1234', leaseDurationSeconds: 15, leaseTransitions: 0 },
    };
    expect(describeObject(lease, { events: [] }, 0)).toBe(
      [
        'Name:         kube-scheduler',
        'Namespace:    kube-system',
        'Labels:       <none>',
        'Annotations:  <none>',
        'API Version:  coordination.k8s.io/v1',
        'Kind:         Lease',
        'Metadata:',
        '  Creation Timestamp:  2026-11-22T00:00:00Z',
        '  Resource Version:    512',
        '  UID:                 l1',
        'Spec:',
        '  Holder Identity:         cp_1234',
        '  Lease Duration Seconds:  15',
        '  Lease Transitions:       0',
        'Events:                    <none>',
        '',
      ].join('\n'),
    );
  });

  it('Namespace and ConfigMap', () => {
    const ns = { kind: 'Namespace', metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } }, status: { phase: 'Active' } };
    expect(describeObject(ns, { events: [] }, 0)).toBe(
      'Name:         dev\nLabels:       kubernetes.io/metadata.name=dev\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
    const cm = { kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default', uid: 'c' }, data: { 'b.conf': 'x=1', a: 'hello' } };
    expect(describeObject(cm, { events: [] }, 0)).toBe(
      'Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\nhello\n\nb.conf:\n----\nx=1\n\n\nBinaryData\n====\n\nEvents:  <none>\n',
    );
  });
});
