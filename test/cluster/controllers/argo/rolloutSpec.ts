/**
 * Reading a Rollout's spec the way the Argo Rollouts controller does: defaults (replicas 1, revision
 * history 10, maxUnavailable 25%), the spec checks that produce the InvalidSpec condition (a subset of
 * upstream `pkg/apis/rollouts/validation` plus `utils/conditions.VerifyRolloutSpec`, with the same
 * field-error wording: `The Rollout "<name>" is invalid: <field>: <type>: <detail>`), and the step
 * arithmetic (current weight, step hash).
 */
import type { KubeObject, ObjectStore } from '../../store/objectStore';
import { GVR, matchesLabels, objectHash } from '../kube';

export interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
  analysis?: { templates?: TemplateRef[]; args?: { name: string; value?: string; valueFrom?: any }[] };
  experiment?: { duration?: string | number; templates?: any[]; analyses?: any[] };
  [k: string]: unknown;
}
export interface TemplateRef {
  templateName?: string;
  clusterScope?: boolean;
}

export const replicasOf = (ro: KubeObject): number => Math.max(0, Number(ro.spec?.replicas ?? 1));
export const stepsOf = (ro: KubeObject): CanaryStep[] => (Array.isArray(ro.spec?.strategy?.canary?.steps) ? ro.spec.strategy.canary.steps : []);
export const isCanary = (ro: KubeObject): boolean => !!ro.spec?.strategy?.canary;
export const isBlueGreen = (ro: KubeObject): boolean => !!ro.spec?.strategy?.blueGreen;

/** `currentStepHash`: upstream `ComputeStepHash` hashes the canary steps. */
export const stepHashOf = (ro: KubeObject): string => objectHash(stepsOf(ro));

/** The weight in force at step index idx: the last setWeight at or before it (upstream `GetCurrentSetWeight`). */
export function weightAt(steps: CanaryStep[], idx: number): number {
  let w = 0;
  for (let i = 0; i <= Math.min(idx, steps.length - 1); i++) if (typeof steps[i].setWeight === 'number') w = steps[i].setWeight!;
  return idx >= steps.length ? 100 : w;
}

/** maxUnavailable (int or percent, default 25%) resolved against replicas, rounding down like upstream. */
export function maxUnavailableOf(ro: KubeObject): number {
  const v = ro.spec?.strategy?.canary?.maxUnavailable ?? '25%';
  const replicas = replicasOf(ro);
  if (typeof v === 'string' && v.endsWith('%')) return Math.floor((Number(v.slice(0, -1)) * replicas) / 100);
  return Number(v) || 0;
}

/** The first spec problem the controller would report, as an InvalidSpec message, or undefined. */
export function invalidSpecMessage(ro: KubeObject, store: ObjectStore): string | undefined {
  const name = ro.metadata.name;
  const invalid = (detail: string) => `The Rollout "${name}" is invalid: ${detail}`;
  const spec = ro.spec ?? {};
  if (!spec.workloadRef) {
    if (!spec.selector) return invalid("spec.selector: Required value: Rollout has missing field '.spec.selector'");
    const matchLabels = spec.selector.matchLabels;
    if ((!matchLabels || Object.keys(matchLabels).length === 0) && !(spec.selector.matchExpressions ?? []).length) {
      return invalid('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: This rollout is selecting all pods. A non-empty selector is required.');
    }
    const labels = spec.template?.metadata?.labels;
    if (matchLabels && !matchesLabels(labels, matchLabels)) {
      // v1.9.1's apimachinery writes the value as JSON (a Go map: sorted keys; nil as null).
      const shown = labels ? JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))) : 'null';
      return invalid(`spec.template.metadata.labels: Invalid value: ${shown}: \`selector\` does not match template \`labels\``);
    }
  }
  const strategy = spec.strategy ?? {};
  if (!strategy.canary && !strategy.blueGreen) {
    return invalid("spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'");
  }
  if (strategy.canary && strategy.blueGreen) {
    return invalid('spec.strategy: Invalid value: "": Multiple Strategies can not be listed');
  }
  if (strategy.blueGreen) {
    if (!strategy.blueGreen.activeService) return invalid("spec.strategy.blueGreen.activeService: Required value: Rollout has missing field '.spec.strategy.blueGreen.activeService'");
    if (strategy.blueGreen.activeService === strategy.blueGreen.previewService) {
      return invalid(
        `spec.strategy.blueGreen.previewService: Invalid value: ${JSON.stringify(strategy.blueGreen.previewService)}: This rollout uses the same service for the active and preview services, but two different services are required.`,
      );
    }
  }
  const steps = stepsOf(ro);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (typeof s.setWeight === 'number' && (s.setWeight < 0 || s.setWeight > 100)) {
      return invalid(`spec.strategy.canary.steps[${i}].setWeight: Invalid value: ${s.setWeight}: SetWeight needs to be between 0 and 100`);
    }
    const refs = s.analysis?.templates ?? [];
    for (let j = 0; j < refs.length; j++) {
      if (!findTemplate(store, ro.metadata.namespace, refs[j])) {
        const kind = refs[j].clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
        return invalid(`spec.strategy.canary.steps[${i}].analysis.templates: Invalid value: ${JSON.stringify(refs[j].templateName ?? '')}: ${kind} '${refs[j].templateName ?? ''}' not found`);
      }
    }
  }
  for (const [j, ref] of (strategy.canary?.analysis?.templates ?? []).entries()) {
    if (!findTemplate(store, ro.metadata.namespace, ref)) {
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      return invalid(`spec.strategy.canary.analysis.templates[${j}]: Invalid value: ${JSON.stringify(ref.templateName ?? '')}: ${kind} '${ref.templateName ?? ''}' not found`);
    }
  }
  return undefined;
}

export function findTemplate(store: ObjectStore, ns: string | undefined, ref: TemplateRef): KubeObject | undefined {
  if (!ref?.templateName) return undefined;
  return ref.clusterScope ? store.get(GVR.clusterAnalysisTemplates, undefined, ref.templateName) : store.get(GVR.analysisTemplates, ns, ref.templateName);
}
