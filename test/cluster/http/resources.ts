/**
 * The resource types the test API server serves, with what discovery, the object store and `kubectl get`
 * need to know about each: kind, plural, scope, short names, categories, verbs, subresources and the
 * printer columns a real server would use for Table output.
 *
 * The custom resources come from `src/core/kinds.ts` (one table for the whole project); their printer
 * columns are copied from the upstream CRDs (argo-rollouts v1.9 `manifests/crds/*.yaml`, flagger
 * `artifacts/flagger/crd.yaml`). The core and apps types mirror what kube-apiserver 1.32 lists in
 * discovery, trimmed to the resources the extension and the simulated controllers use.
 */
import { KNOWN_KINDS, type Engine } from '../../../src/core/kinds';
import type { GroupVersionResource } from '../store/objectStore';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  statusSubresource: boolean;
  /** Paths of the scale subresource, when the type has one. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Custom resources answer strategic merge patch with 415; built-in types accept it. */
  custom: boolean;
  engine?: Engine;
  printerColumns?: PrinterColumn[];
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

const CUSTOM_COLUMNS: Record<string, PrinterColumn[]> = {
  rollouts: [
    { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas', description: 'Number of desired pods' },
    { name: 'Current', type: 'integer', jsonPath: '.status.replicas', description: 'Total number of non-terminated pods targeted by this rollout' },
    { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas', description: 'Total number of non-terminated pods targeted by this rollout that have the desired template spec' },
    { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this rollout' },
    AGE,
  ],
  analysisruns: [{ name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'AnalysisRun status' }, AGE],
  experiments: [{ name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'Experiment status' }, AGE],
  analysistemplates: [AGE],
  clusteranalysistemplates: [AGE],
  canaries: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Weight', type: 'string', jsonPath: '.status.canaryWeight' },
    { name: 'Suspended', type: 'boolean', jsonPath: '.spec.suspend', priority: 1 },
    { name: 'FailedChecks', type: 'string', jsonPath: '.status.failedChecks', priority: 1 },
    { name: 'Interval', type: 'string', jsonPath: '.spec.analysis.interval', priority: 1 },
    { name: 'Mirror', type: 'boolean', jsonPath: '.spec.analysis.mirror', priority: 1 },
    { name: 'StepWeight', type: 'string', jsonPath: '.spec.analysis.stepWeight', priority: 1 },
    { name: 'StepWeights', type: 'string', jsonPath: '.spec.analysis.stepWeights', priority: 1 },
    { name: 'MaxWeight', type: 'string', jsonPath: '.spec.analysis.maxWeight', priority: 1 },
    { name: 'LastTransitionTime', type: 'string', jsonPath: '.status.lastTransitionTime' },
  ],
  metrictemplates: [{ name: 'Provider', type: 'string', jsonPath: '.spec.provider.type' }],
  alertproviders: [{ name: 'Type', type: 'string', jsonPath: '.spec.type' }],
};

function builtin(group: string, version: string, resource: string, kind: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    statusSubresource: false,
    custom: false,
    ...extra,
  };
}

/** Built-in types (always served, as on every real cluster). */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  builtin('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'], statusSubresource: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  builtin('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], statusSubresource: true }),
  builtin('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'], statusSubresource: true }),
  builtin('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  builtin('', 'v1', 'secrets', 'Secret', true),
  builtin('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  builtin('apps', 'v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  }),
  builtin('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  }),
  builtin('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, { shortNames: ['ing'], statusSubresource: true }),
  builtin('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, { shortNames: ['crd', 'crds'], statusSubresource: true }),
  builtin('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, { verbs: ['create'] }),
  builtin('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, { verbs: ['create'] }),
];

/** The custom resource types of an engine (argo, flagger), from the project's kinds table. */
export function engineResources(engine: Engine): ResourceType[] {
  return KNOWN_KINDS.filter((k) => k.engine === engine).map((k) => ({
    group: k.group,
    version: k.version,
    resource: k.plural,
    kind: k.kind,
    singular: k.kind.toLowerCase(),
    namespaced: k.namespaced,
    shortNames: [...k.shortNames],
    categories: k.engine === 'flagger' ? ['all'] : [],
    verbs: ALL_VERBS,
    statusSubresource: k.statusSubresource,
    scale: k.kind === 'Rollout' ? { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.HPAReplicas', labelSelectorPath: '.status.selector' } : undefined,
    custom: true,
    engine: k.engine,
    printerColumns: CUSTOM_COLUMNS[k.plural],
  }));
}

export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.resource}`;
}

export function apiVersionFor(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Lookup over the types one server serves: built-ins plus the installed engines' custom resources. */
export class ResourceRegistry {
  readonly types: readonly ResourceType[];
  private readonly byKey = new Map<string, ResourceType>();

  constructor(engines: readonly Engine[] = ['argo', 'flagger']) {
    this.types = [...BUILTIN_RESOURCES, ...engines.flatMap(engineResources)];
    for (const t of this.types) this.byKey.set(gvrKey(t), t);
  }

  /** By group and plural (the version is ignored: each type is served at one version). */
  get(gvr: { group: string; resource: string }): ResourceType | undefined {
    return this.byKey.get(gvrKey(gvr as GroupVersionResource));
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => t.kind === kind && apiVersionFor(t) === apiVersion);
  }

  /** Groups in a stable order: core first, then as listed (what /apis enumerates). */
  groups(): { group: string; version: string }[] {
    const seen = new Map<string, string>();
    for (const t of this.types) if (!seen.has(t.group)) seen.set(t.group, t.version);
    return [...seen].map(([group, version]) => ({ group, version }));
  }

  custom(): ResourceType[] {
    return this.types.filter((t) => t.custom);
  }
}

export function gvrOf(t: ResourceType): GroupVersionResource {
  return { group: t.group, version: t.version, resource: t.resource };
}
