/**
 * The CoreDNS addon as `kubeadm init` applies it: the templates of kubernetes/kubernetes
 * cmd/kubeadm/app/phases/addons/dns/manifests.go, rendered the way dns.go renders them.
 * - DeploymentName `coredns` (constants.CoreDNSDeploymentName).
 * - Image `registry.k8s.io/coredns/coredns:v1.11.3` (constants.CoreDNSVersion for v1.32; images.GetDNSImage adds the `coredns/` path).
 * - Replicas 2 (dns.go `coreDNSReplicas`).
 * - ControlPlaneTaintKey `node-role.kubernetes.io/control-plane`.
 * - DNSIP is the 10th address of the service subnet, 10.96.0.10. DNSDomain is `cluster.local`.
 *
 * The text/template actions `{{- if .DNSDomain }} {` … `{{- end }}` eat the whitespace before
 * them, which turns `cache 30` into `cache 30 {` on one line. The leading newline of each Go raw
 * string is dropped here.
 */

export interface CoreDnsManifestParams {
  dnsDomain?: string;
  dnsIp?: string;
  image?: string;
  replicas?: number;
  controlPlaneTaintKey?: string;
}

const DEFAULTS: Required<CoreDnsManifestParams> = {
  dnsDomain: 'cluster.local',
  dnsIp: '10.96.0.10',
  image: 'registry.k8s.io/coredns/coredns:v1.11.3',
  replicas: 2,
  controlPlaneTaintKey: 'node-role.kubernetes.io/control-plane',
};

function params(p: CoreDnsManifestParams): Required<CoreDnsManifestParams> {
  return { ...DEFAULTS, ...p };
}

/** The Corefile kubeadm v1.32 writes into the `coredns` ConfigMap (with its final newline). */
export function coreFile(p: CoreDnsManifestParams = {}): string {
  const { dnsDomain } = params(p);
  const cache = dnsDomain
    ? `    cache 30 {\n       disable success ${dnsDomain}\n       disable denial ${dnsDomain}\n    }\n`
    : '    cache 30\n';
  return (
    '.:53 {\n' +
    '    errors\n' +
    '    health {\n' +
    '       lameduck 5s\n' +
    '    }\n' +
    '    ready\n' +
    `    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {\n` +
    '       pods insecure\n' +
    '       fallthrough in-addr.arpa ip6.arpa\n' +
    '       ttl 30\n' +
    '    }\n' +
    '    prometheus :9153\n' +
    '    forward . /etc/resolv.conf {\n' +
    '       max_concurrent 1000\n' +
    '    }\n' +
    cache +
    '    loop\n' +
    '    reload\n' +
    '    loadbalance\n' +
    '}\n'
  );
}

/** manifests.go `CoreDNSConfigMap`. */
export function coreDnsConfigMapYaml(p: CoreDnsManifestParams = {}): string {
  const corefile = coreFile(p)
    .split('\n')
    .map((l) => (l === '' ? l : `    ${l}`))
    .join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
${corefile}`;
}

/** manifests.go `CoreDNSService` (the kube-dns Service; kubeadm keeps the kube-dns name for compatibility). */
export function coreDnsServiceYaml(p: CoreDnsManifestParams = {}): string {
  const { dnsIp } = params(p);
  return `apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: "CoreDNS"
  name: kube-dns
  namespace: kube-system
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
  # Without this resourceVersion value, an update of the Service between versions will yield:
  #   Service "kube-dns" is invalid: metadata.resourceVersion: Invalid value: "": must be specified for an update
  resourceVersion: "0"
spec:
  clusterIP: ${dnsIp}
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
`;
}

/** manifests.go `CoreDNSDeployment`. */
export function coreDnsDeploymentYaml(p: CoreDnsManifestParams = {}): string {
  const { image, replicas, controlPlaneTaintKey } = params(p);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: ${replicas}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values: ["kube-dns"]
              topologyKey: kubernetes.io/hostname
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - key: ${controlPlaneTaintKey}
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: coredns
        image: ${image}
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        args: [ "-conf", "/etc/coredns/Corefile" ]
        volumeMounts:
        - name: config-volume
          mountPath: /etc/coredns
          readOnly: true
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        - containerPort: 8080
          name: liveness-probe
          protocol: TCP
        - containerPort: 8181
          name: readiness-probe
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /health
            port: liveness-probe
            scheme: HTTP
          initialDelaySeconds: 60
          timeoutSeconds: 5
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet:
            path: /ready
            port: readiness-probe
            scheme: HTTP
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
        - name: config-volume
          configMap:
            name: coredns
            items:
            - key: Corefile
              path: Corefile
`;
}

/** manifests.go `CoreDNSClusterRole`: list/watch of the objects the kubernetes plugin caches. */
export function coreDnsClusterRoleYaml(): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
rules:
- apiGroups:
  - ""
  resources:
  - endpoints
  - services
  - pods
  - namespaces
  verbs:
  - list
  - watch
- apiGroups:
  - discovery.k8s.io
  resources:
  - endpointslices
  verbs:
  - list
  - watch
`;
}

/** manifests.go `CoreDNSClusterRoleBinding`. */
export function coreDnsClusterRoleBindingYaml(): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:coredns
subjects:
- kind: ServiceAccount
  name: coredns
  namespace: kube-system
`;
}

/** manifests.go `CoreDNSServiceAccount`. */
export function coreDnsServiceAccountYaml(): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: coredns
  namespace: kube-system
`;
}
