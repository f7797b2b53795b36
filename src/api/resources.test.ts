/**
 * Type arguments resolve as k8s.io/cli-runtime pkg/resource/builder.go mappingFor does
 * (v0.32.13): resource.group, resource.version.group, kinds, short names; the unknown-type text
 * is its fmt.Errorf("the server doesn't have a resource type %q", groupResource.Resource).
 * etcd keys follow reference §9.7 (K pkg/kubeapiserver default_storage_factory_builder.go).
 */
import { describe, expect, it } from 'vitest';
import { API_RESOURCES, apiResource, etcdKey, etcdPrefix, qualifiedResource, resolveResource } from './resources.ts';

const resourceOf = (arg: string) => {
  const r = resolveResource(arg);
  return 'error' in r ? r.error : r.resource;
};

describe('resolveResource', () => {
  it.each([
    ['namespaces', 'namespaces'],
    ['namespace', 'namespaces'],
    ['Namespace', 'namespaces'],
    ['ns', 'namespaces'],
    ['NS', 'namespaces'],
    ['cm', 'configmaps'],
    ['po', 'pods'],
    ['svc', 'services'],
    ['no', 'nodes'],
    ['ev', 'events'],
    ['ep', 'endpoints'],
    ['endpoints', 'endpoints'],
    ['lease', 'leases'],
    ['leases.coordination.k8s.io', 'leases'],
    ['deploy', 'deployments'],
    ['deployment.apps', 'deployments'],
    ['deployments.apps', 'deployments'],
    ['deployments.v1.apps', 'deployments'],
    ['Deployment', 'deployments'],
    ['rs', 'replicasets'],
    ['jobs.batch', 'jobs'],
    ['endpointslice', 'endpointslices'],
    ['endpointslices.discovery.k8s.io', 'endpointslices'],
  ])('%s → %s', (arg, resource) => {
    expect(resourceOf(arg)).toBe(resource);
  });

  it('names only the resource part of an unknown argument', () => {
    expect(resolveResource('foo')).toEqual({ error: 'the server doesn\'t have a resource type "foo"' });
    expect(resolveResource('deployments.batch')).toEqual({ error: 'the server doesn\'t have a resource type "deployments"' });
    expect(resolveResource('pods.v2')).toEqual({ error: 'the server doesn\'t have a resource type "pods"' });
    expect(apiResource('foo')).toBeUndefined();
  });

  it('knows group, version and scope', () => {
    expect(apiResource('deploy')).toMatchObject({ kind: 'Deployment', group: 'apps', version: 'v1', apiVersion: 'apps/v1', namespaced: true });
    expect(apiResource('ns')).toMatchObject({ kind: 'Namespace', group: '', apiVersion: 'v1', namespaced: false, nameRule: 'dns1123-label' });
    expect(apiResource('nodes')?.namespaced).toBe(false);
    expect(apiResource('svc')?.nameRule).toBe('dns1035-label');
    expect(API_RESOURCES).toHaveLength(17);
  });

  it('qualifies resources with their group for status messages', () => {
    expect(qualifiedResource(apiResource('cm')!)).toBe('configmaps');
    expect(qualifiedResource(apiResource('deploy')!)).toBe('deployments.apps');
  });
});

describe('etcd keys (reference §9.7 examples)', () => {
  it.each([
    [etcdKey('pods', 'default', 'web-6d4cf56db6-x7k2p'), '/registry/pods/default/web-6d4cf56db6-x7k2p'],
    [etcdKey('deployments', 'default', 'web'), '/registry/deployments/default/web'],
    [etcdKey('services', 'default', 'kubernetes'), '/registry/services/specs/default/kubernetes'],
    [etcdKey('endpoints', 'kube-system', 'kube-dns'), '/registry/services/endpoints/kube-system/kube-dns'],
    [etcdKey('endpointslices', 'default', 'web-abcde'), '/registry/endpointslices/default/web-abcde'],
    [etcdKey('nodes', undefined, 'node1'), '/registry/minions/node1'],
    [etcdKey('leases', 'kube-node-lease', 'node1'), '/registry/leases/kube-node-lease/node1'],
    [etcdKey('namespaces', undefined, 'default'), '/registry/namespaces/default'],
    [etcdKey('configmaps', 'default', 'app'), '/registry/configmaps/default/app'],
  ])('%s', (key, want) => {
    expect(key).toBe(want);
  });

  it('lists with a trailing slash so "default" does not match "default2"', () => {
    expect(etcdPrefix('pods', 'default')).toBe('/registry/pods/default/');
    expect(etcdPrefix('pods')).toBe('/registry/pods/');
    expect(etcdPrefix('services')).toBe('/registry/services/specs/');
    expect(etcdPrefix('nodes')).toBe('/registry/minions/');
  });
});
