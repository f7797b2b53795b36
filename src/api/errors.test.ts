/**
 * Status messages from k8s.io/apimachinery pkg/api/errors/errors.go (v0.32.13: NewNotFound,
 * NewAlreadyExists, NewConflict, NewForbidden use GroupResource.String() and %q), the optimistic
 * lock text from k8s.io/apiserver pkg/registry/generic/registry/store.go, the terminating-namespace
 * text from k8s.io/apiserver pkg/admission/plugin/namespace/lifecycle/admission.go, and kubectl's
 * "Error from server (<Reason>): " prefix from kubectl pkg/cmd/util/helpers.go StandardErrorMessage.
 */
import { describe, expect, it } from 'vitest';
import { alreadyExists, conflict, conflictStatus, fromServer, invalidError, invalidStatus, namespaceNotFound, namespaceTerminating, notFound, notFoundStatus } from './errors.ts';
import { apiResource } from './resources.ts';
import { validate } from './validation.ts';

describe('kubectl-visible status errors', () => {
  it('NotFound and AlreadyExists name the resource and quote the name', () => {
    expect(notFound('namespaces', 'x')).toBe('Error from server (NotFound): namespaces "x" not found');
    expect(alreadyExists('namespaces', 'x')).toBe('Error from server (AlreadyExists): namespaces "x" already exists');
    expect(notFoundStatus('configmaps', 'app')).toEqual({ code: 404, reason: 'NotFound', message: 'configmaps "app" not found' });
  });

  it('group-qualifies resources outside the core group', () => {
    expect(notFound(apiResource('deploy')!, 'web')).toBe('Error from server (NotFound): deployments.apps "web" not found');
  });

  it('creating in a missing namespace reports the namespace as not found', () => {
    expect(namespaceNotFound('nope')).toBe('Error from server (NotFound): namespaces "nope" not found');
  });

  it('Conflict carries the optimistic-lock sentence', () => {
    expect(conflict('configmaps', 'x')).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(conflictStatus('configmaps', 'x').code).toBe(409);
  });

  it('Forbidden for a terminating namespace', () => {
    expect(namespaceTerminating('configmaps', 'app', 'dev')).toBe(
      'Error from server (Forbidden): configmaps "app" is forbidden: unable to create new content in namespace dev because it is being terminated',
    );
  });

  it('a status without a reason has no parentheses', () => {
    expect(fromServer({ reason: '', message: 'boom' })).toBe('Error from server: boom');
  });

  it('422: the status message is NewInvalid\'s, the printed line is kubectl\'s', () => {
    const errs = validate({ kind: 'Namespace', metadata: { name: 'Bad_Name' } });
    expect(invalidStatus('Namespace', 'Bad_Name', errs).message.startsWith('Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ')).toBe(true);
    expect(invalidError('Namespace', 'Bad_Name', errs).startsWith('The Namespace "Bad_Name" is invalid: metadata.name: ')).toBe(true);
  });
});
