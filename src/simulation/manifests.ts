/**
 * Manifests `kubectl apply -f <URL>` can fetch. k8sim has no internet: the URLs lessons use
 * resolve to copies bundled with the component they install (cluster/ingress/manifests.ts:
 * ingress-nginx's bare-metal deploy.yaml).
 */
export { bundledManifest, BUNDLED_MANIFEST_URLS } from '../cluster/ingress/manifests.ts';
