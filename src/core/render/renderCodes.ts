/**
 * The codes of findings about a build or render itself (not about what it produced): stated here,
 * next to the mapping, and read by the places that describe codes outside the editor (the SARIF
 * log's rules). They are above the finding-code catalogue's layer (src/core/validation), so the
 * catalogue does not list them and `--severity` does not take them: a failed build is always an error.
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
