/**
 * Documents read as kubectl reads them (src/core/manifest/kubectlYaml.ts): against what kubectl's
 * decoder answered for hand-picked documents (test/fixtures/goyaml/documents.json), on the vendored
 * Flagger CRDs and a Flagger install manifest (controller-gen's quoted descriptions continued at the
 * key's column), and a property round over generated documents with YAML 1.1 scalars, quoted
 * multi-line scalars at every indentation, block scalars and comments holding quote characters,
 * anchors, aliases and merge keys, whose expected value
 * is built from go-yaml's rules restated in goYamlModel.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeAsKubectl, readChunk } from '../../../../src/core/manifest/kubectlYaml';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { rangeForPath } from '../../../../src/core/manifest/manifestDocument';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { modelFold, modelResolve } from './goYamlModel';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures');
const recorded = JSON.parse(fs.readFileSync(path.join(fixtures, 'goyaml', 'documents.json'), 'utf8')) as { documents: { yaml: string; json?: unknown; error?: string }[] };

describe('documents read as kubectl reads them', () => {
  it('give the value kubectl’s decoder gave, and an error exactly where it failed', () => {
    for (const { yaml, json, error } of recorded.documents) {
      const r = readChunk(yaml, 0, 0, true);
      const errors = r.findings.filter((f) => f.severity === 'error' && f.code !== 'yaml/duplicate-key');
      if (error !== undefined) {
        assert.ok(errors.length > 0, `kubectl fails (${error}); we found nothing in:\n${yaml}`);
      } else {
        assert.deepEqual(errors, [], `kubectl reads:\n${yaml}`);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(r.value)), json, yaml);
      }
    }
  });

  it('read the vendored Flagger CRDs and a Flagger install manifest without a finding, as kubectl does', () => {
    const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 10_000_000 });
    const files = [...['canaries', 'metrictemplates', 'alertproviders'].map((f) => path.resolve(fixtures, '..', '..', 'schemas', 'upstream', 'flagger.app', `${f}.yaml`)), path.join(fixtures, 'flagger-install', 'flagger-install.yaml')];
    for (const file of files) {
      const result = engine.validate(file, fs.readFileSync(file, 'utf8'));
      assert.deepEqual(result.findings, [], file);
    }
    const install = parseManifestFile(fs.readFileSync(path.join(fixtures, 'flagger-install', 'flagger-install.yaml'), 'utf8'));
    assert.deepEqual(
      install.documents.map((d) => d.kind),
      ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'CustomResourceDefinition', 'CustomResourceDefinition', 'Deployment'],
    );
    const canaries = install.documents[3].value as { spec: { versions: { schema: { openAPIV3Schema: { properties: { apiVersion: { description: string } } } } }[] } };
    assert.equal(
      canaries.spec.versions[0].schema.openAPIV3Schema.properties.apiVersion.description,
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    );
  });

  it('keep source ranges of the original text when the document was re-indented to be read', () => {
    const text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: 'first\n  second'\n  b: x\n";
    const [md] = parseManifestFile(text).documents;
    assert.deepEqual(md.syntaxFindings, []);
    const r = rangeForPath(md, ['data', 'b'], 'value');
    assert.equal(text.slice(r.start, r.end), 'x');
    const q = rangeForPath(md, ['data', 'a'], 'value');
    assert.equal(text.slice(q.start, q.end), "'first\n  second'");
  });

  it('still report what kubectl rejects: a plain scalar continued at its key’s column, an unclosed quote', () => {
    for (const text of ['a:\n  plain: foo\n  bar\n', "a: 'unclosed\nb: c\n"]) {
      assert.ok(
        readChunk(text, 0, 0, true).findings.some((f) => f.code === 'yaml/syntax'),
        text,
      );
    }
    assert.throws(() => decodeAsKubectl("a: 'unclosed\n"), /YAML syntax error/);
  });

  it('name the duplicate key and the line of its first occurrence, kept right when lines are added above', () => {
    const doc = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  replicas: 1\n  paused: true\n  replicas: 2\n';
    const file = parseManifestFile(`a: 1\n---\n${doc}`);
    const f = file.documents[1].syntaxFindings.find((x) => x.code === 'yaml/duplicate-key');
    assert.match(f?.message ?? '', /^Duplicate key "replicas": already set on line 6\b/);
    const again = parseManifestFile(`# added\na: 1\n---\n${doc}`).documents[1].syntaxFindings.find((x) => x.code === 'yaml/duplicate-key');
    assert.match(again?.message ?? '', /already set on line 7\b/);
  });

  it('report an alias bomb on the document as not decoded, in bounded time', () => {
    let text = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: lol\n  labels:\n    a0: &a0 [lol, lol]\n';
    for (let i = 1; i <= 12; i++)
      text += `    a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const started = Date.now();
    const result = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 10_000_000 }).validate('bomb.yaml', text);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`); // bounded: the decoder stops after a few thousand steps
    const notDecoded = result.findings.filter((f) => f.code === 'yaml/not-decoded');
    assert.equal(notDecoded.length, 1);
    assert.match(notDecoded[0].message, /^Not validated: kubectl cannot decode this document: document contains excessive aliasing/);
  });

  it('decode generated documents (YAML 1.1 scalars, quoted multi-line scalars, anchors, aliases, merges) as go-yaml does', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const { text, value } = generateDocument(seed);
        const r = readChunk(text, 0, 0, true);
        assert.deepEqual(r.findings, [], text);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(r.value)), JSON.parse(JSON.stringify(value)), text);
      }),
      { numRuns: 600, seed: 1212 },
    );
  });
});

/** A small deterministic PRNG, so a failing seed reproduces the document. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN = ['yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', '~', 'null', '0755', '0o17', '0x1F', '-0x1f', '0b101', '1_000', '08', '1:30', '2001-12-14', '1e3', '.5', '+12', '-0', '30s', 'v1', 'nginx:1.25', "it's"];
const KEYS = ['a', 'b', 'name', 'spec', 'y', 'on', 'no', '1', '0x10', 'true'];
const WORDS = ['alpha', 'beta', "it's", 'gamma:', 'x # not a comment', '- dash', '{brace}', 'tab\there', '"dq"'];

interface Generated {
  lines: string[];
  value: unknown;
}

/**
 * A block document whose value is known by construction: plain scalars resolve by modelResolve,
 * quoted scalars are folded by modelFold whatever the continuation lines' indentation, aliases
 * copy their anchor's value, and `<<: *m` merges as go-yaml v2 does (in document order).
 */
function generateDocument(seed: number): { text: string; value: unknown } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const anchors: { name: string; value: unknown; isMap: boolean }[] = [];
  let anchorCount = 0;
  const clone = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

  const quoted = (keyCol: number): { first: string; rest: string[]; value: string } => {
    const n = 2 + Math.floor(r() * 3);
    const single = r() < 0.6;
    const q = single ? "'" : '"';
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && r() < 0.2) parts.push('');
      parts.push(pick(WORDS));
    }
    const src = parts.map((w) => (single ? w.replace(/'/g, "''") : w.replace(/"/g, '\\"')));
    // Continuation lines anywhere from column 0 to past the key: go-yaml does not care.
    const rest = src.slice(1).map((l, i) => (l === '' ? '' : ' '.repeat(Math.floor(r() * (keyCol + 4))) + l + (i === src.length - 2 ? q : '')));
    return { first: q + src[0], rest, value: modelFold(parts) };
  };

  const node = (indent: number, depth: number): Generated & { inline?: string } => {
    const c = r();
    if (c < 0.35 && anchors.length) {
      const a = pick(anchors);
      return { lines: [], value: clone(a.value), inline: `*${a.name}` };
    }
    if (depth >= 3 || c < 0.45) {
      const raw = pick(PLAIN);
      return { lines: [], value: modelResolve(raw), inline: raw };
    }
    if (c < 0.75) return map(indent, depth);
    return seq(indent, depth);
  };

  const map = (indent: number, depth: number): Generated => {
    const pad = ' '.repeat(indent);
    const out: Record<string, unknown> = {};
    const lines: string[] = [];
    const mergeable = anchors.filter((a) => a.isMap);
    if (mergeable.length && r() < 0.3) {
      const a = pick(mergeable);
      lines.push(`${pad}<<: *${a.name}`);
      Object.assign(out, clone(a.value));
    }
    const used = new Set<string>();
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const rawKey = pick(KEYS);
      const key = String(modelResolve(rawKey));
      if (used.has(key)) continue;
      used.add(key);
      if (r() < 0.15) lines.push(`${pad}# a comment with 'a quote and "another`);
      if (r() < 0.3) {
        const q = quoted(indent);
        lines.push(`${pad}${rawKey}: ${q.first}`, ...q.rest);
        out[key] = q.value;
        continue;
      }
      if (r() < 0.1) {
        // A literal block scalar whose lines look like quotes and comments: content, never re-indented.
        const body = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.5 ? `'${pick(WORDS)}` : pick(WORDS)));
        lines.push(`${pad}${rawKey}: |`, ...body.map((l) => `${pad}  ${l}`));
        out[key] = body.join('\n') + '\n';
        continue;
      }
      const v = node(indent + 2, depth + 1);
      if (v.inline !== undefined) lines.push(`${pad}${rawKey}: ${v.inline}`);
      else {
        const anchor = r() < 0.4 ? `a${anchorCount++}` : undefined;
        lines.push(`${pad}${rawKey}:${anchor ? ` &${anchor}` : ''}`, ...v.lines);
        if (anchor) anchors.push({ name: anchor, value: clone(v.value), isMap: !Array.isArray(v.value) });
      }
      out[key] = v.value;
    }
    return { lines, value: out };
  };

  const seq = (indent: number, depth: number): Generated => {
    const pad = ' '.repeat(indent);
    const items: unknown[] = [];
    const lines: string[] = [];
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      if (r() < 0.25) {
        const q = quoted(indent);
        lines.push(`${pad}- ${q.first}`, ...q.rest);
        items.push(q.value);
        continue;
      }
      const v = node(indent + 2, depth + 1);
      if (v.inline !== undefined) lines.push(`${pad}- ${v.inline}`);
      else lines.push(`${pad}-`, ...v.lines);
      items.push(v.value);
    }
    return { lines, value: items };
  };

  const doc = map(0, 0);
  return { text: doc.lines.join('\n') + '\n', value: doc.value };
}

describe('syntax errors in documents Rollout Lens does not validate', () => {
  it('are warnings, so a parser difference never fails a lint run; in our kinds they stay errors', () => {
    const broken = 'data:\n  a: [1, 2\n  b: x\n';
    const configMap = readChunk(`apiVersion: v1\nkind: ConfigMap\n${broken}`, 0, 0, true).findings;
    assert.ok(configMap.length > 0 && configMap.every((f) => f.code === 'yaml/syntax' && f.severity === 'warning'), JSON.stringify(configMap));
    assert.match(configMap[0].message, /this ConfigMap is not a document Rollout Lens validates/);
    const rollout = readChunk(`apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n${broken}`, 0, 0, true).findings;
    assert.ok(rollout.length > 0 && rollout.every((f) => f.severity === 'error'));
  });
});

describe('YAML 1.1 scalars in a Rollout', () => {
  it('accept paused: yes as kubectl does (a boolean), and read 0755 as 493', () => {
    const text =
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: demo\nspec:\n  paused: yes\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      containers:\n      - name: demo\n        image: nginx\n      volumes:\n      - name: v\n        configMap: {name: c, defaultMode: 0755}\n  strategy:\n    canary: {}\n';
    const result = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1_000_000 }).validate('r.yaml', text);
    assert.deepEqual(
      result.findings.map((f) => f.message),
      [],
    );
    const value = result.file.documents[0].value as { spec: { paused: unknown; template: { spec: { volumes: { configMap: { defaultMode: number } }[] } } } };
    assert.equal(value.spec.paused, true);
    assert.equal(value.spec.template.spec.volumes[0].configMap.defaultMode, 493);
  });
});
