/**
 * Turns the vendored upstream CRDs (schemas/upstream/, unchanged) into the JSON Schemas the
 * extension ships (schemas/*.json). Pure: `generateSchemas()` returns file name → content, so the
 * staleness test can regenerate in memory and compare with what is committed.
 *
 * The conversion of one CRD is src/core/schema/crdSchema.ts (`schemaFromCrd`), shared with the
 * cluster layer, which applies it to the CRDs a context serves. Here:
 * - each CRD serves exactly one version (one `spec.versions` entry upstream), checked against CRD_SOURCES;
 * - the vendored core/v1 definitions (schemas/upstream/kubernetes/core-v1.json, see
 *   scripts/vendorKubernetesSchemas.ts) become schemas/kubernetes-core-v1.json, which the catalog
 *   links into the pod-template positions the Argo CRDs leave unchecked (embeddedCore.ts);
 * - reads each CRD as `kubectl apply` does (src/core/manifest/kubectlYaml.ts `decodeAsKubectl`):
 *   Flagger's CRD continues single-quoted descriptions on lines indented like their key, which
 *   go-yaml accepts and the `yaml` package (per YAML 1.2) rejects, and YAML 1.1 scalars resolve as
 *   go-yaml resolves them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeAsKubectl } from '../src/core/manifest/kubectlYaml';
import { reindentFlowContinuations } from '../src/core/manifest/flowContinuations';
import { CORE_SCHEMA_FILE } from '../src/core/schema/catalog';
import { schemaFromCrd, type CrdObject } from '../src/core/schema/crdSchema';
import { convertCoreOpenApi } from '../src/core/schema/embeddedCore';

export { deduplicate } from '../src/core/schema/crdSchema';

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

/**
 * The text with quoted scalars' under-indented continuation lines re-indented, so that the `yaml`
 * package parses it as go-yaml does (tests parse vendored CRDs with it). The rule lives in
 * src/core/manifest/flowContinuations.ts.
 */
export function reindentQuotedContinuations(text: string): string {
  return reindentFlowContinuations(text)?.text ?? text;
}

export const KUBERNETES_UPSTREAM = 'kubernetes/kubernetes@v1.35.4 api/openapi-spec/v3/api__v1_openapi.json';

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
    const crd = decodeAsKubectl(fs.readFileSync(crdPath, 'utf8')) as CrdObject;
    if (crd.spec.names.kind !== src.kind) throw new Error(`${crdPath}: expected kind ${src.kind}, found ${crd.spec.names.kind}`);
    const version = crd.spec.versions[0];
    if (`${src.apiVersion.split('/')[0]}/${version.name}` !== src.apiVersion) throw new Error(`${crdPath}: unexpected version ${version.name}`);
    const file = schemaFileName(src);
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://rollout-lens.invalid/schemas/${file}`,
      title: `${src.kind} (${src.apiVersion})`,
      $comment: `Generated by \`npm run schemas\` from schemas/upstream/${src.folder}/${src.file} (${src.upstream}, Apache-2.0). Do not edit.`,
      ...schemaFromCrd(crd, version.name),
    };
    out.set(file, JSON.stringify(schema) + '\n');
    index.push({ kind: src.kind, apiVersion: src.apiVersion, versions: src.versions, file, upstream: src.upstream, source: `upstream/${src.folder}/${src.file}` });
  }
  const coreDoc = JSON.parse(fs.readFileSync(path.join(schemasDir, 'upstream', 'kubernetes', 'core-v1.json'), 'utf8')) as Parameters<typeof convertCoreOpenApi>[0];
  const core = {
    $comment: `Generated by \`npm run schemas\` from schemas/upstream/kubernetes/core-v1.json (${KUBERNETES_UPSTREAM}, Apache-2.0): the core/v1 types the Argo CRDs embed without a schema, as the controller decodes them. Do not edit.`,
    ...convertCoreOpenApi(coreDoc),
  };
  out.set(CORE_SCHEMA_FILE, JSON.stringify(core) + '\n');
  out.set('index.json', JSON.stringify(index, null, 1) + '\n');
  return out;
}
