// A `%YAML 1.1` (or 1.2) directive before a manifest: kubectl's decoder (go-yaml v2 under
// sigs.k8s.io/yaml) accepts both and decodes YAML 1.1 either way, so validation neither reports the
// directive nor changes how it reads the scalars after it (issue 12: `paused: yes` is true).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationEngine } from '../../../../src/core/validation/engine';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r
spec:
  paused: yes
  replicas: 0x3
  selector: {matchLabels: {app: r}}
  template:
    metadata: {labels: {app: r}}
    spec: {containers: [{name: c, image: nginx}]}
  strategy:
    canary:
      steps:
      - setWeight: 10
`;

test('a %YAML directive is accepted and the document is read as kubectl reads it', () => {
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });
  for (const head of ['', '%YAML 1.1\n---\n', '%YAML 1.2\n---\n', '%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\n']) {
    const r = engine.validate(`d${head.length}.yaml`, head + ROLLOUT);
    assert.deepEqual(
      r.findings.map((f) => `${f.code} ${f.message}`),
      [],
      JSON.stringify(head),
    );
    const spec = (r.file.documents.find((d) => d.kind === 'Rollout')?.value as { spec: { paused: unknown; replicas: unknown } }).spec;
    assert.deepEqual([spec.paused, spec.replicas], [true, 3], JSON.stringify(head));
  }
  // The directive does not hide a real mistake.
  const bad = engine.validate('bad.yaml', `%YAML 1.1\n---\n${ROLLOUT.replace('setWeight: 10', 'setWeigth: 10')}`);
  assert.deepEqual(
    bad.findings.map((f) => f.code),
    ['schema/unknown-field'],
  );
});
