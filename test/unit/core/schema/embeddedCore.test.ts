import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CRD_SOURCES, reindentQuotedContinuations } from '../../../../scripts/schemaGenerator';
import { rootSchema, schemaAtPath } from '../../../../src/core/schema/catalog';
import { convertCoreOpenApi, graftEmbeddedCore } from '../../../../src/core/schema/embeddedCore';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { ERR_FORMAT_WRONG, ERR_SUFFIX } from '../../../../src/core/schema/quantity';
import type { ArgoSchemaVersion } from '../../../../src/core/schema/catalog';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');

function findings(text: string, version: ArgoSchemaVersion = 'latest') {
  const engine = new ValidationEngine({ argoSchemaVersion: version, maxFileBytes: 1 << 20 }, []);
  return engine.validate('t.yaml', text).findings.map((f) => ({ ...f, text: text.slice(f.range.start, f.range.end), at: f.path.join('.') }));
}

const rollout = (container: string, podExtra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  strategy:
    canary:
      steps:
      - setWeight: 20
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
${container}${podExtra}`;

const RESOURCES = `        resources:
          limits:
            cpu: [a, b]
            memory: 12XB
          requests:
            cpu: 250m
            memory: 1.5Gi
            ephemeral-storage: 2G
            nvidia.com/gpu: 1
            hugepages-2Mi: 12K
`;

const VOLUMES = `      volumes:
      - name: config
        confgMap:
          name: web-config
      - name: certs
        secret:
          secretName: web-tls
          defaultMode: "0644"
      - name: scratch
        emptyDir:
          sizeLimit: 1GB
      - configMap:
          name: web-extra
          items:
          - key: app.properties
            path: app.properties
      - name: ok
        projected:
          sources:
          - serviceAccountToken:
              audience: vault
              expirationSeconds: 3600
              path: token
`;

describe('embedded core types in the Argo pod templates (issue 12 item 6)', () => {
  it("reports bad quantities in resources on the value, in the decoder's words, saying the controller fails to decode them", () => {
    const fs = findings(rollout(RESOURCES));
    assert.deepEqual(
      fs.map((f) => `${f.code} ${f.at} ${f.text}`),
      [
        'schema/quantity spec.template.spec.containers.0.resources.limits.cpu [a, b]',
        'schema/quantity spec.template.spec.containers.0.resources.limits.memory 12XB',
        'schema/quantity spec.template.spec.containers.0.resources.requests.hugepages-2Mi 12K',
      ],
    );
    assert.equal(
      fs[1].message,
      `spec.template.spec.containers[0].resources.limits.memory: string "12XB": ${ERR_FORMAT_WRONG}. The API server accepts it (the Rollout CRD does not check \`resources.limits\`), but the Argo Rollouts controller fails to decode it into core/v1 ResourceList (resource.Quantity values): it logs "malformed object" and drops the value, with whatever follows it in the object.`,
    );
    assert.ok(fs[0].message.includes(`a list: ${ERR_FORMAT_WRONG}`), fs[0].message);
    assert.ok(fs[2].message.includes(ERR_SUFFIX), fs[2].message);
    assert.ok(fs.every((f) => f.severity === 'error'));
  });

  it('checks volumes as core/v1 Volume: unknown fields on the key, wrong types, quantities, required names', () => {
    const fs = findings(rollout('', VOLUMES));
    assert.deepEqual(
      fs.map((f) => `${f.code} ${f.at} ${f.text.split('\n')[0]}`),
      [
        'schema/unknown-field spec.template.spec.volumes.0.confgMap confgMap',
        'schema/type spec.template.spec.volumes.1.secret.defaultMode "0644"',
        'schema/quantity spec.template.spec.volumes.2.emptyDir.sizeLimit 1GB',
        'schema/required spec.template.spec.volumes.3.name configMap:',
      ],
    );
    assert.match(
      fs[0].message,
      /did you mean `configMap`\?\. The API server accepts it \(the Rollout CRD does not check `volumes`\), but core\/v1 Volume has no such field: the Argo Rollouts controller drops it when it decodes the template\.$/,
    );
    assert.deepEqual(fs[0].fixes?.[0], { kind: 'replaceKey', with: 'configMap' });
    assert.match(fs[1].message, /expected integer, got string "0644"\. .*fails to decode it into core\/v1 Volume/);
    assert.match(fs[3].message, /missing required field "name".*rejects the ReplicaSet or Job the Argo Rollouts controller builds from the pod template \(core\/v1 Volume\)\.$/);
  });

  it('covers init and ephemeral containers, Experiment templates and job metrics, at both Argo versions', () => {
    const bad = '            memory: 12XB\n';
    const experiment = `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata:
  name: exp
spec:
  templates:
  - name: baseline
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        initContainers:
        - name: init
          image: busybox
          resources:
            requests:
  ${bad}        containers:
        - name: web
          image: nginx
`;
    const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: job
spec:
  metrics:
  - name: smoke
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: smoke
                image: curlimages/curl
                resources:
                  limits:
        ${bad}              volumes:
              - name: x
                emptyDir: {medium: Memory, sizeLimit: [1]}
`;
    const ephemeral = rollout(`      ephemeralContainers:\n      - name: debug\n        image: busybox\n        resources:\n          limits:\n${bad}`);
    for (const version of ['latest', 'v1.9.1'] as const) {
      assert.deepEqual(
        findings(experiment, version).map((f) => `${f.code} ${f.at}`),
        ['schema/quantity spec.templates.0.template.spec.initContainers.0.resources.requests.memory'],
        version,
      );
      assert.deepEqual(
        findings(template, version).map((f) => `${f.code} ${f.at}`),
        ['schema/quantity spec.metrics.0.provider.job.spec.template.spec.containers.0.resources.limits.memory', 'schema/quantity spec.metrics.0.provider.job.spec.template.spec.volumes.0.emptyDir.sizeLimit'],
        version,
      );
      assert.deepEqual(
        findings(ephemeral, version).map((f) => `${f.code} ${f.at}`),
        ['schema/quantity spec.template.spec.ephemeralContainers.0.resources.limits.memory'],
        version,
      );
      assert.match(findings(template, version)[0].message, /the AnalysisTemplate CRD does not check `resources\.limits`/);
    }
  });

  it('accepts what the controller decodes: numbers, nulls, every suffix form, the usual volume sources', () => {
    const fine = `        resources:
          limits: {cpu: 2, memory: 512Mi, nvidia.com/gpu: "1"}
          requests: {cpu: 0.5, memory: 5e8, ephemeral-storage: null}
`;
    const volumes = VOLUMES.replace('confgMap', 'configMap').replace('"0644"', '0644').replace('1GB', '1Gi').replace('      - configMap:\n', '      - name: extra\n        configMap:\n');
    assert.deepEqual(
      findings(rollout(fine, volumes)).map((f) => `${f.code} ${f.at}`),
      [],
    );
  });

  it('marks exactly the pod-template positions upstream left schemaless, in every vendored Argo CRD', () => {
    const pod = (p: string) => ['containers', 'ephemeralContainers', 'initContainers'].flatMap((c) => [`${p}.${c}[].resources.limits`, `${p}.${c}[].resources.requests`]).concat(`${p}.volumes`);
    const expected: Record<string, string[]> = {
      Rollout: pod('properties.spec.properties.template.properties.spec'),
      Experiment: pod('properties.spec.properties.templates[].properties.template.properties.spec'),
      AnalysisTemplate: pod('properties.spec.properties.metrics[].properties.provider.properties.job.properties.spec.properties.template.properties.spec'),
    };
    expected.ClusterAnalysisTemplate = expected.AnalysisTemplate;
    expected.AnalysisRun = expected.AnalysisTemplate;
    for (const src of CRD_SOURCES.filter((s) => s.folder.startsWith('argoproj.io'))) {
      const crd = parse(reindentQuotedContinuations(fs.readFileSync(path.join(schemasDir, 'upstream', src.folder, src.file), 'utf8')));
      const marked = graftEmbeddedCore(crd.spec.versions[0].schema.openAPIV3Schema).map((p) => p.replace(/(^|\.)properties\./g, '$1').replace(/^/, 'properties.'));
      const want = expected[src.kind].map((p) => p.replace(/(^|\.)properties\./g, '$1').replace(/^/, 'properties.'));
      assert.deepEqual(marked.sort(), want.sort(), `${src.folder}/${src.file}`);
    }
  });

  it('converts the vendored core/v1 definitions with Go decoding semantics', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(schemasDir, 'upstream', 'kubernetes', 'core-v1.json'), 'utf8'));
    const { definitions, positions } = convertCoreOpenApi(doc);
    const text = JSON.stringify(definitions);
    assert.deepEqual(Object.keys(definitions).length, Object.keys(doc.components.schemas).length);
    assert.ok(!text.includes('"default"') && !text.includes('#/components/') && !text.includes('"allOf"'), 'defaults, upstream refs and allOf wrappers are gone');
    assert.equal((definitions.Quantity as { format: string }).format, 'quantity');
    assert.equal((definitions.FieldsV1 as Record<string, unknown>)['x-kubernetes-preserve-unknown-fields'], true);
    assert.deepEqual(Object.keys(positions).sort(), ['PodSpec.volumes', 'ResourceRequirements.limits', 'ResourceRequirements.requests']);
    const volume = schemaAtPath(rootSchema('Rollout', 'latest')!, ['spec', 'template', 'spec', 'volumes', 0, 'secret', 'defaultMode']);
    assert.equal(volume?.maximum, 2147483647, 'int32 bounds; hover and completion reach into the core schema');
  });
});

describe('hover and completion inside embedded core types', () => {
  it('offer core/v1 Volume fields under volumes and describe them', async () => {
    const { parseManifestFile } = await import('../../../../src/core/manifest/manifestFile');
    const { schemaCompletionsAt, schemaHoverAt } = await import('../../../../src/core/schema/schemaAssist');
    const text = rollout('', '      volumes:\n      - name: config\n        configMap:\n          name: web-config\n          \n');
    const file = parseManifestFile(text);
    const labels = schemaCompletionsAt(file, text.lastIndexOf('          \n') + 10, 'latest').map((c) => c.label);
    assert.ok(labels.includes('items') && labels.includes('defaultMode') && labels.includes('optional'), labels.join(', '));
    const hover = schemaHoverAt(file, text.indexOf('configMap') + 2, 'latest');
    assert.match(hover?.markdown ?? '', /^\*\*configMap\*\* `object`[^]*Adapts a ConfigMap into a volume\./);
  });
});
