/**
 * The controller-rules oracle's allowlist (test/integration/upstream/lintOracle.test.ts): every known
 * way `rollout-lens lint` and `kubectl argo rollouts lint` v1.9.1 disagree, each with its reason. A
 * disagreement (a different verdict, or both erroring where the plugin's first validation message is
 * none of ours) that matches no entry fails the test; an entry that matches nothing fails it too.
 *
 * Classes:
 * - `by-design`: we check what the controller checks at reconcile time and the plugin's lint does not
 *   run (or the plugin lints what never reaches the controller);
 * - `judge`: the plugin decodes YAML into Go structs (gopkg.in/yaml.v2, then sigs.k8s.io/yaml), not
 *   as the API server with the CRD schema does, which is what our schema stage follows;
 * - `version`: our rules follow argo-rollouts master (the corpus commit), which changed since v1.9.1;
 * - `product-gap`: ours is missing the check or writes the message differently, and the fix is not small:
 *   listed until fixed.
 */
import type { LintComparison } from './lintOracle';

export interface LintKnownDifference {
  name: string;
  class: 'by-design' | 'judge' | 'version' | 'product-gap';
  reason: string;
  matches(c: LintComparison): boolean;
}

const ourCodes = (c: LintComparison) => c.ours.errors.map((e) => e.code);
const onlyOurs = (c: LintComparison, codes: RegExp) => c.outcome === 'only-ours' && ourCodes(c).every((k) => codes.test(k));
/** Both error, the plugin's first validation message is not ours, and it reads like `re`. */
const messageDiffers = (c: LintComparison, re: RegExp) => c.messageComparable && !c.messageAgrees && re.test(c.plugin.first);

export const LINT_KNOWN_DIFFERENCES: LintKnownDifference[] = [
  {
    name: 'creationTimestamp in embedded object metadata',
    class: 'judge',
    reason:
      'Files dumped from a cluster carry `creationTimestamp: null` in pod-template (and job/experiment template) metadata. The plugin decodes that metadata into Go ObjectMeta, which has the field; the CRD schema declares only labels and annotations there, so the API server with strict field validation rejects it, and so does our schema stage (the schema oracle agrees with the server).',
    matches: (c) =>
      c.ours.errors.some((e) => e.code === 'schema/unknown-field' && e.path.endsWith('metadata.creationTimestamp')) && (c.outcome === 'only-ours' ? c.ours.errors.every((e) => e.code === 'schema/unknown-field') : c.outcome === 'both-error'),
  },
  {
    name: 'full Kubernetes pod-template validation',
    class: 'product-gap',
    reason:
      "The plugin (and the controller) run Kubernetes' ValidatePodTemplateSpecForReplicaSet over the pod template: container names must be RFC 1123 labels, image is required, port names unique, and the rest of core validation. argo/pod-template checks only at least one container, unique names and restartPolicy Always. Porting core/validation is not a small change.",
    matches: (c) => (c.outcome === 'only-plugin' || messageDiffers(c, /.*/)) && /^spec\.template\.spec\./.test(c.plugin.first),
  },
  {
    name: "Argo's e2e $$name$$ substitution markers in labels",
    class: 'by-design',
    reason:
      "Argo Rollouts' e2e templates put `$$name$$` in labels and the harness substitutes it before applying; labelSelector.ts accepts the marker on purpose (src/core/rules/argo/labelSelector.ts SUBSTITUTION). The plugin lints the unsubstituted text and rejects the label value.",
    matches: (c) => c.outcome === 'only-plugin' && c.plugin.first.includes('$$'),
  },
  {
    name: 'Helm template actions',
    class: 'by-design',
    reason: 'A document with Go-template actions (`{{ .Values.x }}`) is not YAML until rendered; ours skips it (README "What is skipped"), the plugin fails to parse it.',
    matches: (c) => c.outcome === 'only-plugin' && c.plugin.decode && /\{\{[^}]*\.Values/.test(c.input.text),
  },
  {
    name: 'ingress / virtual service exclusivity is a reconcile-time check',
    class: 'by-design',
    reason:
      'Either stableIngress or stableIngresses (nginx), ingress or ingresses (ALB), virtualService or virtualServices (Istio): the controller checks these when it reconciles (rollout/controller.go calls ValidateRolloutNginxIngressesConfig, ValidateRolloutAlbIngressesConfig, ValidateRolloutVirtualServicesConfig), the lint command does not call them.',
    matches: (c) => onlyOurs(c, /^argo\/traffic-routing-targets$/) || (c.outcome === 'only-ours' && ourCodes(c).includes('argo/traffic-routing-targets') && ourCodes(c).every((k) => k === 'argo/traffic-routing-targets')),
  },
  {
    name: 'the plugin lints Rollouts only',
    class: 'by-design',
    reason:
      '`kubectl argo rollouts lint` validates the Rollouts of the file (and the Services/Ingresses/VirtualServices they reference); the analysis metric rules (utils/analysis ValidateMetrics) run in the controller when an AnalysisRun starts. Ours checks AnalysisTemplates where they are written.',
    matches: (c) => onlyOurs(c, /^argo\/(metric-|analysis-)/) && !/^kind:\s*Rollout\s*$/m.test(c.input.text),
  },
  {
    name: 'label selector errors: one summary instead of field errors',
    class: 'product-gap',
    reason:
      'Upstream first reports apimachinery ValidateLabelSelector field errors (spec.selector.matchLabels: Invalid value: "bad key": name part must consist of ..., spec.selector.matchExpressions[0].operator: ..., values: Required/Forbidden), then "invalid label selector". argo/selector-invalid reports "spec.selector: Invalid value: <selector>: invalid label selector" with the reason as advice. Same verdict; the per-field texts are not ported yet.',
    matches: (c) => messageDiffers(c, /^spec\.selector\.(matchLabels|matchExpressions)/) && ourCodes(c).includes('argo/selector-invalid'),
  },
  {
    name: 'ping-pong routers and mirror routes: master vs v1.9.1',
    class: 'version',
    reason:
      'argo-rollouts master accepts ping-pong with plugin routers ("Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only") and setMirrorRoute with plugins ("supports Istio and Plugins"); v1.9.1 says "Ping-pong feature works with the ALB and Istio traffic routers only" at spec.strategy.trafficRouting.alb and "SetMirrorRoute requires TrafficRouting, supports Istio only". Our rules are not versioned (only the CRD schemas follow --argo-version).',
    matches: (c) =>
      (c.outcome === 'only-plugin' || messageDiffers(c, /.*/)) &&
      (/Ping-pong feature works with the ALB and Istio traffic routers only$/.test(c.plugin.first) || /SetMirrorRoute requires TrafficRouting, supports Istio only$/.test(c.plugin.first)),
  },
];
