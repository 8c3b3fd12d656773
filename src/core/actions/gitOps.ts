/**
 * Whether a live object is managed by a GitOps controller, from the labels and annotations those controllers
 * stamp on what they apply. A spec change made directly in the cluster on such an object is drift: the next
 * sync (or self-heal) can put it back, so the user is told and offered the manifest edit instead.
 *
 * - Argo CD: the `argocd.argoproj.io/tracking-id` annotation (annotation tracking), or the
 *   `app.kubernetes.io/instance` label (label tracking, the default) together with an `argocd.argoproj.io/*`
 *   annotation, or the `argocd.argoproj.io/instance` label some installs configure as the tracking label.
 * - Flux: `kustomize.toolkit.fluxcd.io/name` or `helm.toolkit.fluxcd.io/name` labels.
 */
import { asArray, asObject, asString, metadataOf } from '../util/json';

export interface GitOpsOwner {
  tool: 'Argo CD' | 'Flux';
  /** Which application/kustomization/release, when known. */
  owner: string;
  /** The label or annotation that told us. */
  evidence: string;
}

export function gitOpsManaged(obj: unknown): GitOpsOwner | undefined {
  const { labels, annotations } = metadataOf(obj);
  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  if (tracking !== undefined) return { tool: 'Argo CD', owner: tracking.split(':')[0], evidence: 'annotation argocd.argoproj.io/tracking-id' };
  if (labels['argocd.argoproj.io/instance'] !== undefined) return { tool: 'Argo CD', owner: labels['argocd.argoproj.io/instance'], evidence: 'label argocd.argoproj.io/instance' };
  const instance = labels['app.kubernetes.io/instance'];
  if (instance !== undefined && Object.keys(annotations).some((k) => k.startsWith('argocd.argoproj.io/'))) {
    return { tool: 'Argo CD', owner: instance, evidence: 'label app.kubernetes.io/instance with argocd.argoproj.io annotations' };
  }
  for (const [key, nsKey] of [
    ['kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace'],
    ['helm.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/namespace'],
  ] as const) {
    if (labels[key] !== undefined) return { tool: 'Flux', owner: labels[nsKey] ? `${labels[nsKey]}/${labels[key]}` : labels[key], evidence: `label ${key}` };
  }
  return undefined;
}

const GITOPS_MANAGERS = /^(argocd-controller|argocd-application-controller|kustomize-controller|helm-controller)$/;

/**
 * Whether the applied manifest itself sets `path`: from `kubectl.kubernetes.io/last-applied-configuration`
 * (client-side apply, Argo CD's default) or from `metadata.managedFields` owned by a GitOps field manager
 * (server-side apply, Flux). A field the manifest sets is put back by the next sync; one it does not set is left
 * alone by an apply.
 */
export function manifestSetsField(obj: unknown, path: readonly string[]): boolean {
  const { annotations } = metadataOf(obj);
  const applied = annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (applied) {
    try {
      let cur: unknown = JSON.parse(applied);
      for (const k of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
      if (cur !== undefined) return true;
    } catch {
      // A corrupt annotation tells us nothing.
    }
  }
  const managed = asArray(asObject(asObject(obj).metadata).managedFields).map(asObject);
  return managed.some((m) => {
    if (!GITOPS_MANAGERS.test(asString(m.manager))) return false;
    let cur: unknown = m.fieldsV1;
    for (const k of path) cur = asObject(cur)[`f:${k}`];
    return cur !== undefined;
  });
}

/**
 * The warning shown before a spec-changing action on a GitOps-managed object; undefined when not managed.
 * @param path the field the action changes, to say whether the next sync will put it back.
 */
export function gitOpsWarning(obj: unknown, path?: readonly string[]): string | undefined {
  const g = gitOpsManaged(obj);
  if (!g) return undefined;
  const what = g.tool === 'Argo CD' ? `Argo CD application '${g.owner}'` : `Flux ${g.evidence.includes('helm') ? 'HelmRelease' : 'Kustomization'} '${g.owner}'`;
  const field = path ? path.join('.') : 'this field';
  const consequence =
    path && manifestSetsField(obj, path)
      ? `The manifest in Git sets ${field}, so the next sync or self-heal reverts this change unless the same change is committed.`
      : `The change is not in Git: commit it to the manifest to keep it (a sync that sets ${field} would revert it).`;
  return `This object is managed by ${what} (${g.evidence}). ${consequence} Consider changing the manifest instead.`;
}
