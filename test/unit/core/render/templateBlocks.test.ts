import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { blockActions, renderedBlock } from '../../../../src/core/render/templateBlocks';
import { templatedValues } from '../../../../src/core/render/renderedChart';

// Shaped like test/fixtures/helm/checkout's Rollout: labels from an include, steps from a toYaml
// followed by a literal step, resources from a toYaml alone.
const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
  strategy:
    canary:
      steps:
        {{- toYaml .Values.steps | nindent 8 }}
        - setWeight: 100
`;
const RENDERED = `---
# Source: web/templates/rollout.yaml
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/version: "1.4.2"
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
            limits:
              cpu: 500m
            requests:
              cpu: 100m
  strategy:
    canary:
      steps:
        - setWeight: 20
        - pause: {duration: 5m}
        - setWeight: 100
`;

describe('lines a toYaml or include fills, and the rendered lines they produced', () => {
  it('finds each block action, the key its output lands under, and the literal siblings around it', () => {
    assert.deepEqual(
      blockActions(TEMPLATE).map((a) => [a.source, a.parent.join('.'), a.before, a.after, a.exact]),
      [
        ['{{- include "web.labels" . | nindent 4 }}', 'metadata.labels', 0, 0, true],
        ['{{- toYaml .Values.resources | nindent 12 }}', 'spec.template.spec.containers.0.resources', 0, 0, true],
        ['{{- toYaml .Values.steps | nindent 8 }}', 'spec.strategy.canary.steps', 0, 1, true],
      ],
    );
    // Control actions are not blocks; a key with an if among its children cannot say what an action's share is.
    const guarded = 'spec:\n  steps:\n    {{- if .Values.first }}\n    - setWeight: 5\n    {{- end }}\n    {{- toYaml .Values.steps | nindent 4 }}\n';
    assert.deepEqual(
      blockActions(guarded).map((a) => [a.parent.join('.'), a.exact]),
      [['spec.steps', false]],
    );
  });

  it('the rendered lines: the include`s labels, the toYaml`s mapping, the toYaml`s steps without the literal one', () => {
    const doc = parseManifestFile(RENDERED).documents.find((d) => d.kind === 'Rollout')!;
    const [labels, resources, steps] = blockActions(TEMPLATE).map((a) => renderedBlock(doc, a));
    assert.deepEqual(labels, { text: 'app.kubernetes.io/name: web\napp.kubernetes.io/version: "1.4.2"', whole: false });
    assert.deepEqual(resources, { text: 'limits:\n  cpu: 500m\nrequests:\n  cpu: 100m', whole: false });
    assert.deepEqual(steps, { text: '- setWeight: 20\n- pause: {duration: 5m}', whole: false });
    // Not knowing its share, the whole value of the key, said to be the whole.
    const [guessed] = blockActions('spec:\n  strategy:\n    canary:\n      steps:\n        {{- toYaml .Values.a | nindent 8 }}\n        {{- toYaml .Values.b | nindent 8 }}\n').map((a) => renderedBlock(doc, a));
    assert.deepEqual(guessed, { text: '- setWeight: 20\n- pause: {duration: 5m}\n- setWeight: 100', whole: true });
  });

  it('templatedValues carries them for the hover, once per distinct block', () => {
    const values = templatedValues(parseManifestFile(RENDERED + RENDERED), new Map([['web/templates/rollout.yaml', { file: 'rollout.yaml', text: TEMPLATE }]]));
    const blocks = values.get('rollout.yaml')!.filter((v) => v.blocks);
    assert.deepEqual(
      blocks.map((b) => [TEMPLATE.slice(b.range.start, b.range.end), b.blocks!.length, b.whole]),
      [
        ['{{- include "web.labels" . | nindent 4 }}', 1, false],
        ['{{- toYaml .Values.resources | nindent 12 }}', 1, false],
        ['{{- toYaml .Values.steps | nindent 8 }}', 1, false],
      ],
    );
  });
});
