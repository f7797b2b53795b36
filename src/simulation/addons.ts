/**
 * kubeadm's addon phase (`kubeadm init phase addon all`): once the control plane answers, kubeadm
 * creates the cluster's add-ons through the API. Here: CoreDNS (cluster/coredns/manifests.ts) and
 * kube-proxy in IPVS mode — its ConfigMap and its DaemonSet, as cmd/kubeadm/app/phases/addons/proxy/manifests.go writes them (kubeadm
 * v1.32), with `mode: ipvs` as a kubeadm config asking for IPVS sets it.
 *
 * The objects go to the apiserver over the simulated network like any client's (startKubeCall),
 * so the bootstrap leaves the same trace a real `kubeadm init` would: creates, then the
 * DaemonSet controller's pods on every node.
 */
import { parseAllDocuments } from 'yaml';
import { apiResource } from '../api/index.ts';
import type { KubeObject } from '../cluster/apiserver/messages.ts';
import { KUBERNETES_VERSION } from './kubeadm.ts';
import { coreDnsConfigMapYaml, coreDnsDeploymentYaml, coreDnsServiceYaml } from '../cluster/coredns/manifests.ts';
import { closeCall, startKubeCall, stepWorld, type World } from './world.ts';
import { kubeFlannelYaml } from '../cluster/flannel/manifests.ts';
import { withLastApplied } from '../api/lastApplied.ts';

/** KubeProxyConfiguration as kubeadm stores it in the kube-proxy ConfigMap: zero values, which kube-proxy defaults itself, and the fields the cluster config sets. */
export function kubeProxyConfig(podSubnet: string): string {
  return [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'bindAddressHardFail: false',
    'clientConnection:',
    '  acceptContentTypes: ""',
    '  burst: 0',
    '  contentType: ""',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    '  qps: 0',
    `clusterCIDR: ${podSubnet}`,
    'configSyncPeriod: 0s',
    'conntrack:',
    '  maxPerCore: null',
    '  min: null',
    '  tcpBeLiberal: false',
    '  tcpCloseWaitTimeout: null',
    '  tcpEstablishedTimeout: null',
    '  udpStreamTimeout: 0s',
    '  udpTimeout: 0s',
    'detectLocal:',
    '  bridgeInterface: ""',
    '  interfaceNamePrefix: ""',
    'detectLocalMode: ""',
    'enableProfiling: false',
    'healthzBindAddress: ""',
    'hostnameOverride: ""',
    'iptables:',
    '  localhostNodePorts: null',
    '  masqueradeAll: false',
    '  masqueradeBit: null',
    '  minSyncPeriod: 0s',
    '  syncPeriod: 0s',
    'ipvs:',
    '  excludeCIDRs: null',
    '  minSyncPeriod: 0s',
    '  scheduler: ""',
    '  strictARP: false',
    '  syncPeriod: 0s',
    '  tcpFinTimeout: 0s',
    '  tcpTimeout: 0s',
    '  udpTimeout: 0s',
    'kind: KubeProxyConfiguration',
    'logging:',
    '  flushFrequency: 0',
    '  options:',
    '    json:',
    '      infoBufferSize: "0"',
    '    text:',
    '      infoBufferSize: "0"',
    '  verbosity: 0',
    'metricsBindAddress: ""',
    'mode: ipvs',
    'nftables:',
    '  masqueradeAll: false',
    '  masqueradeBit: null',
    '  minSyncPeriod: 0s',
    '  syncPeriod: 0s',
    'nodePortAddresses: null',
    'oomScoreAdj: null',
    'portRange: ""',
    'showHiddenMetricsForVersion: ""',
    'winkernel:',
    '  enableDSR: false',
    '  forwardHealthCheckVip: false',
    '  networkName: ""',
    '  rootHnsEndpointName: ""',
    '  sourceVip: ""',
  ].join('\n');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** proxy/manifests.go KubeProxyConfigMap19 and KubeProxyDaemonSet19. */
export function kubeProxyManifests(controlPlaneEndpoint: string, podSubnet: string): string {
  return `kind: ConfigMap
apiVersion: v1
metadata:
  name: kube-proxy
  namespace: kube-system
  labels:
    app: kube-proxy
data:
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: ${controlPlaneEndpoint}
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
  config.conf: |-
${indent(kubeProxyConfig(podSubnet), '    ')}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}
        imagePullPolicy: IfNotPresent
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        securityContext:
          capabilities:
            add: ["NET_ADMIN", "SYS_MODULE"]
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
          readOnly: false
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
        env:
          - name: NODE_NAME
            valueFrom:
              fieldRef:
                fieldPath: spec.nodeName
      hostNetwork: true
      serviceAccountName: kube-proxy
      volumes:
      - name: kube-proxy
        configMap:
          name: kube-proxy
      - name: xtables-lock
        hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
      - name: lib-modules
        hostPath:
          path: /lib/modules
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - operator: Exists
      nodeSelector:
        kubernetes.io/os: linux
`;
}

/**
 * The add-on objects in the order kubeadm creates them: CoreDNS (dns.go: ConfigMap, Deployment,
 * then Service), then kube-proxy. CoreDNS's ServiceAccount, ClusterRole and ClusterRoleBinding are
 * left out: RBAC is not modelled (every client may read what CoreDNS reads).
 */
export function addonObjects(controlPlaneEndpoint: string, podSubnet: string): KubeObject[] {
  const docs = [coreDnsConfigMapYaml(), coreDnsDeploymentYaml(), coreDnsServiceYaml(), kubeProxyManifests(controlPlaneEndpoint, podSubnet)].join('\n---\n');
  return parseAllDocuments(docs).map((d) => d.toJS() as KubeObject).filter((o) => o && o.kind);
}

/** kube-flannel.yml (cluster/flannel/manifests.ts): Namespace, ConfigMap kube-flannel-cfg, DaemonSet kube-flannel-ds. */
export function flannelObjects(): KubeObject[] {
  // As `kubectl apply -f kube-flannel.yml` sends them: with the last-applied-configuration annotation.
  return parseAllDocuments(kubeFlannelYaml())
    .map((d) => d.toJS() as KubeObject)
    .filter((o) => o && o.kind)
    .map((o) => withLastApplied(o, o.kind === 'Namespace' ? undefined : (o.metadata?.namespace ?? 'default')));
}

/**
 * Creates the add-ons from `host` through the apiserver at `server` (a host name), retrying each
 * create once a second until it is accepted (kubeadm waits for the control plane first) or
 * `deadlineMs` passes. Runs the world meanwhile.
 */
export function applyAddons(w: World, host: string, server: string, objects: KubeObject[], deadlineMs: number): void {
  for (const obj of objects) {
    const info = apiResource(obj.kind ?? '');
    if (!info) throw new Error(`addon of unknown kind ${obj.kind}`);
    for (;;) {
      const call = startKubeCall(w, host, [{ label: server, host: server }], { verb: 'create', resource: info.resource, namespace: obj.metadata?.namespace ?? 'default', body: obj }, 10_000);
      while (call.state !== 'done' && stepWorld(w, deadlineMs));
      const resp = call.responses[0] as { ok?: boolean; status?: { reason?: string } } | undefined;
      closeCall(w, call.port);
      if (resp?.ok || resp?.status?.reason === 'AlreadyExists') break;
      if (w.kernel.now >= deadlineMs) throw new Error(`kubeadm addon: could not create ${obj.kind} ${obj.metadata?.name}: ${JSON.stringify(resp ?? 'timeout')}`);
      const retryAt = w.kernel.now + 1000;
      while (stepWorld(w, retryAt));
    }
  }
}
