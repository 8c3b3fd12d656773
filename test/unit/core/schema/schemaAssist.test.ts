import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { schemaCompletionsAt, schemaHoverAt } from '../../../../src/core/schema/schemaAssist';
import { cursorContext } from '../../../../src/core/schema/cursorContext';

/** `|` marks the cursor; returns the text without it and the offset. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  replicas: 3
  strategy:
    canary:
      maxSurge: 1
  template:
    spec:
      containers:
      - name: app
        image: nginx
        ports:
        - containerPort: 80
`;

describe('cursorContext: reading structure from indentation', () => {
  it('finds the mapping of a half-typed key and its present siblings', () => {
    const { text, offset } = at(rollout.replace('  strategy:', '  stra|\n  strategy:'));
    assert.deepEqual(cursorContext(text, offset), { path: ['spec'], position: 'key', partial: 'stra', keyColumn: 2, presentKeys: ['replicas', 'strategy', 'template'] });
  });

  it('counts sequence items and follows compact sequences', () => {
    const { text, offset } = at(rollout.replace('        - containerPort: 80\n', '        - containerPort: 80\n          |\n'));
    assert.deepEqual(cursorContext(text, offset)?.path, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0]);
    const second = at(rollout + '      - name: sidecar\n        |\n');
    assert.deepEqual(cursorContext(second.text, second.offset)?.path, ['spec', 'template', 'spec', 'containers', 1]);
    assert.deepEqual(cursorContext(second.text, second.offset)?.presentKeys, ['name']);
  });

  it('recognises a value position', () => {
    const { text, offset } = at('apiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n  provider: ist|\n');
    assert.deepEqual(cursorContext(text, offset), { path: ['spec', 'provider'], position: 'value', partial: 'ist', keyColumn: 2, presentKeys: [] });
  });

  it('gives up inside comments and flow collections', () => {
    assert.equal(cursorContext('spec:\n  # stra', 14), undefined);
    assert.equal(cursorContext('spec: {stra', 11), undefined);
  });
});

describe('schemaCompletionsAt', () => {
  it('offers the keys allowed under spec that are not present yet, with descriptions, on a half-typed line', () => {
    const { text, offset } = at(rollout.replace('  strategy:', '  stra|\n  strategy:'));
    const items = schemaCompletionsAt(parseManifestFile(text), offset, 'latest');
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('selector') && labels.includes('revisionHistoryLimit'), labels.join(','));
    assert.ok(!labels.includes('replicas') && !labels.includes('strategy'));
    const selector = items.find((i) => i.label === 'selector')!;
    assert.equal(selector.kind, 'property');
    assert.match(selector.documentation ?? '', /label selector/i);
    assert.equal(selector.insertText, 'selector:\n    ');
  });

  it('works on an empty line under a mapping, and uses HEAD descriptions for v1.9.1', () => {
    const { text, offset } = at(rollout.replace('      maxSurge: 1\n', '      maxSurge: 1\n      |\n'));
    const items = schemaCompletionsAt(parseManifestFile(text), offset, 'v1.9.1');
    const steps = items.find((i) => i.label === 'steps');
    assert.ok(steps, items.map((i) => i.label).join(','));
    assert.ok(steps.documentation && steps.documentation.length > 10, 'description from the HEAD schema');
    assert.ok(!items.some((i) => i.label === 'maxSurge'));
  });

  it('offers enum values for a value position', () => {
    const { text, offset } = at('apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: x\nspec:\n  provider: |\n');
    const labels = schemaCompletionsAt(parseManifestFile(text), offset, 'latest').map((i) => i.label);
    assert.ok(labels.includes('istio') && labels.includes('linkerd'), labels.join(','));
    assert.ok(labels.includes('"appmesh:v1beta2"'), `values with a colon are quoted: ${labels.join(',')}`);
  });

  it('completes ObjectMeta fields under metadata', () => {
    const { text, offset } = at(rollout.replace('  name: demo\n', '  name: demo\n  |\n'));
    const labels = schemaCompletionsAt(parseManifestFile(text), offset, 'latest').map((i) => i.label);
    assert.ok(labels.includes('namespace') && labels.includes('labels') && !labels.includes('name'), labels.join(','));
  });

  it('offers nothing for documents that are not our kinds', () => {
    const { text, offset } = at('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |\n');
    assert.deepEqual(schemaCompletionsAt(parseManifestFile(text), offset, 'latest'), []);
  });
});

describe('schemaHoverAt', () => {
  it('describes the key under the cursor: description, type, required-ness, range of the key', () => {
    const text = 'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: x\nspec:\n  provider: istio\n  service:\n    port: 80\n';
    const file = parseManifestFile(text);
    const portAt = text.indexOf('port:') + 1;
    const hover = schemaHoverAt(file, portAt, 'latest')!;
    assert.equal(text.slice(hover.range.start, hover.range.end), 'port');
    assert.match(hover.markdown, /\*\*port\*\* `number` · required/);
    assert.match(hover.markdown, /spec\.service\.port/);
    const provider = schemaHoverAt(file, text.indexOf('istio') + 2, 'latest')!;
    assert.equal(text.slice(provider.range.start, provider.range.end), 'istio');
    assert.match(provider.markdown, /Allowed values: .*`"istio"`/);
  });

  it('falls back to HEAD descriptions for v1.9.1 and says nothing outside our kinds', () => {
    const file = parseManifestFile(rollout);
    const hover = schemaHoverAt(file, rollout.indexOf('maxSurge') + 2, 'v1.9.1')!;
    assert.match(hover.markdown, /\*\*maxSurge\*\* `integer or string`/);
    assert.match(hover.markdown, /maximum number of pods/i);
    assert.equal(schemaHoverAt(parseManifestFile('kind: ConfigMap\napiVersion: v1\ndata:\n  a: b\n'), 30, 'latest'), undefined);
  });

  it('says how kubectl reads a YAML 1.1 scalar such as paused: yes, and nothing for ordinary values', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: demo\nspec:\n  paused: yes\n  replicas: 3\n';
    const file = parseManifestFile(text);
    const hover = schemaHoverAt(file, text.indexOf('yes') + 1, 'latest')!;
    assert.match(hover.markdown, /`yes` is read as `true` by kubectl \(YAML 1\.1, as go-yaml decodes it; YAML 1\.2 tools read `"yes"`\)/);
    assert.doesNotMatch(schemaHoverAt(file, text.indexOf('3\n'), 'latest')!.markdown, /read as/);
  });
});
