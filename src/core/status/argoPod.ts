/**
 * A Pod's one-word status and readiness, computed the way `kubectl get pods` does (and
 * argoproj/argo-rollouts `pkg/kubectl-argo-rollouts/info/pod_info.go` copies): init containers first,
 * then regular containers from last to first, so the first failing container's reason wins; a pod being
 * deleted is "Terminating" (or "Unknown" when its node is unreachable).
 */
import { podIcon } from './argoIcons';
import { ageOf } from '../util/goDuration';
import { asArray, asBool, asInt, asObject, asString, JsonObject, metadataOf, parseTime } from '../util/json';

export interface PodInfo {
  name: string;
  namespace: string;
  uid: string;
  created: Date | undefined;
  age: string;
  status: string;
  icon: string;
  /** "ready/total" containers. */
  ready: string;
  restarts: number;
}

export function podInfo(pod: JsonObject, now: Date): PodInfo {
  const m = metadataOf(pod);
  const spec = asObject(pod.spec);
  const st = asObject(pod.status);
  const initContainers = asArray(spec.initContainers).map(asObject);
  const sidecar = new Set(initContainers.filter((c) => asString(c.restartPolicy) === 'Always').map((c) => asString(c.name)));
  const total = asArray(spec.containers).length;
  let ready = 0;
  let restarts = 0;
  let reason = asString(st.reason) || asString(st.phase);
  let initializing = false;
  const initStatuses = asArray(st.initContainerStatuses).map(asObject);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += asInt(c.restartCount);
    const state = asObject(c.state);
    const terminated = state.terminated ? asObject(state.terminated) : undefined;
    const waiting = state.waiting ? asObject(state.waiting) : undefined;
    if (terminated && asInt(terminated.exitCode) === 0) continue;
    if (terminated) {
      if (asString(terminated.reason) === '') {
        reason = asInt(terminated.signal) !== 0 ? `Init:Signal:${asInt(terminated.signal)}` : `Init:ExitCode:${asInt(terminated.exitCode)}`;
      } else {
        reason = `Init:${asString(terminated.reason)}`;
      }
      initializing = true;
    } else if (sidecar.has(asString(c.name)) && asBool(c.started)) {
      if (asBool(c.ready)) continue;
    } else if (waiting && asString(waiting.reason) !== '' && asString(waiting.reason) !== 'PodInitializing') {
      reason = `Init:${asString(waiting.reason)}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
      initializing = true;
    }
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = asArray(st.containerStatuses).map(asObject);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += asInt(c.restartCount);
      const state = asObject(c.state);
      const terminated = state.terminated ? asObject(state.terminated) : undefined;
      const waiting = state.waiting ? asObject(state.waiting) : undefined;
      if (waiting && asString(waiting.reason) !== '') reason = asString(waiting.reason);
      else if (terminated && asString(terminated.reason) !== '') reason = asString(terminated.reason);
      else if (terminated) reason = asInt(terminated.signal) !== 0 ? `Signal:${asInt(terminated.signal)}` : `ExitCode:${asInt(terminated.exitCode)}`;
      else if (asBool(c.ready) && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  const deleting = asObject(pod.metadata).deletionTimestamp;
  if (deleting && asString(st.reason) === 'NodeLost') reason = 'Unknown';
  else if (deleting) reason = 'Terminating';
  const created = parseTime(m.creationTimestamp);
  return { name: m.name, namespace: m.namespace, uid: m.uid, created, age: ageOf(created, now), status: reason, icon: podIcon(reason), ready: `${ready}/${total}`, restarts };
}
