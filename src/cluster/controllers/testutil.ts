/**
 * A tiny in-memory stand-in for the informer caches and the apiserver, for the controller tests:
 * `apply` executes actions the way the controller-manager would (names from generateName, uids,
 * creation timestamps, generation on spec changes) and returns the events recorded.
 */
import type { KubeObject } from '../apiserver/messages.ts';
import { filterControlled, rfc3339Seconds } from './controller_utils.ts';
import { observeCreate, observeDelete, type ControllerAction, type ControllerContext, type Expectation } from './types.ts';

export interface FakeCluster extends ControllerContext {
  objects: Map<string, KubeObject[]>;
  add(resource: string, obj: KubeObject): KubeObject;
  apply(actions: ControllerAction[], opts?: { observe?: boolean }): { type: string; reason: string; message: string }[];
}

export function fakeCluster(nowMs = 0): FakeCluster {
  const objects = new Map<string, KubeObject[]>();
  const expectations: Record<string, Expectation> = {};
  let seq = 0;
  const all = (resource: string) => objects.get(resource) ?? [];
  const c: FakeCluster = {
    nowMs,
    expectations,
    objects,
    list: (resource, namespace) => all(resource).filter((o) => namespace === undefined || o.metadata?.namespace === namespace),
    listControlled: (resource, namespace, controllerUids, includeOrphans) => filterControlled(c.list(resource, namespace), controllerUids, includeOrphans),
    get: (resource, namespace, name) => all(resource).find((o) => o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace)),
    add(resource, obj) {
      seq++;
      const o: KubeObject = JSON.parse(JSON.stringify(obj)) as KubeObject;
      o.metadata = { uid: `uid-${seq}`, creationTimestamp: rfc3339Seconds(c.nowMs), resourceVersion: String(seq), ...o.metadata };
      if (!o.metadata.name && o.metadata.generateName) o.metadata.name = `${o.metadata.generateName}${String(seq).padStart(5, 'x')}`;
      objects.set(resource, [...all(resource), o]);
      return o;
    },
    apply(actions, opts = {}) {
      const events: { type: string; reason: string; message: string }[] = [];
      for (const a of actions) {
        if (a.type === 'create') {
          const o = c.add(a.resource, a.object);
          if (a.eventOnSuccess) events.push({ type: a.eventOnSuccess.eventType, reason: a.eventOnSuccess.reason, message: a.eventOnSuccess.messageTemplate.replace('{name}', o.metadata!.name!) });
          if (opts.observe !== false) observeCreate(expectations, a.resource, o);
        } else if (a.type === 'update' || a.type === 'updateStatus') {
          const list = all(a.resource);
          const i = list.findIndex((o) => o.metadata?.name === a.object.metadata?.name && o.metadata?.namespace === a.object.metadata?.namespace);
          if (i < 0) continue;
          const prev = list[i]!;
          const next = JSON.parse(JSON.stringify(a.object)) as KubeObject;
          if (a.type === 'update') {
            next['status'] = prev['status'];
            if (JSON.stringify(prev['spec']) !== JSON.stringify(next['spec'])) next.metadata!.generation = (prev.metadata?.generation ?? 1) + 1;
          } else {
            next['spec'] = prev['spec'];
            next.metadata = prev.metadata;
          }
          list[i] = next;
        } else if (a.type === 'delete') {
          const list = all(a.resource);
          const o = list.find((x) => x.metadata?.name === a.name && x.metadata?.namespace === a.namespace);
          objects.set(a.resource, list.filter((x) => x !== o));
          if (o && a.eventOnSuccess) events.push({ type: a.eventOnSuccess.eventType, reason: a.eventOnSuccess.reason, message: a.eventOnSuccess.messageTemplate.replace('{name}', a.name) });
          if (o && opts.observe !== false) observeDelete(expectations, a.resource, o);
        } else if (a.type === 'event') events.push({ type: a.eventType, reason: a.reason, message: a.message });
      }
      return events;
    },
  };
  return c;
}

export function readyCondition(status: 'True' | 'False', lastTransitionTime = '2026-11-22T00:00:00Z') {
  return { type: 'Ready', status, lastTransitionTime };
}
