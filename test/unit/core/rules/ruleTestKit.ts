// Shared by the rule tests: run rules over YAML text and read what a finding underlines.
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import type { Finding } from '../../../../src/core/findings';
import { runRules } from '../../../../src/core/rules/registry';
import type { RuleContext } from '../../../../src/core/rules/ruleTypes';

export function lint(text: string, ctx?: RuleContext): Finding[] {
  return parseManifestFile(text).documents.flatMap((d) => runRules(d, ctx));
}

export function codes(text: string, ctx?: RuleContext): string[] {
  return lint(text, ctx).map((f) => f.code);
}

/** The text a finding underlines. */
export function underlined(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

/** A valid canary Rollout with a hook to splice YAML under `spec.strategy.canary`. */
export function canaryRollout(canaryBody: string, extraSpec = ''): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
  namespace: apps
spec:
  replicas: 2
  selector:
    matchLabels:
      app: demo
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
        - name: demo
          image: nginx:1.27
${extraSpec}  strategy:
    canary:
${canaryBody.replace(/^/gm, '      ')}
`;
}

export function blueGreenRollout(body: string, extraSpec = ''): string {
  return canaryRollout('', extraSpec).replace('    canary:\n      \n', `    blueGreen:\n${body.replace(/^/gm, '      ')}\n`);
}
