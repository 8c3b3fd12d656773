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
import { metadataOf } from '../status/json';

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

/** The warning shown before a spec-changing action on a GitOps-managed object; undefined when not managed. */
export function gitOpsWarning(obj: unknown): string | undefined {
  const g = gitOpsManaged(obj);
  if (!g) return undefined;
  const what = g.tool === 'Argo CD' ? `Argo CD application '${g.owner}'` : `Flux ${g.evidence.includes('helm') ? 'HelmRelease' : 'Kustomization'} '${g.owner}'`;
  return `This object is managed by ${what} (${g.evidence}). A change made in the cluster is drift: the next sync or self-heal may revert it unless the same change is committed to Git. Consider changing the manifest instead.`;
}
