// Every snippet, expanded with its defaults, must validate without errors (schema + rules), and
// must leave the user tab stops to decide with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ValidationEngine } from '../../../src/core/validation/engine';
import { summarizeStrategy } from '../../../src/core/strategy/summary';
import { parseManifestFile } from '../../../src/core/manifest/manifestFile';
import { expandSnippet, tabStops } from './snippetSyntax';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
const snippets = JSON.parse(fs.readFileSync('snippets/rollouts.json', 'utf8')) as Record<string, Snippet>;
const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });

test('the snippets are contributed for YAML', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  assert.ok(pkg.contributes.snippets.some((s: { language: string; path: string }) => s.language === 'yaml' && s.path === './snippets/rollouts.json'));
});

test('the catalogue covers every kind and strategy the issue lists', () => {
  const prefixes = Object.values(snippets).map((s) => s.prefix);
  for (const p of [
    'argo-rollout-canary',
    'argo-rollout-canary-nginx',
    'argo-rollout-canary-istio',
    'argo-rollout-canary-smi',
    'argo-rollout-canary-alb',
    'argo-rollout-canary-gateway-api',
    'argo-rollout-bluegreen',
    'argo-rollout-bluegreen-auto',
    'argo-rollout-workloadref',
    'argo-analysistemplate-prometheus',
    'argo-analysistemplate-web',
    'argo-analysistemplate-job',
    'argo-clusteranalysistemplate-prometheus',
    'argo-experiment',
    'flagger-canary',
    'flagger-canary-bluegreen',
    'flagger-canary-ab-header',
    'flagger-canary-ab-cookie',
    'flagger-canary-mirror',
    'flagger-canary-gates',
    'flagger-metrictemplate',
    'flagger-alertprovider',
  ]) {
    assert.ok(prefixes.includes(p), p);
  }
  assert.equal(new Set(prefixes).size, prefixes.length);
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a manifest without errors`, () => {
    const body = s.body.join('\n');
    assert.ok(s.description.length > 20);
    assert.ok(tabStops(body).length >= 2, 'needs tab stops for the user to decide');
    const text = expandSnippet(body) + '\n';
    const r = engine.validate(`snippet:${name}.yaml`, text);
    const errors = r.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);
    assert.deepEqual(errors, [], text);
    const [doc] = parseManifestFile(text).documents;
    assert.ok(doc.known, `${doc.kind} is a known kind`);
    if (doc.kind === 'Rollout' || doc.kind === 'Canary') assert.ok(summarizeStrategy(doc.kind, doc.value)?.text);
  });
}
