/**
 * Small toolkit the rules share (plain values are read with src/core/util/json.ts): formatting messages the
 * way Kubernetes' `field.Error.Error()` does (`<path>: Invalid value: <v>: <detail>`), and placing
 * a finding on the field at fault.
 *
 * Upstream's field paths are kept verbatim in the message, quirks included (Argo builds canary and
 * blue-green paths from `spec.strategy`, so they read `spec.strategy.maxSurge` without `.canary`),
 * so a user can search the exact controller message; the range points at the real YAML path.
 */
import type { Finding, FixHint, Severity } from '../findings';
import { locate, rangeForPath, type ManifestDocument, type PathSegment } from '../manifest/manifestDocument';
import type { Rule, RuleContext } from './ruleTypes';
import { asObject, asOptionalObject, type JsonObject } from '../util/json';

/**
 * Formats a value the way apimachinery's `field.Error` shows it (the release Argo Rollouts v1.9.1
 * builds with): strings quoted, numbers bare, nil as `null`, anything else as JSON. A string map
 * (labels) is a Go map, which encoding/json writes with sorted keys.
 */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return 'null';
  const o = asOptionalObject(v);
  if (o && Object.values(o).every((x) => typeof x === 'string')) {
    return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }
  return JSON.stringify(v);
}

export const invalidMsg = (path: string, value: unknown, detail: string) => `${path}: Invalid value: ${goValue(value)}: ${detail}`;
export const requiredMsg = (path: string, detail: string) => `${path}: Required value${detail ? `: ${detail}` : ''}`;
export const internalMsg = (path: string, detail: string) => `${path}: Internal error: ${detail}`;

/** Appends the advice to upstream's text, keeping upstream's text first so it stays searchable. */
export function withAdvice(upstream: string, advice?: string): string {
  return advice ? `${upstream} — ${advice}` : upstream;
}

export interface RuleCheck {
  md: ManifestDocument;
  /** The document's plain value (an object: the rule does not run otherwise). */
  value: JsonObject;
  spec: JsonObject;
  ctx: RuleContext;
  /**
   * Reports a finding on `path` (the real YAML path); `prefer` picks key or value range. A plain
   * function (`this: void`): rules destructure it out of the check.
   */
  report(this: void, path: PathSegment[], message: string, opts?: { fixes?: FixHint[]; prefer?: 'key' | 'value'; severity?: Severity }): void;
}

/**
 * Declares a rule. The check only runs on documents whose value is an object and which are not
 * Helm templates (those are not YAML until rendered); a missing `spec` is given as `{}` so rules
 * that upstream runs on zero values (e.g. the missing selector) still fire.
 */
export function defineRule(def: Omit<Rule, 'check'> & { run: (c: RuleCheck) => void }): Rule {
  const { run, ...rest } = def;
  return {
    ...rest,
    check(md, ctx) {
      const value = asOptionalObject(md.value);
      if (!value || md.templated) return [];
      const out: Finding[] = [];
      run({
        md,
        value,
        spec: asObject(value.spec),
        ctx,
        report(path, message, opts) {
          out.push({
            code: def.id,
            severity: opts?.severity ?? def.defaultSeverity,
            message,
            range: placeFinding(md, path, opts?.prefer ?? 'key'),
            path,
            source: 'rules',
            ...(opts?.fixes ? { fixes: opts.fixes } : {}),
          });
        },
      });
      return out;
    },
  };
}

/**
 * The range for a finding: the field when it exists, else its nearest ancestor; when not even the
 * first segment exists (a Rollout without `spec`), the `kind` value, so the squiggle says "this
 * Rollout" rather than covering the whole document.
 */
function placeFinding(md: ManifestDocument, path: PathSegment[], prefer: 'key' | 'value') {
  if (path.length > 0 && locate(md, path.slice(0, 1)).foundPath.length === 0) return rangeForPath(md, ['kind'], 'value');
  return rangeForPath(md, path, prefer);
}

/** Argo's `{{args.x}}` placeholders are resolved at run time: a rule cannot judge their value. */
export function isPlaceholder(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}
