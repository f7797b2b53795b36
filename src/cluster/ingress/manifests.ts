/**
 * The ingress-nginx bare-metal install, as `kubectl apply -f <URL>` fetches it:
 * https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.14.3/deploy/static/provider/baremetal/deploy.yaml
 * (generated from the chart, ingress-nginx repo deploy/static/provider/baremetal).
 *
 * Trimmed to the kinds k8sim models, in the file's order: the Namespace, the controller's
 * ConfigMap, the NodePort Service `ingress-nginx-controller`, the Deployment and the IngressClass
 * `nginx`. Left out, and said so in the README: the ServiceAccounts and RBAC objects, the
 * admission webhook (its Service, the two certgen Jobs, the ValidatingWebhookConfiguration and
 * the webhook Secret volume), the preStop `/wait-shutdown` hook, the securityContext, and the
 * image digest (the simulated registry does not serve by upstream digests). The labels, ports,
 * args (less the webhook flags), probes, resources and grace period are upstream's.
 */

export const INGRESS_NGINX_TAG = 'controller-v1.14.3';
export const INGRESS_NGINX_APP_VERSION = '1.14.3';
export const INGRESS_NGINX_IMAGE = `registry.k8s.io/ingress-nginx/controller:v${INGRESS_NGINX_APP_VERSION}`;
export const INGRESS_NGINX_BAREMETAL_URL = `https://raw.githubusercontent.com/kubernetes/ingress-nginx/${INGRESS_NGINX_TAG}/deploy/static/provider/baremetal/deploy.yaml`;

const LABELS = `    app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/part-of: ingress-nginx
    app.kubernetes.io/version: ${INGRESS_NGINX_APP_VERSION}`;

const SELECTOR = `app.kubernetes.io/component: controller
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx`;

export function ingressNginxBaremetalYaml(): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/name: ingress-nginx
  name: ingress-nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
---
apiVersion: v1
kind: Service
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - appProtocol: http
    name: http
    port: 80
    protocol: TCP
    targetPort: http
  - appProtocol: https
    name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    ${SELECTOR}
  type: NodePort
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
${LABELS}
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      ${SELECTOR.replace(/\n {4}/g, '\n      ')}
  strategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      labels:
${LABELS.replace(/^ {4}/gm, '        ')}
    spec:
      containers:
      - args:
        - /nginx-ingress-controller
        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        image: ${INGRESS_NGINX_IMAGE}
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        name: controller
        ports:
        - containerPort: 80
          name: http
          protocol: TCP
        - containerPort: 443
          name: https
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          requests:
            cpu: 100m
            memory: 90Mi
      dnsPolicy: ClusterFirst
      nodeSelector:
        kubernetes.io/os: linux
      terminationGracePeriodSeconds: 300
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
${LABELS}
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;
}

/** The manifests `kubectl apply -f <URL>` can fetch in k8sim (it has no internet): URL → YAML. */
export function bundledManifest(url: string): string | undefined {
  if (url === INGRESS_NGINX_BAREMETAL_URL) return ingressNginxBaremetalYaml();
  return undefined;
}

export const BUNDLED_MANIFEST_URLS = [INGRESS_NGINX_BAREMETAL_URL];
