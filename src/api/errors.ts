/**
 * API status errors: the metav1.Status the apiserver returns (k8s.io/apimachinery
 * pkg/api/errors/errors.go New<Reason>, v0.32.13) and the line kubectl prints for it
 * (kubectl pkg/cmd/util/helpers.go StandardErrorMessage: `Error from server (<Reason>): <message>`).
 */
import { formatInvalid, goQuote, invalidMessage, type FieldError } from './validation.ts';
import { qualifiedResource, type ApiResourceInfo } from './resources.ts';

export interface StatusError {
  code: number;
  reason: string;
  message: string;
}

/** A resource named by its plural (`configmaps`) or by its table entry (group-qualified then). */
type Res = string | Pick<ApiResourceInfo, 'resource' | 'group'>;
const gr = (r: Res): string => (typeof r === 'string' ? r : qualifiedResource(r));

/** The messages quote names with Go's %q. */
const q = goQuote;

/** The apiserver's registry store: a write carried a stale resourceVersion. */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function notFoundStatus(resource: Res, name: string): StatusError {
  return { code: 404, reason: 'NotFound', message: `${gr(resource)} ${q(name)} not found` };
}

export function alreadyExistsStatus(resource: Res, name: string): StatusError {
  return { code: 409, reason: 'AlreadyExists', message: `${gr(resource)} ${q(name)} already exists` };
}

export function conflictStatus(resource: Res, name: string): StatusError {
  return { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${gr(resource)} ${q(name)}: ${OPTIMISTIC_LOCK_MESSAGE}` };
}

/**
 * NamespaceLifecycle admission on create in a terminating namespace (k8s.io/apiserver
 * pkg/admission/plugin/namespace/lifecycle/admission.go via errors.NewForbidden).
 */
export function namespaceTerminatingStatus(resource: Res, name: string, namespace: string): StatusError {
  return {
    code: 403,
    reason: 'Forbidden',
    message: `${gr(resource)} ${q(name)} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
  };
}

/** errors.NewInvalid; `kind` is the GroupKind string (`ConfigMap`, `Deployment.apps`). */
export function invalidStatus(kind: string, name: string, errors: readonly FieldError[]): StatusError {
  return { code: 422, reason: 'Invalid', message: invalidMessage(kind, name, errors) };
}

/** StandardErrorMessage for any status with a reason. */
export function fromServer(status: Pick<StatusError, 'reason' | 'message'>): string {
  return status.reason ? `Error from server (${status.reason}): ${status.message}` : `Error from server: ${status.message}`;
}

export function notFound(resource: Res, name: string): string {
  return fromServer(notFoundStatus(resource, name));
}

export function alreadyExists(resource: Res, name: string): string {
  return fromServer(alreadyExistsStatus(resource, name));
}

/**
 * Creating in a namespace that does not exist: the admission plugin's live lookup of the
 * namespace fails and its NotFound is returned as is, naming the namespace, not the object.
 */
export function namespaceNotFound(namespace: string): string {
  return notFound('namespaces', namespace);
}

export function conflict(resource: Res, name: string): string {
  return fromServer(conflictStatus(resource, name));
}

export function namespaceTerminating(resource: Res, name: string, namespace: string): string {
  return fromServer(namespaceTerminatingStatus(resource, name, namespace));
}

/** kubectl's text for a 422: `The <Kind> "<name>" is invalid: ...` (not "Error from server"). */
export function invalidError(kind: string, name: string, errors: readonly FieldError[]): string {
  return formatInvalid(kind, name, errors);
}
