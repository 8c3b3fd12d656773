import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exceedsFlowDepth, exceedsUtf8Bytes, MAX_FLOW_DEPTH, ValidationEngine, type EngineOptions } from '../../../../src/core/validation/engine';
import type { Rule } from '../../../../src/core/rules/ruleTypes';
import { rangeForPath } from '../../../../src/core/manifest/manifestDocument';
import { withSeverityOverrides } from '../../../../src/core/validation/fileFindings';

const options: EngineOptions = { argoSchemaVersion: 'latest', maxFileBytes: 10 * 1024 * 1024 };

const rolloutDoc = (i: number, replicas: number | string = 1) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: r${i}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: r${i}}
  strategy:
    canary:
      steps:
      - setWeight: 50
  template:
    metadata:
      labels: {app: r${i}}
    spec:
      containers:
      - name: app
        image: nginx
`;

const manyDocs = (n: number, bad?: number) => Array.from({ length: n }, (_, i) => rolloutDoc(i, i === bad ? '"x"' : 1)).join('---\n');

describe('ValidationEngine', () => {
  it('revalidates only the document an edit touched, and moves the others findings with their text', () => {
    const engine = new ValidationEngine(options, []);
    const text = manyDocs(1000, 700);
    const first = engine.validate('f', text);
    assert.equal(engine.lastRevalidatedDocuments, 1000);
    assert.equal(first.findings.length, 1);
    assert.equal(text.slice(first.findings[0].range.start, first.findings[0].range.end), '"x"');

    // A one-character edit in document 3 (before the bad one): only that document is revalidated,
    // and the finding in document 700 moves by one character.
    const at = text.indexOf('replicas: 1', text.indexOf('name: r3')) + 'replicas: '.length;
    const edited = text.slice(0, at) + '2' + text.slice(at);
    const second = engine.validate('f', edited);
    assert.equal(engine.lastRevalidatedDocuments, 1);
    assert.equal(second.findings.length, 1);
    assert.equal(second.findings[0].range.start, first.findings[0].range.start + 1);
    assert.equal(edited.slice(second.findings[0].range.start, second.findings[0].range.end), '"x"');

    engine.validate('f', edited);
    assert.equal(engine.lastRevalidatedDocuments, 0, 'unchanged text: nothing revalidated');
  });

  it('applies rules to their kinds, honours severity overrides and turns a crashing rule into a finding', () => {
    const seen: string[] = [];
    const rules: Rule[] = [
      {
        id: 'test/replicas',
        defaultSeverity: 'warning',
        kinds: ['Rollout'],
        description: 'flags replicas',
        check: (doc) => {
          seen.push(doc.kind!);
          return [{ code: 'test/replicas', severity: 'warning', message: 'replicas set', range: rangeForPath(doc, ['spec', 'replicas']), path: ['spec', 'replicas'], source: 'rules' }];
        },
      },
      {
        id: 'test/crash',
        defaultSeverity: 'error',
        kinds: ['Rollout'],
        description: 'throws',
        check: () => {
          throw new Error('boom');
        },
      },
      {
        id: 'test/canary-only',
        defaultSeverity: 'error',
        kinds: ['Canary'],
        description: 'never applies',
        check: () => {
          throw new Error('must not run');
        },
      },
    ];
    const text = rolloutDoc(0) + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    const engine = new ValidationEngine(options, rules);
    const r = engine.validate('f', text);
    assert.deepEqual(seen, ['Rollout']);
    assert.deepEqual(r.findings.map((f) => `${f.code}:${f.severity}`).sort(), ['engine/rule-crashed:warning', 'test/replicas:warning']);
    const crashed = r.findings.find((f) => f.code === 'engine/rule-crashed')!;
    assert.match(crashed.message, /test\/crash.*boom/);
    const replicas = r.findings.find((f) => f.code === 'test/replicas')!;
    assert.equal(text.slice(replicas.range.start, replicas.range.end), 'replicas');

    engine.setOptions({ ...options, severityOverrides: { 'test/replicas': 'error', 'test/crash': 'off' } });
    assert.deepEqual(
      engine.validate('f', text).findings.map((f) => `${f.code}:${f.severity}`),
      ['test/replicas:error'],
    );
    engine.setOptions({ ...options, severityOverrides: { 'test/replicas': 'off', 'test/crash': 'off' } });
    assert.deepEqual(engine.validate('f', text).findings, []);
  });

  it('a file it cannot validate at all is one engine/internal-error finding, an error by default so lint fails', () => {
    class ThrowingMap extends Map<string, never> {
      override get(): never {
        throw new Error('schema lookup exploded');
      }
    }
    const broken: EngineOptions = { ...options, clusterSchemas: { context: 'c', crds: new ThrowingMap(), notInstalled: [], unavailable: [] } };
    const engine = new ValidationEngine(broken, []);
    const r = engine.validate('f', rolloutDoc(1));
    assert.deepEqual(
      r.findings.map((f) => `${f.code}:${f.severity}`),
      ['engine/internal-error:error'],
    );
    assert.match(r.findings[0].message, /could not validate this file: schema lookup exploded/);
    // A user who would rather not fail on it can still say so (the settings and --severity).
    assert.deepEqual(
      withSeverityOverrides(r.findings, { 'engine/internal-error': 'warning' }).map((f) => f.severity),
      ['warning'],
    );
  });

  it('overrides schema codes too', () => {
    const engine = new ValidationEngine({ ...options, severityOverrides: { 'schema/type': 'info' } }, []);
    assert.deepEqual(
      engine.validate('f', manyDocs(2, 1)).findings.map((f) => f.severity),
      ['info'],
    );
  });

  it('skips files over the size limit with one notice and no findings', () => {
    const engine = new ValidationEngine({ ...options, maxFileBytes: 1000 }, []);
    const r = engine.validate('big', manyDocs(5, 2));
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped!.reason, /larger than the 1000 bytes limit/);
    assert.equal(engine.validate('small', rolloutDoc(1, '"x"')).findings.length, 1);
  });

  it('counts UTF-8 bytes, not UTF-16 units, for the limit', () => {
    assert.equal(exceedsUtf8Bytes('é'.repeat(10), 15), true);
    assert.equal(exceedsUtf8Bytes('é'.repeat(10), 20), false);
    assert.equal(exceedsUtf8Bytes('😀'.repeat(4), 15), true);
    assert.equal(exceedsUtf8Bytes('😀'.repeat(4), 16), false);
  });

  it('reports YAML syntax errors where they are and switches the version with setOptions', () => {
    const engine = new ValidationEngine(options, []);
    const broken = rolloutDoc(0).replace('replicas: 1', 'replicas: [1');
    const r = engine.validate('f', broken);
    assert.ok(r.findings.length > 0 && r.findings.every((f) => f.source === 'yaml'));
    const at = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: a\nspec:\n  metrics:\n  - name: m\n    provider:\n      datadog:\n        query: q\n        requestTimeout: 10s\n';
    assert.equal(engine.validate('a', at).findings.length, 0);
    engine.setOptions({ ...options, argoSchemaVersion: 'v1.9.1' });
    assert.equal(engine.validate('a', at).findings.length, 1);
  });

  it('never throws and keeps every range inside the text on odd input', () => {
    const engine = new ValidationEngine(options);
    const inputs = [
      '',
      '---',
      '\u0000\u0001',
      'a: &x [*x]',
      '- - - -',
      'kind: Rollout\napiVersion: argoproj.io/v1alpha1\nspec: [',
      '{'.repeat(5000),
      '{a: '.repeat(60),
      '\uFEFFkind: Canary\napiVersion: flagger.app/v1beta1\nspec: 3\n',
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n<<: *nope\n',
    ];
    for (const text of inputs) {
      const r = engine.validate('odd', text);
      for (const f of r.findings) assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${JSON.stringify(text.slice(0, 20))}: ${JSON.stringify(f.range)}`);
    }
  });

  it('forgets a file', () => {
    const engine = new ValidationEngine(options, []);
    engine.validate('f', rolloutDoc(0));
    engine.forget('f');
    engine.validate('f', rolloutDoc(0));
    assert.equal(engine.lastRevalidatedDocuments, 1, 'cache by document survives, parse state was dropped');
  });
});

describe('ValidationEngine: pathological nesting', () => {
  it('skips files whose flow collections nest deeper than the limit instead of hanging', () => {
    const engine = new ValidationEngine(options, []);
    const r = engine.validate('deep', 'a: ' + '{'.repeat(MAX_FLOW_DEPTH + 1));
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped!.reason, /nested more than 64 levels/);
    assert.equal(exceedsFlowDepth('a: [[1]]\n---\nb: [[2]]', 2), false);
    assert.equal(exceedsFlowDepth('a: [[[1]]]', 2), true);
  });
});
