import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findTemplateKey } from '../../../../src/core/render/templateKeys';

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: {{ include "x.fullname" . }}
  labels:
    {{- include "x.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  {{- if .Values.paused }}
  paused: true # from values
  {{- end }}
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {duration: 2m}
      -   setWeigth: 50
        extra: yes
      {{- toYaml .Values.moreSteps | nindent 6 }}
      - setWeight: 90
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image }}"
        - name: "sidecar"
          {{ .Values.key }}: templated-key
`;

function at(path: (string | number)[]): [string, string | undefined] | undefined {
  const r = findTemplateKey(TEMPLATE, path);
  return r && [TEMPLATE.slice(r.key.start, r.key.end), r.value && TEMPLATE.slice(r.value.start, r.value.end)];
}

describe('findTemplateKey', () => {
  it('follows block mappings past template-action lines, with the value text (comments dropped)', () => {
    assert.deepEqual(at(['spec', 'replicas']), ['replicas', '{{ .Values.replicas }}']);
    assert.deepEqual(at(['spec', 'paused']), ['paused', 'true']);
    assert.deepEqual(at(['metadata', 'name']), ['name', '{{ include "x.fullname" . }}']);
  });

  it('counts sequence items, compact and indented, and reads one flow mapping on the line', () => {
    assert.deepEqual(at(['spec', 'strategy', 'canary', 'steps', 1, 'pause', 'duration']), ['duration', '2m']);
    assert.deepEqual(at(['spec', 'strategy', 'canary', 'steps', 2, 'setWeigth']), ['setWeigth', '50']);
    assert.deepEqual(at(['spec', 'strategy', 'canary', 'steps', 2, 'extra']), ['extra', 'yes']);
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'image']), ['image', '"{{ .Values.image }}"']);
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 1, 'name']), ['name', '"sidecar"']);
  });

  it('after a toYaml the rendered index is not the text`s: a unique key is found with any index, an ambiguous one is not', () => {
    // Rendered, the last setWeight is steps[5] (two from values); the text shows it as steps[3].
    assert.equal(at(['spec', 'strategy', 'canary', 'steps', 5, 'setWeight']), undefined, 'setWeight appears twice: ambiguous');
    assert.deepEqual(at(['spec', 'strategy', 'canary', 'steps', 6, 'setWeigth']), ['setWeigth', '50']);
  });

  it('never matches a templated key or a path the text does not hold', () => {
    assert.equal(at(['spec', 'template', 'spec', 'containers', 1, 'templated']), undefined);
    assert.equal(at(['spec', 'selector']), undefined);
    assert.equal(at([]), undefined);
  });
});
