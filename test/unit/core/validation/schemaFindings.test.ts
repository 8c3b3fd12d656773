import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import type { ArgoSchemaVersion } from '../../../../src/core/schema/catalog';

// Real CRD schemas, schema findings only (no rules), each API-server schema quirk (pruning, int-or-string, formats, nulls, list maps) on a small manifest.
function findings(text: string, version: ArgoSchemaVersion = 'latest') {
  const engine = new ValidationEngine({ argoSchemaVersion: version, maxFileBytes: 1 << 20 }, []);
  return engine.validate('t.yaml', text).findings.map((f) => ({ ...f, text: text.slice(f.range.start, f.range.end) }));
}
const brief = (text: string, version?: ArgoSchemaVersion) => findings(text, version).map((f) => `${f.code} ${f.text}`);

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  replicas: 3
  selector:
    matchLabels:
      app: demo
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {duration: 1h}
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
      - name: app
        image: nginx
        ports:
        - containerPort: 8080
        resources:
          requests:
            memory: 64Mi
`;
const CANARY = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  provider: istio
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  service:
    port: 9898
    targetPort: http
  analysis:
    interval: 1m
    threshold: 5
    stepWeight: 10
`;

describe('schema findings on the real CRDs', () => {
  it('accepts a valid Rollout and a valid Canary', () => {
    assert.deepEqual(brief(ROLLOUT), []);
    assert.deepEqual(brief(CANARY), []);
  });

  it('puts an unknown field on its key with "did you mean" and a replaceKey fix', () => {
    const [f, ...rest] = findings(ROLLOUT.replace('  strategy:', '  stratgy:'));
    assert.equal(rest.length, 0);
    assert.equal(f.code, 'schema/unknown-field');
    assert.equal(f.text, 'stratgy');
    assert.equal(f.message, 'spec.stratgy: unknown field "stratgy" in spec; did you mean `strategy`?');
    assert.deepEqual(f.fixes?.[0], { kind: 'replaceKey', with: 'strategy' });
    assert.deepEqual(f.path, ['spec', 'stratgy']);
  });

  it("puts a missing required field on the parent's key with an insertKey fix", () => {
    const text = ROLLOUT.replace(/ {4}canary:\n(.*\n){3}/, '    blueGreen:\n      autoPromotionEnabled: false\n');
    const [f] = findings(text);
    assert.equal(f.code, 'schema/required');
    assert.equal(f.text, 'blueGreen');
    assert.equal(f.message, 'spec.strategy.blueGreen: missing required field "activeService" (string)');
    assert.deepEqual(f.fixes, [{ kind: 'insertKey', key: 'activeService', placeholder: '""' }]);
  });

  it('puts a wrong type on the value and says what is expected', () => {
    const [f] = findings(ROLLOUT.replace('replicas: 3', 'replicas: "3"'));
    assert.equal(f.text, '"3"');
    assert.equal(f.message, 'spec.replicas: expected integer, got string "3"');
  });

  it("checks a Rollout's spec.replicas as the scale subresource does: a non-negative int32 (the schema oracle's finding)", () => {
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: -5')), ['schema/minimum -5']);
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: 3000000000')), ['schema/maximum 3000000000']);
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: 0')), []);
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: 2147483647')), []);
  });

  it('checks int-or-string without anyOf (Flagger targetPort) and with it (Argo maxSurge)', () => {
    assert.deepEqual(brief(CANARY.replace('targetPort: http', 'targetPort: 9898')), []);
    assert.deepEqual(brief(CANARY.replace('targetPort: http', 'targetPort: {name: http}')), ['schema/type {name: http}']);
    assert.deepEqual(brief(ROLLOUT.replace('steps:', 'maxSurge: "25%"\n      steps:')), []);
    assert.deepEqual(brief(ROLLOUT.replace('steps:', 'maxSurge: true\n      steps:')), ['schema/type true']);
  });

  it('enforces oneOf as exactly one (Canary analysis, AlertProvider address/secretRef)', () => {
    assert.deepEqual(brief(CANARY.replace('stepWeight: 10', 'stepWeight: 10\n    iterations: 10')), ['schema/one-of analysis']);
    assert.deepEqual(brief(CANARY.replace('    interval: 1m\n', '')), ['schema/one-of analysis']);
    const provider = 'apiVersion: flagger.app/v1beta1\nkind: AlertProvider\nmetadata:\n  name: s\nspec:\n  type: slack\n  address: https://x\n  secretRef:\n    name: s\n';
    assert.deepEqual(brief(provider), ['schema/one-of spec']);
    assert.deepEqual(brief(provider.replace(/ {2}secretRef:\n.*\n/, '')), []);
  });

  it('treats null as absent for declared fields (steps with only a comment)', () => {
    assert.deepEqual(brief(ROLLOUT.replace(/ {6}steps:\n(.*\n){2}/, '      steps:\n      # none yet\n')), []);
  });

  it('reports duplicate list-map keys after defaulting protocol to TCP', () => {
    const text = ROLLOUT.replace('        - containerPort: 8080\n', '        - containerPort: 8080\n        - containerPort: 8080\n          protocol: TCP\n');
    const [f] = findings(text);
    assert.equal(f.code, 'schema/duplicate-list-key');
    assert.equal(f.text, '8080');
    assert.equal(f.range.start, text.lastIndexOf('8080'));
  });

  it('allows only labels and annotations in Argo embedded metadata', () => {
    const [f] = findings(ROLLOUT.replace('    metadata:\n      labels:', '    metadata:\n      name: x\n      labels:'));
    assert.equal(f.code, 'schema/unknown-field');
    assert.equal(f.text, 'name');
    assert.match(f.message, /spec\.template\.metadata\.name: unknown field "name"/);
  });

  it('locates keys containing slashes (annotation names) exactly', () => {
    const text = ROLLOUT.replace('      labels:\n        app: demo', '      annotations:\n        rollouts.argoproj.io/x: 1\n      labels:\n        app: demo');
    const [f] = findings(text);
    assert.equal(f.code, 'schema/type');
    assert.deepEqual(f.path, ['spec', 'template', 'metadata', 'annotations', 'rollouts.argoproj.io/x']);
    assert.equal(f.range.start, text.indexOf('1\n      labels'));
  });

  it('checks date-time and patterns, ignores int32/url formats', () => {
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: 3\n  restartAt: soon')), ['schema/format soon']);
    assert.deepEqual(brief(ROLLOUT.replace('replicas: 3', 'replicas: 3\n  restartAt: "2024-05-01T10:00:00Z"')), []);
    assert.deepEqual(brief(CANARY.replace('interval: 1m', 'interval: 1h')), ['schema/pattern 1h']);
    assert.deepEqual(brief(CANARY.replace('port: 9898', 'port: 99999999999')), []);
  });

  it('evaluates the Canary mirror backendRef CEL rule with defaults applied', () => {
    const mirror = (ref: string) => CANARY.replace('    targetPort: http\n', `    targetPort: http\n    mirror:\n    - backendRef:\n${ref}`);
    assert.deepEqual(brief(mirror('        name: podinfo-mirror\n')), ['schema/cel backendRef']);
    assert.deepEqual(brief(mirror('        name: podinfo-mirror\n        port: 9898\n')), []);
    assert.deepEqual(brief(mirror('        name: bucket\n        group: example.com\n        kind: Bucket\n')), []);
  });

  it('follows the chosen Argo version (fields new in HEAD are unknown to v1.9.1)', () => {
    const at = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: a\nspec:\n  metrics:\n  - name: m\n    provider:\n      datadog:\n        query: q\n        requestTimeout: 10s\n';
    assert.deepEqual(brief(at, 'latest'), []);
    assert.deepEqual(brief(at, 'v1.9.1'), ['schema/unknown-field requestTimeout']);
  });

  it('checks status only for unknown fields where the status subresource drops it (Rollout), fully elsewhere (AnalysisRun)', () => {
    assert.deepEqual(brief(ROLLOUT + 'status:\n  phase: 3\n  currentPodHash: abc\n'), []);
    assert.deepEqual(brief(ROLLOUT + 'status:\n  phse: Healthy\n'), ['schema/unknown-field phse']);
    const run =
      'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata:\n  name: r\nspec:\n  metrics:\n  - name: m\n    provider:\n      job: {spec: {template: {spec: {containers: [{name: c, image: i}]}}}}\nstatus:\n  message: done\n';
    assert.deepEqual(brief(run), ['schema/required status']);
  });

  it('gives a wrong apiVersion version one clear finding and leaves other documents alone', () => {
    const fs = findings(CANARY.replace('flagger.app/v1beta1', 'flagger.app/v1alpha3'));
    assert.deepEqual(
      fs.map((f) => `${f.code} ${f.text}`),
      ['schema/api-version flagger.app/v1alpha3'],
    );
    assert.match(fs[0].message, /served as "flagger.app\/v1beta1"/);
    assert.deepEqual(brief('apiVersion: apps/v1\nkind: Deployment\nspec:\n  nonsense: true\n'), []);
    assert.deepEqual(brief('apiVersion: example.com/v1\nkind: Rollout\nspec: 1\n'), []);
  });

  it('produces nothing for Helm templates and only the syntax error for broken YAML', () => {
    assert.deepEqual(brief(CANARY.replace('name: podinfo\n', 'name: {{ .Values.name }}\n  bogus: 1\n')), []);
    const broken = findings(ROLLOUT.replace('  replicas: 3', '  replicas: [3'));
    assert.ok(broken.length > 0 && broken.every((f) => f.code.startsWith('yaml/')), broken.map((f) => f.code).join());
  });
});
