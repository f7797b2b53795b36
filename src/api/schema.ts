/**
 * A field schema for the modelled kinds, written by hand from k8s.io/api v1.32 (core/v1, apps/v1,
 * batch/v1, discovery/v1, coordination/v1 types.go and the OpenAPI v3 documents the apiserver
 * publishes). It covers the fields a learner's manifest uses; rarely used sub-objects (security
 * contexts, pod affinity, status) are `open`: accepted as they are and not described further.
 * Descriptions are the upstream ones, shortened.
 *
 * Two readers: `decodeStrict` (the apiserver's strict JSON decoding, what `kubectl apply` gets
 * back with fieldValidation=Strict) and explain.ts (`kubectl explain`).
 */
import { parseQuantity } from './quantity.ts';

export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'map' | 'quantity' | 'intOrString';

export interface FieldSchema {
  type: FieldType;
  /** The field's own description (for a resource's root: the kind's description). */
  description: string;
  /** object: the Go/OpenAPI type name (`Container`); integer: the Go type (`int32` unless `int64`). */
  goType?: string;
  /** object: the referenced type's description, which explain prints after the field's. */
  typeDescription?: string;
  /** object: its fields. */
  fields?: Readonly<Record<string, FieldSchema>>;
  /** array: the item schema; map: the value schema. */
  items?: FieldSchema;
  /** object: fields that must be present (explain prints `-required-`). */
  required?: readonly string[];
  enum?: readonly string[];
  /** object: any content accepted, fields not modelled. */
  open?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Constructors.

const s = (description: string, values?: readonly string[]): FieldSchema => (values ? { type: 'string', description, enum: values } : { type: 'string', description });
const i32 = (description: string): FieldSchema => ({ type: 'integer', description, goType: 'int32' });
const i64 = (description: string): FieldSchema => ({ type: 'integer', description, goType: 'int64' });
const b = (description: string): FieldSchema => ({ type: 'boolean', description });
const q = (description: string): FieldSchema => ({ type: 'quantity', description });
const ios = (description: string): FieldSchema => ({ type: 'intOrString', description });
const arr = (items: FieldSchema, description: string): FieldSchema => ({ type: 'array', description, items });
const strs = (description: string): FieldSchema => arr(s(''), description);
const strMap = (description: string): FieldSchema => ({ type: 'map', description, items: s('') });
const qMap = (description: string): FieldSchema => ({ type: 'map', description, items: q('') });

interface TypeDef {
  goType: string;
  description: string;
  fields?: Record<string, FieldSchema>;
  required?: readonly string[];
  open?: boolean;
}

/** A field whose value is an object of a named type. */
const ref = (t: TypeDef, description: string): FieldSchema => ({
  type: 'object',
  description,
  goType: t.goType,
  typeDescription: t.description,
  ...(t.fields ? { fields: t.fields } : {}),
  ...(t.required ? { required: t.required } : {}),
  ...(t.open ? { open: true } : {}),
});
const refs = (t: TypeDef, description: string): FieldSchema => arr(ref(t, ''), description);
const openType = (goType: string, description: string): TypeDef => ({ goType, description, open: true });

// ---------------------------------------------------------------------------------------------
// meta/v1.

const API_VERSION_DESC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DESC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

const OwnerReference: TypeDef = {
  goType: 'OwnerReference',
  description: 'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
  fields: {
    apiVersion: s('API version of the referent.'),
    blockOwnerDeletion: b('If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.'),
    controller: b('If true, this reference points to the managing controller.'),
    kind: s('Kind of the referent.'),
    name: s('Name of the referent.'),
    uid: s('UID of the referent.'),
  },
  required: ['apiVersion', 'kind', 'name', 'uid'],
};

const ObjectMeta: TypeDef = {
  goType: 'ObjectMeta',
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  fields: {
    annotations: strMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects.'),
    creationTimestamp: s('CreationTimestamp is a timestamp representing the server time when this object was created. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only.'),
    deletionGracePeriodSeconds: i64('Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.'),
    deletionTimestamp: s('DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client.'),
    finalizers: strs('Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.'),
    generateName: s('GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'),
    generation: i64('A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: strMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services.'),
    managedFields: arr(ref(openType('ManagedFieldsEntry', 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.'), ''), 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.'),
    name: s('Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated.'),
    namespace: s('Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Cannot be updated.'),
    ownerReferences: refs(OwnerReference, 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.'),
    resourceVersion: s('An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only.'),
    selfLink: s('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    uid: s('UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system. Read-only.'),
  },
};

const LabelSelectorRequirement: TypeDef = {
  goType: 'LabelSelectorRequirement',
  description: 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
  fields: {
    key: s('key is the label key that the selector applies to.'),
    operator: s("operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
    values: strs('values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.'),
  },
  required: ['key', 'operator'],
};

const LabelSelector: TypeDef = {
  goType: 'LabelSelector',
  description: 'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
  fields: {
    matchExpressions: refs(LabelSelectorRequirement, 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'),
    matchLabels: strMap('matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.'),
  },
};

// ---------------------------------------------------------------------------------------------
// core/v1: containers.

const ExecAction: TypeDef = {
  goType: 'ExecAction',
  description: 'ExecAction describes a "run in container" action.',
  fields: { command: strs("Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell.") },
};

const HTTPHeader: TypeDef = {
  goType: 'HTTPHeader',
  description: 'HTTPHeader describes a custom header to be used in HTTP probes',
  fields: { name: s('The header field name.'), value: s('The header field value') },
  required: ['name', 'value'],
};

const HTTPGetAction: TypeDef = {
  goType: 'HTTPGetAction',
  description: 'HTTPGetAction describes an action based on HTTP Get requests.',
  fields: {
    host: s('Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.'),
    httpHeaders: refs(HTTPHeader, 'Custom headers to set in the request. HTTP allows repeated headers.'),
    path: s('Path to access on the HTTP server.'),
    port: ios('Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
    scheme: s('Scheme to use for connecting to the host. Defaults to HTTP.', ['HTTP', 'HTTPS']),
  },
  required: ['port'],
};

const TCPSocketAction: TypeDef = {
  goType: 'TCPSocketAction',
  description: 'TCPSocketAction describes an action based on opening a socket',
  fields: {
    host: s('Optional: Host name to connect to, defaults to the pod IP.'),
    port: ios('Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
  },
  required: ['port'],
};

const GRPCAction: TypeDef = {
  goType: 'GRPCAction',
  description: 'GRPCAction specifies an action involving a GRPC service.',
  fields: {
    port: i32('Port number of the gRPC service. Number must be in the range 1 to 65535.'),
    service: s('Service is the name of the service to place in the gRPC HealthCheckRequest. If this is not specified, the default behavior is defined by gRPC.'),
  },
  required: ['port'],
};

const Probe: TypeDef = {
  goType: 'Probe',
  description: 'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
  fields: {
    exec: ref(ExecAction, 'Exec specifies a command to execute in the container.'),
    failureThreshold: i32('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'),
    grpc: ref(GRPCAction, 'GRPC specifies a GRPC HealthCheckRequest.'),
    httpGet: ref(HTTPGetAction, 'HTTPGet specifies an HTTP GET request to perform.'),
    initialDelaySeconds: i32('Number of seconds after the container has started before liveness probes are initiated.'),
    periodSeconds: i32('How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'),
    successThreshold: i32('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.'),
    tcpSocket: ref(TCPSocketAction, 'TCPSocket specifies a connection to a TCP port.'),
    terminationGracePeriodSeconds: i64('Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'),
    timeoutSeconds: i32('Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.'),
  },
};

const LifecycleHandler: TypeDef = {
  goType: 'LifecycleHandler',
  description: 'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.',
  fields: {
    exec: ref(ExecAction, 'Exec specifies a command to execute in the container.'),
    httpGet: ref(HTTPGetAction, 'HTTPGet specifies an HTTP GET request to perform.'),
    sleep: ref({ goType: 'SleepAction', description: 'SleepAction describes a "sleep" action.', fields: { seconds: i64('Seconds is the number of seconds to sleep.') }, required: ['seconds'] }, 'Sleep represents a duration that the container should sleep.'),
    tcpSocket: ref(TCPSocketAction, 'Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility.'),
  },
};

const Lifecycle: TypeDef = {
  goType: 'Lifecycle',
  description: 'Lifecycle describes actions that the management system should take in response to container lifecycle events.',
  fields: {
    postStart: ref(LifecycleHandler, 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy.'),
    preStop: ref(LifecycleHandler, 'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc.'),
  },
};

const ContainerPort: TypeDef = {
  goType: 'ContainerPort',
  description: 'ContainerPort represents a network port in a single container.',
  fields: {
    containerPort: i32("Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
    hostIP: s('What host IP to bind the external port to.'),
    hostPort: i32('Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536.'),
    name: s('If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name.'),
    protocol: s('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".', ['SCTP', 'TCP', 'UDP']),
  },
  required: ['containerPort'],
};

const keyRef = (goType: string, description: string, what: string): TypeDef => ({
  goType,
  description,
  fields: {
    key: s(`The key to select.`),
    name: s(`Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty.`),
    optional: b(`Specify whether the ${what} or its key must be defined`),
  },
  required: ['key'],
});

const EnvVarSource: TypeDef = {
  goType: 'EnvVarSource',
  description: 'EnvVarSource represents a source for the value of an EnvVar.',
  fields: {
    configMapKeyRef: ref(keyRef('ConfigMapKeySelector', 'Selects a key from a ConfigMap.', 'ConfigMap'), 'Selects a key of a ConfigMap.'),
    fieldRef: ref(
      {
        goType: 'ObjectFieldSelector',
        description: 'ObjectFieldSelector selects an APIVersioned field of an object.',
        fields: { apiVersion: s('Version of the schema the FieldPath is written in terms of, defaults to "v1".'), fieldPath: s('Path of the field to select in the specified API version.') },
        required: ['fieldPath'],
      },
      'Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels[\'<KEY>\']`, `metadata.annotations[\'<KEY>\']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.',
    ),
    resourceFieldRef: ref(
      {
        goType: 'ResourceFieldSelector',
        description: 'ResourceFieldSelector represents container resources (cpu, memory) and their output format',
        fields: { containerName: s('Container name: required for volumes, optional for env vars'), divisor: q('Specifies the output format of the exposed resources, defaults to "1"'), resource: s('Required: resource to select') },
        required: ['resource'],
      },
      'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.',
    ),
    secretKeyRef: ref(keyRef('SecretKeySelector', 'SecretKeySelector selects a key of a Secret.', 'Secret'), "Selects a key of a secret in the pod's namespace"),
  },
};

const EnvVar: TypeDef = {
  goType: 'EnvVar',
  description: 'EnvVar represents an environment variable present in a Container.',
  fields: {
    name: s('Name of the environment variable. May consist of any printable ASCII characters except \'=\'.'),
    value: s('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".'),
    valueFrom: ref(EnvVarSource, "Source for the environment variable's value. Cannot be used if value is not empty."),
  },
  required: ['name'],
};

const nameRef = (goType: string, description: string): TypeDef => ({
  goType,
  description,
  fields: { name: s('Name of the referent.'), optional: b('Specify whether the source must be defined') },
});

const EnvFromSource: TypeDef = {
  goType: 'EnvFromSource',
  description: 'EnvFromSource represents the source of a set of ConfigMaps or Secrets',
  fields: {
    configMapRef: ref(nameRef('ConfigMapEnvSource', 'ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.'), 'The ConfigMap to select from'),
    prefix: s('Optional text to prepend to the name of each environment variable.'),
    secretRef: ref(nameRef('SecretEnvSource', 'SecretEnvSource selects a Secret to populate the environment variables with.'), 'The Secret to select from'),
  },
};

const ResourceRequirements: TypeDef = {
  goType: 'ResourceRequirements',
  description: 'ResourceRequirements describes the compute resource requirements.',
  fields: {
    claims: arr(ref(openType('ResourceClaim', 'ResourceClaim references one entry in PodSpec.ResourceClaims.'), ''), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.'),
    limits: qMap('Limits describes the maximum amount of compute resources allowed.'),
    requests: qMap('Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits.'),
  },
};

const VolumeMount: TypeDef = {
  goType: 'VolumeMount',
  description: 'VolumeMount describes a mounting of a Volume within a container.',
  fields: {
    mountPath: s("Path within the container at which the volume should be mounted.  Must not contain ':'."),
    mountPropagation: s('mountPropagation determines how mounts are propagated from the host to container and the other way around.'),
    name: s('This must match the Name of a Volume.'),
    readOnly: b('Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
    recursiveReadOnly: s('RecursiveReadOnly specifies whether read-only mounts should be handled recursively.'),
    subPath: s("Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."),
    subPathExpr: s("Expanded path within the volume from which the container's volume should be mounted."),
  },
  required: ['name', 'mountPath'],
};

const Container: TypeDef = {
  goType: 'Container',
  description: 'A single application container that you want to run within a pod.',
  fields: {
    args: strs("Arguments to the entrypoint. The container image's CMD is used if this is not provided. Cannot be updated."),
    command: strs("Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Cannot be updated."),
    env: refs(EnvVar, 'List of environment variables to set in the container. Cannot be updated.'),
    envFrom: refs(EnvFromSource, 'List of sources to populate environment variables in the container. Cannot be updated.'),
    image: s('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'),
    imagePullPolicy: s('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated.', ['Always', 'IfNotPresent', 'Never']),
    lifecycle: ref(Lifecycle, 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'),
    livenessProbe: ref(Probe, 'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'),
    name: s('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'),
    ports: refs(ContainerPort, 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Cannot be updated.'),
    readinessProbe: ref(Probe, 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated.'),
    resizePolicy: arr(ref(openType('ContainerResizePolicy', 'ContainerResizePolicy represents resource resize policy for the container.'), ''), 'Resources resize policy for the container.'),
    resources: ref(ResourceRequirements, 'Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'),
    restartPolicy: s('RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always".'),
    securityContext: ref(openType('SecurityContext', 'SecurityContext holds security configuration that will be applied to a container.'), 'SecurityContext defines the security options the container should be run with.'),
    startupProbe: ref(Probe, 'StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully.'),
    stdin: b('Whether this container should allocate a buffer for stdin in the container runtime.'),
    stdinOnce: b('Whether the container runtime should close the stdin channel after it has been opened by a single attach.'),
    terminationMessagePath: s("Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log."),
    terminationMessagePolicy: s('Indicate how the termination message should be populated. Defaults to File.', ['FallbackToLogsOnError', 'File']),
    tty: b("Whether this container should allocate a TTY for itself, also requires 'stdin' to be true."),
    volumeDevices: arr(ref(openType('VolumeDevice', 'volumeDevice describes a mapping of a raw block device within a container.'), ''), 'volumeDevices is the list of block devices to be used by the container.'),
    volumeMounts: refs(VolumeMount, "Pod volumes to mount into the container's filesystem. Cannot be updated."),
    workingDir: s("Container's working directory. If not specified, the container runtime's default will be used. Cannot be updated."),
  },
  required: ['name'],
};

// ---------------------------------------------------------------------------------------------
// core/v1: volumes and scheduling.

const KeyToPath: TypeDef = {
  goType: 'KeyToPath',
  description: 'Maps a string key to a path within a volume.',
  fields: { key: s('key is the key to project.'), mode: i32('mode is Optional: mode bits used to set permissions on this file.'), path: s('path is the relative path of the file to map the key to. May not be an absolute path.') },
  required: ['key', 'path'],
};

const Volume: TypeDef = {
  goType: 'Volume',
  description: 'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
  fields: {
    configMap: ref(
      {
        goType: 'ConfigMapVolumeSource',
        description: "Adapts a ConfigMap into a volume. The contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names.",
        fields: {
          defaultMode: i32('defaultMode is optional: mode bits used to set permissions on created files by default. Defaults to 0644.'),
          items: refs(KeyToPath, 'items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.'),
          name: s('Name of the referent.'),
          optional: b('optional specify whether the ConfigMap or its keys must be defined'),
        },
      },
      'configMap represents a configMap that should populate this volume',
    ),
    csi: ref(openType('CSIVolumeSource', 'Represents a source location of a volume to mount, managed by an external CSI driver'), 'csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.'),
    downwardAPI: ref(openType('DownwardAPIVolumeSource', 'DownwardAPIVolumeSource represents a volume containing downward API info.'), 'downwardAPI represents downward API about the pod that should populate this volume'),
    emptyDir: ref(
      {
        goType: 'EmptyDirVolumeSource',
        description: 'Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.',
        fields: {
          medium: s('medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium. Must be an empty string (default) or Memory.'),
          sizeLimit: q('sizeLimit is the total amount of local storage required for this EmptyDir volume.'),
        },
      },
      "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir",
    ),
    ephemeral: ref(openType('EphemeralVolumeSource', 'Represents an ephemeral volume that is handled by a normal storage driver.'), 'ephemeral represents a volume that is handled by a cluster storage driver.'),
    hostPath: ref(
      {
        goType: 'HostPathVolumeSource',
        description: 'Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.',
        fields: { path: s('path of the directory on the host. If the path is a symlink, it will follow the link to the real path.'), type: s('type for HostPath Volume Defaults to ""', ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']) },
        required: ['path'],
      },
      'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.',
    ),
    image: ref(openType('ImageVolumeSource', 'ImageVolumeSource represents a image volume resource.'), 'image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet\'s host machine.'),
    name: s('name of the volume. Must be a DNS_LABEL and unique within the pod.'),
    nfs: ref(openType('NFSVolumeSource', 'Represents an NFS mount that lasts the lifetime of a pod.'), 'nfs represents an NFS mount on the host that shares a pod\'s lifetime'),
    persistentVolumeClaim: ref(
      {
        goType: 'PersistentVolumeClaimVolumeSource',
        description: "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
        fields: { claimName: s('claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.'), readOnly: b('readOnly Will force the ReadOnly setting in VolumeMounts. Default false.') },
        required: ['claimName'],
      },
      'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.',
    ),
    projected: ref(openType('ProjectedVolumeSource', 'Represents a projected volume source'), 'projected items for all in one resources secrets, configmaps, and downward API'),
    secret: ref(
      {
        goType: 'SecretVolumeSource',
        description: "Adapts a Secret into a volume. The contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names.",
        fields: {
          defaultMode: i32('defaultMode is Optional: mode bits used to set permissions on created files by default. Defaults to 0644.'),
          items: refs(KeyToPath, 'items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.'),
          optional: b('optional field specify whether the Secret or its keys must be defined'),
          secretName: s("secretName is the name of the secret in the pod's namespace to use."),
        },
      },
      'secret represents a secret that should populate this volume.',
    ),
  },
  required: ['name'],
};

const Toleration: TypeDef = {
  goType: 'Toleration',
  description: 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
  fields: {
    effect: s('Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    key: s('Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists.'),
    operator: s("Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.", ['Equal', 'Exists']),
    tolerationSeconds: i64('TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.'),
    value: s('Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.'),
  },
};

const NodeSelectorRequirement: TypeDef = {
  goType: 'NodeSelectorRequirement',
  description: 'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
  fields: {
    key: s('The label key that the selector applies to.'),
    operator: s("Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.", ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn']),
    values: strs('An array of string values. If the operator is In or NotIn, the values array must be non-empty.'),
  },
  required: ['key', 'operator'],
};

const NodeSelectorTerm: TypeDef = {
  goType: 'NodeSelectorTerm',
  description: 'A null or empty node selector term matches no objects. The requirements of them are ANDed.',
  fields: {
    matchExpressions: refs(NodeSelectorRequirement, "A list of node selector requirements by node's labels."),
    matchFields: refs(NodeSelectorRequirement, "A list of node selector requirements by node's fields."),
  },
};

const NodeAffinity: TypeDef = {
  goType: 'NodeAffinity',
  description: 'Node affinity is a group of node affinity scheduling rules.',
  fields: {
    preferredDuringSchedulingIgnoredDuringExecution: refs(
      {
        goType: 'PreferredSchedulingTerm',
        description: "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op).",
        fields: { preference: ref(NodeSelectorTerm, 'A node selector term, associated with the corresponding weight.'), weight: i32('Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.') },
        required: ['weight', 'preference'],
      },
      'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.',
    ),
    requiredDuringSchedulingIgnoredDuringExecution: ref(
      {
        goType: 'NodeSelector',
        description: 'A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.',
        fields: { nodeSelectorTerms: refs(NodeSelectorTerm, 'Required. A list of node selector terms. The terms are ORed.') },
        required: ['nodeSelectorTerms'],
      },
      'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.',
    ),
  },
};

const Affinity: TypeDef = {
  goType: 'Affinity',
  description: 'Affinity is a group of affinity scheduling rules.',
  fields: {
    nodeAffinity: ref(NodeAffinity, 'Describes node affinity scheduling rules for the pod.'),
    podAffinity: ref(openType('PodAffinity', 'Pod affinity is a group of inter pod affinity scheduling rules.'), 'Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).'),
    podAntiAffinity: ref(openType('PodAntiAffinity', 'Pod anti affinity is a group of inter pod anti affinity scheduling rules.'), 'Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).'),
  },
};

const TopologySpreadConstraint: TypeDef = {
  goType: 'TopologySpreadConstraint',
  description: 'TopologySpreadConstraint specifies how to spread matching pods among the given topology.',
  fields: {
    labelSelector: ref(LabelSelector, 'LabelSelector is used to find matching pods. Pods that match this label selector are counted to determine the number of pods in their corresponding topology domain.'),
    matchLabelKeys: strs('MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.'),
    maxSkew: i32('MaxSkew describes the degree to which pods may be unevenly distributed. It must be greater than zero.'),
    minDomains: i32('MinDomains indicates a minimum number of eligible domains.'),
    nodeAffinityPolicy: s("NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.", ['Honor', 'Ignore']),
    nodeTaintsPolicy: s('NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.', ['Honor', 'Ignore']),
    topologyKey: s('TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology.'),
    whenUnsatisfiable: s("WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.", ['DoNotSchedule', 'ScheduleAnyway']),
  },
  required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
};

const PodSpec: TypeDef = {
  goType: 'PodSpec',
  description: 'PodSpec is a description of a pod.',
  fields: {
    activeDeadlineSeconds: i64('Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.'),
    affinity: ref(Affinity, "If specified, the pod's scheduling constraints"),
    automountServiceAccountToken: b('AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'),
    containers: refs(Container, 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.'),
    dnsConfig: ref(openType('PodDNSConfig', 'PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.'), 'Specifies the DNS parameters of a pod.'),
    dnsPolicy: s("Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'.", ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']),
    enableServiceLinks: b("EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true."),
    ephemeralContainers: arr(ref(openType('EphemeralContainer', 'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.'), ''), 'List of ephemeral containers run in this pod.'),
    hostAliases: arr(ref(openType('HostAlias', "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file."), ''), "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified."),
    hostIPC: b("Use the host's ipc namespace. Optional: Default to false."),
    hostNetwork: b("Host networking requested for this pod. Use the host's network namespace. Default to false."),
    hostPID: b("Use the host's pid namespace. Optional: Default to false."),
    hostUsers: b("Use the host's user namespace. Optional: Default to true."),
    hostname: s("Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
    imagePullSecrets: refs({ goType: 'LocalObjectReference', description: 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', fields: { name: s('Name of the referent.') } }, 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.'),
    initContainers: refs(Container, 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started.'),
    nodeName: s('NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.'),
    nodeSelector: strMap("NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    os: ref({ goType: 'PodOS', description: 'PodOS defines the OS parameters of a pod.', fields: { name: s('Name is the name of the operating system. The currently supported values are linux and windows.') }, required: ['name'] }, 'Specifies the OS of the containers in the pod.'),
    overhead: qMap('Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.'),
    preemptionPolicy: s('PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.', ['Never', 'PreemptLowerPriority']),
    priority: i32('The priority value. Various system components use this field to find the priority of the pod.'),
    priorityClassName: s('If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities.'),
    readinessGates: arr(ref(openType('PodReadinessGate', 'PodReadinessGate contains the reference to a pod condition'), ''), 'If specified, all readiness gates will be evaluated for pod readiness.'),
    resourceClaims: arr(ref(openType('PodResourceClaim', 'PodResourceClaim references exactly one ResourceClaim.'), ''), 'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.'),
    restartPolicy: s('Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.', ['Always', 'Never', 'OnFailure']),
    runtimeClassName: s('RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.'),
    schedulerName: s('If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.'),
    schedulingGates: arr(ref(openType('PodSchedulingGate', 'PodSchedulingGate is associated to a Pod to guard its scheduling.'), ''), 'SchedulingGates is an opaque list of values that if specified will block scheduling the pod.'),
    securityContext: ref(openType('PodSecurityContext', 'PodSecurityContext holds pod-level security attributes and common container settings.'), 'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.'),
    serviceAccount: s('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.'),
    serviceAccountName: s('ServiceAccountName is the name of the ServiceAccount to use to run this pod.'),
    setHostnameAsFQDN: b("If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."),
    shareProcessNamespace: b('Share a single process namespace between all of the containers in a pod.'),
    subdomain: s('If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".'),
    terminationGracePeriodSeconds: i64('Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. Defaults to 30 seconds.'),
    tolerations: refs(Toleration, "If specified, the pod's tolerations."),
    topologySpreadConstraints: refs(TopologySpreadConstraint, 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.'),
    volumes: refs(Volume, 'List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes'),
  },
  required: ['containers'],
};

const PodTemplateSpec: TypeDef = {
  goType: 'PodTemplateSpec',
  description: 'PodTemplateSpec describes the data a pod should have when created from a template',
  fields: {
    metadata: ref(ObjectMeta, METADATA_DESC),
    spec: ref(PodSpec, 'Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'),
  },
};

// ---------------------------------------------------------------------------------------------
// Resources.

/** A top-level kind: apiVersion, kind, metadata and its own fields. */
function resource(goType: string, description: string, fields: Record<string, FieldSchema>, required?: readonly string[]): FieldSchema {
  return {
    type: 'object',
    description,
    goType,
    fields: { apiVersion: s(API_VERSION_DESC), kind: s(KIND_DESC), metadata: ref(ObjectMeta, METADATA_DESC), ...fields },
    ...(required ? { required } : {}),
  };
}

const status = (goType: string, description: string): FieldSchema => ref(openType(goType, `${goType} is the most recently observed status, populated by the system. Read-only.`), description);
const SPEC_LINK = 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

const ServicePort: TypeDef = {
  goType: 'ServicePort',
  description: "ServicePort contains information on service's port.",
  fields: {
    appProtocol: s('The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand.'),
    name: s('The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.'),
    nodePort: i32('The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system.'),
    port: i32('The port that will be exposed by this service.'),
    protocol: s('The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.', ['SCTP', 'TCP', 'UDP']),
    targetPort: ios("Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. If this is not specified, the value of the 'port' field is used (an identity map)."),
  },
  required: ['port'],
};

const ServiceSpec: TypeDef = {
  goType: 'ServiceSpec',
  description: 'ServiceSpec describes the attributes that a user creates on a service.',
  fields: {
    allocateLoadBalancerNodePorts: b('allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is "true".'),
    clusterIP: s('clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range, and is not in use, it will be allocated to the service; otherwise creation of the service will fail. "None" makes a headless service.'),
    clusterIPs: strs('ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.'),
    externalIPs: strs('externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    externalName: s('externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires `type` to be "ExternalName".'),
    externalTrafficPolicy: s("externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses.", ['Cluster', 'Local']),
    healthCheckNodePort: i32('healthCheckNodePort specifies the healthcheck nodePort for the service.'),
    internalTrafficPolicy: s('InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.', ['Cluster', 'Local']),
    ipFamilies: strs('IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.'),
    ipFamilyPolicy: s('IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack.', ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    loadBalancerClass: s('loadBalancerClass is the class of the load balancer implementation this Service belongs to.'),
    loadBalancerIP: s('Only applies to Service Type: LoadBalancer. Deprecated.'),
    loadBalancerSourceRanges: strs('If specified and supported by the platform, traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.'),
    ports: refs(ServicePort, 'The list of ports that are exposed by this service.'),
    publishNotReadyAddresses: b("publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready."),
    selector: strMap('Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.'),
    sessionAffinity: s('Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None.', ['ClientIP', 'None']),
    sessionAffinityConfig: ref(openType('SessionAffinityConfig', 'SessionAffinityConfig represents the configurations of session affinity.'), 'sessionAffinityConfig contains the configurations of session affinity.'),
    trafficDistribution: s('TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'),
    type: s('type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']),
  },
};

const Taint: TypeDef = {
  goType: 'Taint',
  description: 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
  fields: {
    effect: s('Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    key: s('Required. The taint key to be applied to a node.'),
    timeAdded: s('TimeAdded represents the time at which the taint was added.'),
    value: s('The taint value corresponding to the taint key.'),
  },
  required: ['key', 'effect'],
};

const ObjectReference: TypeDef = {
  goType: 'ObjectReference',
  description: 'ObjectReference contains enough information to let you inspect or modify the referred object.',
  fields: {
    apiVersion: s('API version of the referent.'),
    fieldPath: s('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
    kind: s('Kind of the referent.'),
    name: s('Name of the referent.'),
    namespace: s('Namespace of the referent.'),
    resourceVersion: s('Specific resourceVersion to which this reference is made, if any.'),
    uid: s('UID of the referent.'),
  },
};

const EndpointAddress: TypeDef = {
  goType: 'EndpointAddress',
  description: 'EndpointAddress is a tuple that describes single IP address.',
  fields: {
    hostname: s('The Hostname of this endpoint'),
    ip: s('The IP of this endpoint.'),
    nodeName: s('Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.'),
    targetRef: ref(ObjectReference, 'Reference to object providing the endpoint.'),
  },
  required: ['ip'],
};

const endpointPort = (description: string, portRequired: boolean): TypeDef => ({
  goType: 'EndpointPort',
  description,
  fields: {
    appProtocol: s('The application protocol for this port.'),
    name: s('The name of this port. This must match the \'name\' field in the corresponding ServicePort.'),
    port: i32('The port number of the endpoint.'),
    protocol: s('The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.', ['SCTP', 'TCP', 'UDP']),
  },
  ...(portRequired ? { required: ['port'] } : {}),
});

const RollingUpdateDeployment: TypeDef = {
  goType: 'RollingUpdateDeployment',
  description: 'Spec to control the desired behavior of rolling update.',
  fields: {
    maxSurge: ios('The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. Defaults to 25%.'),
    maxUnavailable: ios('The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. Defaults to 25%.'),
  },
};

const replicasDesc = (what: string) => `Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.${what}`;
const templateDesc = 'Template describes the pods that will be created.';
const minReadyDesc = 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)';

// networking.k8s.io/v1 (k8s.io/api networking/v1 types.go).

const ServiceBackendPort: TypeDef = {
  goType: 'ServiceBackendPort',
  description: 'ServiceBackendPort is the service port being referenced.',
  fields: {
    name: s('name is the name of the port on the Service. This is a mutually exclusive setting with "Number".'),
    number: i32('number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with "Name".'),
  },
};

const IngressServiceBackend: TypeDef = {
  goType: 'IngressServiceBackend',
  description: 'IngressServiceBackend references a Kubernetes Service as a Backend.',
  fields: {
    name: s('name is the referenced service. The service must exist in the same namespace as the Ingress object.'),
    port: ref(ServiceBackendPort, 'port of the referenced service. A port name or port number is required for a IngressServiceBackend.'),
  },
  required: ['name'],
};

const TypedLocalObjectReference: TypeDef = {
  goType: 'TypedLocalObjectReference',
  description: 'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.',
  fields: {
    apiGroup: s('APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required.'),
    kind: s('Kind is the type of resource being referenced'),
    name: s('Name is the name of resource being referenced'),
  },
  required: ['kind', 'name'],
};

const IngressBackend: TypeDef = {
  goType: 'IngressBackend',
  description: 'IngressBackend describes all endpoints for a given service and port.',
  fields: {
    resource: ref(TypedLocalObjectReference, 'resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object. If resource is specified, a service.Name and service.Port must not be specified. This is a mutually exclusive setting with "Service".'),
    service: ref(IngressServiceBackend, 'service references a service as a backend. This is a mutually exclusive setting with "Resource".'),
  },
};

const HTTPIngressPath: TypeDef = {
  goType: 'HTTPIngressPath',
  description: 'HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.',
  fields: {
    backend: ref(IngressBackend, 'backend defines the referenced service endpoint to which the traffic will be forwarded to.'),
    path: s('path is matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional "path" part of a URL as defined by RFC 3986. Paths must begin with a \'/\' and must be present when using PathType with value "Exact" or "Prefix".'),
    pathType: s('pathType determines the interpretation of the path matching. PathType can be one of the following values: * Exact: Matches the URL path exactly. * Prefix: Matches based on a URL path prefix split by \'/\'. Matching is done on a path element by element basis. * ImplementationSpecific: Interpretation of the Path matching is up to the IngressClass.', ['Exact', 'ImplementationSpecific', 'Prefix']),
  },
  required: ['pathType', 'backend'],
};

const IngressRule: TypeDef = {
  goType: 'IngressRule',
  description: 'IngressRule represents the rules mapping the paths under a specified host to the related backend services. Incoming requests are first evaluated for a host match, then routed to the backend associated with the matching IngressRuleValue.',
  fields: {
    host: s('host is the fully qualified domain name of a network host, as defined by RFC 3986. Host can be "precise" which is a domain name without the terminating dot of a network host (e.g. "foo.bar.com") or "wildcard", which is a domain name prefixed with a single wildcard label (e.g. "*.foo.com").'),
    http: ref(
      {
        goType: 'HTTPIngressRuleValue',
        description: 'HTTPIngressRuleValue is a list of http selectors pointing to backends.',
        fields: { paths: refs(HTTPIngressPath, 'paths is a collection of paths that map requests to backends.') },
        required: ['paths'],
      },
      '',
    ),
  },
};

const IngressTLS: TypeDef = {
  goType: 'IngressTLS',
  description: 'IngressTLS describes the transport layer security associated with an ingress.',
  fields: {
    hosts: strs('hosts is a list of hosts included in the TLS certificate. The values in this list must match the name/s used in the tlsSecret.'),
    secretName: s('secretName is the name of the secret used to terminate TLS traffic on port 443.'),
  },
};

const IngressClassParametersReference: TypeDef = {
  goType: 'IngressClassParametersReference',
  description: 'IngressClassParametersReference identifies an API object. This can be used to specify a cluster or namespace-scoped resource.',
  fields: {
    apiGroup: s('apiGroup is the group for the resource being referenced.'),
    kind: s('kind is the type of resource being referenced.'),
    name: s('name is the name of resource being referenced.'),
    namespace: s('namespace is the namespace of the resource being referenced. This field is required when scope is set to "Namespace" and must be unset when scope is set to "Cluster".'),
    scope: s('scope represents if this refers to a cluster or namespace scoped resource. This may be set to "Cluster" (default) or "Namespace".'),
  },
  required: ['kind', 'name'],
};

/** The modelled kinds by Kind, each a tree from its root. */
export const RESOURCE_SCHEMAS: Readonly<Record<string, FieldSchema>> = {
  Pod: resource('Pod', 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', {
    spec: ref(PodSpec, `Specification of the desired behavior of the pod. ${SPEC_LINK}`),
    status: status('PodStatus', `Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. ${SPEC_LINK}`),
  }),
  Service: resource('Service', 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
    spec: ref(ServiceSpec, `Spec defines the behavior of a service. ${SPEC_LINK}`),
    status: status('ServiceStatus', `Most recently observed status of the service. Populated by the system. Read-only. ${SPEC_LINK}`),
  }),
  Node: resource('Node', 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
    spec: ref(
      {
        goType: 'NodeSpec',
        description: 'NodeSpec describes the attributes that a node is created with.',
        fields: {
          configSource: ref(openType('NodeConfigSource', 'NodeConfigSource specifies a source of node configuration.'), 'Deprecated: Previously used to specify the source of the node\'s configuration for the DynamicKubeletConfig feature.'),
          externalID: s('Deprecated. Not all kubelets will set this field.'),
          podCIDR: s('PodCIDR represents the pod IP range assigned to the node.'),
          podCIDRs: strs('podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.'),
          providerID: s('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
          taints: refs(Taint, "If specified, the node's taints."),
          unschedulable: b('Unschedulable controls node schedulability of new pods. By default, node is schedulable.'),
        },
      },
      `Spec defines the behavior of a node. ${SPEC_LINK}`,
    ),
    status: status('NodeStatus', `Most recently observed status of the node. Populated by the system. Read-only. ${SPEC_LINK}`),
  }),
  Namespace: resource('Namespace', 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: ref({ goType: 'NamespaceSpec', description: 'NamespaceSpec describes the attributes on a Namespace.', fields: { finalizers: strs('Finalizers is an opaque list of values that must be empty to permanently remove object from storage.') } }, `Spec defines the behavior of the Namespace. ${SPEC_LINK}`),
    status: status('NamespaceStatus', `Status describes the current status of a Namespace. ${SPEC_LINK}`),
  }),
  ConfigMap: resource('ConfigMap', 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: strMap('BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. BinaryData can contain byte sequences that are not in the UTF-8 range.'),
    data: strMap("Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field."),
    immutable: b('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). Defaulted to nil.'),
  }),
  Endpoints: resource('Endpoints', 'Endpoints is a collection of endpoints that implement the actual service.', {
    subsets: refs(
      {
        goType: 'EndpointSubset',
        description: 'EndpointSubset is a group of addresses with a common set of ports.',
        fields: {
          addresses: refs(EndpointAddress, 'IP addresses which offer the related ports that are marked as ready.'),
          notReadyAddresses: refs(EndpointAddress, 'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.'),
          ports: refs(endpointPort('EndpointPort is a tuple that describes a single port.', true), 'Port numbers available on the related IP addresses.'),
        },
      },
      'The set of all endpoints is the union of all subsets.',
    ),
  }),
  EndpointSlice: resource(
    'EndpointSlice',
    'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
    {
      addressType: s('addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. Supported types are IPv4, IPv6 and FQDN.', ['FQDN', 'IPv4', 'IPv6']),
      endpoints: refs(
        {
          goType: 'Endpoint',
          description: 'Endpoint represents a single logical "backend" implementing a service.',
          fields: {
            addresses: strs('addresses of this endpoint. Consumers must handle different types of addresses in the context of their own capabilities. This must contain at least one address but no more than 100.'),
            conditions: ref(
              {
                goType: 'EndpointConditions',
                description: 'EndpointConditions represents the current condition of an endpoint.',
                fields: {
                  ready: b('ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint.'),
                  serving: b('serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint.'),
                  terminating: b('terminating indicates that this endpoint is terminating.'),
                },
              },
              'conditions contains information about the current status of the endpoint.',
            ),
            deprecatedTopology: strMap('deprecatedTopology contains topology information part of the v1beta1 API. This field is deprecated.'),
            hints: ref(openType('EndpointHints', 'EndpointHints provides hints describing how an endpoint should be consumed.'), 'hints contains information associated with how an endpoint should be consumed.'),
            hostname: s('hostname of this endpoint.'),
            nodeName: s('nodeName represents the name of the Node hosting this endpoint.'),
            targetRef: ref(ObjectReference, 'targetRef is a reference to a Kubernetes object that represents this endpoint.'),
            zone: s('zone is the name of the Zone this endpoint exists in.'),
          },
          required: ['addresses'],
        },
        'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
      ),
      ports: refs(endpointPort('EndpointPort represents a Port used by an EndpointSlice', false), 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    },
    ['addressType', 'endpoints'],
  ),
  Event: resource(
    'Event',
    'Event is a report of an event somewhere in the cluster.',
    {
      action: s('What action was taken/failed regarding to the Regarding object.'),
      count: i32('The number of times this event has occurred.'),
      eventTime: s('Time when this Event was first observed.'),
      firstTimestamp: s('The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
      involvedObject: ref(ObjectReference, 'The object that this event is about.'),
      lastTimestamp: s('The time at which the most recent occurrence of this event was recorded.'),
      message: s('A human-readable description of the status of this operation.'),
      reason: s("This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      related: ref(ObjectReference, 'Optional secondary object for more complex actions.'),
      reportingComponent: s('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
      reportingInstance: s('ID of the controller instance, e.g. `kubelet-xyzf`.'),
      series: ref(openType('EventSeries', 'EventSeries contain information on series of events.'), 'Data about the Event series this event represents or nil if it\'s a singleton Event.'),
      source: ref({ goType: 'EventSource', description: 'EventSource contains information for an event.', fields: { component: s('Component from which the event is generated.'), host: s('Node name on which the event is generated.') } }, 'The component reporting this event. Should be a short machine understandable string.'),
      type: s('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    ['metadata', 'involvedObject'],
  ),
  Lease: resource('Lease', 'Lease defines a lease concept.', {
    spec: ref(
      {
        goType: 'LeaseSpec',
        description: 'LeaseSpec is a specification of a Lease.',
        fields: {
          acquireTime: s('acquireTime is a time when the current lease was acquired.'),
          holderIdentity: s('holderIdentity contains the identity of the holder of a current lease.'),
          leaseDurationSeconds: i32('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.'),
          leaseTransitions: i32('leaseTransitions is the number of transitions of a lease between holders.'),
          preferredHolder: s('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'),
          renewTime: s('renewTime is a time when the current holder of a lease has last updated the lease.'),
          strategy: s('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
        },
      },
      `spec contains the specification of the Lease. ${SPEC_LINK}`,
    ),
  }),
  Deployment: resource('Deployment', 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref(
      {
        goType: 'DeploymentSpec',
        description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
        fields: {
          minReadySeconds: i32(minReadyDesc),
          paused: b('Indicates that the deployment is paused.'),
          progressDeadlineSeconds: i32('The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Defaults to 600s.'),
          replicas: i32('Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'),
          revisionHistoryLimit: i32('The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
          selector: ref(LabelSelector, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
          strategy: ref(
            {
              goType: 'DeploymentStrategy',
              description: 'DeploymentStrategy describes how to replace existing pods with new ones.',
              fields: {
                rollingUpdate: ref(RollingUpdateDeployment, 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
                type: s('Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.', ['Recreate', 'RollingUpdate']),
              },
            },
            'The deployment strategy to use to replace existing pods with new ones.',
          ),
          template: ref(PodTemplateSpec, 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".'),
        },
        required: ['selector', 'template'],
      },
      'Specification of the desired behavior of the Deployment.',
    ),
    status: status('DeploymentStatus', 'Most recently observed status of the Deployment.'),
  }),
  ReplicaSet: resource('ReplicaSet', 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref(
      {
        goType: 'ReplicaSetSpec',
        description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
        fields: {
          minReadySeconds: i32(minReadyDesc),
          replicas: i32(replicasDesc(' More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller')),
          selector: ref(LabelSelector, 'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels.'),
          template: ref(PodTemplateSpec, `${templateDesc} The only allowed template.spec.restartPolicy value is "Always".`),
        },
        required: ['selector'],
      },
      `Spec defines the specification of the desired behavior of the ReplicaSet. ${SPEC_LINK}`,
    ),
    status: status('ReplicaSetStatus', `Status is the most recently observed status of the ReplicaSet. ${SPEC_LINK}`),
  }),
  ReplicationController: resource('ReplicationController', 'ReplicationController represents the configuration of a replication controller.', {
    spec: ref(
      {
        goType: 'ReplicationControllerSpec',
        description: 'ReplicationControllerSpec is the specification of a replication controller.',
        fields: {
          minReadySeconds: i32(minReadyDesc),
          replicas: i32(replicasDesc('')),
          selector: strMap("Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template."),
          template: ref(PodTemplateSpec, `${templateDesc} This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is "Always".`),
        },
      },
      `Spec defines the specification of the desired behavior of the replication controller. ${SPEC_LINK}`,
    ),
    status: status('ReplicationControllerStatus', `Status is the most recently observed status of the replication controller. ${SPEC_LINK}`),
  }),
  // k8s.io/api apps/v1 types.go DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet.
  DaemonSet: resource('DaemonSet', 'DaemonSet represents the configuration of a daemon set.', {
    spec: ref(
      {
        goType: 'DaemonSetSpec',
        description: 'DaemonSetSpec is the specification of a daemon set.',
        fields: {
          minReadySeconds: i32('The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready).'),
          revisionHistoryLimit: i32('The number of old history to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
          selector: ref(LabelSelector, "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
          template: ref(
            PodTemplateSpec,
            'An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template\'s node selector (or on every node if no node selector is specified). The only allowed template.spec.restartPolicy value is "Always". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template',
          ),
          updateStrategy: ref(
            {
              goType: 'DaemonSetUpdateStrategy',
              description: 'DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.',
              fields: {
                rollingUpdate: ref(
                  {
                    goType: 'RollingUpdateDaemonSet',
                    description: 'Spec to control the desired behavior of daemon set rolling update.',
                    fields: {
                      maxSurge: ios('The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up to a minimum of 1. Default value is 0.'),
                      maxUnavailable: ios('The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Absolute number is calculated from percentage by rounding up. This cannot be 0 if MaxSurge is 0 Default value is 1.'),
                    },
                  },
                  'Rolling update config params. Present only if type = "RollingUpdate".',
                ),
                type: s('Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.', ['OnDelete', 'RollingUpdate']),
              },
            },
            'An update strategy to replace existing DaemonSet pods with new pods.',
          ),
        },
        required: ['selector', 'template'],
      },
      `The desired behavior of this daemon set. ${SPEC_LINK}`,
    ),
    status: status('DaemonSetStatus', `The current status of this daemon set. This data may be out of date by some window of time. Populated by the system. Read-only. ${SPEC_LINK}`),
  }),
  // k8s.io/api apps/v1 types.go ControllerRevision: data is a RawExtension (any JSON object).
  ControllerRevision: resource(
    'ControllerRevision',
    'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state. Once a ControllerRevision has been successfully created, it can not be updated. The API Server will fail validation of all requests that attempt to mutate the Data field. ControllerRevisions may, however, be deleted.',
    {
      data: ref(openType('RawExtension', 'RawExtension is used to hold extensions in external versions.'), 'Data is the serialized representation of the state.'),
      revision: i64('Revision indicates the revision of the state represented by Data.'),
    },
    ['revision'],
  ),
  Ingress: resource(
    'Ingress',
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.',
    {
      spec: ref(
        {
          goType: 'IngressSpec',
          description: 'IngressSpec describes the Ingress the user wishes to exist.',
          fields: {
            defaultBackend: ref(IngressBackend, 'defaultBackend is the backend that should handle requests that don\'t match any rule. If Rules are not specified, DefaultBackend must be specified.'),
            ingressClassName: s('ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource, by a transitive connection (controller -> IngressClass -> Ingress resource).'),
            rules: refs(IngressRule, 'rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend.'),
            tls: refs(IngressTLS, 'tls represents the TLS configuration. Currently the Ingress only supports a single TLS port, 443.'),
          },
        },
        `spec is the desired state of the Ingress. ${SPEC_LINK}`,
      ),
      status: status('IngressStatus', `status is the current state of the Ingress. ${SPEC_LINK}`),
    },
  ),
  IngressClass: resource(
    'IngressClass',
    'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default.',
    {
      spec: ref(
        {
          goType: 'IngressClassSpec',
          description: 'IngressClassSpec provides information about the class of an Ingress.',
          fields: {
            controller: s('controller refers to the name of the controller that should handle this class. This allows for different "flavors" that are controlled by the same controller. For example, you may have different parameters for the same implementing controller. This should be specified as a domain-prefixed path no more than 250 characters in length, e.g. "acme.io/ingress-controller". This field is immutable.'),
            parameters: ref(IngressClassParametersReference, 'parameters is a link to a custom resource containing additional configuration for the controller.'),
          },
        },
        `spec is the desired state of the IngressClass. ${SPEC_LINK}`,
      ),
    },
  ),
  Job: resource('Job', 'Job represents the configuration of a single job.', {
    spec: ref(
      {
        goType: 'JobSpec',
        description: 'JobSpec describes how the job execution will look like.',
        fields: {
          activeDeadlineSeconds: i64('Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.'),
          backoffLimit: i32('Specifies the number of retries before marking this job failed. Defaults to 6'),
          backoffLimitPerIndex: i32('Specifies the limit for the number of retries within an index before marking this index as failed.'),
          completionMode: s('completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.', ['Indexed', 'NonIndexed']),
          completions: i32('Specifies the desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.'),
          managedBy: s('ManagedBy field indicates the controller that manages a Job.'),
          manualSelector: b('manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing.'),
          maxFailedIndexes: i32('Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.'),
          parallelism: i32('Specifies the maximum desired number of pods the job should run at any given time.'),
          podFailurePolicy: ref(openType('PodFailurePolicy', 'PodFailurePolicy describes how failed pods influence the backoffLimit.'), 'Specifies the policy of handling failed pods.'),
          podReplacementPolicy: s('podReplacementPolicy specifies when to create replacement Pods.', ['Failed', 'TerminatingOrFailed']),
          selector: ref(LabelSelector, 'A label query over pods that should match the pod count. Normally, the system sets this field for you.'),
          successPolicy: ref(openType('SuccessPolicy', 'SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.'), 'successPolicy specifies the policy when the Job can be declared as succeeded.'),
          suspend: b('suspend specifies whether the Job controller should create Pods or not. Defaults to false.'),
          template: ref(PodTemplateSpec, 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".'),
          ttlSecondsAfterFinished: i32('ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).'),
        },
        required: ['template'],
      },
      `Specification of the desired behavior of a job. ${SPEC_LINK}`,
    ),
    status: status('JobStatus', `Current status of a job. ${SPEC_LINK}`),
  }),
};

/** The schema of a kind, or undefined for kinds not modelled. */
export function schemaFor(kind: string): FieldSchema | undefined {
  return RESOURCE_SCHEMAS[kind];
}

// ---------------------------------------------------------------------------------------------
// Strict decoding.

/** What `json.UnmarshalTypeError` calls a JSON value. */
function jsonValueKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** The Go type a field decodes into, as reflect.Type.String() prints it (k8s.io/api packages are all named `v1`). */
export function goTypeString(f: FieldSchema): string {
  switch (f.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'integer':
      return f.goType ?? 'int32';
    case 'quantity':
      return 'resource.Quantity';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'array':
      return `[]${f.items ? goTypeString(f.items) : 'interface {}'}`;
    case 'map':
      return `map[string]${f.items ? goTypeString(f.items) : 'interface {}'}`;
    case 'object':
      return f.goType ? `v1.${f.goType}` : 'map[string]interface {}';
  }
}

/** Quantity.UnmarshalJSON: ParseQuantity's error on the raw JSON text (a bool or an object is just a malformed quantity). */
function quantityDecodeError(v: unknown): string | undefined {
  if (typeof v === 'number') return undefined;
  const parsed = parseQuantity(typeof v === 'string' ? v.trim() : JSON.stringify(v));
  return typeof parsed === 'number' ? undefined : parsed.error;
}

/** IntOrString.UnmarshalJSON: a quoted string, else json.Unmarshal into an int32 (no struct context). */
function intOrStringDecodeError(v: unknown): string | undefined {
  if (typeof v === 'string') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? undefined : `json: cannot unmarshal number ${v} into Go value of type int32`;
  return `json: cannot unmarshal ${jsonValueKind(v)} into Go value of type int32`;
}

const INT_RANGE: Readonly<Record<string, [number, number]>> = { int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

interface DecodeState {
  unknown: string[];
  /** The first UnmarshalTypeError (Go keeps the first and goes on). */
  typeError?: string;
  /** An error from a custom UnmarshalJSON: it stops decoding at once. */
  fatal?: string;
}

/**
 * The path of the value being decoded, as a stack of segments: an object field (its JSON name)
 * or an array index / map key (printed as `[i]`). The strict-decoding path (`spec.containers[0]`)
 * and the UnmarshalTypeError path (JSON names only: `spec.containers`) are built from it only
 * when an error needs them, not for every field of every request body.
 */
const pathKeys: (string | number)[] = [];
const pathIsField: boolean[] = [];

/** The strict-decoding path: fields joined with '.', indices and map keys as `[k]`. */
function currentPath(): string {
  let out = '';
  for (let i = 0; i < pathKeys.length; i++) {
    const k = pathKeys[i]!;
    if (pathIsField[i]) out = out ? `${out}.${k}` : `${k}`;
    else out = `${out}[${k}]`;
  }
  return out;
}

/** The UnmarshalTypeError field path: the JSON names of the fields only. */
function currentGoPath(): string {
  let out = '';
  for (let i = 0; i < pathKeys.length; i++) {
    if (!pathIsField[i]) continue;
    const k = pathKeys[i]!;
    out = out ? `${out}.${k}` : `${k}`;
  }
  return out;
}

function typeError(st: DecodeState, value: string, struct: string, f: FieldSchema): void {
  if (st.typeError === undefined) st.typeError = `json: cannot unmarshal ${value} into Go struct field ${struct}.${currentGoPath()} of type ${goTypeString(f)}`;
}

/**
 * One value against its schema, at the path on the stack above. `struct` is the innermost Go
 * struct's name.
 */
function decodeValue(v: unknown, f: FieldSchema, struct: string, st: DecodeState): void {
  if (st.fatal !== undefined || v === null || v === undefined) return;
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') typeError(st, jsonValueKind(v), struct, f);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') typeError(st, jsonValueKind(v), struct, f);
      return;
    case 'integer': {
      if (typeof v !== 'number') return typeError(st, jsonValueKind(v), struct, f);
      const [lo, hi] = INT_RANGE[f.goType ?? 'int32'] ?? INT_RANGE['int32']!;
      if (!Number.isInteger(v) || v < lo || v > hi) typeError(st, `number ${v}`, struct, f);
      return;
    }
    case 'quantity': {
      const err = quantityDecodeError(v);
      if (err) st.fatal = err;
      return;
    }
    case 'intOrString': {
      const err = intOrStringDecodeError(v);
      if (err) st.fatal = err;
      return;
    }
    case 'array': {
      if (!Array.isArray(v)) return typeError(st, jsonValueKind(v), struct, f);
      const items = f.items;
      if (!items) return;
      // forEach skips holes; a hole reads as undefined, which decodeValue skips too.
      const at = pathKeys.length;
      pathIsField[at] = false;
      for (let i = 0; i < v.length; i++) {
        pathKeys[at] = i;
        decodeValue(v[i], items, struct, st);
      }
      pathKeys.length = at;
      return;
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return typeError(st, jsonValueKind(v), struct, f);
      const items = f.items;
      if (!items) return;
      const at = pathKeys.length;
      pathIsField[at] = false;
      for (const k of Object.keys(v as object)) {
        pathKeys[at] = k;
        decodeValue((v as Record<string, unknown>)[k], items, struct, st);
      }
      pathKeys.length = at;
      return;
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) return typeError(st, jsonValueKind(v), struct, f);
      const fields = f.fields;
      if (f.open || !fields) return;
      const childStruct = f.goType ?? struct;
      const at = pathKeys.length;
      pathIsField[at] = true;
      for (const k of Object.keys(v as object)) {
        pathKeys[at] = k;
        const child = fields[k];
        if (!child) st.unknown.push(`unknown field ${JSON.stringify(currentPath())}`);
        else decodeValue((v as Record<string, unknown>)[k], child, childStruct, st);
        if (st.fatal !== undefined) break;
      }
      pathKeys.length = at;
      return;
    }
  }
}

/**
 * The apiserver's strict decoding of a request body (k8s.io/apimachinery
 * pkg/runtime/serializer/json/json.go with sigs.k8s.io/json UnmarshalStrict): a custom
 * unmarshaler's error (Quantity, IntOrString) stops at once; otherwise the first type error;
 * otherwise every unknown field, in document order, as one `strict decoding error: ...`.
 * Returns no errors for kinds without a schema. `errors` has at most one message.
 */
export function decodeStrict(obj: { kind?: string; [k: string]: unknown }): { errors: string[]; unknownFields: string[] } {
  const root = obj.kind ? RESOURCE_SCHEMAS[obj.kind] : undefined;
  if (!root) return { errors: [], unknownFields: [] };
  const st: DecodeState = { unknown: [] };
  pathKeys.length = 0;
  pathIsField.length = 0;
  decodeValue(obj, root, root.goType ?? obj.kind!, st);
  const unknownFields = st.unknown.map((u) => JSON.parse(u.slice('unknown field '.length)) as string);
  if (st.fatal !== undefined) return { errors: [st.fatal], unknownFields };
  if (st.typeError !== undefined) return { errors: [st.typeError], unknownFields };
  if (st.unknown.length > 0) return { errors: [`strict decoding error: ${st.unknown.join(', ')}`], unknownFields };
  return { errors: [], unknownFields };
}

/**
 * The BadRequest message the apiserver returns for a body it cannot decode (K
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go transformDecodeError):
 * `Pod in version "v1" cannot be handled as a Pod: <error>`. kubectl prints it after
 * `Error from server (BadRequest): error when creating "<file>": `. The version is the
 * group's version only (`v1` for apps/v1 too).
 */
export function decodeError(kind: string, apiVersion: string, errors: readonly string[]): string {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${errors.join(', ')}`;
}
