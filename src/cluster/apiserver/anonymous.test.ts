/**
 * An anonymous request to kube-apiserver: system:anonymous may read only what
 * system:public-info-viewer grants (RBAC bootstrappolicy/policy.go); anything else is 403 with
 * the authorizer's words (responsewriters/errors.go forbiddenMessage + errors.NewForbidden), as
 * indented JSON for curl and Wget (negotiation/negotiate.go isPrettyPrint).
 */
import { describe, expect, it } from 'vitest';
import { anonymousAnswer, forbiddenStatus, KUBERNETES_VERSION_INFO, requestAttributes } from './anonymous.ts';

const healthy = () => ({ status: 200, body: 'ok' });

describe('anonymous requests to kube-apiserver', () => {
  it('reads the public endpoints: health checks as they stand, and /version', () => {
    expect(anonymousAnswer('/healthz', healthy)).toMatchObject({ status: 200, body: 'ok' });
    expect(anonymousAnswer('/readyz?verbose', () => ({ status: 500, body: 'readyz check failed' }))).toMatchObject({ status: 500 });
    const v = anonymousAnswer('/version', healthy);
    expect(v.status).toBe(200);
    // kubeadm version of the same release: v1.32.4, 59526cd4…, 2025-04-22T16:02:27Z, go1.23.6.
    expect(JSON.parse(v.body)).toEqual(KUBERNETES_VERSION_INFO);
    expect(v.body.startsWith('{\n  "major": "1",\n  "minor": "32",\n  "gitVersion": "v1.32.4",')).toBe(true);
    expect(v.body.endsWith('\n}')).toBe(true);
  });

  it('is forbidden anything else, by path or by resource, with the authorizer\'s message', () => {
    const root = anonymousAnswer('/', healthy);
    expect(root.status).toBe(403);
    expect(root.body).toBe(
      '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}',
    );
    expect(forbiddenStatus(requestAttributes('/api'))['message']).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
    expect(forbiddenStatus(requestAttributes('/api/v1/namespaces/default/pods'))).toMatchObject({
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    expect(forbiddenStatus(requestAttributes('/api/v1/nodes/worker-1'))).toMatchObject({
      message: 'nodes "worker-1" is forbidden: User "system:anonymous" cannot get resource "nodes" in API group "" at the cluster scope',
      details: { name: 'worker-1', kind: 'nodes' },
    });
    expect(forbiddenStatus(requestAttributes('/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale'))['message']).toBe(
      'deployments.apps "coredns" is forbidden: User "system:anonymous" cannot get resource "deployments/scale" in API group "apps" in the namespace "kube-system"',
    );
  });
});
