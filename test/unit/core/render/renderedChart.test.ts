import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lineStarts, positionAt, type Finding } from '../../../../src/core/findings';
import { rangeForPath } from '../../../../src/core/manifest/manifestDocument';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { mapRenderedFindings, renderErrorLocation, sourceComment, templatedValues } from '../../../../src/core/render/renderedChart';

const TEMPLATE =
  'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  strategy:\n    canary:\n      steps:\n        {{- toYaml .Values.steps | nindent 8 }}\n';
const RENDERED = '---\n# Source: web/templates/rollout.yaml\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  replicas: three\n  strategy:\n    canary:\n      steps:\n        - setWeigt: 5\n';

function finding(path: (string | number)[], prefer: 'key' | 'value'): Finding {
  const doc = parseManifestFile(RENDERED).documents.find((d) => d.kind === 'Rollout')!;
  return { code: 'c', severity: 'error', message: 'm', range: rangeForPath(doc, path, prefer), path, source: 'schema' };
}

describe('rendered chart output mapped to templates', () => {
  const map = (f: Finding) =>
    mapRenderedFindings({
      rendered: parseManifestFile(RENDERED),
      findings: [f],
      templates: new Map([['web/templates/rollout.yaml', { file: 'templates/rollout.yaml', text: TEMPLATE }]]),
      context: 'helm template web',
      fallback: { file: 'Chart.yaml', range: { start: 0, end: 1 } },
    })[0];
  const lineCol = (offset: number) => {
    const p = positionAt(lineStarts(TEMPLATE), offset);
    return `${p.line + 1}:${p.character + 1}`;
  };

  it('reads helm`s # Source comment', () => {
    assert.equal(sourceComment('# Source: web/templates/rollout.yaml\nkind: X\n'), 'web/templates/rollout.yaml');
    assert.equal(sourceComment('kind: X\n'), undefined);
  });

  it('a templated value: on the template`s value, saying what it rendered to', () => {
    const m = map(finding(['spec', 'replicas'], 'value'));
    assert.deepEqual([m.file, lineCol(m.finding.range.start), m.finding.message], ['templates/rollout.yaml', '6:13', 'm (rendered by helm template web as "three")']);
  });

  it('a key from toYaml: on its nearest literal ancestor, in the rendered output, with the rendered value', () => {
    const m = map(finding(['spec', 'strategy', 'canary', 'steps', 0, 'setWeigt'], 'key'));
    assert.deepEqual([m.file, lineCol(m.finding.range.start)], ['templates/rollout.yaml', '9:7']);
    assert.equal(m.finding.message, 'm (in the rendered output of helm template web, where spec.strategy.canary.steps[0].setWeigt is 5)');
  });

  it('what each templated value rendered to (hover), every value of a template rendered twice, nothing for literal values; the toYaml line its block', () => {
    const twice = `${RENDERED}---\n# Source: web/templates/rollout.yaml\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r2\nspec:\n  replicas: 4\n`;
    const values = templatedValues(parseManifestFile(twice), new Map([['web/templates/rollout.yaml', { file: 'templates/rollout.yaml', text: TEMPLATE }]]));
    assert.deepEqual([...values.keys()], ['templates/rollout.yaml']);
    assert.deepEqual(
      values.get('templates/rollout.yaml')!.map((v) => [lineCol(v.range.start), v.source, v.rendered]),
      [
        ['4:9', '{{ .Release.Name }}', ['r', 'r2']],
        ['6:13', '{{ .Values.replicas }}', ['three', 4]],
        // The toYaml's line: the steps it produced (templateBlocks.test.ts), from the one document that has them.
        ['10:9', '{{- toYaml .Values.steps | nindent 8 }}', []],
      ],
    );
    assert.deepEqual(values.get('templates/rollout.yaml')![2].blocks, ['- setWeigt: 5']);
    // A template without actions, or a document from another template, gives nothing.
    assert.equal(templatedValues(parseManifestFile(RENDERED), new Map([['web/templates/rollout.yaml', { file: 't', text: 'kind: Rollout\n' }]])).size, 0);
    assert.equal(templatedValues(parseManifestFile(RENDERED), new Map([['web/templates/other.yaml', { file: 'o', text: TEMPLATE }]])).size, 0);
  });

  it('finds where helm says a render failed', () => {
    assert.deepEqual(renderErrorLocation('execution error at (web/templates/rollout.yaml:20:28): image.tag is required'), { template: 'web/templates/rollout.yaml', line: 20, column: 28 });
    assert.deepEqual(renderErrorLocation('parse error at (web/templates/rollout.yaml:12): unexpected "}" in operand'), { template: 'web/templates/rollout.yaml', line: 12 });
    assert.deepEqual(renderErrorLocation('YAML parse error on web/templates/svc.yaml: error converting YAML to JSON'), { template: 'web/templates/svc.yaml', line: 1 });
    assert.equal(renderErrorLocation('Chart.yaml file is missing'), undefined);
  });
});
