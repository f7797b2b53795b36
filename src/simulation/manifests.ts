/**
 * Manifests `kubectl apply -f <URL>` can fetch. k8sim has no internet: the URLs lessons use
 * resolve to copies bundled with the component they install (cluster/ingress/manifests.ts:
 * ingress-nginx's bare-metal deploy.yaml) and the kubernetes.io examples the docs apply by URL
 * (k8sExamples.ts).
 */
import { bundledManifest as ingressManifest, BUNDLED_MANIFEST_URLS as INGRESS_URLS } from '../cluster/ingress/manifests.ts';
import { k8sExample, K8S_EXAMPLE_URLS } from './k8sExamples.ts';

export function bundledManifest(url: string): string | undefined {
  return ingressManifest(url) ?? k8sExample(url);
}

export const BUNDLED_MANIFEST_URLS = [...INGRESS_URLS, ...K8S_EXAMPLE_URLS];
