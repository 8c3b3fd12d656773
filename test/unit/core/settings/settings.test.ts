import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedAreas, DEFAULT_SETTINGS, parseSettings } from '../../../../src/core/settings/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('no values gives the defaults and no problems', () => {
  const r = parseSettings(from({}));
  assert.deepEqual(r.settings, DEFAULT_SETTINGS);
  assert.deepEqual(r.problems, []);
});

test('valid values are taken as written', () => {
  const r = parseSettings(
    from({
      'validation.enable': false,
      'validation.workspaceScan': false,
      'validation.maxFileSize': 1000.7,
      'argoRollouts.schemaVersion': 'v1.9.1',
      'rules.severity': { 'argo/x': 'warning', 'schema/unknown-field': 'OFF', y: 'information' },
      'cluster.kubeconfig': ' /tmp/kc ',
      'cluster.watchedContexts': ['a', ' b ', 'a', ''],
      'cluster.productionContexts': ['prod-*'],
      'cluster.skipConfirmationForNonProduction': true,
    }),
  );
  assert.deepEqual(r.problems, []);
  assert.equal(r.settings.validation.enable, false);
  assert.equal(r.settings.validation.workspaceScan, false);
  assert.equal(r.settings.validation.maxFileSize, 1000);
  assert.equal(r.settings.argoRollouts.schemaVersion, 'v1.9.1');
  assert.deepEqual(r.settings.rules.severity, { 'argo/x': 'warning', 'schema/unknown-field': 'off', y: 'info' });
  assert.equal(r.settings.cluster.kubeconfig, '/tmp/kc');
  assert.deepEqual(r.settings.cluster.watchedContexts, ['a', 'b']);
  assert.deepEqual(r.settings.cluster.productionContexts, ['prod-*']);
  assert.equal(r.settings.cluster.skipConfirmationForNonProduction, true);
});

test('wrong values fall back to defaults with a message naming the key', () => {
  const r = parseSettings(
    from({
      'validation.enable': 'yes',
      'validation.maxFileSize': -5,
      'argoRollouts.schemaVersion': 'v0.1',
      'rules.severity': { good: 'error', bad: 'fatal' },
      'cluster.namespaces': 'payments',
    }),
  );
  assert.equal(r.settings.validation.enable, true);
  assert.equal(r.settings.validation.maxFileSize, DEFAULT_SETTINGS.validation.maxFileSize);
  assert.equal(r.settings.argoRollouts.schemaVersion, 'latest');
  assert.deepEqual(r.settings.rules.severity, { good: 'error' });
  assert.deepEqual(r.settings.cluster.namespaces, []);
  assert.equal(r.problems.length, 5);
  assert.match(r.problems.join('\n'), /rolloutLens\.validation\.enable/);
  assert.match(r.problems.join('\n'), /rolloutLens\.rules\.severity\["bad"\]/);
  assert.match(r.problems.join('\n'), /rolloutLens\.cluster\.namespaces/);
});

test('a severity map that is not an object is ignored with a message', () => {
  const r = parseSettings(from({ 'rules.severity': ['error'] }));
  assert.deepEqual(r.settings.rules.severity, {});
  assert.equal(r.problems.length, 1);
});

test('changedAreas tells which parts must be rebuilt', () => {
  const a = parseSettings(from({})).settings;
  const b = parseSettings(from({ 'rules.severity': { x: 'off' } })).settings;
  const c = parseSettings(from({ 'cluster.namespaces': ['n'] })).settings;
  const d = parseSettings(from({ 'helm.kubeVersion': 'v1.31.0' })).settings;
  assert.deepEqual(changedAreas(a, a), { validation: false, cluster: false, lens: false, helm: false });
  assert.deepEqual(changedAreas(a, b), { validation: true, cluster: false, lens: false, helm: false });
  assert.deepEqual(changedAreas(a, c), { validation: false, cluster: true, lens: false, helm: false });
  assert.deepEqual(changedAreas(a, d), { validation: false, cluster: false, lens: false, helm: true });
});

test('schemaVersion "cluster" validates against the current context, pinned schemas staying the fallback', () => {
  const r = parseSettings(from({ 'argoRollouts.schemaVersion': 'cluster', 'flagger.schemaVersion': 'cluster' }));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.settings.argoRollouts, { schemaVersion: 'latest', fromCluster: true });
  assert.deepEqual(r.settings.flagger, { fromCluster: true });
  assert.equal(changedAreas(DEFAULT_SETTINGS, r.settings).validation, true);
  assert.deepEqual(parseSettings(from({ 'flagger.schemaVersion': 'v1.44.0' })).settings.flagger, { fromCluster: false });
  const wrong = parseSettings(from({ 'flagger.schemaVersion': 'v1.30' }));
  assert.deepEqual(wrong.settings.flagger, { fromCluster: false });
  assert.deepEqual(wrong.problems, ['rolloutLens.flagger.schemaVersion must be "v1.44.0" or "cluster"; using "v1.44.0".']);
});

test('rolloutLens.flagger.noCrossNamespaceRefs is read by the store and reaches the rules as their context', () => {
  assert.deepEqual(parseSettings(from({})).settings.rules.context, { flaggerNoCrossNamespaceRefs: false });
  const on = parseSettings(from({ 'flagger.noCrossNamespaceRefs': true }));
  assert.deepEqual(on.settings.rules.context, { flaggerNoCrossNamespaceRefs: true });
  assert.equal(changedAreas(DEFAULT_SETTINGS, on.settings).validation, true);
  const wrong = parseSettings(from({ 'flagger.noCrossNamespaceRefs': 'yes' }));
  assert.deepEqual(wrong.settings.rules.context, { flaggerNoCrossNamespaceRefs: false });
  assert.deepEqual(wrong.problems, ['rolloutLens.flagger.noCrossNamespaceRefs must be true or false; using false.']);
});

test('rolloutLens.helm.*: the binary, value files per chart folder (normalized), the Kubernetes version, the API versions; wrong values ignored by name', () => {
  const ok = parseSettings(from({ 'helm.path': ' /opt/helm ', 'helm.valueFiles': { './charts/checkout/': ['values-prod.yaml', ' '], 'charts\\web': [] }, 'helm.kubeVersion': 'v1.32.4' }));
  assert.deepEqual(ok.settings.helm, { path: '/opt/helm', valueFiles: { 'charts/checkout': ['values-prod.yaml'], 'charts/web': [] }, kubeVersion: 'v1.32.4', apiVersions: [] });
  assert.deepEqual(ok.problems, []);
  const bad = parseSettings(from({ 'helm.valueFiles': { a: 'values.yaml', b: ['x.yaml'] }, 'helm.kubeVersion': 'latest' }));
  assert.deepEqual(bad.settings.helm, { path: '', valueFiles: { b: ['x.yaml'] }, kubeVersion: '', apiVersions: [] });
  assert.deepEqual(bad.problems, ['rolloutLens.helm.valueFiles["a"] must be a list of value files; ignored.', 'rolloutLens.helm.kubeVersion must be a Kubernetes version such as v1.32.4; ignored.']);
  const apis = parseSettings(from({ 'helm.apiVersions': [' argoproj.io/v1alpha1 ', 'argoproj.io/v1alpha1/Rollout', 'v1', 'no spaces/v1', 'a//b', 'v1'] }));
  assert.deepEqual(apis.settings.helm.apiVersions, ['argoproj.io/v1alpha1', 'argoproj.io/v1alpha1/Rollout', 'v1']);
  assert.deepEqual(apis.problems, ['rolloutLens.helm.apiVersions: "no spaces/v1", "a//b" are not an API version such as monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor; ignored.']);
  assert.deepEqual(parseSettings(from({ 'helm.apiVersions': 'argoproj.io/v1alpha1' })).problems, ['rolloutLens.helm.apiVersions must be a list of strings; using [].']);
  assert.deepEqual(parseSettings(from({ 'helm.valueFiles': ['x'] })).problems, ['rolloutLens.helm.valueFiles must be an object mapping chart folders to lists of value files; ignored.']);
});
