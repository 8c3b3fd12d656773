/**
 * `kubectl argo rollouts undo ROLLOUT [--to-revision=N]` (argoproj/argo-rollouts
 * `pkg/kubectl-argo-rollouts/cmd/undo/undo.go`, `RunUndoRollout`), planned from the rollout and its
 * ReplicaSets:
 *
 * - The history is the ReplicaSets the rollout controls (controller ownerReference to the rollout's uid)
 *   among those its `spec.selector` matches. A ReplicaSet's revision is its `rollout.argoproj.io/revision`
 *   annotation; one without the annotation counts as revision 0, one whose annotation is not an integer is
 *   left out (upstream `revision()` and the loop in `rolloutRevision`).
 * - `--to-revision=0` (the default) picks the second-newest revision; no such revision is an error
 *   (`no revision found for rollout "NAME"`), as is a revision N that is not in the history
 *   (`unable to find specified revision N in history`).
 * - When the rollout's template already matches that revision (Go's `DeepDerivative`: fields the rollout
 *   leaves unset are ignored; the `rollouts-pod-template-hash` label is ignored on both sides), upstream
 *   sends nothing ("skipped rollback").
 * - Otherwise it sends the JSON Patch `[{"op":"replace","path":"/spec/template","value":<template>}]`
 *   (`application/json-patch+json`), the template being the ReplicaSet's without the pod-template-hash
 *   label, to the rollout, or to the Deployment or ReplicaSet of its `spec.workloadRef`.
 *
 * One difference: upstream marshals the template through the Go PodTemplateSpec type, which adds the
 * zero values its JSON tags do not omit (`creationTimestamp: null`, `resources: {}`); we send the template as
 * the API server returned it. The API server decodes both to the same object.
 */
import { gitOpsWarning } from './gitOps';
import { ActionPlan, PlannedRequest, ResourceTarget } from './plan';
import { asArray, asObject, asString, at, metadataOf } from '../util/json';
import { selectorMatches } from '../rules/argo/labelSelector';
import { resourceOf } from '../kinds';

const REVISION = 'rollout.argoproj.io/revision';
const HASH_LABEL = 'rollouts-pod-template-hash';

export interface Revision {
  revision: number;
  /** The ReplicaSet that holds the revision's template. */
  replicaSet: string;
  /** The template as the ReplicaSet holds it, without the pod-template-hash label: what undo sends. */
  template: Record<string, unknown>;
  images: string[];
  created: string;
}

/** `metav1.IsControlledBy`: the controller ownerReference carries the owner's uid. */
function controlledBy(obj: unknown, uid: string): boolean {
  return uid !== '' && asArray(at(obj, 'metadata', 'ownerReferences')).some((r) => asObject(r).controller === true && asString(asObject(r).uid) === uid);
}

function withoutHash(template: unknown): Record<string, unknown> {
  const t = structuredClone(asObject(template));
  const meta = asObject(t.metadata);
  if (meta.labels && typeof meta.labels === 'object') {
    const labels = { ...(meta.labels as Record<string, unknown>) };
    delete labels[HASH_LABEL];
    // Go's `delete` leaves an empty map, which `omitempty` then leaves out.
    if (Object.keys(labels).length > 0) meta.labels = labels;
    else delete meta.labels;
  }
  return t;
}

/** The rollout's history, newest first (see the module comment for what counts). */
export function rolloutRevisions(rollout: unknown, replicaSets: readonly unknown[]): Revision[] {
  const { uid } = metadataOf(rollout);
  const selector = at(rollout, 'spec', 'selector');
  const out: Revision[] = [];
  for (const rs of replicaSets) {
    const m = metadataOf(rs);
    if (!controlledBy(rs, uid) || !selectorMatches(asObject(selector), m.labels)) continue;
    const raw = m.annotations[REVISION];
    const revision = raw === undefined ? 0 : /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(revision)) continue;
    const template = withoutHash(at(rs, 'spec', 'template'));
    const images = asArray(at(template, 'spec', 'containers')).map((c) => asString(asObject(c).image));
    out.push({ revision, replicaSet: m.name, template, images, created: m.creationTimestamp });
  }
  return out.sort((a, b) => b.revision - a.revision);
}

/** Go's `apiequality.Semantic.DeepDerivative(a, b)`: b equals a where a is set (empty strings, maps and lists in a are unset). */
export function derivedFrom(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return true;
  if (Array.isArray(a)) {
    if (a.length === 0) return true;
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => derivedFrom(x, b[i]));
  }
  if (typeof a === 'string') return a === '' || a === b;
  if (typeof a === 'object') {
    const keys = Object.keys(a);
    if (keys.length === 0) return true;
    if (b === null || typeof b !== 'object' || Array.isArray(b) || keys.length > Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && derivedFrom((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const WORKLOADS: Record<string, Omit<ResourceTarget, 'namespace' | 'name'>> = {
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  ReplicaSet: { group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet' },
};

/**
 * @param toRevision 0 (or undefined) for the previous revision, as upstream's default.
 * @param replicaSets the ReplicaSets of the rollout's namespace (or those its selector matches).
 */
export function undoPlan(rollout: unknown, replicaSets: readonly unknown[], toRevision = 0): ActionPlan {
  const m = metadataOf(rollout);
  const rolloutRef: ResourceTarget = { ...resourceOf('Rollout'), namespace: m.namespace, name: m.name };
  const label = `rollout '${m.name}'`;
  const plan: ActionPlan = { action: 'undo', target: rolloutRef, requests: [], describe: `Rolls ${label} back to an earlier revision.` };
  const history = rolloutRevisions(rollout, replicaSets);
  const chosen = toRevision > 0 ? history.find((r) => r.revision === toRevision) : history[1];
  if (!chosen) {
    plan.unavailable =
      toRevision > 0
        ? `unable to find specified revision ${toRevision} in history of ${label} (revisions: ${history.map((r) => r.revision).join(', ') || 'none'})`
        : `no revision found for ${label}: it has no earlier revision to go back to`;
    return plan;
  }
  const workloadRef = asObject(at(rollout, 'spec', 'workloadRef'));
  const refKind = asString(workloadRef.kind);
  if (workloadRef.name !== undefined) {
    const w = WORKLOADS[refKind];
    if (!w) {
      plan.unavailable = `${label} takes its template from a ${refKind || 'workload'} (spec.workloadRef): upstream's undo supports only Deployment and ReplicaSet there${refKind === 'PodTemplate' ? ' (a PodTemplate has no /spec/template to replace)' : ''}`;
      return plan;
    }
    plan.target = { ...w, namespace: m.namespace, name: asString(workloadRef.name) };
  }
  const request: PlannedRequest = { method: 'PATCH', subresource: undefined, contentType: 'application/json-patch+json', body: [{ op: 'replace', path: '/spec/template', value: chosen.template }] };
  plan.requests = [request];
  const where = plan.target.kind === 'Rollout' ? label : `${label}'s ${plan.target.kind} '${plan.target.name}' (spec.workloadRef)`;
  plan.describe = `Replaces the pod template of ${where} with revision ${chosen.revision}'s (ReplicaSet ${chosen.replicaSet}${chosen.images.length ? `, ${chosen.images.join(', ')}` : ''}): the controller rolls it out as a new revision, through the strategy's steps.`;
  if (plan.target.kind === 'Rollout') {
    const current = at(rollout, 'spec', 'template');
    if (current !== undefined && derivedFrom(withoutHash(current), chosen.template)) {
      plan.noop = `the current template of ${label} already matches revision ${chosen.revision} (upstream: "skipped rollback").`;
    }
    plan.manifestEdit = { path: ['spec', 'template'], value: chosen.template };
    const warning = gitOpsWarning(rollout, ['spec', 'template']);
    if (warning) plan.warning = warning;
  }
  return plan;
}
