import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { lineStarts, positionAt } from '../../../../src/core/findings';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';

const LINT = 'test/fixtures/rules/argo-lint';
const at = (text: string, off: number) => positionAt(lineStarts(text), off).line + 1;

const ROLLOUT = (extra = '', ns = '') => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
${ns}spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers: [{name: web, image: nginx}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
${extra}`;
const SERVICE = (name: string, selector = '{app: web}', ns = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${ns}spec:
  selector: ${selector}
  ports: [{port: 80}]
`;

for (const [file, svc, line] of [
  ['invalid-service-labels.yml', 'istio-host-split-canary', 11],
  ['invalid-ingress-smi-multi.yml', 'rollout-smi-experiment-canary', 89],
] as const) {
  test(`upstream ${file}: the service label error lint expects, on the rollout's canaryService`, () => {
    const ix = new WorkspaceIndex();
    const text = fs.readFileSync(`${LINT}/${file}`, 'utf8');
    ix.setFile('file:///repo/x.yml', text);
    const errors = ix.referenceFindings('file:///repo/x.yml').filter((f) => f.severity === 'error');
    assert.ok(errors[0].message.startsWith(`spec.strategy.canary.canaryService: Invalid value: "${svc}": Service "${svc}" has unmatch label "app" in rollout`), errors[0].message);
    assert.equal(at(text, errors[0].range.start), line);
    assert.equal(text.slice(errors[0].range.start, errors[0].range.end), svc);
  });
}

test('upstream valid lint fixtures: no reference errors', () => {
  for (const f of fs.readdirSync(LINT).filter((x) => x.startsWith('valid'))) {
    const ix = new WorkspaceIndex();
    ix.setFile(`file:///repo/${f}`, fs.readFileSync(`${LINT}/${f}`, 'utf8'));
    assert.deepEqual(
      ix
        .referenceFindings(`file:///repo/${f}`)
        .filter((x) => x.severity === 'error')
        .map((x) => x.message),
      [],
      f,
    );
  }
});

test('services resolve across files in the same namespace; unresolved is a warning', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/rollout.yaml', ROLLOUT());
  const before = ix.referenceFindings('file:///repo/rollout.yaml');
  assert.deepEqual(
    before.map((f) => [f.code, f.severity]),
    [
      ['references/unresolved', 'warning'],
      ['references/unresolved', 'warning'],
    ],
  );
  assert.match(before[0].message, /^Service "web-canary" was not found in the workspace; it may exist only in the cluster/);
  ix.setFile('file:///repo/svc.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable', '{app: web, tier: back}'));
  const after = ix.referenceFindings('file:///repo/rollout.yaml');
  assert.deepEqual(
    after.map((f) => f.code),
    ['argo/service-label-mismatch'],
  );
  assert.match(after[0].message, /^spec\.strategy\.canary\.stableService: Invalid value: "web-stable": Service "web-stable" has unmatch label "tier" in rollout/);
});

test('namespaces: explicit metadata, kustomization namespace, mismatch does not resolve', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/app/rollout.yaml', ROLLOUT('', '  namespace: prod\n'));
  ix.setFile('file:///repo/other/svc.yaml', SERVICE('web-canary', '{app: web}', '  namespace: staging\n') + '---\n' + SERVICE('web-stable', '{app: web}', '  namespace: staging\n'));
  const f = ix.referenceFindings('file:///repo/app/rollout.yaml');
  assert.deepEqual(
    f.map((x) => x.code),
    ['references/unresolved', 'references/unresolved'],
  );
  assert.match(f[0].message, /in namespace prod/);
  ix.setFile('file:///repo/app/svc.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  ix.setFile('file:///repo/app/kustomization.yaml', 'namespace: prod\nresources:\n  - svc.yaml\n  - rollout.yaml\n');
  assert.deepEqual(ix.referenceFindings('file:///repo/app/rollout.yaml'), []);
  const svc = ix.objectsIn('file:///repo/app/svc.yaml')[0];
  assert.equal(ix.namespaceOf(svc), 'prod');
});

test('kustomize patch fragments are flagged and produce no reference findings', () => {
  const ix = new WorkspaceIndex();
  const moved: string[][] = [];
  ix.onDidChangePatchFragments((u) => moved.push(u));
  ix.setFile('file:///repo/overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: rollout-patch.yaml\npatchesStrategicMerge:\n  - ./svc-patch.yaml\n');
  ix.setFile('file:///repo/overlay/rollout-patch.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  strategy:\n    canary:\n      canaryService: nope\n');
  assert.equal(ix.isPatchFragment('file:///repo/overlay/rollout-patch.yaml'), true);
  assert.equal(ix.isPatchFragment('file:///repo/overlay/svc-patch.yaml'), true);
  assert.equal(ix.isPatchFragment('file:///repo/base/rollout.yaml'), false);
  assert.deepEqual(moved, [['file:///repo/overlay/rollout-patch.yaml', 'file:///repo/overlay/svc-patch.yaml']]);
  assert.deepEqual(ix.referenceFindings('file:///repo/overlay/rollout-patch.yaml'), []);
  const links = ix.documentLinks('file:///repo/overlay/kustomization.yaml');
  assert.deepEqual(
    links.map((l) => l.target.uri),
    ['file:///repo/overlay/rollout-patch.yaml'],
  );
});

const TEMPLATE = (name: string, args: string, metric = 'count: 1') => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: ${name}
spec:
  args:
${args}
  metrics:
    - name: m
      interval: 1m
      ${metric}
      provider: {web: {url: "http://x"}}
`;

test('analysis templates: missing, unknown, value+valueFrom, and indefinite metrics in steps', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/t.yaml', TEMPLATE('rate', '    - name: service-name\n    - name: prefix\n      value: x') + '---\n' + TEMPLATE('forever', '    - name: a\n      value: b', 'successCondition: "true"'));
  const steps = `      steps:
        - analysis:
            templates: [{templateName: rate}]
            args:
              - name: extra
                value: "1"
              - name: prefix
                value: y
                valueFrom: {podTemplateHashValue: Stable}
        - analysis:
            templates: [{templateName: forever}]
      analysis:
        templates: [{templateName: forever}]
`;
  ix.setFile('file:///repo/r.yaml', ROLLOUT(steps));
  const f = ix.referenceFindings('file:///repo/r.yaml').filter((x) => x.code !== 'references/unresolved');
  const byCode = (c: string) => f.filter((x) => x.code === c);
  assert.equal(byCode('argo/analysis-missing-arg').length, 1);
  assert.match(byCode('argo/analysis-missing-arg')[0].message, /missing analysis arguments in rollout spec — the template requires argument "service-name"/);
  assert.deepEqual(byCode('argo/analysis-missing-arg')[0].fixes, [{ kind: 'addAnalysisArg', name: 'service-name' }]);
  assert.equal(byCode('argo/analysis-unknown-arg')[0].severity, 'warning');
  assert.match(byCode('argo/analysis-arg-value-and-value-from')[0].message, /^arg 'prefix' has both Value and ValueFrom fields/);
  const forever = byCode('argo/analysis-runs-indefinitely');
  assert.equal(forever.length, 1, 'only the step use, not the background analysis');
  assert.match(forever[0].message, /AnalysisTemplate forever has metric m which runs indefinitely\. Invalid value for count: <nil>/);
});

test('Flagger refs: targetRef, metric templateRef (own or stated namespace), alert providerRef', () => {
  const ix = new WorkspaceIndex();
  const canary = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: podinfo, namespace: test}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  analysis:
    metrics:
      - name: latency
        templateRef: {name: latency, namespace: istio-system}
      - name: errors
        templateRef: {name: errors}
    alerts:
      - name: on-call
        providerRef: {name: slack}
`;
  ix.setFile('file:///repo/canary.yaml', canary);
  assert.equal(ix.referenceFindings('file:///repo/canary.yaml').length, 4);
  ix.setFile(
    'file:///repo/deps.yaml',
    [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo, namespace: test}\n',
      'apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata: {name: latency, namespace: istio-system}\n',
      'apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata: {name: errors, namespace: test}\n',
      'apiVersion: flagger.app/v1beta1\nkind: AlertProvider\nmetadata: {name: slack, namespace: other}\n',
    ].join('---\n'),
  );
  const left = ix.referenceFindings('file:///repo/canary.yaml');
  assert.deepEqual(
    left.map((x) => x.message.split(';')[0]),
    ['AlertProvider "slack" was not found in the workspace in namespace test'],
  );
});

test('definition, references and document links', () => {
  const ix = new WorkspaceIndex();
  const rollout = ROLLOUT();
  const svc = SERVICE('web-canary') + '---\n' + SERVICE('web-stable');
  ix.setFile('file:///repo/r.yaml', rollout);
  ix.setFile('file:///repo/s.yaml', svc);
  const off = rollout.indexOf('web-stable') + 2;
  const [def] = ix.definitionAt('file:///repo/r.yaml', off);
  assert.equal(def.uri, 'file:///repo/s.yaml');
  assert.equal(svc.slice(def.range.start, def.range.end), 'web-stable');
  const refs = ix.referencesTo('file:///repo/s.yaml', def.range.start + 1);
  assert.deepEqual(
    refs.map((r) => [r.uri, (r.uri.endsWith('r.yaml') ? rollout : svc).slice(r.range.start, r.range.end)]),
    [
      ['file:///repo/s.yaml', 'web-stable'],
      ['file:///repo/r.yaml', 'web-stable'],
    ],
  );
  assert.deepEqual(ix.definitionAt('file:///repo/r.yaml', rollout.indexOf('containers')), []);
  assert.equal(ix.documentLinks('file:///repo/r.yaml').length, 2);
});

test('a change re-resolves only the files that depend on it', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/r.yaml', ROLLOUT());
  ix.setFile('file:///repo/s.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  ix.setFile('file:///repo/unrelated.yaml', SERVICE('other'));
  for (const u of ix.uris()) ix.referenceFindings(u);
  assert.deepEqual(ix.dependentsOf('file:///repo/s.yaml'), ['file:///repo/r.yaml']);
  const seen: string[][] = [];
  ix.onDidChange((e) => seen.push(e.uris));
  ix.resolvedFileCount = 0;
  const touched = ix.setFile('file:///repo/s.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable', '{app: other}'));
  assert.deepEqual(touched.sort(), ['file:///repo/r.yaml', 'file:///repo/s.yaml']);
  assert.deepEqual(seen, [touched]);
  for (const u of ix.uris()) ix.referenceFindings(u);
  assert.equal(ix.resolvedFileCount, 2);
  assert.equal(ix.referenceFindings('file:///repo/r.yaml')[0].code, 'argo/service-label-mismatch');
  assert.deepEqual(ix.setFile('file:///repo/unrelated.yaml', SERVICE('other', '{app: x}')), ['file:///repo/unrelated.yaml']);
  assert.deepEqual(ix.removeFile('file:///repo/s.yaml'), ['file:///repo/r.yaml']);
  assert.equal(ix.referenceFindings('file:///repo/r.yaml')[0].code, 'references/unresolved');
});

test('malformed and templated input is indexed without throwing', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/bad.yaml', 'kind: [\n: : :\n');
  ix.setFile('file:///repo/helm.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: {{ .Values.name }}\n');
  ix.setFile('file:///repo/kustomization.yaml', 'resources: 5\npatches: [{patch: "inline"}]\n');
  assert.deepEqual(ix.referenceFindings('file:///repo/bad.yaml'), []);
  assert.deepEqual(ix.objectsIn('file:///repo/helm.yaml'), []);
});

test('with unknown namespaces, the object in the same file wins over same-named ones elsewhere', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/a/app.yaml', SERVICE('web-canary', '{app: other}') + '---\n' + SERVICE('web-stable', '{app: other}'));
  ix.setFile('file:///repo/b/app.yaml', ROLLOUT() + '---\n' + SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  assert.deepEqual(ix.referenceFindings('file:///repo/b/app.yaml'), []);
});

test('the whole corpus as one workspace: no reference errors in files expected valid', { skip: !fs.existsSync('test/fixtures/corpus/INDEX.json') && 'corpus not present' }, () => {
  const index = JSON.parse(fs.readFileSync('test/fixtures/corpus/INDEX.json', 'utf8')) as { file: string; expected: string }[];
  const ix = new WorkspaceIndex();
  for (const e of index) ix.setFile(`file:///corpus/${e.file}`, fs.readFileSync(`test/fixtures/corpus/${e.file}`, 'utf8'));
  const errors = index
    .filter((e) => e.expected === 'valid')
    .flatMap((e) =>
      ix
        .referenceFindings(`file:///corpus/${e.file}`)
        .filter((f) => f.severity === 'error')
        .map((f) => `${e.file}: ${f.message}`),
    );
  assert.deepEqual(errors, []);
});

test('Experiment analyses, clusterScope templates, workloadRef pod labels, Istio virtual service namespaces', () => {
  const ix = new WorkspaceIndex();
  ix.setFile(
    'file:///repo/exp.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: e, namespace: apps}
spec:
  templates: []
  analyses:
    - name: a
      templateName: cluster-rate
      clusterScope: true
    - name: b
      templateName: local-rate
`,
  );
  ix.setFile('file:///repo/cat.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: ClusterAnalysisTemplate\nmetadata: {name: cluster-rate}\nspec:\n  metrics: [{name: m, provider: {web: {url: "http://x"}}}]\n');
  assert.deepEqual(
    ix.referenceFindings('file:///repo/exp.yaml').map((f) => f.message.split(';')[0]),
    ['AnalysisTemplate "local-rate" was not found in the workspace in namespace apps'],
  );

  ix.setFile(
    'file:///repo/ro.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: apps}
spec:
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        istio:
          virtualService: {name: web-vsvc.mesh, routes: [primary]}
`,
  );
  ix.setFile('file:///repo/dep.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  template:\n    metadata:\n      labels: {app: web-v2}\n');
  ix.setFile('file:///repo/svc.yaml', [SERVICE('web-canary', '{app: web-v2}', '  namespace: apps\n'), SERVICE('web-stable', '{app: web}', '  namespace: apps\n')].join('---\n'));
  ix.setFile(
    'file:///repo/vs.yaml',
    'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: web-vsvc, namespace: mesh}\nspec:\n  http:\n    - name: primary\n      route:\n        - destination: {host: web-stable}\n        - destination: {host: web-canary.apps.svc.cluster.local}\n',
  );
  const f = ix.referenceFindings('file:///repo/ro.yaml');
  assert.deepEqual(
    f.map((x) => x.code),
    ['argo/service-label-mismatch'],
    f.map((x) => x.message).join('\n'),
  );
  assert.match(f[0].message, /web-stable" has unmatch label "app".*pod template has app=web-v2/);
  assert.deepEqual(ix.dependentsOf('file:///repo/dep.yaml'), ['file:///repo/ro.yaml']);
});

test('a Service patch fragment is never the resolved Service', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/overlay/kustomization.yaml', 'resources: [../base]\npatchesStrategicMerge: [svc-patch.yaml]\n');
  ix.setFile('file:///repo/overlay/svc-patch.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web-stable}\nspec:\n  selector: {app: nope}\n');
  ix.setFile('file:///repo/base/rollout/r.yaml', ROLLOUT());
  ix.setFile('file:///repo/base/services/s.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  assert.deepEqual(ix.referenceFindings('file:///repo/base/rollout/r.yaml'), []);
});

test('Istio virtual service: named routes must exist and route to both services; managed-by annotation', () => {
  const ix = new WorkspaceIndex();
  const ro = (routes: string) => ROLLOUT(`      trafficRouting:\n        istio:\n          virtualService:\n            name: vs\n${routes}`);
  const vs = (http: string) => `apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: vs}\nspec:\n  http:\n${http}`;
  const both = '    - name: primary\n      route:\n        - destination: {host: web-stable}\n        - destination: {host: web-canary}\n';
  ix.setFile('file:///repo/svc.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable').replace('metadata:\n', 'metadata:\n  annotations: {argo-rollouts.argoproj.io/managed-by-rollouts: other}\n'));
  ix.setFile('file:///repo/vs.yaml', vs(both));
  const msgs = (routes: string) => {
    ix.setFile('file:///repo/ro.yaml', ro(routes));
    return ix.referenceFindings('file:///repo/ro.yaml').map((f) => f.message.split(' — ')[0]);
  };
  assert.deepEqual(msgs('            routes: [primary]\n'), ['spec.strategy.canary.stableService: Invalid value: "web-stable": Service "web-stable" is managed by another Rollout']);
  ix.setFile('file:///repo/svc.yaml', SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  assert.deepEqual(msgs('            routes: [primary]\n'), []);
  assert.deepEqual(msgs('            routes: [secondary]\n'), [
    'spec.strategy.canary.trafficRouting.istio.virtualService.name: Invalid value: "vs": Istio VirtualService has invalid HTTP routes. Error: HTTP Route \'secondary\' is not found in the defined Virtual Service.',
  ]);
  // Without routes the controller patches the first unnamed route (getHttpRouteIndexesToPatch): a named one is left alone.
  ix.setFile('file:///repo/vs.yaml', vs('    - name: primary\n      route:\n        - destination: {host: web-stable}\n'));
  assert.deepEqual(msgs(''), []);
  ix.setFile('file:///repo/vs.yaml', vs('    - route:\n        - destination: {host: web-stable}\n'));
  assert.match(msgs('')[0], /Error: Canary Service 'web-canary' not found in route$/);
  ix.setFile('file:///repo/vs.yaml', vs(both + both.replace('primary', 'other')));
  assert.match(msgs('')[0], /must have exactly one route when omitting spec\.strategy\.canary\.trafficRouting\.istio\.virtualService\.routes$/);
});

test('workloadRef: the Rollout selector is checked against the Deployment template; Ambassador mappings must not set a weight', () => {
  const ix = new WorkspaceIndex();
  const ro = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: web}
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  strategy:
    canary:
      canaryService: c
      stableService: s
      trafficRouting:
        ambassador:
          mappings: [web-mapping]
`;
  ix.setFile('file:///repo/ro.yaml', ro);
  ix.setFile('file:///repo/dep.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n');
  ix.setFile('file:///repo/map.yaml', 'apiVersion: getambassador.io/v2\nkind: Mapping\nmetadata: {name: web-mapping}\nspec: {prefix: /, service: s, weight: 10}\n');
  const f = ix.referenceFindings('file:///repo/ro.yaml').filter((x) => x.code !== 'references/unresolved');
  assert.deepEqual(
    f.map((x) => x.code),
    ['argo/selector-template-mismatch', 'argo/ambassador-mapping-weight'],
  );
  assert.ok(f[0].message.startsWith('spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`'));
  assert.equal(ro.slice(f[0].range.start, f[0].range.end).split('\n')[0], 'matchLabels: {app: web}');
  assert.match(f[1].message, /^Ambassador mapping "web-mapping" can not define weight/);
});

test("setFile reuses a parse it is given (the engine's) when the text matches", async () => {
  const { parseManifestFile } = await import('../../../../src/core/manifest/manifestFile');
  const ix = new WorkspaceIndex();
  const text = SERVICE('web-canary');
  const parsed = parseManifestFile(text);
  ix.setFile('file:///repo/s.yaml', text, parsed);
  assert.equal(ix.objectsIn('file:///repo/s.yaml')[0].md, parsed.documents[0]);
  ix.setFile('file:///repo/s.yaml', SERVICE('web-stable'), parsed);
  assert.equal(ix.objectsIn('file:///repo/s.yaml')[0].name, 'web-stable', 'a stale parse is ignored');
});

// Issue 12 item 4: several apps in one repository, each with its own `success-rate` template.
const SUCCESS_RATE = (args: string[]) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
${args.length ? `  args:\n${args.map((a) => `  - name: ${a}\n`).join('')}` : ''}  metrics:
  - name: ok
    provider:
      web: {url: "http://example/health"}
`;
const ANALYSED = ROLLOUT('      analysis:\n        templates:\n        - templateName: success-rate\n', '  namespace: demo\n');

test('a template matched only by an assumed namespace gives warnings that name the file matched', () => {
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/apps/web/rollout.yaml', ANALYSED + '---\n' + SERVICE('web-canary', undefined, '  namespace: demo\n') + '---\n' + SERVICE('web-stable', undefined, '  namespace: demo\n'));
  ix.setFile('file:///repo/apps/payments/analysis.yaml', SUCCESS_RATE(['service-name', 'namespace']));
  const found = ix.referenceFindings('file:///repo/apps/web/rollout.yaml').filter((f) => f.code === 'argo/analysis-missing-arg');
  assert.equal(found.length, 2);
  for (const f of found) {
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /\(checked against AnalysisTemplate success-rate in \/repo\/apps\/payments\/analysis\.yaml; it has no namespace, so it may not be the one the controller reads in demo\)$/);
  }
  // Stated on both sides, the match is certain: errors, as before.
  ix.setFile('file:///repo/apps/payments/analysis.yaml', SUCCESS_RATE(['service-name']).replace('  name: success-rate\n', '  name: success-rate\n  namespace: demo\n'));
  assert.deepEqual(
    ix
      .referenceFindings('file:///repo/apps/web/rollout.yaml')
      .filter((f) => f.code === 'argo/analysis-missing-arg')
      .map((f) => f.severity),
    ['error'],
  );
});

test('of several candidates, the one in the same directory tree is the one meant', () => {
  const ix = new WorkspaceIndex();
  const rollout = ROLLOUT('      analysis:\n        templates:\n        - templateName: success-rate\n');
  ix.setFile('file:///repo/apps/web/overlays/dev/rollout.yaml', rollout + '---\n' + SERVICE('web-canary') + '---\n' + SERVICE('web-stable'));
  ix.setFile('file:///repo/apps/payments/analysis.yaml', SUCCESS_RATE(['service-name', 'namespace', 'threshold', 'window']));
  ix.setFile('file:///repo/apps/web/base/analysis.yaml', SUCCESS_RATE([]));
  assert.deepEqual(ix.referenceFindings('file:///repo/apps/web/overlays/dev/rollout.yaml'), []);
  assert.deepEqual(
    ix.definitionAt('file:///repo/apps/web/overlays/dev/rollout.yaml', rollout.indexOf('success-rate') + 1).map((l) => l.uri),
    ['file:///repo/apps/web/base/analysis.yaml'],
  );
});
