/**
 * The eight custom resource kinds Rollout Lens understands, with the facts the validator, the
 * cluster layer and the CLI all need, as their CRDs declare them (argoproj/argo-rollouts `manifests/crds/` and fluxcd/flagger `artifacts/flagger/crd.yaml`). One table, so nothing re-derives them.
 */
export type Engine = 'argo' | 'flagger';

export type KnownKindName = 'Rollout' | 'AnalysisTemplate' | 'ClusterAnalysisTemplate' | 'AnalysisRun' | 'Experiment' | 'Canary' | 'MetricTemplate' | 'AlertProvider';

/** The kinds the tree, the lenses and the actions treat as workloads: an Argo Rollout and a Flagger Canary. */
export type WorkloadKind = 'Rollout' | 'Canary';

export interface KnownKind {
  group: string;
  version: string;
  kind: KnownKindName;
  plural: string;
  namespaced: boolean;
  shortNames: string[];
  engine: Engine;
  /** Whether the CRD enables the status subresource (the main endpoint then ignores `status`). */
  statusSubresource: boolean;
  /** The scale subresource's specReplicasPath, which the API server checks on every write (non-negative int32). */
  scaleSpecReplicasPath?: readonly string[];
}

export const KNOWN_KINDS: readonly KnownKind[] = [
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', plural: 'rollouts', namespaced: true, shortNames: ['ro'], engine: 'argo', statusSubresource: true, scaleSpecReplicasPath: ['spec', 'replicas'] },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'AnalysisTemplate', plural: 'analysistemplates', namespaced: true, shortNames: ['at'], engine: 'argo', statusSubresource: false },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'ClusterAnalysisTemplate', plural: 'clusteranalysistemplates', namespaced: false, shortNames: ['cat'], engine: 'argo', statusSubresource: false },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'AnalysisRun', plural: 'analysisruns', namespaced: true, shortNames: ['ar'], engine: 'argo', statusSubresource: false },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'Experiment', plural: 'experiments', namespaced: true, shortNames: ['exp'], engine: 'argo', statusSubresource: false },
  { group: 'flagger.app', version: 'v1beta1', kind: 'Canary', plural: 'canaries', namespaced: true, shortNames: ['canary'], engine: 'flagger', statusSubresource: true },
  { group: 'flagger.app', version: 'v1beta1', kind: 'MetricTemplate', plural: 'metrictemplates', namespaced: true, shortNames: [], engine: 'flagger', statusSubresource: true },
  { group: 'flagger.app', version: 'v1beta1', kind: 'AlertProvider', plural: 'alertproviders', namespaced: true, shortNames: [], engine: 'flagger', statusSubresource: true },
];

/** The table's entry for a kind the code names. */
export function knownKind(kind: KnownKindName): KnownKind {
  return KNOWN_KINDS.find((k) => k.kind === kind)!;
}

/** Where the API server serves a kind: what a request path or a watch needs. */
export function resourceOf(kind: KnownKindName): { group: string; version: string; kind: KnownKindName; plural: string } {
  const { group, version, plural } = knownKind(kind);
  return { group, version, kind, plural };
}

export function apiVersionOf(k: KnownKind): string {
  return `${k.group}/${k.version}`;
}

/** The known kind for an apiVersion + kind pair, or undefined (the document is then left alone). */
export function findKind(apiVersion: unknown, kind: unknown): KnownKind | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return KNOWN_KINDS.find((k) => k.kind === kind && apiVersionOf(k) === apiVersion);
}

/** A known kind whose group matches but whose version does not: worth a clear message, not silence. */
export function findKindWithOtherVersion(apiVersion: unknown, kind: unknown): KnownKind | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return KNOWN_KINDS.find((k) => k.kind === kind && k.group === group && apiVersionOf(k) !== apiVersion);
}
