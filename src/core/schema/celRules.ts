/**
 * The CEL rules (`x-kubernetes-validations`) the vendored CRDs carry, evaluated by hand. A full CEL
 * interpreter is not worth shipping for the rules these CRDs have (the `x-kubernetes-validations` of argoproj/argo-rollouts `manifests/crds/` and fluxcd/flagger `artifacts/flagger/crd.yaml`):
 * - Canary `.spec.service.mirror[].backendRef`:
 *   `(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true`. The API server
 *   applies the schema defaults (group "", kind "Service") before evaluating it, so we do too.
 * - Rollout `.spec.selector`: `self == oldSelf`, a transition rule that needs the stored object;
 *   a single file cannot violate it, so it is skipped like every rule we do not recognise.
 * Rules are matched by their exact text, so a changed upstream rule is skipped rather than misjudged.
 */
import type { SchemaNode } from './catalog';

type CelCheck = (self: Record<string, unknown>) => boolean;

const KNOWN_RULES: Record<string, CelCheck> = {
  "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true": (self) => {
    const group = typeof self.group === 'string' ? self.group : '';
    return group.length === 0 && self.kind === 'Service' ? self.port !== undefined && self.port !== null : true;
  },
};

/** The rule's own message, or undefined when the object satisfies it or the rule is not one we evaluate. */
export function failedCelRules(value: Record<string, unknown>, schema: SchemaNode): { rule: string; message: string }[] {
  const rules = schema['x-kubernetes-validations'];
  if (!rules) return [];
  const failed: { rule: string; message: string }[] = [];
  let withDefaults: Record<string, unknown> | undefined;
  for (const r of rules) {
    const check = KNOWN_RULES[r.rule];
    if (!check) continue;
    withDefaults ??= applyDefaults(value, schema);
    if (!check(withDefaults)) failed.push({ rule: r.rule, message: r.message ?? `failed rule: ${r.rule}` });
  }
  return failed;
}

/** One level of defaulting, as the API server does before validation (absent or null → default). */
function applyDefaults(value: Record<string, unknown>, schema: SchemaNode): Record<string, unknown> {
  const out = { ...value };
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if ((out[k] === undefined || out[k] === null) && p.default !== undefined) out[k] = p.default;
  }
  return out;
}
