/**
 * The names one object uses to point at others, read from its plain value. Argo Rollouts resolves
 * these in `validation_references.go` / the controller's informers; Flagger in its canary
 * controller. Every reference is namespaced like Kubernetes does it: the referencing object's
 * namespace unless the field states another (Flagger's templateRef/providerRef `namespace`);
 * ClusterAnalysisTemplates are cluster-scoped.
 */
import type { PathSegment } from '../manifest/manifestDocument';
import { asArray, asOptionalObject, asString, at, isSet, type JsonObject } from '../util/json';

export type AnalysisUse = 'background' | 'step' | 'prePromotion' | 'postPromotion' | 'experiment';

export interface ReferenceSite {
  /** Path of the field whose value is the referenced name. */
  path: PathSegment[];
  /** Upstream's path for messages (Argo's reference checks use full paths). */
  upstreamPath: string;
  targetKind: string;
  name: string;
  /** Explicit namespace; undefined means "the referencing object's namespace". */
  namespace?: string;
  clusterScoped?: boolean;
  role: string;
  /** API group the target must be in, where the kind alone is ambiguous (Istio's and App Mesh's VirtualService). */
  group?: string;
  /** For Istio virtual services: the HTTP route names, and the TLS/TCP route selectors ({port, sniHosts}), the rollout manages. */
  istio?: { routes: string[]; tlsRoutes: JsonObject[]; tcpRoutes: JsonObject[] };
  /** For analysis templates: the group of templates and args they are instantiated with. */
  analysis?: { use: AnalysisUse; argsPath: PathSegment[]; args: JsonObject[]; groupIndex: number };
}

type Sink = (site: ReferenceSite) => void;

export function extractReferences(kind: string, value: JsonObject): ReferenceSite[] {
  const out: ReferenceSite[] = [];
  const add: Sink = (s) => {
    if (s.name && !s.name.includes('{{')) out.push(s);
  };
  const spec = asOptionalObject(value.spec) ?? {};
  if (kind === 'Rollout') rolloutReferences(spec, add);
  else if (kind === 'Experiment') analysisGroup(spec, ['spec'], 'analyses', add);
  else if (kind === 'Canary') canaryReferences(spec, add);
  return out;
}

function service(path: PathSegment[], name: unknown, role: string, add: Sink) {
  add({ path, upstreamPath: path.map(String).join('.'), targetKind: 'Service', name: asString(name), role });
}

function rolloutReferences(spec: JsonObject, add: Sink) {
  const wr = asOptionalObject(spec.workloadRef);
  if (wr) add({ path: ['spec', 'workloadRef', 'name'], upstreamPath: 'spec.workloadRef.name', targetKind: asString(wr.kind) || 'Deployment', name: asString(wr.name), role: 'workloadRef' });
  const canary = asOptionalObject(at(spec, 'strategy', 'canary'));
  const bg = asOptionalObject(at(spec, 'strategy', 'blueGreen'));
  if (bg) {
    service(['spec', 'strategy', 'blueGreen', 'activeService'], bg.activeService, 'activeService', add);
    service(['spec', 'strategy', 'blueGreen', 'previewService'], bg.previewService, 'previewService', add);
    for (const use of ['prePromotion', 'postPromotion'] as const) {
      const key = `${use}Analysis`;
      if (isSet(bg[key])) analysisBlock(asOptionalObject(bg[key]) ?? {}, ['spec', 'strategy', 'blueGreen', key], use, 0, add);
    }
  }
  if (!canary) return;
  const C = ['spec', 'strategy', 'canary'];
  service([...C, 'canaryService'], canary.canaryService, 'canaryService', add);
  service([...C, 'stableService'], canary.stableService, 'stableService', add);
  service([...C, 'pingPong', 'pingService'], at(canary, 'pingPong', 'pingService'), 'pingService', add);
  service([...C, 'pingPong', 'pongService'], at(canary, 'pingPong', 'pongService'), 'pongService', add);
  const tr = asOptionalObject(canary.trafficRouting) ?? {};
  const TR = [...C, 'trafficRouting'];
  for (const router of ['nginx', 'alb']) {
    const r = asOptionalObject(tr[router]);
    if (!r) continue;
    const single = router === 'nginx' ? 'stableIngress' : 'ingress';
    const many = router === 'nginx' ? 'stableIngresses' : 'ingresses';
    if (isSet(r[single])) add({ path: [...TR, router, single], upstreamPath: [...TR, router, single].join('.'), targetKind: 'Ingress', name: asString(r[single]), role: `${router}Ingress` });
    asArray(r[many]).forEach((n, i) => add({ path: [...TR, router, many, i], upstreamPath: `${[...TR, router, many].join('.')}[${i}]`, targetKind: 'Ingress', name: asString(n), role: `${router}Ingress` }));
    if (router === 'alb' && isSet(r.rootService)) service([...TR, 'alb', 'rootService'], r.rootService, 'rootService', add);
  }
  const istio = asOptionalObject(tr.istio);
  if (istio) {
    const vs = (p: PathSegment[], v: unknown) => {
      const [name, ns] = asString(at(v, 'name')).split('.');
      const selectors = (key: string) => asArray(at(v, key)).map((r) => asOptionalObject(r) ?? {});
      const istioRoutes = { routes: asArray(at(v, 'routes')).map(String), tlsRoutes: selectors('tlsRoutes'), tcpRoutes: selectors('tcpRoutes') };
      // ValidateVirtualService names the list field without an index (virtualServices.name).
      add({ path: p, upstreamPath: p.filter((x) => typeof x === 'string').join('.'), targetKind: 'VirtualService', group: 'networking.istio.io', name, namespace: ns || undefined, role: 'virtualService', istio: istioRoutes });
    };
    if (isSet(at(istio, 'virtualService', 'name'))) vs([...TR, 'istio', 'virtualService', 'name'], istio.virtualService);
    asArray(istio.virtualServices).forEach((v, i) => vs([...TR, 'istio', 'virtualServices', i, 'name'], v));
    if (isSet(at(istio, 'destinationRule', 'name')))
      add({
        path: [...TR, 'istio', 'destinationRule', 'name'],
        upstreamPath: 'spec.strategy.canary.trafficRouting.istio.destinationRule.name',
        targetKind: 'DestinationRule',
        name: asString(at(istio, 'destinationRule', 'name')),
        role: 'destinationRule',
      });
  }
  // App Mesh: the controller reads the virtual service in the rollout's namespace, then its router.
  const meshVs = at(tr, 'appMesh', 'virtualService', 'name');
  if (isSet(meshVs))
    add({
      path: [...TR, 'appMesh', 'virtualService', 'name'],
      upstreamPath: 'spec.strategy.canary.trafficRouting.appmesh.virtualService',
      targetKind: 'VirtualService',
      group: 'appmesh.k8s.aws',
      name: asString(meshVs),
      role: 'appMeshVirtualService',
    });
  asArray(at(tr, 'ambassador', 'mappings')).forEach((m, i) =>
    add({ path: [...TR, 'ambassador', 'mappings', i], upstreamPath: `${[...TR, 'ambassador', 'mappings'].join('.')}[${i}]`, targetKind: 'Mapping', name: asString(m), role: 'ambassadorMapping' }),
  );
  if (isSet(canary.analysis)) analysisBlock(asOptionalObject(canary.analysis) ?? {}, [...C, 'analysis'], 'background', 0, add);
  asArray(canary.steps).forEach((s, i) => {
    if (isSet(at(s, 'analysis'))) analysisBlock(asOptionalObject(at(s, 'analysis')) ?? {}, [...C, 'steps', i, 'analysis'], 'step', i, add);
    if (isSet(at(s, 'experiment'))) analysisGroup(asOptionalObject(at(s, 'experiment')) ?? {}, [...C, 'steps', i, 'experiment'], 'analyses', add, i);
  });
}

/** `analysis: {templates: [{templateName, clusterScope}], args}` as in Rollout strategies. */
function analysisBlock(block: JsonObject, base: PathSegment[], use: AnalysisUse, groupIndex: number, add: Sink) {
  const args = asArray(block.args).map((a) => asOptionalObject(a) ?? {});
  asArray(block.templates).forEach((t, j) => {
    const clusterScope = at(t, 'clusterScope') === true;
    add({
      path: [...base, 'templates', j, 'templateName'],
      upstreamPath: `${base.join('.')}.templates`,
      targetKind: clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate',
      name: asString(at(t, 'templateName')),
      clusterScoped: clusterScope,
      role: 'analysisTemplate',
      analysis: { use, argsPath: [...base, 'args'], args, groupIndex },
    });
  });
}

/** Experiment `analyses: [{name, templateName, clusterScope, args}]`: each entry is its own run. */
function analysisGroup(spec: JsonObject, base: PathSegment[], key: string, add: Sink, groupIndex = 0) {
  asArray(spec[key]).forEach((a, k) => {
    const clusterScope = at(a, 'clusterScope') === true;
    add({
      path: [...base, key, k, 'templateName'],
      upstreamPath: `${base.join('.')}.${key}[${k}].templateName`,
      targetKind: clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate',
      name: asString(at(a, 'templateName')),
      clusterScoped: clusterScope,
      role: 'analysisTemplate',
      analysis: { use: 'experiment', argsPath: [...base, key, k, 'args'], args: asArray(at(a, 'args')).map((x) => asOptionalObject(x) ?? {}), groupIndex: groupIndex * 1000 + k },
    });
  });
}

function canaryReferences(spec: JsonObject, add: Sink) {
  const target = asOptionalObject(spec.targetRef);
  if (target) add({ path: ['spec', 'targetRef', 'name'], upstreamPath: 'spec.targetRef.name', targetKind: asString(target.kind) || 'Deployment', name: asString(target.name), role: 'targetRef' });
  const hpa = asOptionalObject(spec.autoscalerRef);
  if (hpa) add({ path: ['spec', 'autoscalerRef', 'name'], upstreamPath: 'spec.autoscalerRef.name', targetKind: asString(hpa.kind) || 'HorizontalPodAutoscaler', name: asString(hpa.name), role: 'autoscalerRef' });
  const ing = asOptionalObject(spec.ingressRef);
  if (ing) add({ path: ['spec', 'ingressRef', 'name'], upstreamPath: 'spec.ingressRef.name', targetKind: asString(ing.kind) || 'Ingress', name: asString(ing.name), role: 'ingressRef' });
  // The analysis' references by name and optional namespace: metrics to MetricTemplates, alerts to AlertProviders.
  for (const [list, field, targetKind, role] of [
    ['metrics', 'templateRef', 'MetricTemplate', 'metricTemplate'],
    ['alerts', 'providerRef', 'AlertProvider', 'alertProvider'],
  ] as const) {
    asArray(at(spec, 'analysis', list)).forEach((item, i) => {
      const ref = asOptionalObject(at(item, field));
      if (ref) add({ path: ['spec', 'analysis', list, i, field, 'name'], upstreamPath: `spec.analysis.${list}[${i}].${field}`, targetKind, name: asString(ref.name), namespace: asString(ref.namespace) || undefined, role });
    });
  }
}
