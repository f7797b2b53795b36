/**
 * What `kubeadm init` / `kubeadm join --control-plane` (v1.32) write to a control-plane host's
 * /etc/kubernetes/manifests: the static pods of etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler. The kubelet on the host runs them; their mirror pods are `etcd-cp-1`, ….
 *
 * Sources: cmd/kubeadm/app/phases/etcd/local.go (etcd, probes on 127.0.0.1:2381 /livez and
 * /readyz, kubeadm#3039), cmd/kubeadm/app/phases/controlplane/manifests.go (the other three),
 * cmd/kubeadm/app/util/staticpod/utils.go (probe timings: liveness 10/15/8/10, readiness
 * 0/15/3/1, startup 10/15/24/10 for the default 4 min health-check timeout).
 *
 * Simplified (said in the UI): TLS files are listed but not modelled; the simulator reads from
 * a manifest the binary (which component runs) and etcd's --data-dir with its hostPath mount;
 * the other flags document what kubeadm passes.
 */
import { stringify } from 'yaml';

export const KUBERNETES_VERSION = 'v1.32.4';
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';
export const CONTROL_PLANE_IMAGES = [
  ETCD_IMAGE,
  `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'registry.k8s.io/pause:3.10',
];

/** staticpod/utils.go probes. */
function probe(kind: 'liveness' | 'readiness' | 'startup', host: string, path: string, port: number | string, scheme: 'HTTP' | 'HTTPS'): Record<string, unknown> {
  const httpGet = { host, path, port, scheme };
  if (kind === 'liveness') return { failureThreshold: 8, httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
  if (kind === 'readiness') return { failureThreshold: 3, httpGet, periodSeconds: 1, timeoutSeconds: 15 };
  return { failureThreshold: 24, httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
}

function staticPod(name: string, annotations: Record<string, string>, container: Record<string, unknown>, volumes: { name: string; path: string; type: string }[]): string {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(Object.keys(annotations).length > 0 ? { annotations } : {}), labels: { component: name, tier: 'control-plane' }, name, namespace: 'kube-system' },
    spec: {
      containers: [container],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes: volumes.map((v) => ({ hostPath: { path: v.path, type: v.type }, name: v.name })),
    },
    status: {},
  };
  return stringify(pod);
}

export interface ControlPlaneHost {
  name: string;
  ip: string;
}

export function etcdManifest(host: ControlPlaneHost, initialCluster: string, state: 'new' | 'existing'): string {
  return staticPod(
    'etcd',
    { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${host.ip}:2379` },
    {
      command: [
        'etcd',
        `--advertise-client-urls=https://${host.ip}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${host.ip}:2380`,
        `--initial-cluster=${initialCluster}`,
        `--initial-cluster-state=${state}`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${host.ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${host.ip}:2380`,
        `--name=${host.name}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      image: ETCD_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: probe('liveness', '127.0.0.1', '/livez', 'probe-port', 'HTTP'),
      name: 'etcd',
      ports: [{ containerPort: 2381, name: 'probe-port', protocol: 'TCP' }],
      readinessProbe: probe('readiness', '127.0.0.1', '/readyz', 'probe-port', 'HTTP'),
      resources: { requests: { cpu: '100m', memory: '100Mi' } },
      startupProbe: probe('startup', '127.0.0.1', '/readyz', 'probe-port', 'HTTP'),
      volumeMounts: [
        { mountPath: '/var/lib/etcd', name: 'etcd-data' },
        { mountPath: '/etc/kubernetes/pki/etcd', name: 'etcd-certs' },
      ],
    },
    [
      { name: 'etcd-certs', path: '/etc/kubernetes/pki/etcd', type: 'DirectoryOrCreate' },
      { name: 'etcd-data', path: '/var/lib/etcd', type: 'DirectoryOrCreate' },
    ],
  );
}

const K8S_VOLUMES = [
  { name: 'ca-certs', path: '/etc/ssl/certs', type: 'DirectoryOrCreate' },
  { name: 'k8s-certs', path: '/etc/kubernetes/pki', type: 'DirectoryOrCreate' },
];

export function apiserverManifest(host: ControlPlaneHost, etcdServers: string): string {
  return staticPod(
    'kube-apiserver',
    { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${host.ip}:6443` },
    {
      command: [
        'kube-apiserver',
        `--advertise-address=${host.ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
        `--etcd-servers=${etcdServers}`,
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: probe('liveness', host.ip, '/livez', 'probe-port', 'HTTPS'),
      name: 'kube-apiserver',
      ports: [{ containerPort: 6443, name: 'probe-port', protocol: 'TCP' }],
      readinessProbe: probe('readiness', host.ip, '/readyz', 'probe-port', 'HTTPS'),
      resources: { requests: { cpu: '250m' } },
      startupProbe: probe('startup', host.ip, '/livez', 'probe-port', 'HTTPS'),
      volumeMounts: [
        { mountPath: '/etc/ssl/certs', name: 'ca-certs', readOnly: true },
        { mountPath: '/etc/kubernetes/pki', name: 'k8s-certs', readOnly: true },
      ],
    },
    K8S_VOLUMES,
  );
}

export function controllerManagerManifest(): string {
  return staticPod(
    'kube-controller-manager',
    {},
    {
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubernetes',
        '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt',
        '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: probe('liveness', '127.0.0.1', '/healthz', 10257, 'HTTPS'),
      name: 'kube-controller-manager',
      resources: { requests: { cpu: '200m' } },
      startupProbe: probe('startup', '127.0.0.1', '/healthz', 10257, 'HTTPS'),
      volumeMounts: [
        { mountPath: '/etc/ssl/certs', name: 'ca-certs', readOnly: true },
        { mountPath: '/etc/kubernetes/pki', name: 'k8s-certs', readOnly: true },
        { mountPath: '/etc/kubernetes/controller-manager.conf', name: 'kubeconfig', readOnly: true },
      ],
    },
    [...K8S_VOLUMES, { name: 'kubeconfig', path: '/etc/kubernetes/controller-manager.conf', type: 'FileOrCreate' }],
  );
}

export function schedulerManifest(): string {
  return staticPod(
    'kube-scheduler',
    {},
    {
      command: ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
      image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: probe('liveness', '127.0.0.1', '/healthz', 10259, 'HTTPS'),
      name: 'kube-scheduler',
      resources: { requests: { cpu: '100m' } },
      startupProbe: probe('startup', '127.0.0.1', '/healthz', 10259, 'HTTPS'),
      volumeMounts: [{ mountPath: '/etc/kubernetes/scheduler.conf', name: 'kubeconfig', readOnly: true }],
    },
    [{ name: 'kubeconfig', path: '/etc/kubernetes/scheduler.conf', type: 'FileOrCreate' }],
  );
}

/** The binaries the simulator binds to its component models, and the model each runs. */
export const BOUND_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type BoundBinary = (typeof BOUND_BINARIES)[number];

/**
 * etcd's data directory on the host: the `--data-dir` flag resolved through the container's
 * mounts (a hostPath volume mounted at that path, or a parent of it).
 */
export function etcdHostDataDir(argv: string[], mounts: { mountPath: string; hostPath?: string }[]): string {
  const flag = argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length) ?? '/var/lib/etcd';
  const m = mounts.filter((x) => x.hostPath && (flag === x.mountPath || flag.startsWith(`${x.mountPath.replace(/\/$/, '')}/`))).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return m ? `${m.hostPath!.replace(/\/$/, '')}${flag.slice(m.mountPath.replace(/\/$/, '').length)}` : flag;
}
