/**
 * Kubernetes label selectors (apimachinery `metav1.LabelSelectorAsSelector` and `labels.Selector`):
 * what makes one unparsable, and whether a label set matches it. Used by the Rollout rules and by
 * the workspace index (Service selectors are plain maps, matched with `mapSelectorMismatch`).
 */
import { asArray, asOptionalObject, valueText, type JsonObject } from '../../util/json';

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isLabelKey(k: string): boolean {
  const slash = k.indexOf('/');
  if (slash < 0) return NAME.test(k);
  const prefix = k.slice(0, slash);
  return prefix.length <= 253 && PREFIX.test(prefix) && NAME.test(k.slice(slash + 1));
}

/** Argo's e2e templates carry `$$name$$` markers that the test harness substitutes before applying. */
const SUBSTITUTION = /\$\$\w+\$\$/;

export function isLabelValue(v: string): boolean {
  return v === '' || NAME.test(v) || NAME.test(v.replace(new RegExp(SUBSTITUTION, 'g'), 'x'));
}

/** Why a selector cannot be parsed, with the sub-path at fault; undefined when it parses. */
export function labelSelectorProblem(sel: JsonObject): { path: (string | number)[]; reason: string } | undefined {
  for (const [k, v] of Object.entries(asOptionalObject(sel.matchLabels) ?? {})) {
    if (!isLabelKey(k)) return { path: ['matchLabels', k], reason: `"${k}" is not a valid label key.` };
    if (typeof v === 'string' && !isLabelValue(v)) return { path: ['matchLabels', k], reason: `"${v}" is not a valid label value.` };
  }
  for (const [i, e] of asArray(sel.matchExpressions).entries()) {
    const expr = asOptionalObject(e) ?? {};
    const key = valueText(expr.key ?? '');
    const op = valueText(expr.operator ?? '');
    const values = asArray(expr.values);
    if (!isLabelKey(key)) return { path: ['matchExpressions', i, 'key'], reason: `"${key}" is not a valid label key.` };
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) return { path: ['matchExpressions', i, 'values'], reason: `operator ${op} needs at least one value.` };
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) return { path: ['matchExpressions', i, 'values'], reason: `operator ${op} takes no values.` };
    } else {
      return { path: ['matchExpressions', i, 'operator'], reason: `"${op}" is not a valid selector operator (In, NotIn, Exists, DoesNotExist).` };
    }
  }
  return undefined;
}

export function selectorMatches(sel: JsonObject, labels: JsonObject): boolean {
  for (const [k, v] of Object.entries(asOptionalObject(sel.matchLabels) ?? {})) {
    if (String(labels[k]) !== String(v) || !(k in labels)) return false;
  }
  for (const e of asArray(sel.matchExpressions)) {
    const expr = asOptionalObject(e) ?? {};
    const key = valueText(expr.key ?? '');
    const values = asArray(expr.values).map(String);
    const has = key in labels;
    const val = has ? String(labels[key]) : undefined;
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * Argo's service check (validation_references.go): every selector label of the Service other than
 * `rollouts-pod-template-hash` must equal the pod template's label. Returns the first key that does
 * not, in a stable (sorted) order so the message does not flicker between runs.
 */
export function mapSelectorMismatch(serviceSelector: JsonObject, podLabels: JsonObject): string | undefined {
  for (const k of Object.keys(serviceSelector).sort()) {
    if (k === 'rollouts-pod-template-hash') continue;
    if (!(k in podLabels) || String(podLabels[k]) !== String(serviceSelector[k])) return k;
  }
  return undefined;
}
