/**
 * The `yaml` package, required on first use: clean manifests take the fast path (fastCompose.ts)
 * and never need it, and evaluating it is a large part of a short `rollout-lens lint` run.
 */
let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  // A require() on purpose: an import would load the package with the module that names it.
  return (loaded ??= require('yaml') as typeof import('yaml'));
}
