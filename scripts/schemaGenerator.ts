/**
 * Turns the vendored upstream CRDs (schemas/upstream/, unchanged) into the JSON Schemas the
 * extension ships (schemas/*.json). Pure: `generateSchemas()` returns file name → content, so the
 * staleness test can regenerate in memory and compare with what is committed.
 *
 * What the generator does, and why:
 * - takes `spec.versions[0].schema.openAPIV3Schema` of each CRD (all eight serve exactly one version,
 *   REFERENCE.md 2.1) and keeps every keyword, including the `x-kubernetes-*` extensions the
 *   validator needs (int-or-string, preserve-unknown-fields, list types, CEL rules);
 * - de-duplicates identical sub-schemas into `definitions` + `$ref` (the pod template appears many
 *   times per CRD), which keeps the shipped files small; JSON Schema tools (ajv,
 *   yaml-language-server) read `$ref` natively and our catalog links them at load time;
 * - tolerates one upstream YAML quirk: Flagger's CRD continues single-quoted descriptions on lines
 *   indented like their key, which Go's YAML parser accepts and the `yaml` package (correctly, per
 *   YAML 1.2) rejects. We re-indent those continuation lines before parsing; line folding inside a
 *   quoted scalar discards leading blanks, so the parsed text is identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export type SchemaVersion = 'latest' | 'v1.9.1';

export interface CrdSource {
  /** Folder under schemas/upstream. */
  folder: string;
  file: string;
  kind: string;
  apiVersion: string;
  /** Which Argo schema version this file belongs to; Flagger files serve both. */
  versions: SchemaVersion[];
  upstream: string;
}

const ARGO_HEAD = 'argoproj/argo-rollouts@9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d';
const ARGO_191 = 'argoproj/argo-rollouts@b6bd3bcf8f60d717a98763d26acc983db7f97cb0 (v1.9.1)';
const FLAGGER = 'fluxcd/flagger@15bd6ad555e6c935da55f0ab95977be74c149bd6 (v1.44.0)';

const ARGO_KINDS: [string, string][] = [
  ['rollouts.yaml', 'Rollout'],
  ['analysistemplates.yaml', 'AnalysisTemplate'],
  ['clusteranalysistemplates.yaml', 'ClusterAnalysisTemplate'],
  ['analysisruns.yaml', 'AnalysisRun'],
  ['experiments.yaml', 'Experiment'],
];
const FLAGGER_KINDS: [string, string][] = [
  ['canaries.yaml', 'Canary'],
  ['metrictemplates.yaml', 'MetricTemplate'],
  ['alertproviders.yaml', 'AlertProvider'],
];

export const CRD_SOURCES: CrdSource[] = [
  ...ARGO_KINDS.map(([file, kind]) => ({ folder: 'argoproj.io', file, kind, apiVersion: 'argoproj.io/v1alpha1', versions: ['latest'] as SchemaVersion[], upstream: ARGO_HEAD })),
  ...ARGO_KINDS.map(([file, kind]) => ({ folder: 'argoproj.io@v1.9.1', file, kind, apiVersion: 'argoproj.io/v1alpha1', versions: ['v1.9.1'] as SchemaVersion[], upstream: ARGO_191 })),
  ...FLAGGER_KINDS.map(([file, kind]) => ({ folder: 'flagger.app', file, kind, apiVersion: 'flagger.app/v1beta1', versions: ['latest', 'v1.9.1'] as SchemaVersion[], upstream: FLAGGER })),
];

/** The generated file name for a source: one file per kind and Argo version. */
export function schemaFileName(src: Pick<CrdSource, 'folder' | 'kind'>): string {
  const engine = src.folder.startsWith('flagger') ? 'flagger' : 'argo';
  const suffix = src.folder === 'argoproj.io@v1.9.1' ? '.v1.9.1' : engine === 'argo' ? '.latest' : '';
  return `${engine}-${src.kind.toLowerCase()}${suffix}.json`;
}

/** Re-indents continuation lines of multi-line single-quoted scalars (see the header comment). */
export function reindentQuotedContinuations(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?[\w$.-]+: '(.*)$/.exec(lines[i]);
    if (!m || m[2].replace(/''/g, '').includes("'")) continue;
    const indent = m[1].length;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      const lead = line.length - line.trimStart().length;
      if (lead <= indent && line.trim() !== '') lines[j] = ' '.repeat(indent + 2 - lead) + line;
      if (line.replace(/''/g, '').includes("'")) break;
    }
    i = j;
  }
  return lines.join('\n');
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Sub-schemas smaller than this stay inline: a `$ref` would not save anything. */
const MIN_SHARED_SIZE = 400;

/**
 * Replaces every sub-schema that occurs more than once (by canonical JSON) with a `$ref` into
 * `definitions`. Bottom-up, so shared parts of shared parts are shared too. Names are derived from
 * the first property path that used them, made unique with a counter: deterministic for a given input.
 */
export function deduplicate(root: Record<string, Json>): Record<string, Json> {
  const counts = new Map<string, number>();
  const canon = (n: Json): string => JSON.stringify(n);
  const visit = (n: Json, f: (s: Record<string, Json>) => void): void => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) for (const p of Object.values(v)) visit(p, f);
      else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') visit(v as Json, f);
      else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) v.forEach((x) => visit(x, f));
    }
    f(n);
  };
  visit(root, (s) => {
    const c = canon(s);
    if (c.length >= MIN_SHARED_SIZE) counts.set(c, (counts.get(c) ?? 0) + 1);
  });
  const definitions: Record<string, Json> = {};
  const nameOf = new Map<string, string>();
  const used = new Set<string>();
  const rewrite = (n: Json, hint: string): Json => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, rewrite(pv, pk)]));
      } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') {
        out[k] = rewrite(v as Json, k === 'items' ? `${hint}Item` : hint);
      } else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) {
        out[k] = v.map((x) => rewrite(x, hint));
      } else out[k] = v;
    }
    const c = canon(n);
    if ((counts.get(c) ?? 0) < 2) return out;
    let name = nameOf.get(c);
    if (!name) {
      const base = hint.replace(/[^A-Za-z0-9]/g, '') || 'schema';
      name = base;
      for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      nameOf.set(c, name);
      definitions[name] = out;
    }
    return { $ref: `#/definitions/${name}` };
  };
  const body = rewrite(root, 'root') as Record<string, Json>;
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  return Object.keys(sorted).length ? { ...body, definitions: sorted } : body;
}

export interface GeneratedIndexEntry {
  kind: string;
  apiVersion: string;
  versions: SchemaVersion[];
  file: string;
  upstream: string;
  source: string;
}

/** Generates every schema file plus `index.json`; returns file name (relative to schemas/) → text. */
export function generateSchemas(schemasDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const index: GeneratedIndexEntry[] = [];
  for (const src of CRD_SOURCES) {
    const crdPath = path.join(schemasDir, 'upstream', src.folder, src.file);
    const crd = parse(reindentQuotedContinuations(fs.readFileSync(crdPath, 'utf8'))) as {
      spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, Json> } }[] };
    };
    if (crd.spec.names.kind !== src.kind) throw new Error(`${crdPath}: expected kind ${src.kind}, found ${crd.spec.names.kind}`);
    const version = crd.spec.versions[0];
    if (`${src.apiVersion.split('/')[0]}/${version.name}` !== src.apiVersion) throw new Error(`${crdPath}: unexpected version ${version.name}`);
    const file = schemaFileName(src);
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://rollout-lens.invalid/schemas/${file}`,
      title: `${src.kind} (${src.apiVersion})`,
      $comment: `Generated by \`npm run schemas\` from schemas/upstream/${src.folder}/${src.file} (${src.upstream}, Apache-2.0). Do not edit.`,
      ...deduplicate(version.schema.openAPIV3Schema),
    };
    out.set(file, JSON.stringify(schema) + '\n');
    index.push({ kind: src.kind, apiVersion: src.apiVersion, versions: src.versions, file, upstream: src.upstream, source: `upstream/${src.folder}/${src.file}` });
  }
  out.set('index.json', JSON.stringify(index, null, 1) + '\n');
  return out;
}
