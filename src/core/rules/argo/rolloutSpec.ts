/**
 * Argo Rollouts' `ValidateRolloutSpec` (argoproj/argo-rollouts
 * pkg/apis/rollouts/validation/validation.go): replicas, selector, workloadRef vs template, the Deployment-style pod-template
 * checks (selector vs template labels, containers, restartPolicy), minReadySeconds,
 * revisionHistoryLimit, progressDeadlineSeconds and strategy presence. Like the controller, the
 * pod-template checks are skipped when `workloadRef` is set (the template is resolved later).
 */
import { defineRule, internalMsg, invalidMsg, requiredMsg, withAdvice } from '../ruleKit';
import { asOptionalObject, at, isSet } from '../../util/json';
import { labelSelectorProblem, selectorMatches } from './labelSelector';
import type { Rule } from '../ruleTypes';

const ROLLOUT = ['Rollout'] as const;

function nonNegative(id: string, field: string, dflt: number): Rule {
  return defineRule({
    id,
    kinds: ROLLOUT,
    defaultSeverity: 'error',
    description: `spec.${field} must be >= 0 (ValidateNonnegativeField).`,
    run({ spec, report }) {
      const v = spec[field] ?? dflt;
      if (typeof v === 'number' && v < 0) {
        report(['spec', field], withAdvice(invalidMsg(`spec.${field}`, v, 'must be greater than or equal to 0'), `set ${field} to 0 or more.`), { prefer: 'value' });
      }
    },
  });
}

const replicasNonNegative = nonNegative('argo/replicas-negative', 'replicas', 1);
const minReadyNonNegative = nonNegative('argo/min-ready-seconds-negative', 'minReadySeconds', 0);
const revisionHistoryNonNegative = nonNegative('argo/revision-history-limit-negative', 'revisionHistoryLimit', 10);
const progressDeadlineNonNegative = nonNegative('argo/progress-deadline-negative', 'progressDeadlineSeconds', 600);

const selectorRequired = defineRule({
  id: 'argo/selector-missing',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'Without workloadRef a Rollout needs a non-empty spec.selector.',
  run({ spec, report }) {
    if (isSet(spec.workloadRef)) return;
    const sel = asOptionalObject(spec.selector);
    if (!isSet(spec.selector)) {
      report(['spec', 'selector'], withAdvice(requiredMsg('spec.selector', "Rollout has missing field '.spec.selector'"), 'add spec.selector.matchLabels matching the pod template labels, or use spec.workloadRef.'), {
        fixes: [{ kind: 'insertKey', key: 'selector', placeholder: 'matchLabels:\n  app: my-app' }],
      });
    } else if (!sel || Object.keys(asOptionalObject(sel.matchLabels) ?? {}).length + (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0) === 0) {
      // Upstream shows the LabelSelector struct as JSON, where empty fields are omitted: `{}`.
      report(['spec', 'selector'], withAdvice(invalidMsg('spec.selector', sel ? {} : spec.selector, 'empty selector is invalid for deployment'), 'add at least one matchLabels entry.'));
    }
  },
});

const selectorInvalid = defineRule({
  id: 'argo/selector-invalid',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'spec.selector must be a valid label selector (operators, values, label syntax).',
  run({ spec, report }) {
    const sel = asOptionalObject(spec.selector);
    if (!sel) return;
    const problem = labelSelectorProblem(sel);
    if (problem) report(['spec', 'selector', ...problem.path], withAdvice(invalidMsg('spec.selector', sel, 'invalid label selector'), problem.reason));
  },
});

const workloadRefWithTemplate = defineRule({
  id: 'argo/workload-ref-with-template',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'A Rollout with workloadRef must not also define a pod template.',
  run({ spec, report }) {
    if (!isSet(spec.workloadRef) || isEmptyTemplate(spec.template)) return;
    report(['spec', 'template'], withAdvice(internalMsg('spec.template', 'template must be empty for workload reference rollout'), 'remove spec.template: the pod template comes from the referenced Deployment.'), {
      fixes: [{ kind: 'removeKey', key: 'template' }],
    });
  },
});

function isEmptyTemplate(t: unknown): boolean {
  const o = asOptionalObject(t);
  if (!o) return true;
  return Object.values(o).every((v) => v === null || v === undefined || (asOptionalObject(v) !== undefined && Object.keys(asOptionalObject(v)!).length === 0));
}

const selectorTemplateMismatch = defineRule({
  id: 'argo/selector-template-mismatch',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'The selector must match the pod template labels (ValidatePodTemplateSpecForReplicaSet).',
  run({ spec, report }) {
    if (isSet(spec.workloadRef)) return;
    const sel = asOptionalObject(spec.selector);
    if (!sel || labelSelectorProblem(sel)) return;
    if (Object.keys(asOptionalObject(sel.matchLabels) ?? {}).length === 0 && !Array.isArray(sel.matchExpressions)) return;
    const declared = asOptionalObject(at(spec, 'template', 'metadata', 'labels'));
    const labels = declared ?? {};
    if (selectorMatches(sel, labels)) return;
    // Upstream shows absent labels as Go's nil map: `null`.
    report(
      ['spec', 'template', 'metadata', 'labels'],
      withAdvice(invalidMsg('spec.template.metadata.labels', declared ?? null, '`selector` does not match template `labels`'), 'make spec.template.metadata.labels include every spec.selector.matchLabels entry.'),
    );
  },
});

const podTemplateBasics = defineRule({
  id: 'argo/pod-template',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'Deployment-style pod template basics: at least one container, unique container names, restartPolicy Always.',
  run({ spec, report }) {
    if (isSet(spec.workloadRef)) return;
    const podSpec = asOptionalObject(at(spec, 'template', 'spec'));
    const containers = podSpec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      report(['spec', 'template', 'spec', 'containers'], withAdvice(requiredMsg('spec.template.spec.containers', ''), 'add at least one container (name and image).'), {
        fixes: [{ kind: 'insertKey', key: 'containers', placeholder: '- name: app\n  image: nginx:1.27' }],
      });
    } else {
      const seen = new Set<string>();
      containers.forEach((c, i) => {
        const name = asOptionalObject(c)?.name;
        if (typeof name !== 'string') return;
        if (seen.has(name))
          report(['spec', 'template', 'spec', 'containers', i, 'name'], withAdvice(`spec.template.spec.containers[${i}].name: Duplicate value: ${JSON.stringify(name)}`, 'give every container a unique name.'), { prefer: 'value' });
        seen.add(name);
      });
    }
    const rp = podSpec?.restartPolicy;
    if (typeof rp === 'string' && rp !== 'Always') {
      report(['spec', 'template', 'spec', 'restartPolicy'], withAdvice(`spec.template.spec.restartPolicy: Unsupported value: ${JSON.stringify(rp)}: supported values: "Always"`, 'remove restartPolicy or set it to Always.'), {
        prefer: 'value',
      });
    }
  },
});

const progressDeadlineAboveMinReady = defineRule({
  id: 'argo/progress-deadline-min-ready',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'progressDeadlineSeconds (default 600) must be greater than minReadySeconds.',
  run({ spec, report }) {
    const pds = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : 600;
    const mrs = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (pds > mrs) return;
    const where = isSet(spec.progressDeadlineSeconds) ? ['spec', 'progressDeadlineSeconds'] : ['spec', 'minReadySeconds'];
    report(where, withAdvice(invalidMsg('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'), `raise progressDeadlineSeconds above ${mrs}.`), { prefer: 'value' });
  },
});

// Upstream calls ValidateRolloutStrategy with spec.strategy and then adds .Child("strategy") again,
// so the controller's message really says `spec.strategy.strategy`; kept verbatim to stay searchable.
const strategyPresence = defineRule({
  id: 'argo/strategy',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'Exactly one of spec.strategy.canary and spec.strategy.blueGreen.',
  run({ spec, report }) {
    const strategy = asOptionalObject(spec.strategy) ?? {};
    const canary = isSet(strategy.canary);
    const blueGreen = isSet(strategy.blueGreen);
    if (!canary && !blueGreen) {
      report(['spec', 'strategy'], withAdvice(requiredMsg('spec.strategy.strategy', "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"), 'add a canary or a blueGreen strategy.'), {
        fixes: [{ kind: 'insertKey', key: 'canary', placeholder: 'steps:\n  - setWeight: 20\n  - pause: {}' }],
      });
    } else if (canary && blueGreen) {
      report(['spec', 'strategy'], withAdvice(invalidMsg('spec.strategy.strategy', 'blueGreen: true canary: true', 'Multiple Strategies can not be listed'), 'keep either canary or blueGreen.'), {
        fixes: [
          { kind: 'removeKey', key: 'blueGreen' },
          { kind: 'removeKey', key: 'canary' },
        ],
      });
    }
  },
});

export const ROLLOUT_SPEC_RULES: Rule[] = [
  replicasNonNegative,
  selectorRequired,
  workloadRefWithTemplate,
  selectorInvalid,
  selectorTemplateMismatch,
  podTemplateBasics,
  minReadyNonNegative,
  revisionHistoryNonNegative,
  progressDeadlineNonNegative,
  progressDeadlineAboveMinReady,
  strategyPresence,
];
