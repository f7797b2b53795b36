/**
 * kubectl config on kubeadm's admin kubeconfig (k/kubectl pkg/cmd/config): view hides the key
 * material as DATA+OMITTED unless --raw, get-contexts marks the current one, and
 * set-context --current --namespace=NS makes NS every later command's default namespace.
 */
import { describe, expect, it } from 'vitest';
import { testShell } from '../testing.ts';

describe('kubectl config', () => {
  const { run } = testShell({ preset: 'single', seed: 5 });

  it('views the kubeconfig with its key material omitted, or raw', () => {
    const view = run('kubectl config view').out;
    expect(view).toContain('    certificate-authority-data: DATA+OMITTED\n    server: https://10.0.0.11:6443\n');
    expect(view).toContain('    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n');
    expect(run('kubectl config view --raw').out).toMatch(/certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t/);
    expect(run('kubectl config current-context')).toEqual({ out: 'kubernetes-admin@kubernetes\n', code: 0 });
  });

  it('set-context --current --namespace changes where commands look by default', () => {
    run('kubectl create namespace dev');
    expect(run('kubectl config set-context --current --namespace=dev')).toEqual({ out: 'Context "kubernetes-admin@kubernetes" modified.\n', code: 0 });
    expect(run('kubectl config get-contexts').out).toBe('CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   dev\n');
    run('kubectl create configmap here --from-literal=a=b');
    expect(run('kubectl get configmap here -n dev -o name').out).toBe('configmap/here\n');
    expect(run('kubectl get configmaps').out).toContain('here');
    expect(run('kubectl get configmap here -n default').code).toBe(1);
    expect(run('kubectl config use-context nope')).toEqual({ out: 'error: no context exists with the name: "nope"\n', code: 1 });
    run('kubectl config set-context --current --namespace=');
    expect(run('kubectl get configmap here').code).toBe(1);
  });
});
