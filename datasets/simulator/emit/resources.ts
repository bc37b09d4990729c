/**
 * Resource attributes, as the emitting component sets them:
 * - the SDK of a service pod (service.*, the pod's k8s.* added by the
 *   k8sattributes processor, host.name = the node, container.id);
 * - kubeletstats for a pod or a container (k8s.* plus service.name, which
 *   the k8sattributes processor derives from the app label, so pod metrics,
 *   databases included, join on the same name as traces);
 * - hostmetrics for a node.
 * Objects are cached: the same pod and container run give the same object.
 */
import type { ContainerRun, PodInstance } from '../fleet/pods.ts';
import type { HostSpec, ServiceSpec, SystemTopology } from '../topology/types.ts';
import { str, type KeyValue, type Resource } from './otlp.ts';
import { SDK_LANGUAGE, SDK_VERSION } from './scopes.ts';

export interface ResourceCache {
  sdk(pod: PodInstance, run: ContainerRun, svc: ServiceSpec): Resource;
  /** Resource of logs read from a pod's stdout by the node agent (no SDK). */
  podLogs(pod: PodInstance, run: ContainerRun): Resource;
  pod(pod: PodInstance): Resource;
  container(pod: PodInstance): Resource;
  host(host: HostSpec): Resource;
}

export function createResourceCache(topology: SystemTopology): ResourceCache {
  const cache = new Map<string, Resource>();
  const ns = topology.namespace;
  const memo = (key: string, build: () => KeyValue[]): Resource => {
    let r = cache.get(key);
    if (!r) {
      r = { attributes: build() };
      cache.set(key, r);
    }
    return r;
  };
  const k8s = (pod: PodInstance, withUid = true): KeyValue[] => [
    str('k8s.namespace.name', ns),
    str('k8s.pod.name', pod.name),
    ...(withUid ? [str('k8s.pod.uid', pod.uid)] : []),
    str('k8s.node.name', pod.host.name),
    str(pod.ownerKind === 'broker' ? 'k8s.statefulset.name' : 'k8s.deployment.name', pod.owner),
  ];
  return {
    sdk: (pod, run, svc) =>
      memo(`sdk|${pod.key}|${run.restartCount}`, () => [
        str('service.name', svc.name),
        str('service.namespace', ns),
        str('service.version', pod.version),
        // The Kubernetes convention (and what the OpenTelemetry operator sets): <namespace>.<pod>.<container>.
        str('service.instance.id', `${ns}.${pod.name}.${svc.name}`),
        ...k8s(pod, false),
        str('host.name', pod.host.name),
        str('container.id', run.containerId),
        str('telemetry.sdk.name', 'opentelemetry'),
        str('telemetry.sdk.language', SDK_LANGUAGE[svc.language]),
        str('telemetry.sdk.version', SDK_VERSION[svc.language]),
      ]),
    podLogs: (pod, run) =>
      memo(`logs|${pod.key}|${run.restartCount}`, () => [
        str('service.name', pod.owner),
        str('service.namespace', ns),
        ...k8s(pod),
        str('k8s.container.name', pod.owner),
        str('container.id', run.containerId),
        str('host.name', pod.host.name),
      ]),
    pod: (pod) => memo(`pod|${pod.key}`, () => [str('service.name', pod.owner), ...k8s(pod)]),
    container: (pod) =>
      memo(`ctr|${pod.key}`, () => [
        str('service.name', pod.owner),
        ...k8s(pod),
        str('k8s.container.name', pod.owner),
        str('container.image.tag', pod.version),
      ]),
    host: (host) => memo(`host|${host.name}`, () => [str('host.name', host.name), str('k8s.node.name', host.name), str('os.type', 'linux')]),
  };
}
