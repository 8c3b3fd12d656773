/**
 * The codes of findings about a kustomize build or helm render itself (not about what it produced).
 * They live beside the finding-code catalogue, which lists them like every other code: so
 * `--severity` and `rolloutLens.rules.severity` take them (a repository whose charts need values only
 * CI has can turn `helm/render-failed` into a warning), and the README's code table and the SARIF
 * log's rules describe them. The mapping that reports them is in src/core/render and src/render.
 */
import type { FindingCodeInfo } from '../findings';

export const KUSTOMIZE_BUILD_FAILED: FindingCodeInfo = {
  code: 'kustomize/build-failed',
  defaultSeverity: 'error',
  description: "kubectl kustomize (or kustomize build) could not build the overlay; the message is the tool's.",
};

export const HELM_RENDER_FAILED: FindingCodeInfo = {
  code: 'helm/render-failed',
  defaultSeverity: 'error',
  description: 'helm template could not render the chart (a required value, a template error); on the template line helm names.',
};

export const RENDER_CODES: readonly FindingCodeInfo[] = [KUSTOMIZE_BUILD_FAILED, HELM_RENDER_FAILED];
