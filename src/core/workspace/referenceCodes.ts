/**
 * The codes of the findings the workspace index makes from references between files
 * (workspaceIndex.ts, referenceChecks.ts, trafficRouterChecks.ts), for the finding-code catalogue
 * (src/core/validation/findingCodes.ts). A code a controller rule also reports keeps the rule's
 * description there; its default severity must be the rule's.
 */
import type { FindingCodeInfo, Severity } from '../findings';

const reference = (code: string, defaultSeverity: Severity, description: string): FindingCodeInfo => ({ code, defaultSeverity, description });

export const REFERENCE_CODES: readonly FindingCodeInfo[] = [
  reference('references/unresolved', 'warning', 'A referenced object was not found in the workspace (it may exist only in the cluster).'),
  reference('argo/service-label-mismatch', 'error', 'A Service used by a Rollout selects a label the pods do not have.'),
  reference('argo/ingress-backend', 'warning', 'The NGINX/ALB ingress has no rule for the stable (or ALB root) service.'),
  reference('argo/selector-template-mismatch', 'error', 'The selector does not match the labels of the pod template a workloadRef points at.'),
  reference('argo/service-managed-by-another-rollout', 'error', 'A Service the rollout uses is annotated as managed by another Rollout.'),
  reference('argo/ambassador-mapping-weight', 'error', 'An Ambassador Mapping used by the rollout defines a weight.'),
  reference('argo/analysis-arg-value-and-value-from', 'error', 'An analysis argument sets both value and valueFrom.'),
  reference('argo/analysis-missing-arg', 'error', 'An analysis template argument without a value is not supplied by the Rollout.'),
  reference('argo/analysis-unknown-arg', 'warning', 'The Rollout passes an argument the analysis templates do not declare.'),
  reference('argo/analysis-runs-indefinitely', 'error', 'A step or promotion analysis uses a metric that never ends.'),
  reference('argo/istio-virtual-service', 'error', 'The Istio VirtualService lacks the HTTP, TLS or TCP routes the rollout manages, or such a route lacks the stable or canary destination.'),
  reference('argo/appmesh-virtual-router', 'error', 'The App Mesh VirtualService routes through no VirtualRouter, or a route of its VirtualRouter does not have exactly 2 weightedTargets.'),
];
